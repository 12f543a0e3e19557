"""Unit tests of document pages: front matter validation and the whole parse (no MkDocs)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from policy_portal.documents import parse_document
from policy_portal.errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def _parse(name: str):
    path = FIXTURES / name
    return parse_document(path.read_text(encoding="utf-8"), f"fixtures/{name}")


def test_valid_document_has_metadata_and_blocks():
    document = _parse("valid.md")
    assert document.meta.id == "sample"
    assert document.meta.date == datetime.date(2022, 6, 21)
    assert document.meta.number == "1"
    assert [note.where for note in document.meta.editorial_notes] == ["p1"]
    assert [block.anchor for block in document.anchored()] == ["s1", "p1", "p1-1"]
    assert document.find("p1-1").citation == "п. 1, пп. 1)"


def test_body_line_numbers_count_the_front_matter():
    document = _parse("valid.md")
    assert document.find("p1").line == 19


@pytest.mark.parametrize(("name", "message"), [
    ("missing-field.md", "fixtures/missing-field.md:1:1: missing field 'issuer' (expected the body that issued the document)"),
    ("unknown-field.md", "fixtures/unknown-field.md:12:1: unknown field 'owner' (expected one of: document, title, official_title, issuer, doc_type, number, date, jurisdiction, original_language, audience, approval, source, document_status, published, revised, editorial_notes)"),
    ("bad-date.md", "fixtures/bad-date.md:8:7: field 'date' is '21.06.2022' (expected a date like 2022-06-21)"),
    ("bad-language.md", "fixtures/bad-language.md:10:20: field 'original_language' is 'russian' (expected one of ru, kk, en)"),
    ("yaml-syntax.md", "fixtures/yaml-syntax.md:4:15: YAML syntax error: expected ',' or ']', but got ':'"),
    ("note-unknown-anchor.md", "fixtures/note-unknown-anchor.md:13:5: editorial note about unknown anchor 'p99' (expected an anchor of this document)"),
    ("bad-note.md", "fixtures/bad-note.md:13:5: malformed editorial note (expected a list of {where, what} repairs)"),
    ("no-front-matter.md", "fixtures/no-front-matter.md:1:1: no front matter (expected '---' with the document's metadata)"),
])
def test_bad_front_matter_stops_with_one_exact_line(name, message):
    with pytest.raises(SourceError) as error:
        _parse(name)
    assert str(error.value) == message
