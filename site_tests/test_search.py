"""Search: word forms per language (Python and the browser agree), clause entries, the cases, language."""

from __future__ import annotations

import collections
import json
import re
from urllib.parse import urlencode
from pathlib import Path

import pytest
import snowballstemmer

from conftest import DOCUMENT_SOURCES, ROOT, search_indexes
from policy_portal.documents import parse_document
from policy_portal.search import clause_entries, forms, kazakh_stem, task_entry, word_form, words
from policy_portal.search import ref as search_ref
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


def test_forms_field_is_distinct_forms_with_numbers_and_codes_as_they_are():
    assert forms("Подарки, подарок и 1424 PR") == "подарк и 1424 pr"


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
    assert forms("Gifts of the RK, 1424 раза", "en") == "gift of the rk 1424 раза"


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


def test_kazakh_words_keep_kazakh_letters():
    assert words("Қызметкерлердің 1424 ҚР-ға", "kk") == ["қызметкерлердің", "1424", "қр", "ға"]
    assert forms("Деректерді өңдеу, 152-ФЗ", "kk") == "дерек өңде 152 фз"


def test_a_language_without_forms_keeps_its_words_as_they_are():
    assert word_form("gifts", "de") == "gifts"
    assert forms("Gifts", "de") == "gifts"


def test_clause_entries_carry_location_citation_escaped_text_language_and_context():
    document = parse_document((FIXTURES / "valid.md").read_text(encoding="utf-8"), "valid.md")
    entries = clause_entries(document, "sample/", "ru")
    assert [e["location"] for e in entries] == ["sample/#s1", "sample/#p1", "sample/#p1-1"]
    p1 = entries[1]
    # The citation alone: the browser shows a document's hits under its title, once.
    assert p1["title"] == "п. 1"
    assert p1["text"] == "Пункт &lt;script&gt;alert(1)&lt;/script&gt; важно."
    assert p1["lang"] == "ru"
    # Its own words' forms (not the citation's), and the heading it sits in, whose words the
    # browser lends it as its context.
    assert p1["forms"] == "пункт script alert 1 важн"
    assert p1["up"] == "s1"
    # A sub-item sits in its clause (and so in the heading).
    assert entries[2]["forms"] == "подпункт" and entries[2]["up"] == "p1"
    # The heading's own words include its title; it sits in nothing.
    assert entries[0]["forms"] == "1 раздел" and "up" not in entries[0]
    # No unanchored block in between: no context of their own.
    assert not any("context" in entry for entry in entries)


def test_clause_entries_carry_the_key_a_reference_reads():
    document = parse_document((FIXTURES / "valid.md").read_text(encoding="utf-8"), "valid.md")
    assert [e.get("ref") for e in clause_entries(document, "sample/", "ru")] == ["s1", "c1", "c1.1"]


