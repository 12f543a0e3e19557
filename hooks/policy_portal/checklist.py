"""Checklists and forms: load a YAML form, validate it, and model it for its page.

A form is the document's own form (or an HR checklist drawn from it) as an ordered list of
blocks — headings, official text, items to tick, fields, lines of text and blanks, tables,
an inventory, signature lines — so the page and its printout follow the official layout.
The structure is checked against ``schemas/checklist.schema.json`` (package data); citations, unique
ids, the learner's fields and receipt fields here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Iterable, Iterator, Mapping

from jinja2 import Environment
from mkdocs.utils import get_relative_url

from . import localise, schema_check
from .documents import Document
from .legal_text import full_text
from .quiz_page import in_language, json_for_html
from .registry import text_sha256
from .yaml_source import Located, load


SCHEMA = files("policy_portal") / "schemas" / "checklist.schema.json"  # package data
TEMPLATE = "partials/checklist.html"
# The fields a form may share with the tests (localStorage "policy-portal:learner").
LEARNER_FIELDS = ("name", "position", "department")
# Blank rows a form's table shows at first (`rows:`).
MAX_TABLE_ROWS = 200
# The anchor of a document's appendix: app1, app2 (README: anchor scheme).
_APPENDIX = re.compile(r"app[0-9]+")


@dataclass(frozen=True)
class Column:
    id: str
    label: str


@dataclass(frozen=True)
class FormBlock:
    kind: str  # heading, text, item, field, line, table, inventory, signature
    text: str = ""
    id: str = ""
    required: bool = False
    cites: tuple[str, ...] = ()
    period: str = ""
    type: str = "text"
    columns: tuple[Column, ...] = ()
    rows: int = 3
    numbered: bool = True
    learner: bool = False
    blank: str = ""
    print_label: bool = True
    # A line's text, fields and signatures; an inventory's documents (kind "entry").
    parts: tuple[FormBlock, ...] = ()
    missing: str = ""
    not_applicable: str = ""

    def walk(self) -> Iterator[FormBlock]:
        yield self
        for part in self.parts:
            yield from part.walk()


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    document: str
    version: str
    implements: tuple[str, ...]
    receipt: bool
    complete_to_print: bool
    blocks: tuple[FormBlock, ...] = field(default=())
    path: str = ""
    # The form's languages (original first) and the one this model's texts are in.
    languages: tuple[str, ...] = ("ru",)
    language: str = "ru"

    def walk(self) -> Iterator[FormBlock]:
        """Every block, line part and inventory entry, in print order."""
        for block in self.blocks:
            yield from block.walk()

    def blocks_of(self, kind: str) -> list[FormBlock]:
        return [block for block in self.walk() if block.kind == kind]


# The form as written and in its original language, its translations and its schema checked
# once per text (see quiz._checked).
@lru_cache(maxsize=2)
def _checked(text: str, path: str) -> tuple[Located, Located]:
    raw = load(text, path)
    original = localise.resolve(raw, localise.languages_of(raw)[0], localise.FORM_FIELDS)
    schema_check.check(raw, SCHEMA, _form_message)
    return raw, original


def load_checklist(text: str, path: str, documents: dict[str, Document], language: str | None = None) -> Checklist:
    """Parse and validate a form; ``documents`` maps document ids to parsed documents.

    Its texts are in ``language`` when the form has it, else in its original language.
    """
    raw, original = _checked(text, path)
    languages = localise.languages_of(raw)
    located = localise.edition(raw, original, language, localise.FORM_FIELDS)
    data = located.data
    document = documents.get(data["document"])
    if document is None:
        raise located.error(("document",), f"no document '{data['document']}' (expected one of: {', '.join(sorted(documents))})")
    anchors = {block.anchor for block in document.anchored()}
    for position, anchor in enumerate(data["implements"]):
        if anchor not in anchors:
            raise located.error(("implements", position), f"no clause '{anchor}' in document '{data['document']}' (expected an anchor such as app1)")
    seen: dict[str, int] = {}
    for here, kind, value in _raw_blocks(data["blocks"]):
        if isinstance(value, dict) and "id" in value:
            if value["id"] in seen:
                raise located.error(here + ("id",), f"duplicate id '{value['id']}' (first on line {seen[value['id']]}; expected unique ids in a form)")
            seen[value["id"]] = located.at(here + ("id",))[0]
            for position, anchor in enumerate(value.get("cites", [])):
                if anchor not in anchors:
                    raise located.error(here + ("cites", position), f"no clause '{anchor}' in document '{data['document']}' (expected an anchor such as app2-d1)")
        _check_caption(located, here, kind, value)
        if kind == "table":
            _check_table(located, here, value)
        if kind == "field" and value.get("learner") and value["id"] not in LEARNER_FIELDS:
            raise located.error(here + ("learner",), f"field '{value['id']}' is not the learner's own "
                                f"(expected learner: true only on the fields {', '.join(LEARNER_FIELDS)})")
    if data.get("receipt"):
        _check_receipt_fields(located, data["blocks"])
    blocks = tuple(_block(kind, value) for raw in data["blocks"] for kind, value in raw.items())
    return Checklist(
        id=data["id"], title=data["title"], document=data["document"], version=data["version"],
        implements=tuple(data["implements"]), receipt=data.get("receipt", False),
        complete_to_print=data.get("complete_to_print", False), blocks=blocks, path=path,
        languages=languages, language=language if language in languages else languages[0],
    )


def page_data(form: Checklist, document: Document) -> dict:
    """What checklist.js needs for a receipt: the form, the document, the clauses' hashes."""
    wanted = set(form.implements) | {anchor for block in form.walk() for anchor in block.cites}
    meta = document.meta
    return {
        # The language the form is shown in (its original's on a page it has no translation for).
        "language": form.language,
        "form": {"id": form.id, "title": form.title, "version": form.version},
        "document": {"id": meta.id, "title": meta.official_title, "number": meta.number, "date": meta.date.isoformat()},
        "items": [{"id": block.id, "text": block.text} for block in form.blocks_of("item")],
        "clauses": [{"anchor": block.anchor, "sha256": text_sha256(full_text(block))}
                    for block in document.anchored() if block.anchor in wanted],
    }


