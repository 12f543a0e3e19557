"""One YAML helper for the project: read a file, load it keeping every value's line and column.

Validation messages point at the exact place in the file (``file:line:col``), so the loader
returns the plain data together with the position of each value, keyed by its path
(``("questions", 3, "correct")``).

Banks, forms and front matter are written by hand, by people who need plain values only. The
loader therefore reads libyaml's event stream (``CSafeLoader``: fast, with marks; see
ARCHITECTURE.md, "Pitfalls") and builds the data itself, refusing before anything is constructed what
no editor needs and what makes a hostile file expensive: anchors and aliases (the "billion
laughs" grows past gigabytes from a few lines), merge keys, tags other than YAML's plain ones,
lists or mappings as keys, deep nesting and very large files. Every refusal is one
``file:line:col`` line.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from dataclasses import dataclass

import yaml

from .errors import SourceError

Path = tuple  # ("questions", 3, "correct", 0)

# Larger than any real page, bank or form (the banks are about 160 KB), small enough to read
# at once: in bytes for files, in characters for YAML text.
MAX_SIZE = 2 * 1024 * 1024
# Forms nest five levels (blocks[3].line[0].field.label); a bank four.
MAX_DEPTH = 32

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The tags of plain values, with what a reader calls them.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{tag}": name for tag, name in (
    ("null", "empty value"), ("bool", "true or false"), ("int", "whole number"), ("float", "number"), ("str", "text"),
    ("timestamp", "date"))}
_STR_TAG = "tag:yaml.org,2002:str"
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_NO_ANCHORS = ("expected each value written out: anchors and aliases are not allowed in the portal's files, "
               "editors do not need them")


@dataclass(frozen=True)
class Located:
    """Data loaded from YAML, with the 1-based position of each value and mapping key."""

    data: object
    path: str
    values: dict[Path, tuple[int, int]]
    keys: dict[Path, tuple[int, int]]

    def at(self, where: Path) -> tuple[int, int]:
        """Position of the value at ``where``, or of the nearest enclosing value."""
        while where not in self.values and where:
            where = where[:-1]
        return self.values.get(where, (1, 1))

    def key_at(self, where: Path) -> tuple[int, int]:
        return self.keys.get(where, self.at(where))

    def error(self, where: Path, message: str, *, key: bool = False) -> SourceError:
        line, col = self.key_at(where) if key else self.at(where)
        return SourceError(self.path, line, col, f"{describe(where)}: {message}" if where else message)


def read_text(path: str | os.PathLike, display: str) -> str:
    """The text of a UTF-8 file (a BOM is dropped); SourceError if it is too large or not UTF-8."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise SourceError(display, 1, 1, "not a regular file (expected a page, bank or form saved as a file)")
        with open(path, "rb") as handle:
            data = handle.read(MAX_SIZE + 1)
    except OSError as error:
        raise SourceError(display, 1, 1, f"cannot read the file: {error.strerror}") from None
    if len(data) > MAX_SIZE:
        size = max(status.st_size, len(data))
        raise SourceError(display, 1, 1, f"the file is {math.ceil(size / 1024 / 1024 * 10) / 10} MB "
                                         f"(expected at most {MAX_SIZE // 1024 // 1024} MB for a page, bank or form)")
    return decode(data, display)


def decode(data: bytes, display: str) -> str:
    """Bytes of a file as text; SourceError at the first byte that is not UTF-8, naming the encoding it looks like."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(display, 1, 1, "the file is not UTF-8 (it looks like UTF-16): save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8-sig")) + 1
        guess = "it looks like Windows-1251" if _looks_like_cp1251(data) else f"byte 0x{data[error.start]:02x} is not UTF-8"
        raise SourceError(display, line, col, f"the file is not UTF-8 ({guess}): save it as UTF-8") from None


def load(text: str, path: str, *, first_line: int = 1) -> Located:
    """Parse YAML text; raise SourceError on a syntax error, a duplicate key or anything refused.

    ``first_line`` is the line of the file where the YAML starts (2 for front matter).
    """
    text = text.lstrip("\ufeff")
    if len(text) > MAX_SIZE:
        raise SourceError(path, first_line, 1, f"the YAML is {len(text)} characters long (expected at most {MAX_SIZE})")
    return _Reader(text, path, first_line).document()


def describe(where: Path) -> str:
    """``questions[3].correct`` for the path ("questions", 3, "correct")."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# ---------------------------------------------------------------------------------------


