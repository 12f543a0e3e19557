"""Unit tests of the clause registry format and hashing."""

from __future__ import annotations

import hashlib
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


def test_registry_is_versioned_sorted_and_written_as_the_json_of_its_records(tmp_path):
    text = (FIXTURES / "valid.md").read_text(encoding="utf-8")
    first = parse_document(text, "valid.md")
    second = parse_document(text.replace("document: sample", "document: another", 1), "another.md")
    assert second.meta.id == "another"
    built = registry.build_registry([(first, "sample/"), (second, "another/")], "ru")
    assert (built["format"], built["version"], built["language"]) == ("policy-portal/clause-registry", 1, "ru")
    path = tmp_path / "clauses.json"
    path.write_text("the previous build's", encoding="utf-8")
    registry.write(path, built)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == {"format": "policy-portal/clause-registry", "version": 1, "language": "ru", "documents": [
        registry.document_entries(second, "another/"), registry.document_entries(first, "sample/")]}
    assert path.read_text(encoding="utf-8").endswith("}\n") and "Образец политики" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["clauses.json"]


def test_a_registry_that_fails_half_way_leaves_the_previous_file(tmp_path):
    path = tmp_path / "clauses.json"
    path.write_text("{}\n", encoding="utf-8")

    def failing():
        yield {"id": "a"}
        raise RuntimeError("a document failed")

    try:
        registry.write(path, {"format": "policy-portal/clause-registry", "documents": failing()})
    except RuntimeError:
        pass
    else:
        raise AssertionError("the failure was not raised")
    assert path.read_text(encoding="utf-8") == "{}\n" and [p.name for p in tmp_path.iterdir()] == ["clauses.json"]