def render_checklist(form: Checklist, data: dict, env: Environment, language: str) -> str:
    """The form in the page's language, or whole in the form's original when it lacks that language."""
    html = env.get_template(TEMPLATE).render(form=form, data_json=json_for_html(data), i18n_page_locale=form.language)
    return in_language(html, form.language, language, env)


def form_links(forms: Iterable[Checklist], document_id: str, page_url: str, form_pages: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Appendix anchor -> (URL from the page at ``page_url``, form title) for a document's forms.

    ``form_pages`` maps a form id to the URL of its page in this build (front matter
    ``checklist: <id>``); the public build has none, so its documents link to no form.
    """
    links = {}
    for form in forms:
        url = form_pages.get(form.id)
        if form.document != document_id or url is None:
            continue
        for anchor in form.implements:
            if _APPENDIX.fullmatch(anchor):
                links.setdefault(anchor, (get_relative_url(url, page_url), form.title))
    return links


# ---------------------------------------------------------------------------------------


# A block is one of the kinds; say so rather than count its fields.
def _form_message(located, error):
    where = tuple(error.absolute_path)
    one_of = error.validator in ("maxProperties", "minProperties") and where[:1] == ("blocks",)
    if one_of and (len(where) == 2 or (len(where) == 4 and where[2] == "line")):
        kinds = ", ".join(error.schema["properties"])
        noun = "a block" if len(where) == 2 else "a part of a line"
        return located.error(where, f"{noun} with {len(error.instance)} kinds (expected exactly one of: {kinds})")
    return None


# Each block, line part and inventory entry with its path in the file, for the checks.
def _raw_blocks(raw_blocks: list) -> Iterator[tuple[tuple, str, object]]:
    for index, raw in enumerate(raw_blocks):
        for kind, value in raw.items():
            here = ("blocks", index, kind)
            yield here, kind, value
            if kind == "line":
                for position, part in enumerate(value):
                    for part_kind, part_value in part.items():
                        yield here + (position, part_kind), part_kind, part_value
            if kind == "inventory":
                for position, entry in enumerate(value["items"]):
                    yield here + ("items", position), "entry", entry


# The template prints a caption in brackets: "(подпись)". Written with its own brackets it
# would print doubled, "((подпись))".
def _check_caption(located, here: tuple, kind: str, value) -> None:
    if kind == "signature":
        caption, where = value, here
    elif kind == "field":
        caption, where = value["label"], here + ("label",)
    else:
        return
    if caption.startswith("(") and caption.endswith(")"):
        raise located.error(where, f"caption {caption!r} is in brackets (expected it without them, such as "
                            f"{caption[1:-1]!r}: the form prints the brackets)")


# A table's columns are filled in by id; its blank rows are for a sheet, not a ledger.
def _check_table(located, here: tuple, value: dict) -> None:
    first: dict[str, int] = {}
    for position, column in enumerate(value["columns"]):
        if column["id"] in first:
            raise located.error(here + ("columns", position, "id"), f"duplicate column id '{column['id']}' "
                                f"(first on line {first[column['id']]}; expected unique column ids in a table)")
        first[column["id"]] = located.at(here + ("columns", position, "id"))[0]
    rows = value.get("rows", 3)
    if rows > MAX_TABLE_ROWS:
        raise located.error(here + ("rows",), f"{rows} rows (expected at most {MAX_TABLE_ROWS}; "
                            "print another copy of the sheet when it is full)")


# The register needs to know whose receipt it is: name, position, department, all required.
def _check_receipt_fields(located, raw_blocks: list) -> None:
    fields = {value["id"]: value for _, kind, value in _raw_blocks(raw_blocks) if kind == "field"}
    for name in LEARNER_FIELDS:
        spec = fields.get(name)
        if spec is None:
            raise located.error(("receipt",), f"a form with a receipt has no field '{name}' (expected fields "
                                f"{', '.join(LEARNER_FIELDS)} with required: true and learner: true, for the register)")
        if not (spec.get("learner") and spec.get("required")):
            raise located.error(("receipt",), f"a form with a receipt has field '{name}' without required: true and "
                                f"learner: true (expected both, for the register)")


def _block(kind: str, value) -> FormBlock:
    if kind == "line":
        return FormBlock(kind, parts=tuple(_block(k, v) for part in value for k, v in part.items()))
    if isinstance(value, str):
        return FormBlock(kind, text=value)
    if kind == "table":
        columns = tuple(Column(c["id"], c["label"]) for c in value["columns"])
        return FormBlock(kind, text=value.get("caption", ""), id=value["id"], columns=columns,
                         rows=value.get("rows", 3), numbered=value.get("numbered", True))
    if kind == "inventory":
        entries = tuple(FormBlock("entry", text=e["text"], id=e["id"], cites=tuple(e.get("cites", ()))) for e in value["items"])
        columns = (Column("document", value["document"]), Column("sheets", value["sheets"]))
        return FormBlock(kind, text=value.get("caption", ""), id=value["id"], columns=columns, parts=entries,
                         missing=value["missing"], not_applicable=value["not_applicable"])
    return FormBlock(kind, text=value.get("text", value.get("label", "")), id=value["id"],
                     required=value.get("required", False), cites=tuple(value.get("cites", ())),
                     period=value.get("period", ""), type=value.get("type", "text"),
                     learner=value.get("learner", False), blank=value.get("blank", ""),
                     print_label=value.get("print_label", True))
