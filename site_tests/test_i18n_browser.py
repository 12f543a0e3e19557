"""Kazakh and English editions in Chromium: the language switcher keeps the clause, translations
keep every anchor of the original, the low-vision version (screen only, every language, keyboard),
axe in both versions, a 390 px phone in the low-vision version, the hospital's footer."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import serve

pytestmark = pytest.mark.browser

# URL prefix of each language's edition (Russian is the default, at the root).
PREFIX = {"ru": "", "kk": "kk/", "en": "en/"}
LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}
LOW_VISION_LABELS = {
    "ru": "Версия для слабовидящих",
    "kk": "Нашар көретіндерге арналған нұсқа",
    "en": "Low-vision version",
}
SKIP_LINKS = {"ru": "Перейти к содержанию", "kk": "Мазмұнға өту", "en": "Skip to content"}
LOW_VISION_KEY = "policy-portal:low-vision"
TOGGLE = '[data-module="low-vision"]'
# Sets the stored setting before any script of every page runs (about:blank has no storage).
LOW_VISION_ON = f"try {{ localStorage.setItem('{LOW_VISION_KEY}', 'on'); }} catch (error) {{}}"
# Every page type, as in test_browser.py, plus the forms and the Russian test shown on the Kazakh site.
AXE_PAGES = ["", "anti-corruption/", "personal-data/", "training/anti-corruption/", "training/personal-data/",
             "checklists/ac-consent/", "training/coverage/", "staff/", "checklists/"]
PHONE_PAGES = ["", "anti-corruption/", "personal-data/", "training/anti-corruption/", "training/coverage/"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# The anchors of a document page, in page order.
ANCHORS = """() => ({
    clauses: [...document.querySelectorAll("article .clause[id]")].map(e => e.id),
    headings: [...document.querySelectorAll("article :is(h1, h2, h3, h4, h5, h6)[id]")].map(e => e.id),
    ids: [...document.querySelectorAll("[id]")].map(e => e.id),
})"""

# What the low-vision version changes, measured on the current page.
READER_VIEW = """key => {
    const html = document.documentElement;
    const toggle = document.querySelector('[data-module="low-vision"]');
    const typeset = document.querySelector("article.md-typeset");
    const text = typeset.querySelector("p");
    const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    let background = "none";
    for (let el = typeset; el; el = el.parentElement) {
        const colour = getComputedStyle(el).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)") { background = colour; break; }
    }
    return {
        on: html.hasAttribute("data-low-vision"),
        pressed: toggle.getAttribute("aria-pressed"),
        label: toggle.textContent.trim(),
        stored: localStorage.getItem(key),
        root: parseFloat(getComputedStyle(html).fontSize),
        text: parseFloat(getComputedStyle(text).fontSize),
        typeset: parseFloat(getComputedStyle(typeset).fontSize),
        colour: getComputedStyle(typeset).color,
        background,
        letter_spacing: getComputedStyle(text).letterSpacing,
        images: [...document.querySelectorAll("img")].filter(shown).length,
        logo: shown(document.querySelector(".md-header__button.md-logo")),
    };
}"""

# Elements that stick out of the viewport on the right, outermost first (fixed layers excluded:
# they never make the page scroll). For the failure message.
WIDER_THAN_VIEWPORT = """() => {
    const width = document.documentElement.clientWidth;
    const fixed = el => { for (; el && el !== document.body; el = el.parentElement)
                            if (getComputedStyle(el).position === "fixed") return true; return false; };
    const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + [...el.classList].map(c => "." + c).join("");
    return [...document.querySelectorAll("body *")].filter(el => {
        if (!el.getClientRects().length || fixed(el)) return false;
        if (el.getBoundingClientRect().right <= width + 0.5) return false;
        return el.parentElement.getBoundingClientRect().right <= width + 0.5;
    }).map(el => `${name(el)} in ${name(el.parentElement)}: right edge ${Math.round(el.getBoundingClientRect().right)} px`);
}"""


def _target(page) -> dict:
    return page.evaluate("""() => {
        const target = document.querySelector(":target");
        return {id: target?.id, lang: document.documentElement.lang,
                top: target ? target.getBoundingClientRect().top : null, height: window.innerHeight};
    }""")


def _serious(page) -> list:
    results = Axe().run(page)
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def hospital_url(hospital_site):
    server, url = serve(hospital_site)
    yield url
    server.shutdown()


# ---- Language switcher --------------------------------------------------------------------


@pytest.mark.parametrize(("start", "language", "arrival"), [
    ("anti-corruption/#p14", "kk", "kk/anti-corruption/#p14"),
    ("anti-corruption/#p14", "en", "en/anti-corruption/#p14"),
    ("en/anti-corruption/#p14-3", "ru", "anti-corruption/#p14-3"),
    ("kk/anti-corruption/#p14-3", "en", "en/anti-corruption/#p14-3"),
    # The Kazakh site shows the Russian original (no translation yet); English has one.
    ("kk/personal-data/#p15-zh", "en", "en/personal-data/#p15-zh"),
])
def test_switching_language_keeps_the_page_and_the_clause(page, staff_url, start, language, arrival):
    page.goto(staff_url + start)
    page.wait_for_load_state("load")
    assert _target(page)["id"] == start.split("#")[1]
    selector = page.locator(".md-header .md-select")
    inner = selector.locator(".md-select__inner")
    assert inner.evaluate("el => getComputedStyle(el).opacity") == "0"
    # Open the selector as a user does, then choose the language.
    selector.locator("button").click()
    expect(inner).to_have_css("opacity", "1")
    link = selector.locator(f".md-select__link[hreflang='{language}']")
    expect(link).to_have_text(LANGUAGE_NAMES[language])
    link.click()
    arrival_path = urlsplit(staff_url + arrival).path
    page.wait_for_url(lambda url: urlsplit(url).path == arrival_path, timeout=10_000)
    page.wait_for_load_state("load")
    state = _target(page)
    assert page.url == staff_url + arrival
    assert (state["id"], state["lang"]) == (arrival.split("#")[1], language)
    # Scrolled to the clause, below the sticky header.
    assert 0 <= state["top"] < state["height"] / 2


# ---- Translations keep the original's anchors ---------------------------------------------


@pytest.mark.parametrize(("document", "language"), [
    ("anti-corruption", "kk"), ("anti-corruption", "en"), ("personal-data", "kk"), ("personal-data", "en"),
])
def test_every_anchor_of_the_original_exists_in_the_other_language(page, staff_url, document, language):
    page.goto(staff_url + f"{document}/")
    original = page.evaluate(ANCHORS)
    # The anchors exist on the original before they are compared.
    assert {"p14", "p15"} <= set(original["clauses"])
    assert len(original["headings"]) >= 8
    page.goto(staff_url + f"{language}/{document}/")
    translated = page.evaluate(ANCHORS)
    assert translated["clauses"] == original["clauses"]
    assert translated["headings"] == original["headings"]


@pytest.mark.parametrize(("document", "language"), [
    ("anti-corruption", "kk"), ("anti-corruption", "en"), ("personal-data", "en"),
])
def test_every_translated_clause_links_the_same_clause_of_the_original(page, staff_url, document, language):
    page.goto(staff_url + f"{document}/")
    original_ids = set(page.evaluate(ANCHORS)["ids"])
    page.goto(staff_url + f"{language}/{document}/")
    assert page.locator("article .document-notice--translation").count() == 1
    assert page.locator("article .document-notice--fallback").count() == 0
    clauses = page.evaluate("""() => [...document.querySelectorAll("article .clause[id]")].map(clause => ({
        id: clause.id,
        status: clause.dataset.translationStatus,
        links: [...clause.querySelectorAll(":scope > .clause__text > a.clause__original")].map(a => [a.href, a.hreflang]),
    }))""")
    assert len(clauses) > 100
    wrong = [c for c in clauses
             if c["status"] != "current" or c["links"] != [[staff_url + f"{document}/#{c['id']}", "ru"]]
             or c["id"] not in original_ids]
    assert wrong == []
    # Every link to the original on the page, not only the clauses' own.
    hrefs = page.eval_on_selector_all("a.clause__original", "links => links.map(a => a.href)")
    assert len(hrefs) == len(clauses)
    missing = [h for h in hrefs if urlsplit(h).path != f"/{document}/" or urlsplit(h).fragment not in original_ids]
    assert missing == []
    # A reader follows one of them.
    page.locator("#p14 > .clause__text > a.clause__original").click()
    page.wait_for_url(staff_url + f"{document}/#p14")
    assert (_target(page)["id"], _target(page)["lang"]) == ("p14", "ru")


def test_untranslated_document_shows_the_russian_original_marked_as_russian(page, staff_url):
    page.goto(staff_url + "personal-data/")
    original = page.evaluate(ANCHORS)["clauses"]
    page.goto(staff_url + "kk/personal-data/")
    assert page.evaluate("document.documentElement.lang") == "kk"
    assert page.locator("article .document-notice--fallback").count() == 1
    assert page.locator("article .document-notice--translation").count() == 0
    assert page.locator("a.clause__original").count() == 0
    in_russian = page.eval_on_selector_all('article div[lang="ru"] .clause[id]', "els => els.map(e => e.id)")
    assert in_russian == original and len(original) > 100


# ---- Low-vision version -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_low_vision_version_enlarges_recolours_persists_and_stays_off_paper(page, staff_url, language):
    home = staff_url + PREFIX[language]
    page.goto(home)
    # The portal has no content images: one is added to show that images are hidden.
    page.evaluate("""() => {
        const image = document.createElement("img");
        image.alt = "";
        image.width = 40;
        image.height = 40;
        image.src = "data:image/svg+xml," + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"/>');
        document.querySelector("article.md-typeset").prepend(image);
    }""")
    normal = page.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert normal == {
        "on": False, "pressed": "false", "label": LOW_VISION_LABELS[language], "stored": None,
        "root": normal["root"], "text": normal["text"], "typeset": normal["typeset"], "colour": normal["colour"],
        "background": "rgb(255, 255, 255)", "letter_spacing": "normal", "images": 1, "logo": True,
    }
    assert normal["colour"] != "rgb(0, 0, 0)"  # Material's grey (87% black): the switch must change it
    page.emulate_media(media="print")
    normal_print = page.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert normal_print["images"] == 1
    page.emulate_media(media="screen")

    page.locator(TOGGLE).click()
    large = page.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert large["root"] >= 2 * normal["root"], (normal, large)
    assert large["text"] >= 2 * normal["text"] and large["typeset"] >= 2 * normal["typeset"], (normal, large)
    assert large == {
        "on": True, "pressed": "true", "label": LOW_VISION_LABELS[language], "stored": "on",
        "root": large["root"], "text": large["text"], "typeset": large["typeset"], "colour": "rgb(0, 0, 0)",
        "background": "rgb(255, 255, 255)", "letter_spacing": large["letter_spacing"], "images": 0, "logo": False,
    }
    assert large["letter_spacing"] != "normal" and float(large["letter_spacing"].removesuffix("px")) > 0

    # Screen only: the printout is the normal one (sizes, colours, spacing, the image).
    page.emulate_media(media="print")
    printed = page.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert printed["on"] is True
    printout = ("root", "text", "typeset", "colour", "letter_spacing", "images")
    assert {key: printed[key] for key in printout} == {key: normal_print[key] for key in printout}
    page.emulate_media(media="screen")

    # Another page, a reload, another language in a second tab: still on.
    page.goto(home + "anti-corruption/")
    document_page = page.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert (document_page["on"], document_page["pressed"], document_page["typeset"]) == (True, "true", large["typeset"])
    page.reload()
    reloaded = page.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert (reloaded["on"], reloaded["pressed"], reloaded["typeset"]) == (True, "true", large["typeset"])
    other = next(code for code in PREFIX if code != language)
    tab = page.context.new_page()
    tab.goto(staff_url + PREFIX[other] + "personal-data/")
    in_tab = tab.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert (in_tab["on"], in_tab["pressed"], in_tab["label"]) == (True, "true", LOW_VISION_LABELS[other])

    # Off: here, in the open tab, and on every page loaded afterwards.
    page.locator(TOGGLE).click()
    off = page.evaluate(READER_VIEW, LOW_VISION_KEY)
    assert (off["on"], off["pressed"], off["stored"], off["typeset"]) == (False, "false", None, normal["typeset"])
    tab.wait_for_function("() => !document.documentElement.hasAttribute('data-low-vision')", timeout=5_000)
    assert tab.locator(TOGGLE).get_attribute("aria-pressed") == "false"
    for code, prefix in PREFIX.items():
        page.goto(staff_url + prefix)
        after = page.evaluate(READER_VIEW, LOW_VISION_KEY)
        assert (code, after["on"], after["pressed"], after["text"]) == (code, False, "false", normal["text"])


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_low_vision_toggle_is_reached_with_tab_and_works_with_enter_and_space(page, staff_url, language):
    page.goto(staff_url + PREFIX[language] + "anti-corruption/")
    focused = "() => ({module: document.activeElement.dataset.module || null, text: document.activeElement.textContent.trim(),"\
              " outline: getComputedStyle(document.activeElement).outlineStyle})"
    page.keyboard.press("Tab")
    assert page.evaluate(focused)["text"] == SKIP_LINKS[language]
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == {"module": "low-vision", "text": LOW_VISION_LABELS[language], "outline": "solid"}
    state = "() => [document.documentElement.hasAttribute('data-low-vision'), " \
            f"document.querySelector('{TOGGLE}').getAttribute('aria-pressed'), localStorage.getItem('{LOW_VISION_KEY}')]"
    assert page.evaluate(state) == [False, "false", None]
    page.keyboard.press("Enter")
    assert page.evaluate(state) == [True, "true", "on"]
    assert page.evaluate(focused)["module"] == "low-vision"
    page.keyboard.press("Space")
    assert page.evaluate(state) == [False, "false", None]
    page.keyboard.press("Space")
    assert page.evaluate(state) == [True, "true", "on"]
    assert page.evaluate(focused) == {"module": "low-vision", "text": LOW_VISION_LABELS[language], "outline": "solid"}


# ---- Accessibility ------------------------------------------------------------------------


@pytest.mark.parametrize("low_vision", [False, True], ids=["normal", "low-vision"])
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_no_serious_or_critical_accessibility_violations_in_every_language(browser, staff_url, language, low_vision):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    if low_vision:
        context.add_init_script(LOW_VISION_ON)
    page = context.new_page()
    found = {}
    try:
        for path in AXE_PAGES:
            page.goto(staff_url + PREFIX[language] + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("[document.documentElement.lang, document.documentElement.hasAttribute('data-low-vision')]") \
                == [language, low_vision], path
            violations = _serious(page)
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert found == {}


# ---- Phone --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PHONE_PAGES)
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_low_vision_pages_fit_a_phone_without_scrolling_sideways(browser, staff_url, language, path):
    context = browser.new_context(locale="ru-RU", **PHONE)
    context.add_init_script(LOW_VISION_ON)
    page = context.new_page()
    try:
        page.goto(staff_url + PREFIX[language] + path)
        page.wait_for_load_state("networkidle")
        # The low-vision version is on: 250% of the browser's 16 px.
        assert page.evaluate("[document.documentElement.hasAttribute('data-low-vision'),"
                             " getComputedStyle(document.documentElement).fontSize]") == [True, "40px"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, page.evaluate(WIDER_THAN_VIEWPORT)
    finally:
        context.close()


# quiz.js draws with Math.random: a fixed sequence (mulberry32) gives the same questions every run.
FIXED_DRAW = """(() => {
    let state = 20260601;
    Math.random = function () {
        state = state + 0x6D2B79F5 | 0;
        let t = Math.imul(state ^ state >>> 15, 1 | state);
        t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
        return ((t ^ t >>> 14) >>> 0) / 4294967296;
    };
})();"""


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_low_vision_quiz_in_progress_fits_a_phone_without_scrolling_sideways(browser, staff_url, language):
    context = browser.new_context(locale="ru-RU", **PHONE)
    context.add_init_script(LOW_VISION_ON)
    context.add_init_script(FIXED_DRAW)
    page = context.new_page()
    try:
        page.goto(staff_url + PREFIX[language] + "training/anti-corruption/")
        page.check(".quiz__modes input[value=practice]")
        page.click("[data-action=start]")
        page.wait_for_selector(".quiz__questions .quiz__question")
        assert page.evaluate("document.documentElement.hasAttribute('data-low-vision')") is True
        assert page.locator(".quiz__questions .quiz__question").count() >= 10
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, page.evaluate(WIDER_THAN_VIEWPORT)
    finally:
        context.close()


# ---- The hospital's public site -----------------------------------------------------------

HOSPITAL = {
    "ru": {
        "name": "КГП на ПХВ «Городская больница г. Серебрянск района Алтай» УЗ ВКО",
        "address": "Адрес: Республика Казахстан, Восточно-Казахстанская область, район Алтай, г. Серебрянск",
        "report": "Сообщить о коррупции",
        "channels": ["Антикоррупционная служба, телефон: 1424", "Комплаенс-офицер больницы",
                     "Ваш непосредственный или вышестоящий руководитель"],
        "basis": "Порядок сообщения: Политика противодействия коррупции, п. 43",
    },
    "kk": {
        "name": "ШҚО ДСБ «Алтай ауданы Серебрянск қаласының қалалық ауруханасы» ШЖҚ КМК",
        "address": "Мекенжайы: Қазақстан Республикасы, Шығыс Қазақстан облысы, Алтай ауданы, Серебрянск қаласы",
        "report": "Сыбайлас жемқорлық туралы хабарлау",
        "channels": ["Сыбайлас жемқорлыққа қарсы қызмет, телефон: 1424", "Аурухананың комплаенс-офицері",
                     "Тікелей немесе жоғары тұрған басшыңыз"],
        "basis": "Хабарлау тәртібі: Сыбайлас жемқорлыққа қарсы іс-қимыл саясаты, 43-т.",
    },
    "en": {
        "name": "MSE on REM “Serebryansk City Hospital, Altai District” of the Health Department of East Kazakhstan Region",
        "address": "Address: Serebryansk, Altai District, East Kazakhstan Region, Republic of Kazakhstan",
        "report": "Report corruption",
        "channels": ["Anti-Corruption Service, telephone: 1424", "The hospital's compliance officer",
                     "Your line manager or a higher manager"],
        "basis": "How to report: Anti-Corruption Policy, cl. 43",
    },
}

FOOTER = """() => {
    const block = document.querySelector("footer .organisation");
    if (!block) return null;
    const text = sel => block.querySelector(sel)?.textContent.trim().replace(/\\s+/g, " ");
    const phone = [...block.querySelectorAll("a")].find(a => a.textContent.trim() === "1424");
    return {
        name: text(".organisation__name"),
        address: text(".organisation__address"),
        report: text(".organisation__report-title"),
        channels: [...block.querySelectorAll(".organisation__report li")].map(li => li.textContent.trim().replace(/\\s+/g, " ")),
        basis: text(".organisation__report p a"),
        phone: phone ? phone.getAttribute("href") : null,
        visible: block.getClientRects().length > 0,
    };
}"""


@pytest.mark.parametrize("path", ["", "anti-corruption/"], ids=["home", "document"])
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_hospital_footer_names_the_organisation_and_links_clause_43_in_the_language(page, hospital_url, language, path):
    page.goto(hospital_url + PREFIX[language] + path)
    assert page.evaluate(FOOTER) == {**HOSPITAL[language], "phone": "tel:1424", "visible": True}
    document_url = hospital_url + PREFIX[language] + "anti-corruption/"
    link = page.locator("footer .organisation .organisation__report p a")
    assert link.evaluate("a => a.href") == document_url + "#p43"
    link.click()
    page.wait_for_url(document_url + "#p43")
    page.wait_for_load_state("load")
    clause = page.evaluate("""() => {
        const clause = document.querySelector(":target");
        return {id: clause?.id, clause: clause?.matches(".clause") ?? false, lang: document.documentElement.lang,
                status: clause?.dataset.translationStatus ?? null, top: clause?.getBoundingClientRect().top};
    }""")
    assert {k: clause[k] for k in ("id", "clause", "lang", "status")} == {
        "id": "p43", "clause": True, "lang": language, "status": None if language == "ru" else "current"}
    assert clause["top"] >= 0


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_hospital_logo_is_hidden_in_the_low_vision_version(page, hospital_url, language):
    page.goto(hospital_url + PREFIX[language])
    logo = page.locator(".md-header__button.md-logo img")
    expect(logo).to_be_visible()
    assert logo.get_attribute("src").endswith("assets/images/hospital.svg")
    page.locator(TOGGLE).click()
    expect(logo).to_be_hidden()
    assert page.eval_on_selector_all("img", "imgs => imgs.filter(i => i.getClientRects().length).length") == 0
