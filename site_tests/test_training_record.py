"""The record of bank versions (quizzes/history/) and the site's training.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_portal import training_record
from policy_portal.documents import parse_document
from policy_portal.errors import SourceError
from policy_portal.quiz import load_bank

FIXTURES = Path(__file__).parent / "fixtures"
BANK = (FIXTURES / "banks" / "valid.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def documents():
    source = (FIXTURES / "documents" / "valid.md").read_text(encoding="utf-8")
    return {"sample": parse_document(source, "valid.md")}


def _bank(text, documents):
    return load_bank(text, "quizzes/sample.yaml", documents)


def test_answer_key_holds_what_scoring_needs(documents):
    key = training_record.answer_key(_bank(BANK, documents))
    assert (key["pass_mark"], key["draw_count"], key["quotas"]) == (75, 3, {"rules": 1})
    assert key["questions"]["q2"] == {"type": "multiple", "topic": "rules", "options": ["a", "b", "c"], "correct": ["a", "b"]}
    assert key["questions"]["q3"] == {"type": "true_false", "topic": "cases", "options": ["true", "false"], "correct": ["true"]}


def test_a_new_version_is_recorded_and_an_old_one_kept(tmp_path, documents):
    history = tmp_path / "history"
    first = training_record.record_version(_bank(BANK, documents), history, BANK)
    assert list(first) == ["1"]
    written = (history / "sample.json").read_text(encoding="utf-8")
    assert json.loads(written) == {"bank": "sample", "versions": first}
    assert '"q1": {"correct": ["a"], "options": ["a", "b"], "topic": "rules", "type": "single"},' in written
    # The same version again: nothing changes on disk.
    assert training_record.record_version(_bank(BANK, documents), history, BANK) == first
    assert (history / "sample.json").read_text(encoding="utf-8") == written
    # A new version with another key is added beside the first.
    text = BANK.replace('version: "1"', 'version: "2"').replace("correct: [a, b]", "correct: [a, c]")
    both = training_record.record_version(_bank(text, documents), history, text)
    assert list(both) == ["1", "2"]
    assert both["1"]["questions"]["q2"]["correct"] == ["a", "b"] and both["2"]["questions"]["q2"]["correct"] == ["a", "c"]


def test_changing_answers_without_a_new_version_stops_the_build(tmp_path, documents):
    history = tmp_path / "history"
    training_record.record_version(_bank(BANK, documents), history, BANK)
    text = BANK.replace("correct: [a, b]", "correct: [a, c]")
    with pytest.raises(SourceError) as error:
        training_record.record_version(_bank(text, documents), history, text)
    assert str(error.value) == (
        "quizzes/sample.yaml:5:10: version: version '1' was recorded in history/sample.json with other questions or "
        "answers (q2) (expected a new version whenever questions or answers change; if '1' was never published, "
        "delete it from that file)")
    # Rewording a question without touching its answers keeps the version.
    reworded = BANK.replace("prompt: Что верно?", "prompt: Что из этого верно?")
    assert list(training_record.record_version(_bank(reworded, documents), history, reworded)) == ["1"]


def test_manifest_lists_every_version_and_the_forms_with_receipts(tmp_path, documents):
    bank = _bank(BANK, documents)
    versions = training_record.record_version(bank, tmp_path, BANK)

    class Form:
        def __init__(self, id, receipt):
            self.id, self.title, self.document, self.version, self.receipt = id, "Форма", "sample", "1", receipt

    manifest = training_record.manifest([(bank, versions)], [Form("ac-consent", True), Form("hr-duties", False)])
    assert manifest["format"] == "policy-portal/training"
    entry = manifest["banks"]["sample"]
    assert (entry["current"], entry["document"], list(entry["versions"])) == ("1", "sample", ["1"])
    assert entry["versions"]["1"]["questions"]["q4"]["cites"] == ["p1", "p1-1"]
    assert manifest["forms"] == {"ac-consent": {"title": "Форма", "document": "sample", "version": "1", "task": "consent"}}


@pytest.mark.parametrize(("content", "message"), [
    ('{\n<<<<<<< HEAD\n', "quizzes/history/sample.json:2:1: not valid JSON: Expecting property name enclosed in double quotes "
                         "(expected the file the build writes; resolve a merge conflict by keeping every version of both sides)"),
    ('{"bank": "sample"}', "quizzes/history/sample.json:1:1: malformed 'versions' (expected version -> pass_mark, "
                           "draw_count, quotas, questions)"),
    ('{"bank": "other", "versions": {}}', "quizzes/history/sample.json:1:1: not the history of bank 'sample' "
                                          '(expected "bank": "sample")'),
    ('[1, 2]', "quizzes/history/sample.json:1:1: not the history of bank 'sample' (expected \"bank\": \"sample\")"),
])
def test_a_broken_history_file_is_one_line(tmp_path, documents, content, message):
    history = tmp_path / "quizzes" / "history"
    history.mkdir(parents=True)
    (history / "sample.json").write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as error:
        training_record.record_version(_bank(BANK, documents), history, BANK)
    assert str(error.value) == message


def test_a_history_folder_that_cannot_be_written_is_one_line(tmp_path, documents):
    (tmp_path / "quizzes").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        training_record.record_version(_bank(BANK, documents), tmp_path / "quizzes" / "history", BANK)
    assert str(error.value).startswith("quizzes/history/sample.json:1:1: cannot record version '1' of bank 'sample': ")
    assert str(error.value).endswith(" (expected a writable quizzes/history/ folder)")
