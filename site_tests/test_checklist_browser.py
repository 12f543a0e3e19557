"""Forms in Chromium: complete, print, reload, clear, receipt into the register, phone, axe."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from policy_portal import receipt as receipts
from policy_portal import register

pytestmark = pytest.mark.browser
NAME, POSITION, DEPARTMENT = "Ахметова Дана Ериковна", "старшая медицинская сестра", "терапевтическое отделение"
FORMS = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "quizzes" / "checklists").glob("*.yaml"))
# What Chromium shows in an empty date input, in the locales a ward computer may have.
DATE_PLACEHOLDERS = ("mm/dd/yyyy", "дд.мм.гггг", "ДД.ММ.ГГГГ")


def _pdf_text(page) -> str:
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)


def _fill(page):
    page.fill("[data-field=name]", NAME)
    page.fill("[data-field=position]", POSITION)
    page.fill("[data-field=department]", DEPARTMENT)
    for box in page.locator("[data-item]").all():
        box.check()


def _portal_keys(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('policy-portal:')).sort().map(k => [k, localStorage.getItem(k)]))""")


@pytest.mark.parametrize("form", ["ac-confirmation", "ac-consent", "pd-consent"])
def test_form_prints_only_when_complete_then_with_name_and_statements(page, staff_url, form):
    page.goto(staff_url + f"checklists/{form}/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    assert page.get_attribute("[data-action=print]", "aria-disabled") == "true"
    page.focus("[data-action=print]")
    page.keyboard.press("Enter")  # an aria-disabled button still takes the reader to what is missing
    assert page.evaluate("window.__printed") == 0
    assert page.inner_text(".checklist__missing").startswith("Чтобы распечатать форму, заполните:")
    assert page.evaluate("document.activeElement.dataset.field || document.activeElement.dataset.item") is not None
    blocked = _pdf_text(page)
    assert "Форма заполнена не полностью" in blocked and "принимаюна себя" not in blocked and "даю согласие" not in blocked
    page.fill("[data-field=name]", NAME)
    page.fill("[data-field=position]", POSITION)
    for field in page.locator("[data-field][required]:not([data-learner])").all():
        field.fill("2026-11-23" if field.get_attribute("type") == "date" else "ООО «Страховая компания»")
    if page.locator("[data-field=department]").count():
        page.fill("[data-field=department]", DEPARTMENT)
    for box in page.locator("[data-item]").all():
        box.check()
    assert page.inner_text(".checklist__missing") == "Форма заполнена и готова к печати."
    page.click("[data-action=print]")
    assert page.evaluate("window.__printed") == 1
    text = _pdf_text(page)
    assert NAME in text and POSITION in text
    statements = page.eval_on_selector_all("[data-item] + label", "els => els.map(e => e.textContent)")
    for statement in statements:
        assert " ".join(statement.split())[:60] in text
    assert "Форма заполнена не полностью" not in text


@pytest.mark.parametrize(("form", "caption"), [("ac-consent", "(подпись, Ф.И.О. должность)"), ("ac-confirmation", "(ФИО, должность)")])
def test_policy_appendix_prints_a_date_line_by_the_signature(page, staff_url, form, caption):
    page.goto(staff_url + f"checklists/{form}/")
    _fill(page)
    text = _pdf_text(page)
    assert text.count(caption) == 1 and f"({caption}" not in text
    assert "«___» ____________ 20__ г. (дата)" in text
    page.emulate_media(media="print")
    beside = page.evaluate("""() => {
        const line = document.querySelector('.checklist__form > .checklist__line:last-child');
        const signature = line.querySelector('.checklist__signature-line').getBoundingClientRect();
        const date = line.querySelector('[data-field=date] ~ .checklist__value').getBoundingClientRect();
        return {sameRow: Math.abs(signature.bottom - date.bottom) <= 4, right: date.left > signature.right};
    }""")
    assert beside == {"sameRow": True, "right": True}
    page.emulate_media(media="null")  # page.pdf() prints with print media again
    page.fill("[data-field=date]", "2026-11-20")
    text = _pdf_text(page)
    assert "20.11.2026" in text and "(дата)" in text and "20__ г." not in text


def test_clear_asks_first_then_removes_every_portal_key_and_says_what(page, staff_url):
    page.goto(staff_url + "checklists/ac-consent/")
    page.evaluate("""() => {
        localStorage.setItem('policy-portal:quiz:anti-corruption', '{"attempt": {"answers": {}}}');
        localStorage.setItem('policy-portal:checklist:pd-transfer-act', '{"fields": {"basis": "Договор"}}');
        localStorage.setItem('other-site:setting', 'keep');
    }""")
    _fill(page)
    seeded = _portal_keys(page)
    assert list(seeded) == ["policy-portal:checklist:ac-consent", "policy-portal:checklist:pd-transfer-act",
                            "policy-portal:learner", "policy-portal:quiz:anti-corruption"]
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("[data-action=clear]")
    assert questions and questions[0].startswith("Удалить все данные портала, сохранённые в этом браузере")
    assert _portal_keys(page) == seeded and page.input_value("[data-field=name]") == NAME
    assert page.inner_text(".checklist__status") == ""
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-action=clear]")
    assert _portal_keys(page) == {}
    assert page.evaluate("localStorage.getItem('other-site:setting')") == "keep"
    assert page.input_value("[data-field=name]") == ""
    assert not any(box.is_checked() for box in page.locator("[data-item]").all())
    status = page.locator(".checklist__status")
    status.filter(has_text="Удалено").wait_for()
    assert status.inner_text() == "Удалено: данные 2 форм, 1 теста и сохранённые ФИО."
    assert status.is_visible() and status.get_attribute("role") == "status"
    page.reload()
    assert page.input_value("[data-field=name]") == "" and _portal_keys(page) == {}


