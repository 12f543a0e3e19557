"""Forms in Chromium: complete, print, reload, clear, receipt into the register, axe."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from policy_portal import receipt as receipts
from policy_portal import register

pytestmark = pytest.mark.browser
NAME, POSITION = "Ахметова Дана Ериковна", "старшая медицинская сестра"
FORMS = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "quizzes" / "checklists").glob("*.yaml"))


def _pdf_text(page) -> str:
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)


def _fill(page):
    page.fill("[data-field=name]", NAME)
    page.fill("[data-field=position]", POSITION)
    for box in page.locator("[data-item]").all():
        box.check()


@pytest.mark.parametrize("form", ["ac-confirmation", "ac-consent"])
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
    assert "Форма заполнена не полностью" in blocked and "принимаюна себя" not in blocked
    _fill(page)
    assert page.inner_text(".checklist__missing") == "Форма заполнена и готова к печати."
    page.click("[data-action=print]")
    assert page.evaluate("window.__printed") == 1
    text = _pdf_text(page)
    assert NAME in text and POSITION in text
    statements = page.eval_on_selector_all("[data-item] + label", "els => els.map(e => e.textContent)")
    for statement in statements:
        assert " ".join(statement.split())[:60] in text
    assert "Форма заполнена не полностью" not in text


def test_entries_survive_a_reload_and_clear_removes_them(page, staff_url):
    page.goto(staff_url + "checklists/ac-consent/")
    _fill(page)
    page.reload()
    assert page.input_value("[data-field=name]") == NAME
    assert all(box.is_checked() for box in page.locator("[data-item]").all())
    page.click("[data-action=clear]")
    assert page.input_value("[data-field=name]") == ""
    assert not any(box.is_checked() for box in page.locator("[data-item]").all())
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-portal:')).length") == 0
    page.reload()
    assert page.input_value("[data-field=name]") == ""


def test_receipt_of_a_signed_form_is_valid_in_the_register(page, staff_url, staff_site, tmp_path):
    page.goto(staff_url + "checklists/ac-confirmation/")
    _fill(page)
    with page.expect_download() as download:
        page.click("[data-action=receipt]")
    receipt = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert receipts.verify(receipt)
    assert receipt["kind"] == "attestation" and receipt["form"]["id"] == "ac-confirmation"
    assert receipt["learner"]["name"] == NAME and len(receipt["form"]["confirmed"]) == 3
    assert {c["anchor"] for c in receipt["clauses"]} == {"p48", "app2", "app2-d1", "app2-d2", "app2-d3"}
    folder = tmp_path / "receipts"
    folder.mkdir()
    (folder / "dana.json").write_text(json.dumps(receipt, ensure_ascii=False), encoding="utf-8")
    entries, problems = register.build_register(list(folder.glob("*.json")), register.clause_hashes(staff_site))
    assert problems == [] and [(e.name, e.status) for e in entries] == [(NAME, "valid")]
    assert entries[0].result.startswith("ac-confirmation: Я подтверждаю, что изучил(а)")


@pytest.mark.parametrize("form", FORMS)
def test_every_form_prints_what_was_typed_and_its_statements(page, staff_url, form):
    page.goto(staff_url + f"checklists/{form}/")
    typed = []
    for index, field in enumerate(page.locator("[data-field]").all()):
        value = "2026-11-23" if field.get_attribute("type") == "date" else f"Значение {index} для печати"
        field.fill(value)
        typed.append(value if field.get_attribute("type") != "date" else "2026")
    for cell in page.locator("table[data-table] tbody tr:first-child input").all():
        cell.fill("Строка таблицы")
        typed.append("Строка таблицы")
    for box in page.locator("[data-item]").all():
        box.check()
    text = _pdf_text(page)
    for value in typed:
        assert value in text, value
    for statement in page.eval_on_selector_all(".checklist__item label, .checklist__text", "els => els.map(e => e.textContent)"):
        assert " ".join(statement.split())[:50] in text, statement


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


def test_personnel_file_inventory_prints_what_is_missing(page, staff_url):
    page.goto(staff_url + "checklists/pd-personnel-file/")
    page.fill("[data-field=employee]", NAME)
    items = page.locator("[data-item]").all()
    for box in items[1:]:
        box.check()
    text = _pdf_text(page)
    assert text.count("нет в деле") == 1
    assert "письменное заявление с просьбой о поступлении на муниципальную службу" in text.split("нет в деле")[0][-400:]


@pytest.mark.parametrize("form", FORMS)
def test_form_pages_have_no_serious_accessibility_violations(page, staff_url, form):
    page.goto(staff_url + f"checklists/{form}/")
    results = Axe().run(page)
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
