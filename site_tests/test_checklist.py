"""Checklists and forms: validation messages, wording taken from the documents, pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_portal.checklist import load_checklist, page_data
from policy_portal.documents import parse_document
from policy_portal.errors import SourceError
from policy_portal.legal_text import inline_text
from test_quiz_browser import documents

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
FORMS = sorted((ROOT / "quizzes" / "checklists").glob("*.yaml"))
# The documents' own forms: every text block is official wording. HR checklists and the
# familiarisation sheets add their own headings, but their items are still the documents'.
OFFICIAL = {"ac-confirmation", "ac-consent", "pd-consent", "pd-transfer-act"}


@pytest.fixture(scope="module")
def sample():
    return {"sample": parse_document((FIXTURES / "documents" / "valid.md").read_text(encoding="utf-8"), "valid.md")}


def _load(name, sample):
    path = FIXTURES / "checklists" / name
    return load_checklist(path.read_text(encoding="utf-8"), f"fixtures/checklists/{name}", sample)


def test_valid_form_becomes_a_model(sample):
    form = _load("valid.yaml", sample)
    assert [b.kind for b in form.blocks] == ["heading", "text", "item", "field", "table", "signature"]
    item = form.blocks_of("item")[0]
    assert (item.id, item.text, item.cites, item.required) == ("read", "Я прочитал пункт", ("p1-1",), True)
    assert [c.label for c in form.blocks_of("table")[0].columns] == ["Наименование"]
    data = page_data(form, sample["sample"])
    assert [c["anchor"] for c in data["clauses"]] == ["p1", "p1-1"]


@pytest.mark.parametrize(("name", "message"), [
    ("unknown-field.yaml", "17:7: blocks[2].item.hint: unknown field 'hint' (expected one of: id, text, cites, required, period)"),
    ("missing-field.yaml", "2:1: missing field 'version' (expected the form's version, such as \"2026.1\")"),
    ("two-kinds.yaml", "11:5: blocks[1]: a block with 2 kinds (expected exactly one of: heading, text, item, field, table, signature)"),
    ("unknown-cite.yaml", "15:15: blocks[2].item.cites[0]: no clause 'p1-7' in document 'sample' (expected an anchor such as app2-d1)"),
    ("unknown-implements.yaml", "6:14: implements[0]: no clause 'app9' in document 'sample' (expected an anchor such as app1)"),
    ("duplicate-id.yaml", "19:11: blocks[4].table.id: duplicate id 'read' (first on line 13; expected unique ids in a form)"),
    ("receipt-without-name.yaml", "7:10: receipt: a form with a receipt has no field 'name' (expected a field with id: name, for the register)"),
    ("wrong-type.yaml", "7:10: receipt: 'да' is text (expected true or false)"),
])
def test_bad_form_stops_with_one_exact_line(sample, name, message):
    with pytest.raises(SourceError) as error:
        _load(name, sample)
    assert str(error.value) == f"fixtures/checklists/{name}:{message}"


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_form_wording_is_the_documents_own(path):
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/checklist.schema.json"
    models = documents()
    form = load_checklist(text, path.name, models)
    document = models[form.document]
    published = " ".join(inline_text(b.text) for top in document.blocks for b in top.walk() if b.kind != "table")
    for item in form.blocks_of("item"):
        for anchor in item.cites:
            block = document.find(anchor)
            own = inline_text(block.text)
            assert item.text in (own, f"{block.number} {own}"), (item.id, anchor)
    if form.id in OFFICIAL:
        for block in form.blocks_of("text") + form.blocks_of("heading"):
            if not block.text.startswith("Приложение"):
                assert block.text in published, block.text


def test_all_seven_forms_of_the_issue_exist():
    assert {p.stem for p in FORMS} == {"ac-confirmation", "ac-consent", "pd-consent", "pd-transfer-act",
                                       "pd-personnel-file", "hr-duties", "ac-familiarisation", "pd-familiarisation"}


def test_rendered_form_escapes_text_and_marks_required_inputs(sample):
    import jinja2

    from policy_portal.checklist import render_checklist

    text = (FIXTURES / "checklists" / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("text: Я прочитал пункт", "text: \"Я прочитал <script>alert(1)</script>\"")
    form = load_checklist(text, "valid.yaml", sample)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=False)
    html = render_checklist(form, page_data(form, sample["sample"]), env, "ru")
    assert "<script>alert" not in html and "Я прочитал &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-item="read" required aria-required="true"' in html
    assert 'data-field="name" required aria-required="true"' in html
    assert 'data-complete-to-print' in html and 'data-action="receipt"' in html
    assert '<th scope="col">№ п/п</th><th scope="col">Наименование</th>' in html
