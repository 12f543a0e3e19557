"""Search: word forms (Python and the browser agree), clause entries, the cases, language."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import snowballstemmer

from conftest import DOCUMENT_SOURCES, serve
from policy_portal.documents import parse_document
from policy_portal.search import clause_entries, forms, word_form, words
from search_harness import load_cases, matches, search

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
CASES = load_cases()
# Words the documents do not contain, to exercise more of the stemmer's rules.
EXTRA_WORDS = ("взятка подарок подарков партия отказался принять ознакомить биометрия "
               "блокировка уволенных хранить передать красивейший длинный учёт ёлка "
               "сделавшись прочитав читающий обязавшийся конец конца отец").split()


# --- Build-time word forms --------------------------------------------------------------

def test_words_fold_yo_and_split_codes():
    assert words("Учёт по 152-ФЗ, тел. «1424»") == ["учет", "по", "152", "фз", "тел", "1424"]


@pytest.mark.parametrize(("query", "text"), [
    ("взятка", "взятки"), ("подарок", "подарки"), ("подарок", "подарков"),
    ("политическая", "политических"), ("партия", "партий"), ("учёт", "учета"),
])
def test_inflected_forms_share_one_word_form(query, text):
    assert word_form(words(query)[0]) == word_form(words(text)[0])


def test_numbers_and_latin_keep_their_form():
    assert [word_form(w) for w in ("1424", "152", "pr")] == ["1424", "152", "pr"]


def test_forms_field_is_marked_distinct_and_cyrillic_only():
    assert forms("Подарки, подарок и 1424 PR") == "_подарк _и"


def test_clause_entries_carry_location_title_escaped_text_language_and_context():
    document = parse_document((FIXTURES / "valid.md").read_text(encoding="utf-8"), "valid.md")
    entries = clause_entries(document, "sample/", "ru")
    assert [e["location"] for e in entries] == ["sample/#s1", "sample/#p1", "sample/#p1-1"]
    p1 = entries[1]
    assert p1["title"] == "Образец · п. 1 · Пункт &lt;script&gt;alert(1)&lt;/script&gt; важно."
    assert p1["text"] == "Пункт &lt;script&gt;alert(1)&lt;/script&gt; важно."
    assert p1["lang"] == "ru"
    # A sub-item is found by the words of the clause and heading it sits in.
    sub_forms = entries[2]["forms"].split()
    assert {"_подпункт", "_пункт", "_важн", "_раздел"} <= set(sub_forms)


def test_built_index_has_one_entry_per_anchor_of_each_document(staff_site, registry):
    index = json.loads((staff_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["pipeline"] == []
    assert "forms" in index["config"]["fields"]
    assert {doc["lang"] for doc in index["docs"]} == {"ru"}
    for document in registry["documents"]:
        locations = [d["location"] for d in index["docs"] if d["location"].startswith(document["url"])]
        # The page's own entry first (Material's grouping needs it), then every anchor.
        assert locations == [document["url"]] + [c["url"] for c in document["clauses"]]


# --- The browser computes the same forms ---------------------------------------------

def test_browser_word_forms_equal_python_for_every_word_of_both_documents(page, staff_url):
    vocabulary = sorted({w for path in DOCUMENT_SOURCES.values() for w in words(path.read_text(encoding="utf-8"))}
                        | set(words(" ".join(EXTRA_WORDS))))
    page.goto(staff_url)
    browser = page.evaluate("""words => words.map(w => [
        PolicyPortal.searchForms.stem(w), PolicyPortal.searchForms.wordForm(w)])""", vocabulary)
    stemmer = snowballstemmer.stemmer("russian")
    python = [[stemmer.stemWord(w), word_form(w)] for w in vocabulary]
    mismatches = [(w, p, b) for w, p, b in zip(vocabulary, python, browser) if p != b]
    assert len(vocabulary) > 1500
    assert mismatches == []


# --- The cases, through the site's real search UI ---------------------------------------

def _case_param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case["known_miss"])] if "known_miss" in case else []
    return pytest.param(case, id=case["query"], marks=marks)


@pytest.mark.browser
@pytest.mark.parametrize("case", [_case_param(case) for case in CASES])
def test_search_case_finds_the_clause_in_the_top_5(page, staff_url, case):
    hits = search(page, staff_url, case["query"])
    assert any(matches(case, hit) for hit in hits[:5]), hits[:5]


def test_there_are_enough_cases_of_every_kind():
    assert len(CASES) >= 40
    assert {case["document"] for case in CASES} == set(DOCUMENT_SOURCES)
    assert {"word", "phrase", "number", "prefix", "yo"} <= {case["kind"] for case in CASES}


@pytest.mark.browser
def test_results_are_listed_by_score_and_counted(page, staff_url):
    page.goto(staff_url + "?q=персональные данные")
    page.wait_for_selector(".md-search-result__item")
    scores = [float(s) for s in page.eval_on_selector_all(
        ".md-search-result__article", "els => els.map(e => e.dataset.mdScore)") if float(s) > 0]
    assert scores == sorted(scores, reverse=True) and len(scores) > 20
    # Every hit is shown, none folded away under "more on this page".
    assert page.locator(".md-search-result__more").count() == 0
    assert page.inner_text(".md-search-result__meta") == f"Найдено совпадений: {len(scores)}"


@pytest.mark.browser
def test_a_hit_opens_the_clause(page, staff_url):
    page.goto(staff_url + "?q=гостеприимство")
    page.locator(".md-search-result__item a[href*='#p14-7']").first.click()
    page.wait_for_load_state("load")
    assert page.evaluate("location.pathname + location.hash") == "/anti-corruption/#p14-7"
    assert page.evaluate("document.querySelector(':target')?.id") == "p14-7"


# --- Only the reader's language -------------------------------------------------------

def _site_with_kazakh_entry(staff_site: Path, tmp_path: Path, html_lang: str) -> Path:
    site = tmp_path / f"site-{html_lang}"
    shutil.copytree(staff_site, site)
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"].append({"location": "kk/anti-corruption/", "lang": "kk", "title": "Саясат", "text": ""})
    index["docs"].append({"location": "kk/anti-corruption/#p43", "lang": "kk", "forms": "",
                          "title": "Сыбайлас жемқорлыққа қарсы іс-қимыл саясаты · 43-тармақ",
                          "text": "Сыбайлас жемқорлыққа қарсы қызметтің 1424 нөмірі"})
    path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace('<html lang="ru"', f'<html lang="{html_lang}"', 1),
                    encoding="utf-8")
    return site


@pytest.mark.browser
@pytest.mark.parametrize(("html_lang", "expected"), [
    ("ru", ["anti-corruption/#p43"]),
    ("kk", ["kk/anti-corruption/#p43"]),
])
def test_results_are_in_the_readers_language_only(page, staff_site, tmp_path, html_lang, expected):
    server, url = serve(_site_with_kazakh_entry(staff_site, tmp_path, html_lang))
    try:
        assert search(page, url, "1424") == expected
    finally:
        server.shutdown()


def test_kazakh_fixture_really_uses_the_html_lang(staff_site):
    # The filter reads <html lang>: make sure the built page states it where the test edits it.
    assert re.search(r'<html lang="ru"', (staff_site / "index.html").read_text(encoding="utf-8"))


@pytest.mark.browser
def test_words_matched_by_their_form_are_marked_in_the_hits(page, staff_url):
    page.goto(staff_url + "?q=подарок")
    page.wait_for_selector(".md-search-result__item")
    marked = page.eval_on_selector_all(".md-search-result__article mark", "els => els.map(e => e.textContent.toLowerCase())")
    assert {"подарки", "подарков"} <= set(marked)


def test_form_highlighting_leaves_markup_and_marked_words_alone(page, staff_url):
    page.goto(staff_url)
    html = page.evaluate("""PolicyPortal.searchBridge.highlightForms(
        '<mark>подарки</mark> и <a title="подарки">подарков</a> дар', ['подарк'])""")
    assert html == '<mark>подарки</mark> и <a title="подарки"><mark>подарков</mark></a> дар'
