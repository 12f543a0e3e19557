"""Unit tests of the clause registry format and hashing."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from policy_portal import registry
from policy_portal.documents import parse_document

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def test_normalise_folds_white_space_and_unicode_forms():
    decomposed = "и\u0306"  # и + combining breve, NFC gives й
    assert registry.normalise(f"  мой\n\t{decomposed}  текст ") == "мой й текст"


def test_hash_is_sha256_of_the_normalised_utf8_text():
    expected = hashlib.sha256("пункт 14".encode("utf-8")).hexdigest()
    assert registry.text_sha256(" пункт\n14 ") == expected


def test_document_entries_list_every_anchor_with_parent_url_and_hash():
    document = parse_document((FIXTURES / "valid.md").read_text(encoding="utf-8"), "valid.md")
    entries = registry.document_entries(document, "sample/")
    assert [(c["anchor"], c["number"], c["kind"], c["parent"], c["url"]) for c in entries["clauses"]] == [
        ("s1", "", "heading", None, "sample/#s1"),
        ("p1", "1.", "clause", "s1", "sample/#p1"),
        ("p1-1", "1)", "subitem", "p1", "sample/#p1-1"),
    ]
    p1 = entries["clauses"][1]
    assert p1["text"] == "Пункт <script>alert(1)</script> важно.\n1) подпункт;"
    assert p1["sha256"] == registry.text_sha256(p1["text"])
    assert (entries["id"], entries["title"], entries["short_title"], entries["date"]) == (
        "sample", "Образец политики", "Образец", "2022-06-21")


def test_registry_is_versioned_and_sorted():
    built = registry.build_registry([{"id": "b"}, {"id": "a"}], "ru")
    assert built["format"] == "policy-portal/clause-registry"
    assert built["version"] == 1
    assert built["language"] == "ru"
    assert [d["id"] for d in built["documents"]] == ["a", "b"]


def test_registry_is_written_as_the_json_of_its_data_one_document_at_a_time():
    documents = [{"id": "a", "title": "Политика «А»", "clauses": [{"anchor": "p1", "text": "1) \"текст\"\n"}]}, {"id": "b"}]
    expected = {"format": "policy-portal/clause-registry", "version": 1, "language": "ru", "documents": documents}
    made: list[str] = []

    def lazily():
        for document in documents:
            made.append(document["id"])
            yield document

    buffer = io.StringIO()
    registry.write(buffer, registry.build_registry(lazily(), "ru"))
    assert made == ["a", "b"] and json.loads(buffer.getvalue()) == expected
    assert buffer.getvalue().endswith("}\n") and "Политика «А»" in buffer.getvalue()
    assert json.loads(registry.dumps(registry.build_registry(list(reversed(documents)), "ru"))) == expected
