"""The staff site in Chromium: deep links, permalinks, no foreign requests, print, axe."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from conftest import serve

pytestmark = pytest.mark.browser

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
PAGES = ["", "anti-corruption/", "personal-data/", "staff/", "training/", "training/anti-corruption/", "training/coverage/"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _clause_14(registry, doc_id: str) -> dict:
    document = next(d for d in registry["documents"] if d["id"] == doc_id)
    return next(c for c in document["clauses"] if c["anchor"] == "p14")


def test_deep_link_scrolls_to_the_clause_and_highlights_it(page, staff_url):
    page.goto(staff_url + "anti-corruption/#p14-3")
    page.wait_for_load_state("load")
    state = page.evaluate("""() => {
        const clause = document.getElementById("p14-3");
        const box = clause.getBoundingClientRect();
        return {
            target: document.querySelector(":target")?.id,
            top: box.top, height: window.innerHeight, scrolled: window.scrollY,
            background: getComputedStyle(clause.querySelector(".clause__text")).backgroundColor,
            other: getComputedStyle(document.querySelector("#p14-2 > .clause__text")).backgroundColor,
        };
    }""")
    assert state["target"] == "p14-3"
    assert state["scrolled"] > 1000
    assert 0 <= state["top"] < state["height"] / 2
    assert state["background"] == "rgb(255, 243, 176)"
    assert state["other"] == "rgba(0, 0, 0, 0)"


def test_permalink_appears_on_keyboard_focus_and_links_the_clause(page, staff_url):
    page.goto(staff_url + "anti-corruption/")
    link = page.locator("#p14-3 > .clause__text > .clause__permalink")
    assert link.evaluate("el => getComputedStyle(el).opacity") == "0"
    link.focus()
    page.wait_for_timeout(300)  # the opacity transition
    assert link.evaluate("el => getComputedStyle(el).opacity") == "1"
    assert link.get_attribute("aria-label") == "Ссылка на п. 14, пп. 3)"
    page.keyboard.press("Enter")
    assert page.url == staff_url + "anti-corruption/#p14-3"


def test_no_request_leaves_the_site_origin(page, staff_url):
    origin = urlsplit(staff_url)
    foreign: list[str] = []

    def guard(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or (url.scheme, url.netloc) == (origin.scheme, origin.netloc):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    for path in PAGES + ["?q=взятки"]:
        page.goto(staff_url + path)
        page.wait_for_load_state("networkidle")
    # Material's search worker loads the index: make sure that path was exercised.
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert foreign == []


@pytest.mark.parametrize(("doc_id", "issuer"), [
    ("anti-corruption", "КГП на ПХВ «Городская больница г. Серебрянск района Алтай» УЗ ВКО"),
    ("personal-data", "Администрация муниципального района «Корочанский район» Белгородской области"),
])
def test_printing_a_document_gives_a4_pages_with_header_url_and_clause_14(page, staff_url, registry, doc_id, issuer):
    page.goto(staff_url + f"{doc_id}/")
    page.wait_for_load_state("networkidle")
    # Default print settings, as "Save as PDF" would use them: the page's CSS sets A4.
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    for sheet in pdf.pages:
        size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
        assert abs(size[0] - A4_POINTS[0]) < 1.5 and abs(size[1] - A4_POINTS[1]) < 1.5, size
    text = _squash(" ".join(p.extract_text() for p in pdf.pages))
    clause = _clause_14(registry, doc_id)
    assert "14. " + _squash(clause["text"]) in text
    assert _squash(issuer) in text
    assert f"Адрес страницы: {staff_url}{doc_id}/" in text
    # No site chrome: header, navigation, skip link, table of contents, print button.
    for chrome in ("Перейти к содержанию", "Содержание", "Печать / PDF", "Для сотрудников"):
        assert chrome not in text
    assert re.search(r"\b1\. ", text)


@pytest.mark.parametrize("path", PAGES + ["?q=подарок", "?q=rjyakbrn", "?q=пройти тест"])
def test_no_serious_or_critical_accessibility_violations(page, staff_url, path):
    page.goto(staff_url + path)
    page.wait_for_load_state("networkidle")
    if "?q=" in path:
        page.wait_for_selector(".md-search-result__item")
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_offline_build_works_from_the_file_system_with_search(page, offline_site):
    foreign: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).scheme in ("file", "data", "blob"):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto((offline_site / "anti-corruption.html").as_uri() + "#p14-3")
    assert page.evaluate("document.querySelector(':target')?.id") == "p14-3"
    # A word form that only the portal's search matches ("подарок" → "подарки").
    page.goto((offline_site / "index.html").as_uri() + "?q=подарок")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.locator(".md-search-result__item a[href*='#p14-']").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and "anti-corruption.html" in page.url and "#p14-" in page.url
    assert page.locator("article h1").count() == 1
    assert foreign == []


def test_public_build_serves_documents_in_the_browser(page, public_site):
    server, url = serve(public_site)
    try:
        page.goto(url + "personal-data/#p15-zh")
        assert page.evaluate("document.querySelector(':target')?.id") == "p15-zh"
        assert page.locator("nav").get_by_text("Для сотрудников").count() == 0
    finally:
        server.shutdown()


@pytest.mark.parametrize("path", ["", "anti-corruption/", "personal-data/", "training/", "training/anti-corruption/",
                                  "training/coverage/", "staff/", "checklists/"])
def test_pages_fit_a_phone_without_scrolling_sideways(browser, staff_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(staff_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