class _Reader:
    """Data and positions from one YAML text, built from the parser's events.

    A new reader (and constructor) per load: PyYAML's constructor keeps every node it has
    constructed, so a shared one would grow with each rebuild of ``mkdocs serve``.
    """

    def __init__(self, text: str, path: str, first_line: int) -> None:
        self.text = text
        self.path = path
        self.first_line = first_line
        self.parser = _LOADER(text)
        self.constructor = yaml.constructor.SafeConstructor()
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}

    def document(self) -> Located:
        try:
            data = self._stream()
        except yaml.MarkedYAMLError as error:
            raise self._syntax_error(error) from None
        finally:
            self.parser.dispose()
        return Located(data, self.path, self.values, self.keys)

    def _stream(self):
        self.parser.get_event()  # StreamStartEvent
        if self.parser.check_event(yaml.StreamEndEvent):
            return None
        self.parser.get_event()  # DocumentStartEvent
        data = self._value((), 0)
        self.parser.get_event()  # DocumentEndEvent
        if not self.parser.check_event(yaml.StreamEndEvent):
            mark = self.parser.peek_event().start_mark
            raise self._at(mark, "a second YAML document in the file (expected one; remove the second '---')")
        return data

    # One event read per value (no look-ahead): the loops below stop at the end event.
    def _value(self, where: Path, depth: int, event=None):
        if event is None:
            event = self.parser.get_event()
        self.values[where] = (event.start_mark.line + self.first_line, event.start_mark.column + 1)
        kind = type(event)
        if kind is yaml.AliasEvent or event.anchor is not None:
            self._refuse_anchor(event, where)
        if kind is yaml.ScalarEvent:
            return self._scalar(event, where)
        expected = _SEQUENCE_TAG if kind is yaml.SequenceStartEvent else _MAPPING_TAG
        if event.tag not in (None, "!", expected):
            raise self._unknown_tag(event, where)
        if depth >= MAX_DEPTH:
            raise self._at(event.start_mark, f"lists and mappings nested deeper than {MAX_DEPTH} levels (expected at most {MAX_DEPTH})")
        get_event = self.parser.get_event
        if kind is yaml.SequenceStartEvent:
            items: list = []
            while type(item := get_event()) is not yaml.SequenceEndEvent:
                items.append(self._value(where + (len(items),), depth + 1, item))
            return items
        mapping: dict = {}
        while type(key_event := get_event()) is not yaml.MappingEndEvent:
            key = self._key(where, mapping, key_event)
            mapping[key] = self._value(where + (key,), depth + 1)
        return mapping

    def _key(self, where: Path, mapping: dict, event):
        if type(event) is yaml.AliasEvent or event.anchor is not None:
            self._refuse_anchor(event, where)
        if not isinstance(event, yaml.ScalarEvent):
            kind = "list" if isinstance(event, yaml.SequenceStartEvent) else "mapping"
            raise self._at(event.start_mark, f"{_prefix(where)}a {kind} used as a key (expected a plain key such as 'title:')")
        if _tag(self.parser, event) == _MERGE_TAG:
            raise self._at(event.start_mark, f"{_prefix(where)}merge key '<<' (expected every field written out: "
                                             "merge keys are not allowed in the portal's files, editors do not need them)")
        key = self._scalar(event, where)
        if key in mapping:
            raise self._at(event.start_mark, f"{describe(where + (key,))}: duplicate key '{key}' (expected each key once)")
        self.keys[where + (key,)] = self._position(event.start_mark)
        return key

    def _refuse_anchor(self, event, where: Path) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise self._at(event.start_mark, f"{_prefix(where)}alias '*{event.anchor}' ({_NO_ANCHORS})")
        if event.anchor is not None:
            raise self._at(event.start_mark, f"{_prefix(where)}anchor '&{event.anchor}' ({_NO_ANCHORS})")

    def _scalar(self, event, where: Path):
        tag = _tag(self.parser, event)
        if tag not in _PLAIN_TAGS:
            if event.tag not in (None, "!"):
                raise self._unknown_tag(event, where)
            tag = "tag:yaml.org,2002:str"  # '=' and '<<' as plain values: text, as a reader expects
        if tag == _STR_TAG:
            return event.value  # what SafeConstructor returns for text, without building a node
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError) as error:
            shown = event.value if len(event.value) <= 40 else event.value[:40] + "…"
            reason = str(error).split(":")[0]
            raise self._at(event.start_mark, f"{_prefix(where)}{shown!r} is not a valid {_PLAIN_TAGS[tag]} ({reason}; "
                                             "put it in quotes if it is text)") from None

    def _unknown_tag(self, event, where: Path) -> SourceError:
        shown = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
        return self._at(event.start_mark, f"{_prefix(where)}tag '{shown}' (expected a plain value: tags are not allowed "
                                          "in the portal's files, editors do not need them)")

    # libyaml's wording is terse ("did not find expected ',' or ']'"): on a syntax error the
    # pure-Python parser reads the text again, up to the line after the error, for its clearer one.
    def _syntax_error(self, error: yaml.MarkedYAMLError) -> SourceError:
        mark = error.problem_mark or error.context_mark
        if _LOADER is not yaml.SafeLoader:
            head = "\n".join(self.text.split("\n")[:mark.line + 2])
            try:
                for _ in yaml.parse(head, Loader=yaml.SafeLoader):
                    pass
            except yaml.MarkedYAMLError as clearer:
                clearer_mark = clearer.problem_mark or clearer.context_mark
                if clearer_mark.line == mark.line:
                    error, mark = clearer, clearer_mark
        return self._at(mark, f"YAML syntax error: {error.problem}")

    def _position(self, mark) -> tuple[int, int]:
        return mark.line + self.first_line, mark.column + 1

    def _at(self, mark, message: str) -> SourceError:
        return SourceError(self.path, *self._position(mark), message)


