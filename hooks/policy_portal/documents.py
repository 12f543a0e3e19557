"""A document page: validated front matter (approval details) plus the parsed legal text."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import yaml

from .errors import SourceError
from .legal_text import Block, parse_body
from .yaml_source import Located, load

LANGUAGES = ("ru", "kk", "en")
AUDIENCES = ("public", "staff")
# Whether the document applies: printed in its header («действует»).
STATUSES = ("in-force", "repealed", "draft")

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
    "document_status": (False, f"one of {', '.join(STATUSES)}"),
    "published": (False, "the date the text was first published on this site, like 2026-11-23"),
    "revised": (False, "the date of the last revision of the text, like 2022-06-21"),
    "editorial_notes": (False, "a list of {where, what} repairs"),
}

# Front matter fields that Material for MkDocs prints without escaping them (its templates
# base.html, partials/header.html, nav-item.html, source-file.html, redirect.html): inside an
# element, where '<' starts markup, or inside an attribute, where '"' ends it too.
_IN_ELEMENT = ("<>", "'<' and '>'", "as HTML, unescaped")
_IN_ATTRIBUTE = ('<>"', "'<', '>' and '\"'", "inside an HTML attribute, unescaped; use «» for quotes")
PRINTED_AS_HTML = {
    "title": _IN_ELEMENT, "subtitle": _IN_ELEMENT, "revision_date": _IN_ELEMENT,
    "git_revision_date_localized": _IN_ELEMENT, "git_creation_date_localized": _IN_ELEMENT,
    "description": _IN_ATTRIBUTE, "author": _IN_ATTRIBUTE, "status": _IN_ATTRIBUTE, "location": _IN_ATTRIBUTE,
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
    document_status: str = "in-force"
    published: datetime.date | None = None
    revised: datetime.date | None = None
    # The language of this text: the original's, or a translation's (translation.py).
    language: str = ""

    @property
    def is_translation(self) -> bool:
        return bool(self.language) and self.language != self.original_language


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


def check_front_matter(source: str, path: str) -> dict:
    """The page's front matter as a mapping (empty without one); SourceError if it is unsafe or broken.

    MkDocs treats front matter that does not parse as none and prints it as text (``title: A: B``
    is the usual mistake), so every page is checked, not only documents: the YAML itself (see
    yaml_source: no anchors, tags or duplicate keys), and the fields the theme prints as HTML.
    """
    front, _, _ = split_front_matter(source)
    if front is None:
        return {}
    try:
        # libyaml's wording of a syntax error, with the usual fix.
        for _ in yaml.parse(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            pass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        hint = " (expected 'field: value' lines; put a value that contains ': ' in quotes)"
        raise SourceError(path, mark.line + 2, mark.column + 1, f"front matter: YAML syntax error: {error.problem}{hint}") from None
    try:
        located = load(front, path, first_line=2)
    except SourceError as error:
        raise SourceError(path, error.line, error.col, f"front matter: {error.message}") from None
    if not isinstance(located.data, dict):
        raise SourceError(path, 2, 1, "front matter is not a mapping (expected 'field: value' lines)")
    for key, value in located.data.items():
        forbidden, named, printed = PRINTED_AS_HTML.get(key, ("", "", ""))
        found = next((char for char in str(value) if char in forbidden), None)
        if found:
            raise SourceError(path, *located.at((key,)), f"front matter: {key}: contains '{found}' (expected plain text "
                                                         f"without {named}: the theme prints the {key} {printed})")
    return located.data


def split_front_matter(source: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, 1-based line where the body starts)."""
    source = source.lstrip("\ufeff")
    match = re.match(r"^---[ \t]*\n(.*?\n)---[ \t]*(?:\n|$)", source, re.S)
    if not match:
        return None, source, 1
    return match.group(1), source[match.end():], match.group(0).count("\n") + 1


# Validate the front matter against FIELDS, reporting positions from the YAML loader.
def _parse_meta(front: str, path: str) -> DocumentMeta:
    located = load(front, path, first_line=2)
    if not isinstance(located.data, dict):
        raise SourceError(path, 2, 1, "front matter is not a mapping (expected 'field: value' lines)")
    values: dict[str, object] = {}
    for key, value in located.data.items():
        if key not in FIELDS:
            raise SourceError(path, *located.key_at((key,)), f"unknown field '{key}' (expected one of: {', '.join(FIELDS)})")
        values[key] = _convert(key, value, located, path)
    for key, (required, description) in FIELDS.items():
        if required and key not in values:
            raise SourceError(path, 1, 1, f"missing field '{key}' (expected {description})")
    values["id"] = values.pop("document")
    values["language"] = values["original_language"]
    return DocumentMeta(**values)


def _convert(key: str, value: object, located: Located, path: str):
    line, col = located.at((key,))
    if isinstance(value, str) and value.startswith("TODO:"):
        # A placeholder written by `policy-portal import` (importer.py) that nobody has filled in.
        raise SourceError(path, line, col, f"field '{key}' is still the import placeholder {value!r} (expected {FIELDS[key][1]})")
    if key in ("date", "published", "revised"):
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise SourceError(path, line, col, f"field '{key}' is {value!r} (expected {FIELDS[key][1]})")
        return value
    if key == "editorial_notes":
        if not isinstance(value, list):
            raise SourceError(path, line, col, f"field 'editorial_notes' is not a list (expected {FIELDS[key][1]})")
        notes = []
        for index, item in enumerate(value):
            item_line, item_col = located.at((key, index))
            if not isinstance(item, dict) or set(item) != {"where", "what"}:
                raise SourceError(path, item_line, item_col, f"malformed editorial note (expected {FIELDS[key][1]})")
            notes.append(EditorialNote(str(item["where"]), str(item["what"]), item_line, item_col))
        return tuple(notes)
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise SourceError(path, line, col, f"field '{key}' is {type(value).__name__} (expected {FIELDS[key][1]})")
    value = str(value)
    if key == "document" and not re.match(r"^[a-z][a-z0-9-]*$", value):
        raise SourceError(path, line, col, f"field 'document' is {value!r} (expected {FIELDS[key][1]})")
    if key == "original_language" and value not in LANGUAGES:
        raise SourceError(path, line, col, f"field 'original_language' is {value!r} (expected {FIELDS[key][1]})")
    if key == "document_status" and value not in STATUSES:
        raise SourceError(path, line, col, f"field 'document_status' is {value!r} (expected {FIELDS[key][1]})")
    if key == "audience" and value not in AUDIENCES:
        raise SourceError(path, line, col, f"field 'audience' is {value!r} (expected {FIELDS[key][1]})")
    return value
