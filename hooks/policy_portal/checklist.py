"""Checklists and forms: load a YAML form, validate it, and model it for its page.

A form is the document's own form (or an HR checklist drawn from it) as an ordered list of
blocks — headings, official text, items to tick, fields, tables, signature lines — so the
page and its printout follow the official layout. The structure is checked against
``quizzes/schema/checklist.schema.json``; citations, unique ids and receipt fields here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from . import schema_check
from .documents import Document
from .legal_text import full_text
from .quiz_page import json_for_html
from .registry import text_sha256
from .yaml_source import load

SCHEMA = Path(__file__).resolve().parents[2] / "quizzes" / "schema" / "checklist.schema.json"
TEMPLATE = "partials/checklist.html"


@dataclass(frozen=True)
class Column:
    id: str
    label: str


@dataclass(frozen=True)
class FormBlock:
    kind: str  # heading, text, item, field, table, signature
    text: str = ""
    id: str = ""
    required: bool = False
    cites: tuple[str, ...] = ()
    period: str = ""
    type: str = "text"
    columns: tuple[Column, ...] = ()
    rows: int = 3
    numbered: bool = True


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    document: str
    version: str
    implements: tuple[str, ...]
    receipt: bool
    complete_to_print: bool
    unticked: str = ""
    blocks: tuple[FormBlock, ...] = field(default=())
    path: str = ""

    def blocks_of(self, kind: str) -> list[FormBlock]:
        return [block for block in self.blocks if block.kind == kind]


def load_checklist(text: str, path: str, documents: dict[str, Document]) -> Checklist:
    """Parse and validate a form; ``documents`` maps document ids to parsed documents."""
    located = load(text, path)
    schema_check.check(located, SCHEMA, _form_message)
    data = located.data
    document = documents.get(data["document"])
    if document is None:
        raise located.error(("document",), f"no document '{data['document']}' (expected one of: {', '.join(sorted(documents))})")
    anchors = {block.anchor for block in document.anchored()}
    for position, anchor in enumerate(data["implements"]):
        if anchor not in anchors:
            raise located.error(("implements", position), f"no clause '{anchor}' in document '{data['document']}' (expected an anchor such as app1)")
    blocks, seen = [], {}
    for index, raw in enumerate(data["blocks"]):
        kind, value = next(iter(raw.items()))
        here = ("blocks", index, kind)
        if isinstance(value, dict):
            if value["id"] in seen:
                raise located.error(here + ("id",), f"duplicate id '{value['id']}' (first on line {seen[value['id']]}; expected unique ids in a form)")
            seen[value["id"]] = located.at(here + ("id",))[0]
            for position, anchor in enumerate(value.get("cites", [])):
                if anchor not in anchors:
                    raise located.error(here + ("cites", position), f"no clause '{anchor}' in document '{data['document']}' (expected an anchor such as app2-d1)")
        blocks.append(_block(kind, value))
    if data.get("receipt") and "name" not in seen:
        raise located.error(("receipt",), "a form with a receipt has no field 'name' (expected a field with id: name, for the register)")
    return Checklist(
        id=data["id"], title=data["title"], document=data["document"], version=data["version"],
        implements=tuple(data["implements"]), receipt=data.get("receipt", False),
        complete_to_print=data.get("complete_to_print", False), unticked=data.get("unticked", ""),
        blocks=tuple(blocks), path=path,
    )


# A block is one of the kinds; say so rather than count its fields.
def _form_message(located, error):
    where = tuple(error.absolute_path)
    if error.validator in ("maxProperties", "minProperties") and where[:1] == ("blocks",) and len(where) == 2:
        kinds = ", ".join(error.schema["properties"])
        return located.error(where, f"a block with {len(error.instance)} kinds (expected exactly one of: {kinds})")
    return None


def _block(kind: str, value) -> FormBlock:
    if isinstance(value, str):
        return FormBlock(kind, text=value)
    if kind == "table":
        columns = tuple(Column(c["id"], c["label"]) for c in value["columns"])
        return FormBlock(kind, text=value.get("caption", ""), id=value["id"], columns=columns,
                         rows=value.get("rows", 3), numbered=value.get("numbered", True))
    return FormBlock(kind, text=value.get("text", value.get("label", "")), id=value["id"],
                     required=value.get("required", False), cites=tuple(value.get("cites", ())),
                     period=value.get("period", ""), type=value.get("type", "text"))


def page_data(form: Checklist, document: Document) -> dict:
    """What checklist.js needs for a receipt: the form, the document, the clauses' hashes."""
    wanted = set(form.implements) | {anchor for block in form.blocks for anchor in block.cites}
    meta = document.meta
    return {
        "form": {"id": form.id, "title": form.title, "version": form.version},
        "document": {"id": meta.id, "title": meta.official_title, "number": meta.number, "date": meta.date.isoformat()},
        "items": [{"id": block.id, "text": block.text} for block in form.blocks_of("item")],
        "clauses": [{"anchor": block.anchor, "sha256": text_sha256(full_text(block))}
                    for block in document.anchored() if block.anchor in wanted],
    }


def render_checklist(form: Checklist, data: dict, env: Environment, language: str) -> str:
    return env.get_template(TEMPLATE).render(form=form, data_json=json_for_html(data), i18n_page_locale=language)
