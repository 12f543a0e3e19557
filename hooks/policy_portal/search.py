"""Search entries that land on clauses, and the word forms they are matched by, per language.

The browser searches (``docs/assets/javascripts/search-engine.js``) by word forms, so that
``взятка`` finds "взятки". Each entry carries its forms: ``forms``, the form of every distinct
word of its own text (numbers and codes as they are), and ``context``, those of the lead-in and
headings it sits under. The browser applies the same function to the query
(``docs/assets/javascripts/search-forms.js``, tested against this module word for word):

* ``ru``: the Snowball Russian stem, ``ё`` read as ``е``, a fleeting vowel dropped (``подарок``
  and "подарки" both give ``подарк``);
* ``en``: the Snowball English (Porter2) stem (``gifts``, ``gift`` → ``gift``);
* ``kk``: Snowball has no Kazakh stemmer; ``kazakh_stem`` strips the commonest inflections
  (case, possession, plural, a few verb forms), checking vowel harmony and the consonant each
  ending must follow, and leaves a stem of at least ``KK_MIN_STEM`` letters
  (``деректерінің``, ``деректер`` → ``дерек``). Design and figures: BENCHMARKS.md, *Search*.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
from collections.abc import Mapping

import snowballstemmer

from .documents import Document
from .legal_text import KIND_CLAUSE, KIND_HEADING, KIND_SUBITEM, inline_text

FIELD = "forms"
CONTEXT = "context"
UP = "up"
DEFINES = "defines"

# Words: letters of the language's alphabet and digits (Latin letters in every language, for
# codes such as "PR"); hyphens and punctuation split.
_WORD_RES = {
    "ru": re.compile(r"[0-9a-zа-я]+"),
    "kk": re.compile(r"[0-9a-zа-яәғқңөұүһі]+"),
    "en": re.compile(r"[0-9a-zа-я]+"),
}
# Words that have a form: those with a letter of the language (numbers and codes keep theirs).
_LETTER_RES = {
    "ru": re.compile(r"[а-я]"),
    "kk": re.compile(r"[а-яәғқңөұүһі]"),
    "en": re.compile(r"[a-z]"),
}
# A fleeting о/е before a final к or ц after a consonant: подарок/подарка, конец/конца.
_FLEETING_RE = re.compile(r"^(.{2,}[бвгджзклмнпрстфхцчшщ])[ое]([кц])$")
_STEMMERS = {"ru": snowballstemmer.stemmer("russian"), "en": snowballstemmer.stemmer("english")}


def words(text: str, language: str = "ru") -> list[str]:
    """Lower-case words and numbers, ``ё`` read as ``е``; hyphens and punctuation split.

    A language without word forms (not in ``LANGUAGES``) is read as Russian text whose words
    are their own forms, here and in the browser.
    """
    return _WORD_RES.get(language, _WORD_RES["ru"]).findall(text.lower().replace("ё", "е"))


# The same few thousand words come back in every entry, page and language pass (300,000 calls
# at 50 documents): each form is computed once per process.
@functools.lru_cache(maxsize=1 << 16)
def word_form(word: str, language: str = "ru") -> str:
    """The form a word (from ``words``) is indexed and queried by in the given language."""
    if language not in _LETTER_RES or not _LETTER_RES[language].search(word):
        return word
    if language == "ru":
        return _FLEETING_RE.sub(r"\1\2", _STEMMERS["ru"].stemWord(word))
    if language == "en":
        return _STEMMERS["en"].stemWord(word)
    return kazakh_stem(word)


def forms(text: str, language: str = "ru") -> str:
    """The ``forms`` field of an entry: the form of each distinct word of the language once."""
    return " ".join(_distinct_forms(text, language))


def _distinct_forms(text: str, language: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word_form(word, language) for word in words(text, language)))


# --- Kazakh -------------------------------------------------------------------------------
# A conservative suffix stripper. Endings are removed right to left in the order Kazakh puts
# them on a word: a case ending (or a finite verb ending), a possessive, a plural, a verbal
# noun or participle with its negation. An ending is removed only if
# * the letter before it is one it follows (plural -лар after a vowel, р, й, у; -дар after
#   л, м, н, ң, ж, з; -тар after a voiceless consonant; likewise every other ending),
# * its vowel agrees with the last vowel of what stays (vowel harmony), and
# * at least KK_MIN_STEM letters stay, a vowel among them.
# Derivational suffixes (-лық, -шы, -кер, -лы, -сыз, passive -л/-н, causative -т/-дыр) are
# never removed: they make other words. A stem ending in ы/і after a consonant loses it
# (басшы, басшысы, басшылары → басш), and a final б, г, ғ becomes п, к, қ (талап, талабы →
# талап). docs/assets/javascripts/search-forms.js implements the same function, and
# BENCHMARKS.md (*Search*) measures it.

KK_MIN_STEM = 3
_KK_BACK = "аоұыяё"
_KK_FRONT = "әеөүіэ"
# у is a glide before endings (болу-ы, болу-ды), so it is a consonant here; и goes either way.
_KK_VOWELS = "аәеёиоөұүыіэюя"
_KK_VOICED = "лмнңжзрйуи"
_KK_VOICELESS = "кқпстфхцчшщбвгд"
_KK_CONSONANTS = "бвгдғжзйклмнңпрстуфхцчшщ"
# The letters an ending may follow ("V": any vowel but у).
_KK_AFTER = {
    "plural_л": "Vрйуи", "plural_д": "лмнңжзи", "plural_т": _KK_VOICELESS,
    "acc_н": "V", "acc_д": _KK_VOICED, "acc_т": _KK_VOICELESS,
    "gen_н": "Vмнң", "gen_д": "лжзрйуи", "gen_т": _KK_VOICELESS,
    "loc_д": "V" + _KK_VOICED + "бвгд", "loc_т": _KK_VOICELESS,
    "dat_ғ": "V" + _KK_VOICED + "бвгд", "dat_қ": _KK_VOICELESS,
    "abl_д": "Vлжзрйуибвгд", "abl_н": "мнң", "abl_т": _KK_VOICELESS,
    "ins_м": "Vлмнңрйуи", "ins_б": "жз", "ins_п": _KK_VOICELESS,
    # the attribute of time and place -ғы/-қы: жыл-ғы, негіз-гі, сырт-қы
    "attr_ғ": _KK_VOICED, "attr_қ": _KK_VOICELESS,
    # the 3rd person possessive -ы after a consonant, -сы after a vowel
    "poss_ы": _KK_CONSONANTS, "poss_с": "V",
    # participle -ған/-қан, present tense -ады after a consonant, -йды/-йтын after a vowel
    "part_ғ": "V" + _KK_VOICED, "part_қ": _KK_VOICELESS, "pres_а": _KK_CONSONANTS, "pres_й": "V",
    "neg_м": "Vлрйуи", "neg_б": "мнңжз", "neg_п": _KK_VOICELESS,
}


# Each ending with its rule: the entry of _KK_AFTER that says which letters it may follow.
def _kk(rule: str, *endings: str) -> list[tuple[str, str]]:
    return [(ending, rule) for ending in endings]


_KK_POSSESSIVE_3 = _kk("poss_ы", "ы", "і") + _kk("poss_с", "сы", "сі")
# 1st and 2nd person possessives, removed only right after a plural (деректерімді).
_KK_POSSESSIVE_12 = ("ыңыз", "іңіз", "ымыз", "іміз", "ым", "ім", "ың", "ің")
_KK_PLURALS = ("лар", "лер", "дар", "дер", "тар", "тер")
_KK_PLURAL = _kk("plural_л", "лар", "лер") + _kk("plural_д", "дар", "дер") + _kk("plural_т", "тар", "тер")
_KK_CASES = (
    _kk("acc_н", "ны", "ні") + _kk("acc_д", "ды", "ді") + _kk("acc_т", "ты", "ті")
    + _kk("gen_н", "ның", "нің") + _kk("gen_д", "дың", "дің") + _kk("gen_т", "тың", "тің")
    + _kk("loc_д", "да", "де", "дағы", "дегі") + _kk("loc_т", "та", "те", "тағы", "тегі")
    + _kk("dat_ғ", "ға", "ге") + _kk("dat_қ", "қа", "ке")
    + _kk("abl_д", "дан", "ден") + _kk("abl_н", "нан", "нен") + _kk("abl_т", "тан", "тен")
    + _kk("ins_м", "мен") + _kk("ins_б", "бен") + _kk("ins_п", "пен")
    + _kk("attr_ғ", "ғы", "гі") + _kk("attr_қ", "қы", "кі")
)
# A case after the 3rd person possessive, which then takes -н-: -ын, -ында, -ына, -ынан, -ындағы.
_KK_POSSESSED = (
    _kk("poss_ы", "ын", "ін", "ында", "інде", "ына", "іне", "ынан", "інен", "ындағы", "індегі")
    + _kk("poss_с", "сын", "сін", "сында", "сінде", "сына", "сіне", "сынан", "сінен", "сындағы", "сіндегі")
)
# Verb endings that end a word: present tense (-ады; -йды, -йтын after a vowel) and a participle
# with the possessive (-ғаны: "that it was done"). Not -атын after a consonant: саясат-ын.
_KK_FINITE = (_kk("pres_а", "ады", "еді") + _kk("pres_й", "йды", "йді", "йтын", "йтін")
              + _kk("part_ғ", "ғаны", "гені") + _kk("part_қ", "қаны", "кені"))
# What stays of a verb under a case ending: the verbal noun -у (the dictionary form) and the
# past participle.
_KK_VERBAL = _kk("", "у") + _kk("part_ғ", "ған", "ген") + _kk("part_қ", "қан", "кен")
_KK_FINITE_ENDINGS = {ending for ending, _ in _KK_FINITE}
_KK_POSSESSED_ENDINGS = {ending for ending, _ in _KK_POSSESSED}
_KK_NEGATION = _kk("neg_м", "ма", "ме") + _kk("neg_б", "ба", "бе") + _kk("neg_п", "па", "пе")
_KK_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}


def kazakh_stem(word: str) -> str:
    """The stem of a lower-case Kazakh word: inflections removed as described above."""
    stem, ending = _kk_remove(word, _KK_CASES + _KK_POSSESSED + _KK_FINITE)
    if ending in _KK_FINITE_ENDINGS:
        stem, _ = _kk_remove(stem, _KK_NEGATION)
    else:
        if ending not in _KK_POSSESSED_ENDINGS:
            stem, ending = _kk_remove(stem, _KK_POSSESSIVE_3)
            if not ending:
                stem = _kk_remove_after_plural(stem)
        stem, _ = _kk_remove(stem, _KK_PLURAL)
        stem, ending = _kk_remove(stem, _KK_VERBAL)
        if ending:
            stem, _ = _kk_remove(stem, _KK_NEGATION)
        stem, _ = _kk_remove(stem, _KK_POSSESSIVE_3[:2])
    if len(stem) >= KK_MIN_STEM and stem[-1] in _KK_DEVOICE and _kk_has_vowel(stem):
        stem = stem[:-1] + _KK_DEVOICE[stem[-1]]
    return stem


# Remove the longest of the endings that may be removed: (what stays, the ending removed).
def _kk_remove(word: str, endings: list[tuple[str, str]]) -> tuple[str, str]:
    best = (word, "")
    for ending, rule in endings:
        stem = word[:-len(ending)]
        if len(ending) > len(best[1]) and word.endswith(ending) and _kk_may_remove(stem, ending, rule):
            best = (stem, ending)
    return best


def _kk_may_remove(stem: str, ending: str, rule: str) -> bool:
    if len(stem) < KK_MIN_STEM or not _kk_has_vowel(stem):
        return False
    if rule:
        allowed = _KK_AFTER[rule]
        last = stem[-1]
        if not (last in allowed or ("V" in allowed and last in _KK_VOWELS)):
            return False
    return _kk_harmonises(stem, ending)


def _kk_has_vowel(stem: str) -> bool:
    return any(ch in _KK_VOWELS or ch == "у" for ch in stem)


# An ending's vowel agrees with the last vowel of the stem. у is passed over (a glide); и and
# ю, common in Russian loanwords, go with either; so does the instrumental -мен.
def _kk_harmonises(stem: str, ending: str) -> bool:
    own = next((ch for ch in ending if ch in _KK_BACK or ch in _KK_FRONT), None)
    if own is None or ending in {"мен", "бен", "пен"}:
        return True
    last = next((ch for ch in reversed(stem) if ch in _KK_BACK or ch in _KK_FRONT or ch in "ию"), None)
    return last is None or last in "ию" or (own in _KK_BACK) == (last in _KK_BACK)


def _kk_remove_after_plural(word: str) -> str:
    for ending in _KK_POSSESSIVE_12:
        stem = word[:-len(ending)]
        if word.endswith(ending) and stem.endswith(_KK_PLURALS) and _kk_harmonises(stem, ending):
            return stem
    return word


def clause_entries(document: Document, url: str, language: str, text_language: str | None = None) -> list[dict]:
    """One search entry per anchored block, in document order.

    A clause or sub-item entry holds its own text (its sub-items have entries of their own);
    a heading entry holds the heading and the unanchored paragraphs right under it (the text
    of a form, say). Its title is the citation alone («п. 14, пп. 3)»): the browser shows the
    hits of a document under the document's title, once. ``forms`` are the forms of its own
    words; ``up`` the anchor of the clause or heading it sits in, whose words (and theirs) the
    browser also finds it by, as the lead-in and headings it is read with (``context``: those
    of unanchored blocks in between, if any); ``defines`` the forms of the term a definition
    starts with («коррупция – …»); ``ref`` the key a clause reference in a query is read as.

    ``language`` is the edition the entries belong to (their ``lang``); ``text_language`` the
    language of the text when it differs (an original shown on another edition's site): its
    forms are made in the text's language, which the browser adds to a Kazakh page's query.
    """
    entries = []
    # Forms per text, for this document: a lead-in or heading is the context of every block under it.
    known: dict[str, tuple[str, ...]] = {}

    def marked(text: str) -> tuple[str, ...]:
        if text not in known:
            known[text] = _distinct_forms(text, text_language or language)
        return known[text]

    for block in document.anchored():
        if block.kind == KIND_HEADING:
            title = inline_text(block.text)
            text = " ".join(_plain(child) for child in block.children if not child.anchor)
        else:
            title = _short_citation(block.citation)
            text = _plain(block)
        # A clause's citation is not its text: a reference finds it by its ``ref``.
        own = dict.fromkeys(form for part in ((title, text) if block.kind == KIND_HEADING else (text,))
                            for form in marked(part))
        up, between = _context(block)
        entry = {
            "location": f"{url}#{block.anchor}",
            "title": html.escape(title, quote=False),
            "text": html.escape(text, quote=False),
            # Not the document's title: shared by every entry, it would only add noise.
            FIELD: " ".join(own),
            "lang": language,
        }
        if up:
            entry[UP] = up
        context = " ".join(form for form in dict.fromkeys(form for part in between for form in marked(part))
                           if form not in own)
        if context:
            entry[CONTEXT] = context
        defined = _defined_term(text) if block.kind != KIND_HEADING else None
        if defined:
            entry[DEFINES] = " ".join(marked(defined))
        key = ref(block)
        if key:
            entry["ref"] = key
        entries.append(entry)
    return entries


# A paragraph under a long heading is cited by it («СПИСОК должностей … (60 words), абзац 2»):
# the hit shows its first words.
CITATION_WORDS = 8


def _short_citation(citation: str) -> str:
    base, comma, rest = citation.rpartition(", ")
    parts = base.split()
    if not comma or len(parts) <= CITATION_WORDS:
        return citation
    return " ".join(parts[:CITATION_WORDS]) + "…, " + rest


def task_entry(url: str, title: str, text: str, language: str) -> dict:
    """The one search entry of a test or a form: what it is for, found as a task («пройти тест»)."""
    return {
        "location": url,
        "title": html.escape(title, quote=False),
        "text": html.escape(text, quote=False),
        FIELD: " ".join(dict.fromkeys(form for part in (title, text) for form in _distinct_forms(part, language))),
        "lang": language,
    }


# A clause that defines a term starts with it, then a dash: «коррупция – незаконное …».
_DEFINITION_RE = re.compile(r"^([^–—:;.,()]{2,80}?)\s+[–—-]\s")
DEFINITION_WORDS = 6


def _defined_term(text: str) -> str | None:
    found = _DEFINITION_RE.match(text)
    if found and len(found.group(1).split()) <= DEFINITION_WORDS:
        return found.group(1)
    return None


# --- Clause references ----------------------------------------------------------------------
# The key of a block for a reference in a query (search-engine.js reads «п. 14, пп. 3)» as
# "c14.3"): c<clause>[.<sub-item>], s<section>, a<appendix>[.<sub-item>]; the same in every
# edition, since the numbering is the original's.
_SECTION_RE = re.compile(r"^(\d+)\.\s")
_APPENDIX_RES = (
    re.compile(r"(?:приложени[ея]|appendix|annex)\s*(?:№|no\.?)?\s*(\d+)", re.IGNORECASE),
    re.compile(r"(\d+)\s*-\s*қосымша", re.IGNORECASE),
)


def ref(block) -> str | None:
    """The reference key of an anchored block, or None for one a reference cannot name."""
    if block.kind == KIND_HEADING:
        return _heading_ref(inline_text(block.text))
    if block.kind == KIND_CLAUSE:
        return "c" + block.number.rstrip(".").lower()
    if block.kind == KIND_SUBITEM:
        parent = block.parent
        base = None
        if parent is not None and parent.kind == KIND_CLAUSE:
            base = "c" + parent.number.rstrip(".").lower()
        elif parent is not None and parent.kind == KIND_HEADING:
            base = _heading_ref(inline_text(parent.text))
            base = base if base and base.startswith("a") else None
        return f"{base}.{block.number.rstrip(')').lower()}" if base else None
    return None


def _heading_ref(text: str) -> str | None:
    for pattern in _APPENDIX_RES:
        found = pattern.search(text)
        if found:
            return "a" + found.group(1)
    found = _SECTION_RE.match(text)
    return "s" + found.group(1) if found else None


# What a block is read with: its parents' lead-in ("Работники КГП обязаны:") and headings. The
# nearest anchored one is an entry whose words the browser lends to the entries under it (up);
# the text of unanchored ones in between, if any, is the block's own context.
def _context(block) -> tuple[str | None, list[str]]:
    between = []
    parent = block.parent
    while parent is not None and not parent.anchor:
        if parent.kind != "root":
            between.append(_plain(parent))
        parent = parent.parent
    return (parent.anchor if parent is not None else None), between


def _plain(block) -> str:
    if block.rows:
        return " ".join(" ".join(row) for row in block.rows)
    return inline_text(block.text)


def before_first_heading(html_text: str) -> str:
    """A page's HTML up to its first heading: what Material's search indexes as the page itself."""
    found = _HEADING.search(html_text)
    return html_text if found is None else html_text[:found.start()]


_HEADING = re.compile(r"<h[1-6][\s>]")


def index_json(config: Mapping, entries: list[dict]) -> str:
    """Material's ``search_index.json`` text: its search configuration and the entries.

    Encoded entry by entry and with the text in UTF-8 (Material writes ``\\u041f`` for «П»,
    2.6 times the bytes): at 200 documents the index is tens of megabytes, and json's pieces of
    one such text were the build's peak memory.
    """
    return _index_head(config) + ",".join(map(_encode, entries)) + "]}"


def write_language_index(folder: str, language: str, config: Mapping, entries: list[dict]) -> None:
    """Write ``search_index.<language>.json``: Material's index of the language's entries alone.

    From the entries in memory, one at a time, not from Material's file read back.
    """
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"search_index.{language}.json"), "w", encoding="utf-8") as handle:
        handle.write(_index_head(config))
        first = True
        for entry in entries:
            if entry.get("lang", language) == language:
                handle.write(("" if first else ",") + _encode(entry))
                first = False
        handle.write("]}")


_encode = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"), default=str)


# '{"config":{…},"docs":[' with the keys Material's index has, and the portal's thesaurus.
def _index_head(config: Mapping) -> str:
    shown = {key: config[key] for key in ("lang", "separator", "pipeline", "fields", "thesaurus") if key in config}
    return _encode({"config": shown, "docs": []})[:-2]