@pytest.mark.parametrize(("anchor", "key"), [
    ("s7", "s7"), ("p14", "c14"), ("p14-3", "c14.3"), ("p16", "c16"), ("p16b", "c16"), ("app1", "a1"),
    ("app1-2", "a1.2"), ("app2", "a2"), ("app1-form", None), ("app2-d1", None), ("p11-1-para2", None),
])
def test_reference_keys_of_the_anti_corruption_policy(anchor, key):
    document = parse_document((ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8"), "anti-corruption.md")
    assert search_ref(document.find(anchor)) == key


@pytest.mark.parametrize(("anchor", "key"), [
    ("p15-zh", "c15.ж"), ("p15-a", "c15.а"), ("r1", "c1"), ("p1", "c1"), ("app1", "a1"), ("app2", "a2"),
    ("order", None), ("p6-para2", None),
])
def test_reference_keys_of_the_personal_data_regulation(anchor, key):
    document = parse_document((ROOT / "docs" / "personal-data.md").read_text(encoding="utf-8"), "personal-data.md")
    assert search_ref(document.find(anchor)) == key


def test_a_definition_gives_the_term_it_defines():
    document = parse_document((ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8"), "anti-corruption.md")
    entries = {entry["location"].split("#")[1]: entry for entry in clause_entries(document, "a/", "ru")}
    assert entries["p7-7"]["defines"] == "коррупц"
    assert entries["p7-6"]["defines"] == "конфликт интерес"
    # A clause that does not start with a term and a dash defines nothing.
    assert "defines" not in entries["p14"] and "defines" not in entries["p14-7"]


def test_a_task_entry_is_found_by_its_title_and_task():
    entry = task_entry("training/x/", "Тест по <Политике>", "Пройти тест.", "ru")
    assert entry == {"location": "training/x/", "title": "Тест по &lt;Политике&gt;", "text": "Пройти тест.",
                     "forms": "тест по политик пройт", "lang": "ru"}


def test_clause_entries_use_the_languages_word_forms():
    source = (FIXTURES / "valid.md").read_text(encoding="utf-8")
    english = source.replace("1. Пункт <script>alert(1)</script> **важно**.", "1. Gifts are **reported**.")
    entries = clause_entries(parse_document(english, "valid.md"), "en/sample/", "en")
    assert {entry["lang"] for entry in entries} == {"en"}
    assert entries[1]["forms"] == "gift are report"


def test_built_index_has_one_entry_per_anchor_of_each_document(staff_site, registry):
    indexes = search_indexes(staff_site)
    index = {"config": indexes["ru"]["config"], "docs": [entry for own in indexes.values() for entry in own["docs"]]}
    # The thesaurus goes to the browser with the configuration, every language's.
    assert sorted(index["config"]["thesaurus"]) == ["en", "kk", "ru"]
    assert index["config"]["thesaurus"]["ru"][0]["query"] and index["config"]["thesaurus"]["ru"][0]["text"]
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


def test_each_test_and_form_is_one_task_entry(staff_site):
    indexes = search_indexes(staff_site)
    for language, index in indexes.items():
        prefix = "" if language == "ru" else f"{language}/"
        tasks = [entry for entry in index["docs"] if entry["location"].startswith((prefix + "training/", prefix + "checklists/"))
                 and entry["location"].rstrip("/").rsplit("/", 1)[-1] not in ("training", "checklists", "coverage")
                 and "#" not in entry["location"]]
        pages = sorted(path.parent.relative_to(staff_site).as_posix() + "/" for folder in ("training", "checklists")
                       for path in (staff_site / prefix / folder).glob("*/index.html")
                       if path.parent.name != "coverage")
        assert sorted(entry["location"] for entry in tasks) == pages, language
        # None of their questions or fields: one entry per page, with its task.
        for entry in tasks:
            assert [e for e in index["docs"] if e["location"].startswith(entry["location"])] == [entry]
            assert entry["forms"] and entry["text"]
    ru = {entry["location"]: entry for entry in indexes["ru"]["docs"]}
    assert ru["training/anti-corruption/"]["text"].startswith("Пройти тест")
    assert ru["checklists/pd-consent/"]["text"].startswith("Заполнить форму")
    assert ru["checklists/pd-consent/"]["title"] == "Согласие на обработку персональных данных (приложение № 1)"


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
    assert {case["document"] for case in russian if "document" in case} == set(DOCUMENT_SOURCES)
    kinds = collections.Counter(case["kind"] for case in russian)
    assert {"word", "phrase", "number", "prefix", "yo"} <= set(kinds)
    # How staff really type (issue 12): references, their own words, typos, the wrong
    # layout, several words, tasks.
    assert all(kinds[kind] >= 8 for kind in ("reference", "synonym", "typo", "layout", "multiword", "task")), kinds
    for language in TRANSLATIONS:
        cases = [case for case in CASES if case.get("language") == language]
        assert len(cases) >= 15, language
        assert {"word", "phrase", "number", "prefix", "reference", "synonym", "task"} <= {case["kind"] for case in cases}


def test_every_case_names_what_it_expects():
    for case in CASES:
        if case["kind"] == "task":
            assert ("page" in case or "pages" in case) and "anchors" not in case, case
        else:
            assert case["document"] in DOCUMENT_SOURCES and case["anchors"], case


# --- Reading a query (search-engine.js) -------------------------------------------------

REFERENCES = [
    ("п. 14", "c14", ""), ("пункт 29", "c29", ""), ("п 15 ж", "c15.ж", ""), ("пп. 3 п. 14", "c14.3", ""),
    ("п. 14 пп. 3", "c14.3", ""), ("п.14.3", "c14.3", ""), ("подпункт ж пункта 15", "c15.ж", ""),
    ("п 15ж", "c15.ж", ""), ("п. 15(ж)", "c15.ж", ""), ("приложение 1", "a1", ""), ("Приложение № 2", "a2", ""),
    ("прил. 1 пп. 2", "a1.2", ""), ("раздел 7", "s7", ""), ("глава 7", "s7", ""), ("14-тармақ", "c14", ""),
    ("14-т.", "c14", ""), ("1-қосымша", "a1", ""), ("cl. 14", "c14", ""), ("clause 14(3)", "c14.3", ""),
    ("appendix 2", "a2", ""), ("п. 14 подарки", "c14", "подарки"),
    # Not references: a number alone, a letter without a number, words that start like markers.
    ("1424", None, "1424"), ("п", None, "п"), ("пункты политики", None, "пункты политики"),
    ("приложение", None, "приложение"),
]


@pytest.mark.parametrize(("query", "key", "rest"), REFERENCES)
def test_a_clause_reference_is_read_in_any_order_and_spacing(page, staff_url, query, key, rest):
    page.goto(staff_url)
    found = page.evaluate("q => PolicyPortal.searchEngine.parseReference(q)", query)
    assert found["key"] == key
    assert found["rest"] == rest


def test_the_latin_layout_is_read_as_russian_and_typos_are_counted(page, staff_url):
    page.goto(staff_url)
    assert page.evaluate("PolicyPortal.searchEngine.fromLatinLayout('rjyakbrn bynthtcjd')") == "конфликт интересов"
    distances = page.evaluate("""[['конфиденциальн', 'конфидециальн', 2], ['взятк', 'взятак', 1],
        ['ab', 'ba', 1], ['abcdef', 'uvwxyz', 2]].map(([a, b, limit]) => PolicyPortal.searchEngine.editDistance(a, b, limit))""")
    # A swap is one edit; past the limit the count stops at limit + 1.
    assert distances == [1, 1, 1, 3]


def _meta(page, staff_url, query):
    page.goto(staff_url + "?" + urlencode({"q": query}))
    page.wait_for_selector(".md-search-result__item")
    return page.inner_text(".md-search-result__meta")


@pytest.mark.browser
def test_a_reference_puts_the_clause_first_in_each_document(page, staff_url):
    assert search(page, staff_url, "п. 15")[:2] == ["anti-corruption/#p15", "personal-data/#p15"]
    assert search(page, staff_url, "пункт 16")[:2] == ["anti-corruption/#p16", "anti-corruption/#p16b"]
    assert search(page, staff_url, "пп. 7 п. 14 подарки")[0] == "anti-corruption/#p14-7"


@pytest.mark.browser
def test_entries_with_all_the_words_come_first_and_absent_words_are_said_once(page, staff_url):
    hits = search(page, staff_url, "антикоррупционная оговорка")
    assert page.inner_text(".md-search-result__meta") == f"Найдено совпадений: {len(hits)} · Отсутствует: оговорка"
    # No hit repeats it: Material's struck-through line is gone.
    assert page.locator(".md-search-result__terms").count() == 0
    # "подарки" alone ranks the Appendix 1 item first; with "гостеприимства", p14-7 has both.
    assert search(page, staff_url, "подарки")[0] == "anti-corruption/#app1-4"
    assert search(page, staff_url, "подарки гостеприимства")[0] == "anti-corruption/#p14-7"


@pytest.mark.browser
def test_a_query_in_the_latin_layout_is_searched_in_russian_and_says_so(page, staff_url):
    hits = search(page, staff_url, "rjyakbrn bynthtcjd")
    assert hits[0] == "anti-corruption/#p7-6"
    assert page.inner_text(".md-search-result__meta").endswith(" · раскладка исправлена: «конфликт интересов»")
    # English is searched as typed.
    assert search(page, language_url(staff_url, "en"), "rjyakbrn") == []


@pytest.mark.browser
def test_a_typo_matches_below_the_words_themselves(page, staff_url):
    assert "personal-data/#p2-d10" in search(page, staff_url, "конфидециальность")[:3]
    # A word of the text is matched as it is, not also as its neighbours within a typo.
    exact = search(page, staff_url, "взятки")
    assert exact[:3] == ["anti-corruption/#p12-6", "anti-corruption/#p14-2", "anti-corruption/#p14-1"]
    # Four letters are too few for a typo.
    assert search(page, staff_url, "взят") != [] and search(page, staff_url, "вщят") == []


@pytest.mark.browser
def test_results_are_grouped_once_per_page_under_its_title_with_citations(page, staff_url):
    _meta(page, staff_url, "персональные данные")
    groups = page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => ({
        page: new URL(item.querySelector('a').href).pathname,
        heading: item.querySelector('h1').textContent,
        titles: [...item.querySelectorAll('h2')].map(h => h.textContent)}))""")
    pages = [group["page"] for group in groups]
    assert len(pages) == len(set(pages)) and "/personal-data/" in pages
    data = next(group for group in groups if group["page"] == "/personal-data/")
    assert data["heading"] == "Защита персональных данных муниципальных служащих"
    # Each hit is its citation (or heading), never the document's name again.
    assert all(data["heading"] not in title for title in data["titles"])
    assert "п. 2, абзац 2" in data["titles"] or any(title.startswith("п. ") for title in data["titles"])


@pytest.mark.browser
def test_tests_and_forms_are_found_as_tasks(page, staff_url):
    assert search(page, staff_url, "тест")[:2] == ["training/anti-corruption/", "training/personal-data/"]
    assert search(page, staff_url, "согласие на обработку")[0] == "checklists/pd-consent/"
    assert "training/anti-corruption/" in search(page, staff_url, "квитанция")[:3]


@pytest.mark.browser
def test_enter_opens_the_first_hit(page, staff_url):
    first = search(page, staff_url, "пп. 7 п. 14")[0]
    page.focus("[data-md-component=search-query]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/anti-corruption/**")
    assert page.evaluate("location.pathname.slice(1) + location.hash") == first == "anti-corruption/#p14-7"


@pytest.mark.browser
def test_lunr_is_never_loaded(page, staff_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    search(page, staff_url, "взятка")
    assert not [url for url in requested if "workers/search" in url or "/lunr/" in url]


@pytest.mark.browser
def test_results_are_listed_by_score_and_counted(page, staff_url):
    page.goto(staff_url + "?q=персональные данные")
    page.wait_for_selector(".md-search-result__item")
    groups = page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => [
        ...item.querySelectorAll('.md-search-result__article')].map(e => Number(e.dataset.mdScore)).filter(s => s > 0))""")
    # Hits in score order within each page's group; the groups in the order of their best hit.
    assert all(group == sorted(group, reverse=True) for group in groups)
    assert [group[0] for group in groups] == sorted((group[0] for group in groups), reverse=True)
    scores = [score for group in groups for score in group]
    assert len(scores) > 20
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
