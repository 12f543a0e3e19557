"""The search thesaurus: what readers type, mapped to the words of the text, per language.

``quizzes/search/thesaurus.yaml`` (schema: ``schemas/thesaurus.schema.json``)::

    ru:
      - query: [персданные, пдн]
        text: [персональные данные]

A query that contains a ``query`` phrase also matches, for that part, an entry with all the
words of one ``text`` phrase. The browser reads the phrases with the same word forms and
function words as the query (``search-engine.js``); the build checks the file and passes it on
in the search index's configuration. ``check.read_sources`` reads it with the banks.
"""

from __future__ import annotations

from pathlib import Path

from . import schema_check
from .search import words
from .yaml_source import Located, load

PATH = Path("quizzes") / "search" / "thesaurus.yaml"
SCHEMA = Path(__file__).parent / "schemas" / "thesaurus.schema.json"


def load_thesaurus(text: str, path: str) -> dict[str, list[dict]]:
    """Parse and check a thesaurus; SourceError (``file:line:col: …``) on the first problem."""
    located = load(text, path)
    schema_check.check(located, SCHEMA)
    _check_phrases(located)
    return {language: [{"query": list(entry["query"]), "text": list(entry["text"])} for entry in entries]
            for language, entries in located.data.items()}


# Every phrase has a word; a query phrase is given once per language (else which entry wins
# would depend on the order).
def _check_phrases(located: Located) -> None:
    for language, entries in located.data.items():
        seen: dict[tuple[str, ...], int] = {}
        for number, entry in enumerate(entries):
            for field in ("query", "text"):
                for at, phrase in enumerate(entry[field]):
                    key = tuple(words(phrase, language))
                    if not key:
                        raise located.error((language, number, field, at),
                                            f"{phrase!r} has no word (expected letters or digits)")
                    if field == "query":
                        if key in seen:
                            raise located.error((language, number, field, at),
                                                f"{phrase!r} is already a query of entry {seen[key] + 1} "
                                                f"(expected each query once per language)")
                        seen[key] = number


