"""Unit tests of quiz page data, coverage and receipts (no MkDocs)."""

from __future__ import annotations

import json
from pathlib import Path


import pytest

from policy_portal import templates
from policy_portal import receipt
from policy_portal.documents import parse_document
from policy_portal.legal_text import full_text
from policy_portal.quiz import load_bank
from policy_portal.quiz_page import coverage, json_for_html, quiz_data, render_quiz
from policy_portal.registry import text_sha256

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def document():
    return parse_document((FIXTURES / "documents" / "valid.md").read_text(encoding="utf-8"), "valid.md")


@pytest.fixture(scope="module")
def bank(document):
    text = (FIXTURES / "banks" / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("prompt: Что запрещено?", "prompt: \"Что <script>alert(1)</script> & <img src=x onerror=alert(2)>?\"")
    return load_bank(text, "valid.yaml", {"sample": document})


def test_quiz_data_carries_answers_links_and_clause_hashes(bank, document):
    data = quiz_data(bank, document, lambda anchor: f"../../sample/#{anchor}")
    assert data["bank"] == {"id": "sample", "title": "Образец обучения", "version": "1", "passMark": 75,
                            "drawCount": 3, "quotas": {"rules": 1}, "topics": {"rules": "Правила", "cases": "Случаи"},
                            "failedTestReview": "mistakes"}
    assert data["document"] == {"id": "sample", "title": "Образец политики", "shortTitle": "Образец",
                                "number": "1", "date": "2022-06-21", "issuer": "Организация"}
    q4 = data["questions"][3]
    assert (q4["type"], q4["multiple"], q4["correct"]) == ("scenario", False, ["a"])
    assert q4["cites"][1] == {"anchor": "p1-1", "citation": "п. 1, пп. 1)", "href": "../../sample/#p1-1",
                              "sha256": text_sha256(full_text(document.find("p1-1")))}
    assert data["questions"][2]["options"] == [{"id": "true", "text": "Верно"}, {"id": "false", "text": "Неверно"}]


def test_json_for_html_cannot_close_the_script_element():
    text = str(json_for_html({"a": "</script><b>&"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&"}


def test_rendered_quiz_escapes_text_from_yaml(bank, document):
    env = templates.environment()
    html = render_quiz(bank, quiz_data(bank, document, lambda a: "#" + a), env, "ru")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "Что &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;?" in html
    assert html.count('<fieldset class="quiz__question">') == 1  # one template, filled by quiz.js
    assert "Для прохождения теста нужен JavaScript" in html


def test_coverage_counts_questions_per_clause_including_sub_items(bank, document):
    assert [(row.anchor, row.citation, row.questions) for row in coverage(bank, document)] == [
        ("p1", "п. 1", ("q1", "q4", "q2")),
    ]


def test_receipt_digest_is_sha256_of_canonical_json_and_detects_changes():
    sealed = receipt.seal({"b": 1, "a": {"ё": "текст", "list": [2, 1]}})
    assert receipt.canonical_json({"b": 1, "a": {"ё": "x"}}) == '{"a":{"ё":"x"},"b":1}'
    assert sealed["digest"]["algorithm"] == "sha256"
    assert receipt.verify(sealed)
    tampered = json.loads(json.dumps(sealed))
    tampered["a"]["list"][0] = 3
    assert not receipt.verify(tampered)