def test_entries_survive_a_reload(page, staff_url):
    page.goto(staff_url + "checklists/ac-consent/")
    _fill(page)
    page.reload()
    assert page.input_value("[data-field=name]") == NAME
    assert page.input_value("[data-field=department]") == DEPARTMENT
    assert all(box.is_checked() for box in page.locator("[data-item]").all())


@pytest.mark.parametrize("form", ["hr-duties", "pd-personnel-file", "pd-transfer-act"])
def test_another_persons_fields_are_never_filled_with_the_remembered_name(page, staff_url, form):
    page.goto(staff_url + "checklists/ac-consent/")
    _fill(page)  # the last learner on this computer
    learner = page.evaluate("localStorage.getItem('policy-portal:learner')")
    assert NAME in learner
    page.goto(staff_url + f"checklists/{form}/")
    values = page.eval_on_selector_all("[data-field]", "els => els.map(e => e.value)")
    assert values and all(value == "" for value in values)
    if form != "pd-transfer-act":
        page.fill("[data-field=officer]", "Иванова Ирина Петровна")
        assert page.evaluate("localStorage.getItem('policy-portal:learner')") == learner


def test_the_employees_own_form_is_filled_with_the_remembered_name(page, staff_url):
    page.goto(staff_url + "checklists/ac-confirmation/")
    _fill(page)
    page.goto(staff_url + "checklists/pd-consent/")
    assert (page.input_value("[data-field=name]"), page.input_value("[data-field=position]")) == (NAME, POSITION)
    assert page.input_value("[data-field=body]") == ""


