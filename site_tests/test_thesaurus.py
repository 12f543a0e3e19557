"""The search thesaurus (quizzes/search/thesaurus.yaml): its checks, and that it means the text."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from policy_portal.errors import SourceError
from policy_portal.search import word_form, words
from policy_portal.thesaurus import PATH, load_thesaurus

THESAURUS = ROOT / PATH


def test_a_valid_thesaurus_loads_per_language():
    data = load_thesaurus("ru:\n  - query: [персданные, пдн]\n    text: [персональные данные]\nen:\n  - query: [pii]\n    text: [personal data]\n", "t.yaml")
    assert data == {"ru": [{"query": ["персданные", "пдн"], "text": ["персональные данные"]}],
                    "en": [{"query": ["pii"], "text": ["personal data"]}]}


@pytest.mark.parametrize(("text", "message"), [
    ("de:\n  - query: [a]\n    text: [b]\n", "t.yaml:1:1: de: unknown field 'de' (expected one of: ru, kk, en)"),
    ("ru:\n  - query: [мзда]\n", "t.yaml:2:5: ru[0]: missing field 'text' (expected words or phrases of the text they mean, such as [персональные данные])"),
    ("ru:\n  - query: []\n    text: [взятка]\n", "t.yaml:2:12: ru[0].query: is empty (expected at least 1)"),
    ("ru:\n  - query: [мзда]\n    text: ['']\n", "t.yaml:3:12: ru[0].text[0]: is empty (expected at least 1)"),
    ("ru:\n  - query: [мзда]\n    text: [' -- ']\n", "t.yaml:3:12: ru[0].text[0]: ' -- ' has no word (expected letters or digits)"),
    ("ru:\n  - query: [мзда]\n    text: [взятка]\n  - query: [откат, Мзда]\n    text: [вознаграждение]\n",
     "t.yaml:4:20: ru[1].query[1]: 'Мзда' is already a query of entry 1 (expected each query once per language)"),
    ("ru:\n  - query: [мзда]\n    text: [взятка]\n    see: [x]\n", "t.yaml:4:5: ru[0].see: unknown field 'see' (expected one of: query, text)"),
    ("ru: [мзда]\n", "t.yaml:1:6: ru[0]: 'мзда' is text (expected a mapping of fields)"),
])
def test_a_broken_thesaurus_is_one_line_where_and_what(text, message):
    with pytest.raises(SourceError) as error:
        load_thesaurus(text, "t.yaml")
    assert str(error.value) == message


def _texts(language: str) -> str:
    pages = ROOT.glob("docs/**/*.md")
    suffix = {"ru": None, "kk": ".kk", "en": ".en"}[language]
    chosen = [path for path in pages if (path.suffixes[:-1] == [suffix] if suffix else len(path.suffixes) == 1)]
    text = " ".join(re.sub(r"\{[#.][^}]*\}", " ", path.read_text(encoding="utf-8")) for path in chosen)
    # The titles of tests and forms in the language, as their task entries show them.
    for path in ROOT.glob("quizzes/**/*.yaml"):
        text += " " + path.read_text(encoding="utf-8")
    return text


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_every_word_the_thesaurus_means_is_in_the_editions_texts(language):
    thesaurus = load_thesaurus(THESAURUS.read_text(encoding="utf-8"), str(PATH))
    known = {word_form(word, language) for word in words(_texts(language), language)}
    absent = sorted({phrase for entry in thesaurus[language] for phrase in entry["text"]
                     if any(word_form(word, language) not in known for word in words(phrase, language))})
    assert absent == []


def test_the_thesaurus_is_built_from_many_readers_words():
    thesaurus = load_thesaurus(THESAURUS.read_text(encoding="utf-8"), str(PATH))
    counts = {language: sum(len(entry["query"]) for entry in entries) for language, entries in thesaurus.items()}
    assert counts["ru"] >= 150 and counts["kk"] >= 30 and counts["en"] >= 40, counts
