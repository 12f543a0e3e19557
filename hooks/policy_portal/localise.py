"""Text in several languages inside banks and forms: resolve it for one language, extract it.

A bank or form lists its languages (``languages: [ru, kk, en]``; the first is the original,
``[ru]`` when absent). Then every text field is either a plain string (a one-language file) or
a mapping of language to text::

    prompt:
      ru: Как это оценивается по Политике?
      kk: Бұл Саясат бойынша қалай бағаланады?
      en: How does the Policy treat this?

``resolve`` checks that every text field has every listed language (a missing translation is
one ``file:line:col`` error) and returns the data in one language, with the positions of the
original file, so the rest of the loader (schema, rules, models) never sees the mappings.
``extract`` lists the texts of one language by path, the format translators fill in
(``policy-portal translation``).

Text fields are named explicitly per kind of file (``BANK_FIELDS``, ``FORM_FIELDS``): a
mapping is taken for translations only where a text is expected, never by its shape alone.
"""

from __future__ import annotations

import json
import textwrap

import yaml

from .documents import LANGUAGES
from .errors import SourceError
from .yaml_source import Located, Path, load

DEFAULT_LANGUAGES = ("ru",)

# The fields whose values are text a reader sees, by the last key of their path; a bank's
# `topics` holds text under each topic id.
BANK_FIELDS = frozenset({"title", "situation", "prompt", "text", "explanation"})
BANK_TEXT_MAPS = frozenset({"topics"})
FORM_FIELDS = frozenset({"title", "heading", "text", "signature", "period", "label", "blank", "caption",
                         "document", "sheets", "missing", "not_applicable"})
# In a form `document` is also the id of the document the form belongs to (top level).
_IDS_AT_TOP = frozenset({"document"})


def languages_of(located: Located) -> tuple[str, ...]:
    """The file's languages, original first; SourceError if the list is malformed."""
    data = located.data
    if not isinstance(data, dict) or "languages" not in data:
        return DEFAULT_LANGUAGES
    value = data["languages"]
    expected = f"a list of languages from {', '.join(LANGUAGES)}, the original first, like [ru, en]"
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise located.error(("languages",), f"is not a list of languages (expected {expected})")
    for index, item in enumerate(value):
        if item not in LANGUAGES:
            raise located.error(("languages", index), f"unknown language {item!r} (expected {expected})")
        if item in value[:index]:
            raise located.error(("languages", index), f"language {item!r} listed twice (expected {expected})")
    return tuple(value)


def resolve(located: Located, language: str, fields: frozenset[str], maps: frozenset[str] = frozenset()) -> Located:
    """The data in ``language`` (or the original language when the file lacks it).

    Every text field must be a string in a one-language file and a mapping with exactly the
    file's languages otherwise; anything else is a SourceError at the value.
    """
    languages = languages_of(located)
    chosen = language if language in languages else languages[0]
    data = _resolve(located.data, (), located, languages, chosen, fields, maps)
    if isinstance(data, dict):
        data.pop("languages", None)
    return Located(data, located.path, located.values, located.keys)


def edition(raw: Located, original: Located, language: str | None, fields: frozenset[str],
            maps: frozenset[str] = frozenset()) -> Located:
    """``raw`` in ``language``: ``original`` (``raw`` resolved in its first language, kept by the
    caller) when that is the language asked for, so it is not resolved again."""
    if language is None or language == languages_of(raw)[0]:
        return original
    return resolve(raw, language, fields, maps)