def _tag(parser, event) -> str:
    if event.tag is None or event.tag == "!":
        if not event.implicit[0]:  # quoted, or a block: text, as the resolver says
            return _STR_TAG
        value = event.value
        if len(value) > _SHORT:
            return parser.resolve(yaml.ScalarNode, value, event.implicit)
        # Keys and short values repeat ("id", "ru", "true"): resolved once per process.
        tag = _RESOLVED.get(value)
        if tag is None:
            if len(_RESOLVED) >= 65536:
                _RESOLVED.clear()
            tag = _RESOLVED[value] = parser.resolve(yaml.ScalarNode, value, event.implicit)
        return tag
    return event.tag


# The tag of a plain scalar depends only on its text (the safe loader has no path resolvers).
_SHORT = 24
_RESOLVED: dict[str, str] = {}


def _prefix(where: Path) -> str:
    return f"{describe(where)}: " if where else ""


# Windows-1251 text read as such has Russian words (three Cyrillic letters in a row at least)
# and few other characters beyond ASCII; Latin-1's "café" has neither.
def _looks_like_cp1251(data: bytes) -> bool:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    beyond_ascii = sum(char > "\x7f" for char in text)
    cyrillic = len(_CYRILLIC.findall(text))
    return bool(_RUSSIAN_WORD.search(text)) and cyrillic >= 0.6 * beyond_ascii


_CYRILLIC = re.compile("[А-Яа-яЁё]")
_RUSSIAN_WORD = re.compile("[А-Яа-яЁё]{3,}")
