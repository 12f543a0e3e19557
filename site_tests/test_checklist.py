"""Checklists and forms: validation messages, wording taken from the documents, pages."""

from __future__ import annotations

import re
from pathlib import Path


import pytest
import yaml

from policy_portal import templates
from policy_portal.checklist import LEARNER_FIELDS, form_links, load_checklist, page_data, render_checklist
from policy_portal.documents import parse_document, split_front_matter
from policy_portal.errors import SourceError
from policy_portal.legal_text import inline_text
from policy_portal.render import render_body
from test_quiz_browser import documents

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
FORMS = sorted((ROOT / "quizzes" / "checklists").glob("*.yaml"))
PAGES = sorted((ROOT / "docs").rglob("*.md"))
# The documents' own forms: every text block is official wording. HR checklists and the
# familiarisation sheets add their own headings, but their items are still the documents'.
OFFICIAL = {"ac-confirmation", "ac-consent", "pd-consent", "pd-transfer-act"}
# Forms another person than the employee fills in: nothing on them is the learner's.
HR_FORMS = {"hr-duties", "pd-personnel-file", "pd-transfer-act", "ac-familiarisation", "pd-familiarisation"}


@pytest.fixture(scope="module")
def sample():
    return {"sample": parse_document((FIXTURES / "documents" / "valid.md").read_text(encoding="utf-8"), "valid.md")}


@pytest.fixture(scope="module")
def models():
    return documents()


@pytest.fixture(scope="module")
def env():
    # Like MkDocs' theme environment: no autoescaping, so the template must escape.
    return templates.environment()


def _load(name, sample):
    path = FIXTURES / "checklists" / name
    return load_checklist(path.read_text(encoding="utf-8"), f"fixtures/checklists/{name}", sample)


def _form(name, models):
    path = ROOT / "quizzes" / "checklists" / f"{name}.yaml"
    return load_checklist(path.read_text(encoding="utf-8"), path.name, models)


def _html(name, models, env):
    form = _form(name, models)
    return render_checklist(form, page_data(form, models[form.document]), env, "ru")


