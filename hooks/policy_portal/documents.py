"""A document page: validated front matter (approval details) plus the parsed legal text."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import yaml

from .errors import SourceError
from .legal_text import Block, parse_body

LANGUAGES = ("ru", "kk", "en")
AUDIENCES = ("public", "staff")

# Field name -> (required, description used in error messages).
FIELDS: dict[str, tuple[bool, str]] = {
    "document": (True, "a document id such as anti-corruption"),
    "title": (True, "a short title for navigation and search results"),
    "official_title": (True, "the official title as printed"),
    "issuer": (True, "the body that issued the document"),
    "doc_type": (True, "the document type, e.g. Распоряжение"),
    "number": (True, "the document number as printed"),
    "date": (True, "a date like 2022-06-21"),
    "jurisdiction": (True, "the jurisdiction, e.g. Республика Казахстан"),
    "original_language": (True, f"one of {', '.join(LANGUAGES)}"),
    "audience": (True, f"one of {', '.join(AUDIENCES)}"),
    "approval": (False, "how the document was approved"),
    "source": (False, "where the text was taken from"),
    "editorial_notes": (False, "a list of {where, what} repairs"),
}


@dataclass(frozen=True)
class EditorialNote:
    """One repair or remark about the published text, pinned to the anchor it concerns."""

    where: str
    what: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    title: str
    official_title: str
    issuer: str
    doc_type: str
    number: str
    date: datetime.date
    jurisdiction: str
    original_language: str
    audience: str
    approval: str = ""
    source: str = ""
    editorial_notes: tuple[EditorialNote, ...] = ()


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    blocks: list[Block]

    def anchored(self):
        """Every anchored block in document order."""
        for block in self.blocks:
            for inner in block.walk():
                if inner.anchor:
                    yield inner

    def find(self, anchor: str) -> Block | None:
        return next((block for block in self.anchored() if block.anchor == anchor), None)


def parse_document(source: str, path: str) -> Document:
    """Parse a whole document page (front matter and body); raise SourceError on bad input."""
    front, body, body_line = split_front_matter(source)
    if front is None:
        raise SourceError(path, 1, 1, "no front matter (expected '---' with the document's metadata)")
    meta = _parse_meta(front, path)
    document = Document(meta=meta, blocks=parse_body(body, path, body_line))
    for note in meta.editorial_notes:
        if document.find(note.where) is None:
            raise SourceError(path, note.line, note.column, f"editorial note about unknown anchor '{note.where}' (expected an anchor of this document)")
    return document


def check_front_matter(source: str, path: str) -> None:
    """Raise SourceError if a page's front matter does not parse to a mapping.

    MkDocs treats such front matter as none and prints it as text (``title: A: B`` is the
    usual mistake), so every page is checked, not only documents.
    """
    front, _, _ = split_front_matter(source)
    if front is None:
        return
    try:
        value = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        hint = " (expected 'field: value' lines; put a value that contains ': ' in quotes)"
        raise SourceError(path, mark.line + 2, mark.column + 1, f"front matter: YAML syntax error: {error.problem}{hint}") from None
    if not isinstance(value, dict):
        raise SourceError(path, 2, 1, "front matter is not a mapping (expected 'field: value' lines)")


def split_front_matter(source: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, 1-based line where the body starts)."""
    source = source.lstrip("\ufeff")
    match = re.match(r"^---[ \t]*\n(.*?\n)---[ \t]*(?:\n|$)", source, re.S)
    if not match:
        return None, source, 1
    return match.group(1), source[match.end():], match.group(0).count("\n") + 1


# Validate the front matter against FIELDS, reporting positions from PyYAML's marks.
def _parse_meta(front: str, path: str) -> DocumentMeta:
    try:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise SourceError(path, mark.line + 2, mark.column + 1, f"YAML syntax error: {error.problem}") from None
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(path, 2, 1, "front matter is not a mapping (expected 'field: value' lines)")
    values: dict[str, object] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in FIELDS:
            raise SourceError(path, key_node.start_mark.line + 2, key_node.start_mark.column + 1,
                              f"unknown field '{key}' (expected one of: {', '.join(FIELDS)})")
        values[key] = _convert(key, value_node, path)
    for key, (required, description) in FIELDS.items():
        if required and key not in values:
            raise SourceError(path, 1, 1, f"missing field '{key}' (expected {description})")
    values["id"] = values.pop("document")
    return DocumentMeta(**values)


def _convert(key: str, node: yaml.Node, path: str):
    line, col = node.start_mark.line + 2, node.start_mark.column + 1
    value = yaml.safe_load(yaml.serialize(node))
    if key == "date":
        if not isinstance(value, datetime.date):
            raise SourceError(path, line, col, f"field 'date' is {value!r} (expected {FIELDS['date'][1]})")
        return value
    if key == "editorial_notes":
        if not isinstance(node, yaml.SequenceNode):
            raise SourceError(path, line, col, f"field 'editorial_notes' is not a list (expected {FIELDS[key][1]})")
        notes = []
        for item_node, item in zip(node.value, value):
            if not isinstance(item, dict) or set(item) != {"where", "what"}:
                raise SourceError(path, item_node.start_mark.line + 2, item_node.start_mark.column + 1,
                                  f"malformed editorial note (expected {FIELDS[key][1]})")
            mark = item_node.start_mark
            notes.append(EditorialNote(str(item["where"]), str(item["what"]), mark.line + 2, mark.column + 1))
        return tuple(notes)
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise SourceError(path, line, col, f"field '{key}' is {type(value).__name__} (expected {FIELDS[key][1]})")
    value = str(value)
    if key == "document" and not re.match(r"^[a-z][a-z0-9-]*$", value):
        raise SourceError(path, line, col, f"field 'document' is {value!r} (expected {FIELDS[key][1]})")
    if key == "original_language" and value not in LANGUAGES:
        raise SourceError(path, line, col, f"field 'original_language' is {value!r} (expected {FIELDS[key][1]})")
    if key == "audience" and value not in AUDIENCES:
        raise SourceError(path, line, col, f"field 'audience' is {value!r} (expected {FIELDS[key][1]})")
    return value