def test_receipt_of_a_signed_form_is_valid_in_the_register(page, staff_url, staff_site, tmp_path):
    page.goto(staff_url + "checklists/ac-confirmation/")
    _fill(page)
    with page.expect_download() as download:
        page.click("[data-action=receipt]")
    receipt = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert receipts.verify(receipt)
    assert (receipt["version"], receipt["language"], receipt["kind"]) == (2, "ru", "attestation")
    assert receipt["form"]["id"] == "ac-confirmation"
    assert receipt["learner"] == {"name": NAME, "position": POSITION, "department": DEPARTMENT}
    assert len(receipt["form"]["confirmed"]) == 3
    signed = receipt["form"]["signed_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", signed)
    stamp = signed[:10] + "-" + signed[11:13] + signed[14:16]
    assert download.value.suggested_filename == f"receipt_ac-confirmation_akhmetova-dana-erikovna_{stamp}.json"
    assert {c["anchor"] for c in receipt["clauses"]} == {"p48", "app2", "app2-d1", "app2-d2", "app2-d3"}
    folder = tmp_path / "receipts"
    folder.mkdir()
    Path(download.value.path()).rename(folder / download.value.suggested_filename)
    text = register.Text("ru")
    built = register.build_register(folder, register.load_site(staff_site, text), text)
    assert built.problems == [] and [(e.name, e.status, e.reasons) for e in built.entries] == [(NAME, register.ACCEPTED, [])]
    assert built.entries[0].confirmed[0].startswith("Я подтверждаю, что изучил(а)")


def test_receipt_needs_name_position_and_department(page, staff_url):
    page.goto(staff_url + "checklists/ac-consent/")
    page.fill("[data-field=name]", NAME)
    page.fill("[data-field=position]", POSITION)
    for box in page.locator("[data-item]").all():
        box.check()
    assert page.get_attribute("[data-action=receipt]", "aria-disabled") == "true"
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.focus("[data-action=receipt]")
    page.keyboard.press("Enter")  # aria-disabled: still answers, with what is missing
    page.wait_for_timeout(300)
    assert downloads == []
    assert page.inner_text(".checklist__missing") == "Чтобы скачать квитанцию, заполните: подразделение."
    assert page.evaluate("document.activeElement.dataset.field") == "department"
    page.fill("[data-field=department]", DEPARTMENT)
    assert page.get_attribute("[data-action=receipt]", "aria-disabled") == "false"
    with page.expect_download():
        page.click("[data-action=receipt]")


@pytest.mark.parametrize("form", FORMS)
def test_every_form_prints_what_was_typed_and_its_statements(page, staff_url, form):
    page.goto(staff_url + f"checklists/{form}/")
    typed = []
    for index, field in enumerate(page.locator("[data-field]").all()):
        value = "2026-11-23" if field.get_attribute("type") == "date" else f"Значение {index} для печати"
        field.fill(value)
        typed.append(value if field.get_attribute("type") != "date" else "23.11.2026")
    for cell in page.locator("table[data-table] tbody tr:first-child input").all():
        cell.fill("Строка таблицы")
        typed.append("Строка таблицы")
    for box in page.locator("[data-item]").all():
        box.check()
    text = _pdf_text(page)
    for value in typed:
        assert value in text, value
    printed = page.eval_on_selector_all(".checklist__item label, .checklist__text, .checklist__words, [data-entry] td:nth-child(2)",
                                        "els => els.map(e => e.textContent)")
    for statement in printed:
        assert " ".join(statement.split())[:50] in text, statement
    assert not any(placeholder in text for placeholder in DATE_PLACEHOLDERS)


def test_transfer_act_prints_a_blank_date_and_year_never_a_fixed_year(page, staff_url):
    page.goto(staff_url + "checklists/pd-transfer-act/")
    text = _pdf_text(page)
    assert "от ____ 20__ г. №" in text
    assert "2010" not in text and "года №" not in text
    assert not any(placeholder in text for placeholder in DATE_PLACEHOLDERS)
    page.fill("[data-field=basis-date]", "2026-03-12")
    page.fill("[data-field=basis-number]", "15-к")
    text = _pdf_text(page)
    assert "от 12.03.2026 № 15-к" in text and "20__ г." not in text


def test_transfer_act_keeps_the_date_and_number_on_one_printed_line(page, staff_url):
    page.goto(staff_url + "checklists/pd-transfer-act/")
    page.emulate_media(media="print")
    tops = page.evaluate("""() => {
        const line = document.querySelector('[data-field="basis-date"]').closest('.checklist__line');
        return Array.from(line.children).map(el => {
            const box = (el.querySelector('.checklist__value') || el).getBoundingClientRect();
            return Math.round(box.top);
        });
    }""")
    assert len(tops) == 4 and max(tops) - min(tops) <= 4, tops