def _printed(html: str) -> str:
    """The form's text as it prints without JavaScript: no inputs, no screen-only text."""
    html = html.split('<div class="checklist__form">', 1)[1].split('<p class="checklist__missing', 1)[0]
    html = re.sub(r'<(\w+)\b[^>]*class="[^"]*md-print-hidden[^"]*"[^>]*>.*?</\1>', "", html, flags=re.S)
    html = re.sub(r"<template.*?</template>|<textarea.*?</textarea>|<input[^>]*>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- Models and validation -------------------------------------------------------------------


def test_valid_form_becomes_a_model(sample):
    form = _load("valid.yaml", sample)
    assert [b.kind for b in form.blocks] == ["heading", "text", "item", "line", "field", "field", "table", "inventory", "line"]
    item = form.blocks_of("item")[0]
    assert (item.id, item.text, item.cites, item.required) == ("read", "Я прочитал пункт", ("p1-1",), True)
    assert [c.label for c in form.blocks_of("table")[0].columns] == ["Наименование"]
    assert [(p.kind, p.id or p.text) for p in form.blocks[3].parts] == [("text", "Я,"), ("field", "name")]
    assert [(f.id, f.learner) for f in form.blocks_of("field")] == [
        ("name", True), ("position", True), ("department", True), ("date", False)]
    date = form.blocks_of("field")[-1]
    assert (date.type, date.blank, date.print_label) == ("date", "____ 20__ г.", False)
    inventory = form.blocks_of("inventory")[0]
    assert (inventory.missing, inventory.not_applicable) == ("нет в деле", "не применяется")
    assert [(e.kind, e.id, e.cites) for e in inventory.parts] == [("entry", "statement", ("p1",))]
    data = page_data(form, sample["sample"])
    assert [c["anchor"] for c in data["clauses"]] == ["p1", "p1-1"]


@pytest.mark.parametrize(("name", "message"), [
    ("unknown-field.yaml", "17:7: blocks[2].item.hint: unknown field 'hint' (expected one of: id, text, cites, required, period)"),
    ("missing-field.yaml", "2:1: missing field 'version' (expected the form's version, such as \"2026.1\")"),
    ("two-kinds.yaml", "11:5: blocks[1]: a block with 2 kinds (expected exactly one of: heading, text, item, field, line, table, inventory, signature)"),
    ("line-two-kinds.yaml", "18:9: blocks[3].line[0]: a part of a line with 2 kinds (expected exactly one of: text, field, signature)"),
    ("unknown-cite.yaml", "15:15: blocks[2].item.cites[0]: no clause 'p1-7' in document 'sample' (expected an anchor such as app2-d1)"),
    ("unknown-implements.yaml", "6:14: implements[0]: no clause 'app9' in document 'sample' (expected an anchor such as app1)"),
    ("duplicate-id.yaml", "19:11: blocks[4].table.id: duplicate id 'read' (first on line 13; expected unique ids in a form)"),
    ("duplicate-id-in-line.yaml", "36:21: blocks[8].line[1].field.id: duplicate id 'read' (first on line 13; expected unique ids in a form)"),
    ("receipt-without-name.yaml", "7:10: receipt: a form with a receipt has no field 'name' (expected fields name, position, "
                                  "department with required: true and learner: true, for the register)"),
    ("receipt-without-department.yaml", "7:10: receipt: a form with a receipt has no field 'department' (expected fields name, "
                                        "position, department with required: true and learner: true, for the register)"),
    ("receipt-name-not-learner.yaml", "7:10: receipt: a form with a receipt has field 'name' without required: true and "
                                      "learner: true (expected both, for the register)"),
    ("learner-not-own.yaml", "36:36: blocks[8].line[1].field.learner: field 'date' is not the learner's own "
                             "(expected learner: true only on the fields name, position, department)"),
    ("bracketed-caption.yaml", "35:20: blocks[8].line[0].signature: caption '(подпись)' is in brackets (expected it without "
                               "them, such as 'подпись': the form prints the brackets)"),
    ("inventory-missing-field.yaml", "27:7: blocks[7].inventory: missing field 'not_applicable' (expected the choice for a "
                                     "document that does not apply, printed instead of the sheets, such as «не применяется»)"),
    ("wrong-type.yaml", "7:10: receipt: 'да' is text (expected true or false)"),
])
def test_bad_form_stops_with_one_exact_line(sample, name, message):
    with pytest.raises(SourceError) as error:
        _load(name, sample)
    assert str(error.value) == f"fixtures/checklists/{name}:{message}"


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_form_wording_is_the_documents_own(path, models):
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../hooks/policy_portal/schemas/checklist.schema.json"
    form = load_checklist(text, path.name, models)
    document = models[form.document]
    published = " ".join(inline_text(b.text) for top in document.blocks for b in top.walk() if b.kind != "table")
    for item in form.blocks_of("item") + form.blocks_of("entry"):
        for anchor in item.cites:
            block = document.find(anchor)
            own = inline_text(block.text)
            assert item.text in (own, f"{block.number} {own}"), (item.id, anchor)
    if form.id in OFFICIAL:
        for block in form.blocks_of("text") + form.blocks_of("heading"):
            if not block.text.startswith("Приложение"):
                assert block.text in published, block.text


def test_all_eight_forms_of_the_issue_exist():
    assert {p.stem for p in FORMS} == {"ac-confirmation", "ac-consent", "pd-consent", "pd-transfer-act",
                                       "pd-personnel-file", "hr-duties", "ac-familiarisation", "pd-familiarisation"}


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_every_page_has_front_matter_that_parses_to_fields(path):
    # "title: Лист ознакомления: …" (a second ': ') made MkDocs print the front matter as text.
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert isinstance(yaml.safe_load(front), dict)


@pytest.mark.parametrize("name", sorted(p.stem for p in FORMS))
def test_each_form_has_a_staff_page_titled_like_its_heading(name, models):
    source = (ROOT / "docs" / "checklists" / f"{name}.md").read_text(encoding="utf-8")
    front, body, _ = split_front_matter(source)
    meta = yaml.safe_load(front)
    assert (meta["checklist"], meta["audience"]) == (name, "staff")
    assert body.strip().splitlines()[0] == f"# {meta['title']}"
    if name.endswith("familiarisation"):
        assert meta["title"] == _form(name, models).title
        assert meta["title"].startswith("Лист ознакомления: ")


# --- Rendering -------------------------------------------------------------------------------


def test_rendered_form_escapes_text_and_marks_required_inputs(sample, env):
    text = (FIXTURES / "checklists" / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("text: Я прочитал пункт", "text: \"Я прочитал <script>alert(1)</script>\"")
    text = text.replace("text: заявление", "text: \"<b>заявление</b>\"")
    form = load_checklist(text, "valid.yaml", sample)
    html = render_checklist(form, page_data(form, sample["sample"]), env, "ru")
    assert "<script>alert" not in html and "Я прочитал &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>заявление" not in html and "&lt;b&gt;заявление&lt;/b&gt;" in html
    assert 'data-item="read" data-label="Я прочитал &lt;script&gt;alert(1)&lt;/script&gt;" required aria-required="true"' in html
    assert 'data-field="name" data-label="ФИО" data-learner required aria-required="true"' in html
    assert 'data-complete-to-print' in html and 'data-action="receipt"' in html
    assert '<th scope="col">№ п/п</th><th scope="col">Наименование</th>' in html
    assert '<p class="checklist__line"><span class="checklist__words">Я,</span> <span class="checklist__blank">' in html


def test_every_input_has_a_label(models, env):
    for path in FORMS:
        html = _html(path.stem, models, env)
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
            input_id = re.search(r' id="([^"]+)"', tag)
            assert "aria-label" in tag or (input_id and f'for="{input_id.group(1)}"' in html), (path.stem, tag)


def test_transfer_act_prints_a_blank_date_and_year_on_one_line_never_2010(models, env):
    html = _html("pd-transfer-act", models, env)
    printed = _printed(html)
    assert "2010" not in printed and "года №" not in printed
    assert "На основании (распорядительный акт, договор и т.д.) от ____ 20__ г. №" in printed
    line = re.search(r'<p class="checklist__line"><span class="checklist__words">от</span>.*?</p>', html, flags=re.S).group(0)
    assert 'type="date" data-field="basis-date"' in line and 'data-field="basis-number"' in line
    assert '<span class="checklist__value checklist__value--blank" aria-hidden="true" data-blank="____ 20__ г.">____ 20__ г.</span>' in line


def test_policy_appendices_print_a_date_line_by_the_signature_with_one_pair_of_brackets(models, env):
    for name, caption in (("ac-consent", "(подпись, Ф.И.О. должность)"), ("ac-confirmation", "(ФИО, должность)")):
        form = _form(name, models)
        last = form.blocks[-1]
        assert [part.kind for part in last.parts] == ["signature", "field"]
        assert (last.parts[1].type, last.parts[1].blank) == ("date", "«___» ____________ 20__ г.")
        printed = _printed(_html(name, models, env))
        assert printed.endswith(f"{caption} «___» ____________ 20__ г. (дата)"), printed[-120:]
        assert f"({caption}" not in printed and f"{caption})" not in printed


def test_personal_data_consent_checks_completeness_like_the_policy_forms(models):
    form = _form("pd-consent", models)
    assert form.complete_to_print
    assert {f.id for f in form.blocks_of("field") if f.required} == {"name", "position", "body", "insurer", "date"}


@pytest.mark.parametrize("name", ["ac-confirmation", "ac-consent"])
def test_receipt_forms_require_the_employees_name_position_and_department(name, models):
    form = _form(name, models)
    fields = {f.id: f for f in form.blocks_of("field")}
    assert form.receipt and all(fields[n].required and fields[n].learner for n in LEARNER_FIELDS)


def test_only_the_employees_own_fields_are_the_learners(models, env):
    for path in FORMS:
        form = _form(path.stem, models)
        learner = {f.id for f in form.blocks_of("field") if f.learner}
        assert learner <= set(LEARNER_FIELDS), path.stem
        if form.id in HR_FORMS:
            assert learner == set() and "data-learner" not in _html(form.id, models, env), form.id
    assert {f.id for f in _form("hr-duties", models).blocks_of("field")} == {"year", "officer"}
    assert {f.id for f in _form("pd-personnel-file", models).blocks_of("field")} == {"employee", "officer", "date"}


def test_personnel_file_inventory_has_sheets_and_a_not_applicable_choice(models, env):
    form = _form("pd-personnel-file", models)
    assert form.blocks_of("item") == []
    inventory = form.blocks_of("inventory")[0]
    assert [c.label for c in inventory.columns] == ["Наименование документа", "Количество листов"]
    assert (inventory.missing, inventory.not_applicable) == ("нет в деле", "не применяется")
    assert [e.id for e in inventory.parts][:3] == ["p15-a", "p15-b", "p15-v"] and len(inventory.parts) == 27
    html = _html("pd-personnel-file", models, env)
    assert ('<thead><tr><th scope="col">№ п/п</th><th scope="col">Наименование документа</th>'
            '<th scope="col" id="cl-pd-personnel-file-documents-sheets">Количество листов</th></tr></thead>') in html
    assert html.count("data-not-applicable aria-labelledby") == 27 and html.count("data-sheets") == 27
    assert html.count('data-missing="нет в деле" data-not-applicable="не применяется"') == 27
    assert "data-unticked" not in html


def test_hr_duties_keep_each_item_under_its_own_clause_including_p5_z(models):
    form = _form("hr-duties", models)
    document = models["personal-data"]
    assert "p5-z" in [item.id for item in form.blocks_of("item")]
    order = [block.anchor for block in document.anchored()]
    heading, previous = None, None
    for block in form.blocks:
        if block.kind == "heading":
            heading, previous = block.text, None
        if block.kind != "item":
            continue
        clause = document.find(block.cites[0])
        while clause.parent is not None and clause.parent.kind != "heading":
            clause = clause.parent
        part = "распоряжения" if clause.anchor.startswith("r") else "Положения"
        assert heading == f"Пункт {clause.number.rstrip('.')} {part}", (block.id, heading)
        if previous is not None:
            assert order.index(block.cites[0]) > order.index(previous), block.id
        previous = block.cites[0]


# --- Appendices link to their forms ------------------------------------------------------------


def test_appendices_link_to_their_forms_only_when_the_form_page_is_in_the_build(models, env):
    forms = [_form(path.stem, models) for path in FORMS]
    staff = {"ac-consent": "checklists/ac-consent/", "ac-confirmation": "checklists/ac-confirmation/",
             "pd-consent": "checklists/pd-consent/"}
    links = form_links(forms, "anti-corruption", "anti-corruption/", staff)
    assert links == {"app1": ("../checklists/ac-consent/", "Согласие о принятии антикоррупционных ограничений (приложение 1)"),
                     "app2": ("../checklists/ac-confirmation/", "Подтверждение обязательства следовать Политике (приложение 2)")}
    assert form_links(forms, "anti-corruption", "anti-corruption/", {}) == {}
    body = render_body(models["anti-corruption"].blocks, env, links)
    app1 = body.split("{ #app1 }", 1)[1]
    assert app1.startswith('\n\n<p class="legal-text__form md-print-hidden"><a href="../checklists/ac-consent/">'
                           "Заполнить и распечатать форму на портале: «Согласие о принятии антикоррупционных ограничений "
                           "(приложение 1)»</a></p>\n\n")
    assert body.count("legal-text__form") == 2
    assert render_body(models["anti-corruption"].blocks, env) == render_body(models["anti-corruption"].blocks, env, {})
    assert "legal-text__form" not in render_body(models["anti-corruption"].blocks, env)
