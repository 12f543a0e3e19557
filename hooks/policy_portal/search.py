"""Search entries that land on clauses, and the Russian word forms they are matched by.

Material's search (lunr, ``lang: ru``) only matches prefixes of the words as printed, so
``взятка`` misses "взятки". Each entry therefore also carries a ``forms`` field: the
Snowball stem of every word, with ``ё`` read as ``е`` and a fleeting vowel dropped
(``подарок`` and "подарки" both give ``подарк``), each marked with a leading ``_``. The browser applies the same function to
the query (``docs/assets/javascripts/search-forms.js``, tested against this module).
"""

from __future__ import annotations

import html
import re

import snowballstemmer

from .documents import Document
from .legal_text import KIND_HEADING, inline_text

FIELD = "forms"
MARK = "_"
TITLE_WORDS = 8

_WORD_RE = re.compile(r"[0-9a-zа-я]+")
_CYRILLIC_RE = re.compile(r"[а-я]")
# A fleeting о/е before a final к or ц after a consonant: подарок/подарка, конец/конца.
_FLEETING_RE = re.compile(r"^(.{2,}[бвгджзклмнпрстфхцчшщ])[ое]([кц])$")
_STEMMER = snowballstemmer.stemmer("russian")


def words(text: str) -> list[str]:
    """Lower-case words and numbers, ``ё`` read as ``е``; hyphens and punctuation split."""
    return _WORD_RE.findall(text.lower().replace("ё", "е"))


def word_form(word: str) -> str:
    """The form a word is indexed and queried by: its stem, fleeting vowel dropped."""
    if not _CYRILLIC_RE.search(word):
        return word
    return _FLEETING_RE.sub(r"\1\2", _STEMMER.stemWord(word))


def forms(text: str) -> str:
    """The ``forms`` field of an entry: each distinct Cyrillic word form once, marked.

    The mark keeps forms apart from the words of the text in lunr's single term space, so a
    prefix of a form matches one token per entry instead of every inflection in the text.
    """
    return " ".join(dict.fromkeys(MARK + word_form(word) for word in words(text) if _CYRILLIC_RE.search(word)))


def clause_entries(document: Document, url: str, language: str) -> list[dict]:
    """One search entry per anchored block, in document order.

    A clause or sub-item entry holds its own text (its sub-items have entries of their own);
    a heading entry holds the heading and the unanchored paragraphs right under it (the text
    of a form, say). The word forms also cover the block's context: the lead-in of the
    clauses it sits in and the headings above it.
    """
    entries = []
    for block in document.anchored():
        if block.kind == KIND_HEADING:
            own = inline_text(block.text)
            text = " ".join(_plain(child) for child in block.children if not child.anchor)
            title = f"{document.meta.title} · {own}"
        else:
            own = block.citation
            text = _plain(block)
            title = f"{document.meta.title} · {own} · {_first_words(text)}"
        entries.append({
            "location": f"{url}#{block.anchor}",
            "title": html.escape(title, quote=False),
            "text": html.escape(text, quote=False),
            # Not the document's title: shared by every entry, it would only add noise.
            FIELD: forms(" ".join([own, text, *_context(block)])),
            "lang": language,
        })
    return entries


# What a block is read with: its parents' lead-in ("Работники КГП обязаны:") and headings.
def _context(block) -> list[str]:
    context = []
    parent = block.parent
    while parent is not None:
        context.append(_plain(parent))
        parent = parent.parent
    return context


def _plain(block) -> str:
    if block.rows:
        return " ".join(" ".join(row) for row in block.rows)
    return inline_text(block.text)


def _first_words(text: str) -> str:
    parts = text.split()
    return " ".join(parts[:TITLE_WORDS]) + ("…" if len(parts) > TITLE_WORDS else "")