def test_empty_date_prints_a_blank_line_and_long_values_wrap(page, staff_url):
    page.goto(staff_url + "checklists/pd-personnel-file/")
    long_name = "Константинопольская-Старобельская Анастасия-Александра Вячеславовна " * 3
    page.fill("[data-field=officer]", long_name.strip())
    page.emulate_media(media="print")
    date = page.evaluate("""() => {
        const input = document.querySelector('[data-field="date"]');
        const value = input.parentElement.querySelector('.checklist__value');
        const style = getComputedStyle(value);
        return {input: getComputedStyle(input).display, text: value.textContent, border: style.borderBottomStyle,
                width: value.getBoundingClientRect().width};
    }""")
    assert date == {"input": "none", "text": "", "border": "solid", "width": date["width"]} and date["width"] > 100
    officer = page.evaluate("""() => {
        const value = document.querySelector('[data-field="officer"]').parentElement.querySelector('.checklist__value');
        return {text: value.textContent, lines: Math.round(value.getBoundingClientRect().height / parseFloat(getComputedStyle(value).lineHeight)),
                clipped: value.scrollWidth > value.clientWidth};
    }""")
    assert officer["text"] == long_name.strip() and officer["lines"] >= 2 and not officer["clipped"]
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.checklist input:not([type=checkbox]), .checklist textarea'))
        .filter(el => getComputedStyle(el).display !== 'none').length""")
    assert shown == 0  # no text cursor, no resize handle on paper
    page.emulate_media(media="null")
    text = _pdf_text(page)
    assert " ".join(long_name.split()) in text
    assert not any(placeholder in text for placeholder in DATE_PLACEHOLDERS)


@pytest.mark.parametrize("form", FORMS)
def test_form_fits_a_phone_without_scrolling_sideways(browser, staff_url, form):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(staff_url + f"checklists/{form}/")
    for field in page.locator("[data-field]:not([type=date])").all():
        field.fill("Очень длинное значение, которое пользователь ввёл с телефона без пробелов_" + "x" * 60)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_transfer_act_table_rows_can_be_added_and_removed(page, staff_url):
    page.goto(staff_url + "checklists/pd-transfer-act/")
    rows = page.locator("table[data-table=documents] tbody tr")
    assert rows.count() == 3
    page.click("[data-action=add-row]")
    assert rows.count() == 4
    assert page.evaluate("document.activeElement.dataset.column") == "title"
    rows.nth(3).locator("[data-column=title]").fill("Трудовая книжка")
    rows.nth(3).locator("[data-column=quantity]").fill("1")
    rows.nth(0).locator("[data-action=remove-row]").click()
    assert rows.count() == 3
    assert page.eval_on_selector_all(".checklist__row-number", "els => els.map(e => e.textContent)") == ["1", "2", "3"]
    page.reload()
    assert rows.count() == 3 and rows.nth(2).locator("[data-column=title]").input_value() == "Трудовая книжка"


def test_personnel_file_inventory_prints_sheets_missing_and_not_applicable(page, staff_url):
    page.goto(staff_url + "checklists/pd-personnel-file/")
    page.fill("[data-field=employee]", NAME)
    rows = page.locator("tr[data-entry]")
    assert rows.count() == 27
    assert page.locator("[data-item]").count() == 0
    rows.nth(0).locator("[data-sheets]").fill("2")
    rows.nth(2).get_by_label("не применяется").check()  # в) the competition, when there was none
    assert rows.nth(2).locator("input[data-sheets]").is_disabled()
    for index in range(3, 27):
        rows.nth(index).locator("[data-sheets]").fill("1")
    text = _pdf_text(page)
    assert text.count("нет в деле") == 1 and text.count("не применяется") == 1
    assert re.search(r"1 а\) письменное заявление .*? службы\); 2 2 б\) собственноручно", text)
    assert re.search(r"анкета установленной формы с приложением фотографии; нет в деле 3 в\)", text)
    assert re.search(r"по результатам конкурса\); не применяется 4 г\)", text)
    page.reload()
    assert rows.nth(2).locator("input[data-not-applicable]").is_checked() and rows.nth(0).locator("[data-sheets]").input_value() == "2"


def test_hr_duties_list_p5_z_under_clause_5(page, staff_url):
    page.goto(staff_url + "checklists/hr-duties/")
    order = page.eval_on_selector_all(".checklist__heading, [data-item]",
                                      "els => els.map(e => e.dataset.item || e.textContent)")
    start = order.index("Пункт 5 Положения")
    assert order[start:start + 5] == ["Пункт 5 Положения", "p5-zh", "p5-z", "p5-i", "Пункт 10 Положения"]
    assert page.inner_text("label[for=cl-hr-duties-p5-z]").startswith("з) в случае подтверждения факта недостоверности")


@pytest.mark.parametrize("form", ["ac-familiarisation", "pd-familiarisation"])
def test_familiarisation_page_shows_its_form_and_title(page, staff_url, form):
    page.goto(staff_url + f"checklists/{form}/")
    title = {"ac-familiarisation": "Лист ознакомления: Политика противодействия коррупции",
             "pd-familiarisation": "Лист ознакомления: Защита персональных данных муниципальных служащих"}[form]
    assert page.evaluate("document.querySelector('article h1').firstChild.textContent") == title
    assert page.locator(f'.md-nav__link--active:has-text("{title}")').count() >= 1
    assert page.locator("[data-module=checklist] table[data-table=staff] tbody tr").count() == 20
    assert "checklist:" not in page.inner_text("article") and "audience:" not in page.inner_text("article")


def test_staff_home_page_links_the_yearly_tasks_in_order(page, staff_url):
    page.goto(staff_url)
    links = page.eval_on_selector_all(".yearly__tasks a", "els => els.map(e => e.getAttribute('href'))")
    assert links == ["training/anti-corruption/", "checklists/ac-confirmation/", "checklists/ac-consent/",
                     "training/personal-data/", "checklists/pd-consent/"]
    assert page.inner_text(".yearly__tasks li:last-child").startswith("Сдайте подписанные листы и формы в отдел кадров")
    for href in links:
        assert page.request.get(staff_url + href).status == 200
    page.click(".yearly__tasks a >> nth=1")
    assert page.locator("[data-module=checklist][data-checklist=ac-confirmation]").count() == 1


def test_public_home_page_has_no_staff_tasks(public_site):
    html = (public_site / "index.html").read_text(encoding="utf-8")
    assert 'class="yearly"' not in html and "checklists/" not in html and "training/" not in html


def test_staff_page_describes_the_yearly_workflow(page, staff_url):
    page.goto(staff_url + "staff/")
    text = page.inner_text("article")
    assert "появятся" not in text
    steps = page.eval_on_selector_all("article ol > li > strong", "els => els.map(e => e.textContent)")
    assert steps == ["Тест.", "Квитанция теста.", "Формы.", "Персональные данные.", "Сдача в отдел кадров."]
    hrefs = page.eval_on_selector_all("article ol a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["../training/anti-corruption/", "../checklists/ac-confirmation/", "../checklists/ac-consent/",
                     "../training/personal-data/", "../checklists/pd-consent/"]


def test_policy_appendices_link_to_their_forms_in_the_staff_build_only(page, staff_url, public_site):
    page.goto(staff_url + "anti-corruption/")
    for anchor, href in (("app1", "../checklists/ac-consent/"), ("app2", "../checklists/ac-confirmation/")):
        link = page.locator(f"#{anchor} + .legal-text__form a")
        assert link.get_attribute("href") == href
    assert "legal-text__form" not in (public_site / "anti-corruption" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("form", FORMS)
def test_form_pages_have_no_serious_accessibility_violations(page, staff_url, form):
    page.goto(staff_url + f"checklists/{form}/")
    results = Axe().run(page)
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
