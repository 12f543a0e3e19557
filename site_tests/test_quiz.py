"""Unit tests of question banks: loading, validation messages, the model (no MkDocs)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from policy_portal.documents import parse_document
from policy_portal.errors import SourceError
from policy_portal.quiz import SCHEMA, load_bank

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def documents():
    source = (FIXTURES / "documents" / "valid.md").read_text(encoding="utf-8")
    return {"sample": parse_document(source, "valid.md")}


def _load(name, documents):
    path = FIXTURES / "banks" / name
    return load_bank(path.read_text(encoding="utf-8"), f"fixtures/banks/{name}", documents)


def test_valid_bank_becomes_a_model(documents):
    bank = _load("valid.yaml", documents)
    assert (bank.id, bank.document, bank.version, bank.pass_mark, bank.draw_count) == ("sample", "sample", "1", 75, 3)
    assert bank.quotas == {"rules": 1}
    assert [q.id for q in bank.questions] == ["q1", "q2", "q3", "q4"]
    assert [q.multiple for q in bank.questions] == [False, True, False, False]
    true_false = bank.questions[2]
    assert [(o.id, o.text) for o in true_false.options] == [("true", "Верно"), ("false", "Неверно")]
    assert true_false.correct == ("true",)
    assert bank.questions[3].situation == "Коллега просит копию чужого личного дела."
    assert bank.cited() == {"p1": ["q1", "q4"], "p1-1": ["q2", "q4"], "s1": ["q3"]}


def test_pass_mark_defaults_to_80(documents):
    text = (FIXTURES / "banks" / "valid.yaml").read_text(encoding="utf-8").replace("pass_mark: 75\n", "")
    assert load_bank(text, "b.yaml", documents).pass_mark == 80


@pytest.mark.parametrize(("name", "message"), [
    ("yaml-syntax.yaml", "4:9: YAML syntax error: expected ',' or ']', but got ':'"),
    ("unknown-field.yaml", "18:5: questions[0].hint: unknown field 'hint' (expected one of: id, type, topic, situation, choice, prompt, options, correct, explanation, cites)"),
    ("missing-field.yaml", "38:5: questions[2]: missing field 'explanation' (expected an explanation that quotes or paraphrases the cited clause)"),
    ("wrong-type.yaml", "8:10: draw.count: 'три' is text (expected a whole number)"),
    ("duplicate-question-id.yaml", "27:9: questions[1].id: duplicate question id 'q1' (first on line 15; expected unique ids)"),
    ("duplicate-option-id.yaml", "34:14: questions[1].options[2].id: duplicate option id 'b' (expected unique option ids in a question)"),
    ("correct-not-option.yaml", "35:18: questions[1].correct[1]: 'e' is not an option (expected one of: a, b, c)"),
    ("single-two-correct.yaml", "24:14: questions[0].correct: a single-choice question with 2 correct answers (expected exactly 1)"),
    ("multiple-one-option.yaml", "32:7: questions[1].options: a multiple-choice question with 1 option (expected at least 2)"),
    ("unknown-citation.yaml", "37:13: questions[1].cites[0]: no clause 'p1-9' in document 'sample' (expected an anchor such as p1)"),
    ("draw-too-large.yaml", "8:10: draw.count: draws 5 questions from a bank of 4 (expected at most 4)"),
    ("pass-mark.yaml", "6:12: pass_mark: 150 is outside 1–100 (expected a percentage from 1 to 100)"),
    ("duplicate-key.yaml", "6:1: version: duplicate key 'version' (expected each key once)"),
    ("unknown-topic.yaml", "40:12: questions[2].topic: unknown topic 'gifts' (expected one of: rules, cases)"),
    ("quota-too-large.yaml", "10:12: draw.quotas.rules: asks for 3 questions of topic 'rules', which has 2 (expected at most 2)"),
    ("true-false-options.yaml", "42:5: questions[2].options: a true_false question has no options (expected only 'correct: true' or 'correct: false')"),
    ("situation-not-scenario.yaml", "18:5: questions[0].situation: 'situation' is only for scenario questions (expected type: scenario)"),
    ("unknown-document.yaml", "4:11: document: no document 'policy' (expected one of: sample)"),
])
def test_bad_bank_stops_with_one_exact_line(documents, name, message):
    with pytest.raises(SourceError) as error:
        _load(name, documents)
    assert str(error.value) == f"fixtures/banks/{name}:{message}"


def test_every_bad_fixture_has_a_case():
    tested = {name for name, _ in test_bad_bank_stops_with_one_exact_line.pytestmark[0].args[1]}
    assert tested == {p.name for p in (FIXTURES / "banks").glob("*.yaml")} - {"valid.yaml"}


@pytest.mark.parametrize("path", sorted((ROOT / "quizzes").glob("*.yaml")), ids=lambda p: p.name)
def test_real_banks_reference_the_schema_and_pass_it(path):
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../hooks/policy_portal/schemas/bank.schema.json"
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(yaml.safe_load(text))
