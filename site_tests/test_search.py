"""Search: word forms per language (Python and the browser agree), clause entries, the cases, language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import snowballstemmer

from conftest import DOCUMENT_SOURCES, ROOT, search_indexes
from policy_portal.documents import parse_document
from policy_portal.search import clause_entries, forms, kazakh_stem, word_form, words
from search_harness import case_url, language_url, load_cases, matches, search

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
CASES = load_cases()
TRANSLATIONS = {"kk", "en"}
# Words the documents do not contain, to exercise more of the stemmer's rules.
EXTRA_WORDS = ("взятка подарок подарков партия отказался принять ознакомить биометрия "
               "блокировка уволенных хранить передать красивейший длинный учёт ёлка "
               "сделавшись прочитав читающий обязавшийся конец конца отец").split()
# English words that exercise Snowball English's exceptions and special cases.
EXTRA_ENGLISH = ("skis skies dying lying tying idly gently ugly early only singly sky news howe atlas "
                 "cosmos bias andes inning innings outing outings canning cannings herring herrings "
                 "earring earrings proceed proceeds proceeded proceeding exceed succeed generate "
                 "generously communism arsenal past universe universal later emergency organ organise "
                 "yellow toy cry say dies ties cries guess gas gaps kiss succeeded ogist biologist "
                 "fluently hopefulness sensitiveness formalities controlling hopping filing").split()
# Endings of every step of Porter2, put on the stems of the English documents' words.
ENGLISH_ENDINGS = ("s es ed ing ly ness ment ation ational ize izing ization ful fulness ive iveness "
                   "ity able ible ance ence er or ist ism ous ousness al ally li ogist y ies ied eed "
                   "eedly ingly edly tional enci anci abli entli izer alism aliti iviti biliti fulli "
                   "lessli icate ative alize iciti ical ement ant ent ion ou ate iti").split()

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


def test_russian_is_the_default_language():
    text = "Подарки, подарок и 1424 PR"
    assert words(text) == words(text, "ru") and forms(text) == forms(text, "ru")
    assert [word_form(w) for w in words(text)] == [word_form(w, "ru") for w in words(text)]


# --- English: Snowball English (Porter2) ------------------------------------------------

@pytest.mark.parametrize("group", [
    ("gift", "gifts"), ("bribe", "bribes", "bribed"), ("report", "reported", "reporting", "reports"),
    ("employee", "employees"), ("process", "processed", "processing"), ("official", "officials"),
    ("compensate", "compensation", "compensating"),
])
def test_english_inflected_forms_share_one_word_form(group):
    assert len({word_form(word, "en") for word in group}) == 1, [word_form(word, "en") for word in group]


def test_english_forms_are_snowball_english_stems_of_latin_words_only():
    stemmer = snowballstemmer.stemmer("english")
    assert word_form("processing", "en") == stemmer.stemWord("processing") == "process"
    assert forms("Gifts of the RK, 1424 раза", "en") == "_gift _of _the _rk"


# --- Kazakh: the portal's suffix stripper ------------------------------------------------

@pytest.mark.parametrize("group", [
    ("деректер", "деректерді", "деректерінің", "деректермен"),  # plural, case, possessive
    ("саясат", "саясаты", "саясатының", "саясатына", "саясатқа"),
    ("заңнама", "заңнамасы", "заңнамасына", "заңнаманың"),  # -сы after a vowel
    ("құжат", "құжаттар", "құжаттарымен", "құжаттарында"),
    ("талап", "талабы", "талаптарына"),  # п voiced before a vowel
    ("бұйрық", "бұйрығымен", "бұйрығына"),
    ("федерация", "федерациясы", "федерациясындағы"),
    ("басшы", "басшыға", "басшысына", "басшылары"),
    ("қызметкер", "қызметкерлер", "қызметкерлеріне", "қызметкердің"),
    ("хабарлау", "хабарлауға"),  # the verbal noun and its cases
    ("қабылдау", "қабылдайды", "қабылдамау", "қабылдағанға"),  # verb forms, negation
    ("жыл", "жылғы", "жылдағы"),
])
def test_kazakh_inflected_forms_share_one_word_form(group):
    assert len({word_form(word, "kk") for word in group}) == 1, [word_form(word, "kk") for word in group]


@pytest.mark.parametrize("word", [
    "олар", "ісі", "аға", "ақы",  # fewer than three letters would stay
    "жемқорлық", "қызметкер", "заңсыз",  # derivational suffixes stay
    "адамдер", "адамтар",  # wrong vowel, wrong consonant: not a plural
    "кмк", "фз",  # no vowel
])
def test_kazakh_stem_keeps_short_words_derivations_and_non_endings(word):
    assert kazakh_stem(word) == word


def test_kazakh_words_keep_kazakh_letters_and_forms_are_marked():
    assert words("Қызметкерлердің 1424 ҚР-ға", "kk") == ["қызметкерлердің", "1424", "қр", "ға"]
    assert forms("Деректерді өңдеу, 152-ФЗ", "kk") == "_дерек _өңде _фз"


def test_a_language_without_forms_keeps_its_words_as_they_are():
    assert word_form("gifts", "de") == "gifts"
    assert forms("Gifts", "de") == ""


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


def test_clause_entries_use_the_languages_word_forms():
    source = (FIXTURES / "valid.md").read_text(encoding="utf-8")
    english = source.replace("1. Пункт <script>alert(1)</script> **важно**.", "1. Gifts are **reported**.")
    entries = clause_entries(parse_document(english, "valid.md"), "en/sample/", "en")
    assert {entry["lang"] for entry in entries} == {"en"}
    assert entries[1]["forms"] == "_gift _are _report"


def test_built_index_has_one_entry_per_anchor_of_each_document(staff_site, registry):
    indexes = search_indexes(staff_site)
    index = {"config": indexes["ru"]["config"], "docs": [entry for own in indexes.values() for entry in own["docs"]]}
    assert index["config"]["pipeline"] == []
    # Only lunr's Russian support: with more languages Material adds lunr's multi-language
    # trimmer, which changes the Russian ranking (i18n's `reconfigure_search: false`).
    assert index["config"]["lang"] == ["ru"]
    assert "forms" in index["config"]["fields"]
    assert {doc["lang"] for doc in index["docs"]} == {"ru"} | TRANSLATIONS
    # Every entry is tagged with the language of the edition it is in.
    for doc in index["docs"]:
        edition = doc["location"].split("/")[0]
        assert doc["lang"] == (edition if edition in TRANSLATIONS else "ru"), doc["location"]
    for language in ["ru", *sorted(TRANSLATIONS)]:
        clauses = registry if language == "ru" else json.loads(
            (staff_site / language / "clauses.json").read_text(encoding="utf-8"))
        for document in clauses["documents"]:
            locations = [d["location"] for d in index["docs"]
                         if d["location"].startswith(document["url"]) and d["lang"] == language]
            if language != "ru" and not locations:
                continue  # not translated yet: the edition shows the original, unindexed
            # The page's own entry first (Material's grouping needs it), then every anchor.
            assert locations == [document["url"]] + [c["url"] for c in document["clauses"]]


# --- The browser computes the same forms ---------------------------------------------

# Every word of a language's pages (its translations) and of the banks and forms.
def _edition_vocabulary(language: str) -> list[str]:
    sources = [*(ROOT / "docs").glob(f"**/*.{language}.md"), *(ROOT / "quizzes").glob("**/*.yaml")]
    # Attribute lists ({#p1 sha256=…}) are markup, not words.
    text = " ".join(re.sub(r"\{[#.][^}]*\}", " ", path.read_text(encoding="utf-8")) for path in sources)
    return sorted(set(words(text, language)))

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


def _english_vocabulary() -> list[str]:
    document_words = _edition_vocabulary("en")
    stems = {snowballstemmer.stemmer("english").stemWord(w) for w in document_words if re.fullmatch("[a-z]+", w)}
    synthetic = {stem + ending for stem in stems for ending in ENGLISH_ENDINGS}
    return sorted(set(document_words) | set(EXTRA_ENGLISH) | synthetic)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "kk"])
def test_browser_word_forms_equal_python_for_every_word_of_the_translations(page, staff_url, language):
    vocabulary = _english_vocabulary() if language == "en" else _edition_vocabulary("kk")
    page.goto(language_url(staff_url, language))
    browser = page.evaluate("""([words, language]) => words.map(
        w => PolicyPortal.searchForms.wordForm(w, language))""", [vocabulary, language])
    python = [word_form(w, language) for w in vocabulary]
    mismatches = [(w, p, b) for w, p, b in zip(vocabulary, python, browser) if p != b]
    # English: the documents' words and every Porter2 ending on their stems (tens of thousands).
    assert len(vocabulary) > (40_000 if language == "en" else 2_500)
    assert mismatches == []


# --- The cases, through the site's real search UI ---------------------------------------

def _case_param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case["known_miss"])] if "known_miss" in case else []
    language = case.get("language", "ru")
    return pytest.param(case, id=case["query"] if language == "ru" else f"{language}: {case['query']}", marks=marks)


@pytest.mark.browser
@pytest.mark.parametrize("case", [_case_param(case) for case in CASES])
def test_search_case_finds_the_clause_in_the_top_5(page, staff_url, case):
    # A Kazakh or English case searches that edition (/kk/, /en/); its hits are relative to it.
    hits = search(page, case_url(staff_url, case), case["query"])
    assert any(matches(case, hit) for hit in hits[:5]), hits[:5]


def test_there_are_enough_cases_of_every_kind():
    russian = [case for case in CASES if case.get("language", "ru") == "ru"]
    assert len(russian) >= 40
    assert {case["document"] for case in russian} == set(DOCUMENT_SOURCES)
    assert {"word", "phrase", "number", "prefix", "yo"} <= {case["kind"] for case in russian}
    for language in TRANSLATIONS:
        cases = [case for case in CASES if case.get("language") == language]
        assert len(cases) >= 15, language
        assert {"word", "phrase", "number", "prefix"} <= {case["kind"] for case in cases}


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

@pytest.mark.browser
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_results_are_in_the_readers_language_only(page, staff_url, language):
    # The hotline number is in p43 of every edition; each edition finds its own p43 only (a hit
    # in another edition would show its /<language>/ path).
    assert search(page, language_url(staff_url, language), "1424") == ["anti-corruption/#p43"]


def test_every_edition_states_its_language_where_the_bridge_reads_it(staff_site):
    # search-bridge.js keeps the entries whose lang is the page's <html lang>.
    for language in ["ru", *sorted(TRANSLATIONS)]:
        home = staff_site / ("" if language == "ru" else language) / "index.html"
        assert re.search(f'<html lang="{language}"', home.read_text(encoding="utf-8"))


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


@pytest.mark.browser
@pytest.mark.parametrize("path, query, language", [("anti-corruption/", "взятка", "ru"), ("kk/anti-corruption/", "пара", "kk"),
                                                   ("en/", "gift", "en")])
def test_the_index_of_the_pages_language_loads_when_search_is_first_used(page, staff_url, path, query, language):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(staff_url + path)
    page.wait_for_load_state("networkidle")
    # Nothing of the index before anyone searches.
    assert [url for url in requested if "search_index" in url] == []
    page.click("[data-md-component=search-query]")
    for character in query:
        page.keyboard.type(character)
        page.keyboard.press("Shift")  # Playwright types Cyrillic without key events (search_harness.py)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert [url.rsplit("/", 1)[1] for url in requested if "search_index" in url] == [f"search_index.{language}.json"]


def test_each_language_has_its_own_index_file(staff_site, offline_site):
    # Served over HTTP the browser loads only its language's file: Material's has no entries.
    served = json.loads((staff_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert served["docs"] == []
    # Offline, Material's file (inlined into search_index.js) has every language's entries.
    merged = json.loads((offline_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexes = search_indexes(staff_site)
    assert sorted(indexes) == ["en", "kk", "ru"]
    for language, own in indexes.items():
        assert own["config"] == merged["config"] == served["config"]
        # The same entries (offline addresses end in index.html).
        assert [(entry["title"], entry["text"]) for entry in own["docs"]] == [
            (entry["title"], entry["text"]) for entry in merged["docs"] if entry.get("lang") == language]
        assert own["docs"] and all(entry["lang"] == language for entry in own["docs"])