def extract(located: Located, language: str, fields: frozenset[str], maps: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every text of the file in ``language`` (checked as ``resolve`` does), keyed by its path."""
    resolved = resolve(located, language, fields, maps)
    found: dict[str, str] = {}

    def walk(value: object, where: Path) -> None:
        if _is_text(where, fields, maps) and isinstance(value, str):
            found[path_key(where)] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*where, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*where, index))

    walk(resolved.data, ())
    return found


def path_key(where: Path) -> str:
    """A path as translators see it: ``questions/3/options/1/text``."""
    return "/".join(str(part) for part in where)


# ---------------------------------------------------------------------------------------


def _is_text(where: Path, fields: frozenset[str], maps: frozenset[str]) -> bool:
    if not where or not isinstance(where[-1], str):
        return False
    if len(where) == 1 and where[-1] in _IDS_AT_TOP:
        return False
    if len(where) == 2 and where[0] in maps:
        return True
    return where[-1] in fields and not (len(where) >= 1 and where[0] in maps)


def _resolve(value: object, where: Path, located: Located, languages: tuple[str, ...], chosen: str,
             fields: frozenset[str], maps: frozenset[str]) -> object:
    if _is_text(where, fields, maps):
        return _text(value, where, located, languages, chosen)
    if isinstance(value, dict):
        # A plain value that is no text field stays as it is, without a call of its own (ids,
        # types, numbers: half of a bank's values).
        return {key: item if type(item) in _PLAIN and not _is_text((*where, key), fields, maps)
                else _resolve(item, (*where, key), located, languages, chosen, fields, maps)
                for key, item in value.items()}
    if isinstance(value, list):
        return [item if type(item) in _PLAIN else _resolve(item, (*where, index), located, languages, chosen, fields, maps)
                for index, item in enumerate(value)]
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _text(value: object, where: Path, located: Located, languages: tuple[str, ...], chosen: str) -> object:
    # The usual case first: a mapping of exactly the file's languages, each a text.
    if type(value) is dict and len(value) == len(languages):
        texts = [value.get(language) for language in languages]
        if all(type(text) is str and text.strip() for text in texts):
            return value[chosen]
    listed = ", ".join(languages)
    if not isinstance(value, dict):
        if len(languages) > 1 and isinstance(value, str):
            raise located.error(where, f"text in one language only (expected a translation for each of the file's "
                                       f"languages: {listed}, as '{languages[0]}: …' lines under it)")
        return value  # a wrong type is the schema's to report
    for key in value:
        if key not in languages:
            known = key in LANGUAGES
            what = f"language '{key}' is not among the file's languages" if known else f"'{key}' is not a language"
            raise located.error((*where, key), f"{what} (expected {listed}; add it to `languages:` first)", key=True)
    for language in languages:
        if language not in value:
            raise located.error(where, f"missing the {language} translation (expected {listed})")
        if not isinstance(value[language], str) or not value[language].strip():
            raise located.error((*where, language), f"the {language} translation is not text (expected {listed}, each a text)")
    return value[chosen]



def merge(text: str, path: str, translations: dict[str, dict[str, str]], fields: frozenset[str],
          maps: frozenset[str] = frozenset()) -> str:
    """The file with ``translations`` (language -> {path key: text}) written into its text fields.

    Each text field becomes a mapping of every language (the file's and the new ones), the rest
    of the file (comments, order, ids) is kept; ``languages:`` lists them, original first. Every
    text field must be translated, and no key may be unknown (SourceError otherwise). The
    result is checked by loading it back in every language.
    """
    raw = load(text, path)
    languages = languages_of(raw)
    original = languages[0]
    added = [language for language in translations if language not in languages]
    all_languages = (*languages, *added)
    current = {language: extract(raw, language, fields, maps) for language in languages}
    for language, entries in translations.items():
        unknown = sorted(set(entries) - set(current[original]))
        if unknown:
            raise SourceError(path, 1, 1, f"{language} translation of unknown text '{unknown[0]}' (expected the keys of "
                                          f"`policy-portal translation extract`)")
        missing = [key for key in current[original] if not str(entries.get(key, "")).strip()]
        if missing:
            raise SourceError(path, 1, 1, f"{language} translation lacks '{missing[0]}' and {len(missing) - 1} more "
                                          "(expected every text translated)")
    texts = {language: {**current.get(language, {}), **translations.get(language, {})} for language in all_languages}
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    edits: list[tuple[int, int, str]] = []

    def walk(value_node, where: Path, key_column: int) -> None:
        if _is_text(where, fields, maps):
            key = path_key(where)
            block = "\n".join(" " * (key_column + 2) + f"{language}: " + _scalar(texts[language][key], key_column + 4)
                              for language in all_languages)
            start = value_node.start_mark.index
            if isinstance(value_node, yaml.MappingNode):
                start = value_node.value[0][0].start_mark.index if value_node.value else start
                block = block.lstrip()
                edits.append((start, _end(text, value_node), block))
            else:
                while start and text[start - 1] == " ":
                    start -= 1
                edits.append((start, _end(text, value_node), "\n" + block))
        elif isinstance(value_node, yaml.MappingNode):
            for key_node, item in value_node.value:
                walk(item, (*where, key_node.value), key_node.start_mark.column)
        elif isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                walk(item, (*where, index), item.start_mark.column - 2 if isinstance(item, yaml.ScalarNode) else key_column)

    walk(node, (), 0)
    listed = f"[{', '.join(all_languages)}]"
    top = dict((key_node.value, (key_node, item)) for key_node, item in node.value)
    if "languages" in top:
        item = top["languages"][1]
        edits.append((item.start_mark.index, _end(text, item), listed))
    else:
        at = top["title"][0].start_mark.index if "title" in top else 0
        edits.append((at, at, f"languages: {listed}\n"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    merged = load(text, path)
    for language in all_languages:
        if extract(merged, language, fields, maps) != texts[language]:
            raise SourceError(path, 1, 1, f"merging the {language} translation would change other texts (expected a "
                                          "file the merge can rewrite; please report this)")
    return text


# Where a value ends in the source: libyaml's end mark, without the line break a block scalar keeps.
def _end(text: str, value_node) -> int:
    end = value_node.end_mark.index
    while end > value_node.start_mark.index and text[end - 1] in "\n ":
        end -= 1
    return end


# A YAML scalar for ``value`` after 'xx: ', continuation lines indented by ``indent``.
def _scalar(value: str, indent: int, width: int = 100) -> str:
    if "\n" not in value and len(value) + indent < width:
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    if "\n" not in value and "  " not in value and value == value.strip():
        lines = textwrap.wrap(value, width=max(40, width - indent), break_long_words=False, break_on_hyphens=False)
        folded = ">-\n" + "\n".join(" " * indent + line for line in lines)
        if yaml.safe_load("k: " + folded) == {"k": value}:
            return folded
    return json.dumps(value, ensure_ascii=False)
