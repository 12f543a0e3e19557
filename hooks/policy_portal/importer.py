"""``policy-portal import``: a plain-text copy of a normative document → a document page.

The output is a draft in the legal-text format (``legal_text.py``) for an editor to check
against the original, never a finished page:

* Every word of the text is kept, with the numbers as printed (a repeated «16.», a missing
  «6.»): nothing is renumbered. Anchors follow the project's scheme (README, "Editing a
  document"): ``s7``, ``s7-1``, ``p14``, ``p16b``, ``p14-3``, ``p15-shch``, ``p2-d1``,
  ``p16-para2``, ``r1``, ``app1``, ``app1-form``, ``positions``.
* Only conversion artifacts are repaired — a sentence split by a page break, a line
  repeated by a page break, a stray ``- `` before ``5)``, an unpaired ``**``, lines wrapped
  at the page width — and every repair becomes an ``editorial_notes`` entry.
* What it cannot decide (heading or clause? a split with a capital letter after it? a
  number out of sequence?) is left as printed with a marker line above it,
  ``<!-- policy-portal: TODO … -->``; approval details it cannot find are ``"TODO: …"``
  values. :func:`unresolved` lists both; the build must refuse a page that still has any.

Plain functions, no MkDocs; the command line is ``cli_import.py``.
"""

from __future__ import annotations

import codecs
import datetime
import json
import re
from dataclasses import dataclass, field

import yaml

from .documents import FIELDS, split_front_matter

MARKER_OPEN = "<!-- policy-portal: TODO "
MARKER_CLOSE = " -->"
PLACEHOLDER = "TODO: "

# Candidate 8-bit encodings of Russian text, in the order they are tried.
LEGACY_ENCODINGS = {"cp1251": "Windows-1251", "koi8_r": "KOI8-R", "cp866": "CP866 (DOS)"}

# Sub-item letters by ICAO 9303, as receipt.js transliterates names: ж → zh, щ → shch.
LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
# Letters used for lettered sub-items, in order (ё, й, ъ, ы, ь are skipped in Russian lists).
LIST_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"

_PLACEHOLDERS = {
    "title": "короткое название для меню и поиска",
    "official_title": "официальное название, как напечатано",
    "issuer": "кто издал документ",
    "doc_type": "вид документа, например Распоряжение",
    "number": "номер документа, как напечатан",
    "date": "дата документа в виде 2022-06-21",
    "jurisdiction": "юрисдикция, например Республика Казахстан, Восточно-Казахстанская область",
    "original_language": "язык оригинала: ru, kk или en",
    "audience": "public (и на публичном сайте) или staff (только для сотрудников)",
}
_MONTHS = {"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
           "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12}
_DOC_TYPES = ("РАСПОРЯЖЕНИЕ", "ПРИКАЗ", "ПОСТАНОВЛЕНИЕ", "РЕШЕНИЕ", "УКАЗ")
_PART_TITLES = ("Положение", "Порядок", "Правила", "Инструкция", "Регламент", "Политика", "Кодекс", "Стандарт")
_ORG_RE = re.compile(r"\b(?:КГП|КГКП|ГКП|РГП|РГКП|ГУ|КГУ|ТОО|АО|ОАО|ЗАО|ПАО|ООО|МУП|ГУП|ГБУ|ГБУЗ|ГАУЗ|ФГБУ|ГКУ|МБУ|МКУ|МАУ|НАО)\b.*$")
_ISSUER_RE = re.compile(r"АДМИНИСТРАЦИЯ|МИНИСТЕРСТВО|ДЕПАРТАМЕНТ|УПРАВЛЕНИЕ|КОМИТЕТ|АКИМАТ|СОВЕТ|ДУМА|ПРАВИТЕЛЬСТВО")
_FUNCTION_WORDS = frozenset("в во на с со и от по к ко о об обо для за из при или а но что как до без под над "
                            "между через чем либо также его ее её их не ни".split())

_CLAUSE_RE = re.compile(r"^(\d+)\.\s+(?=\S)")
_MULTI_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")  # 7.1, 1.2.3. — not a date
_ROMAN_RE = re.compile(r"^([IVXL]+)\.\s+(?=\S)")
_CHAPTER_RE = re.compile(r"^(?:Глава|ГЛАВА|Раздел|РАЗДЕЛ)\s+(\d+)\.?(?:\s+|$)")
_SUBNUM_RE = re.compile(r"^(\d+)\)\s+(?=\S)")
_SUBLET_RE = re.compile(r"^([а-яё])\)\s+(?=\S)")
_DASH_RE = re.compile(r"^[-–—]\s+(?=\S)")
_STRAY_DASH_RE = re.compile(r"^[-–—]\s+(?=(?:\d+|[а-яё])\)\s)")
_LIST_LINE_RE = re.compile(r"^(?:[-–—]\s+|\d+[.)]\s+|[а-яё]\)\s+)(?=\S)")
_APPENDIX_RE = re.compile(r"^(?:Приложение|ПРИЛОЖЕНИЕ)(?:\s*№?\s*(\d+))?\s*$")
_STAMP_RE = re.compile(r"^(?:УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?|УТВЕРЖДАЮ|Утверждаю|СОГЛАСОВАН[АОЫ]?|Согласован[аоы]?)\b"
                       r"|^Приложение\b.*\n(?:утвержден|УТВЕРЖДЕН)")
_NAME_RE = re.compile(r"^(?:[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё-]+|[А-ЯЁ][а-яё-]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.)$")
_MARKUP_RE = re.compile(r"\{[#.]|^#")
_BLANK = "___"
# A line ending in an abbreviation such as «г.» (город) goes on; one ending in initials (В.И.) may.
_ABBREVIATION_END_RE = re.compile(r"(?<!\d)\s(?:г|ул|им|ст|пп?|ч|д|см)\.[»)\"']*$")
_INITIALS_END_RE = re.compile(r"\b[А-ЯЁ]\.\s?[А-ЯЁ]\.[»)\"']*$")
# Any comment of the importer, settled or not: the editor deletes it (the build refuses it).
_MARKER_RE = re.compile(r"<!-- policy-portal: (.*?)(?: -->|$)")


class ImportFailure(Exception):
    """The text cannot be imported; the message is one Russian sentence for the editor."""


@dataclass
class Conversion:
    """The page written by :func:`convert`, with what the editor has to look at."""

    page: str
    notes: list[tuple[str, str]]
    counts: dict[str, int]
    placeholders: list[str]


# ---------------------------------------------------------------------------------------
# Reading the file


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of the file: UTF-8 (with or without BOM), or ``encoding`` when given.

    A file in another encoding is refused with the encoding it looks like, never guessed:
    a wrong guess would change every letter of the official text.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFailure(f"неизвестная кодировка {encoding!r} (ожидается, например, cp1251 или utf-8)") from None
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError as error:
            raise ImportFailure(f"файл не читается в кодировке {encoding} (байт 0x{data[error.start]:02X} в строке "
                                f"{_line_of(data, error.start)})") from None
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise ImportFailure("файл в кодировке UTF-16; сохраните его как текст в UTF-8 или запустите команду с --encoding utf-16")
    if data[:4] == b"PK\x03\x04":
        raise ImportFailure("это не текстовый файл, а документ Word (.docx) или архив; сохраните документ как «Обычный текст» (.txt) в UTF-8")
    if data[:5] == b"%PDF-":
        raise ImportFailure("это PDF, а не текстовый файл; сохраните документ как «Обычный текст» (.txt) в UTF-8")
    if b"\x00" in data:
        raise ImportFailure("это не текстовый файл (в нём есть нулевые байты); сохраните документ как «Обычный текст» (.txt) в UTF-8")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        guess = guess_encoding(data)
        if guess:
            raise ImportFailure(f"файл не в кодировке UTF-8, похоже на {LEGACY_ENCODINGS[guess]}; сохраните его в UTF-8 "
                                f"или запустите команду с --encoding {guess}") from None
        raise ImportFailure(f"файл не в кодировке UTF-8 (байт 0x{data[error.start]:02X} в строке "
                            f"{_line_of(data, error.start)}); сохраните его в UTF-8") from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def guess_encoding(data: bytes) -> str | None:
    """The 8-bit encoding under which the bytes read as Russian, if any.

    Each candidate is scored by how common its Cyrillic letters are in Russian text: a
    wrong code page turns «о», «е», «а» into rare letters (or into symbols).
    """
    best, best_score = None, 0.0
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        high = [ch.lower() for ch in text if ord(ch) > 127]
        if not high:
            continue
        score = sum(_LETTER_FREQUENCY.get(ch, 0.0) for ch in high) / len(high)
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score >= 0.03 else None


# Letter frequencies of Russian text (per letter, National Corpus of the Russian Language).
_LETTER_FREQUENCY = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё", (
    0.1097, 0.0845, 0.0801, 0.0735, 0.0670, 0.0626, 0.0547, 0.0473, 0.0454, 0.0440, 0.0349, 0.0321, 0.0298,
    0.0281, 0.0262, 0.0201, 0.0190, 0.0174, 0.0170, 0.0165, 0.0159, 0.0144, 0.0121, 0.0097, 0.0094, 0.0073,
    0.0064, 0.0048, 0.0036, 0.0032, 0.0026, 0.0004, 0.0004)))


# ---------------------------------------------------------------------------------------
# Markers the build rejects


@dataclass(frozen=True)
class Marker:
    """A placeholder value in the front matter (``field`` set) or a marker comment in the text."""

    line: int
    column: int
    field: str | None
    text: str

    @property
    def message(self) -> str:
        """What the build says about it (``file:line:col: message``)."""
        if self.field:
            return (f"field '{self.field}' is still the import placeholder {self.text!r} "
                    f"(expected {FIELDS[self.field][1]})")
        return f"unresolved import marker: {self.text} (expected the editor to settle it and delete the comment)"

    @property
    def advice(self) -> str:
        """What the editor has to do, in Russian."""
        if self.field:
            return f"заполните поле {self.field}: {self.text.removeprefix(PLACEHOLDER)}"
        return self.text.removeprefix("TODO ")


def unresolved(text: str) -> list[tuple[int, int, str]]:
    """Every import marker left in a page, as (line, column, message), 1-based, in file order.

    The messages are the ones the build gives for the same marker: a front matter value
    ``"TODO: …"`` and a line ``<!-- policy-portal: … -->`` in the text.
    """
    return [(marker.line, marker.column, marker.message) for marker in markers(text)]


def markers(text: str) -> list[Marker]:
    """The placeholders and marker comments of a page, in file order."""
    found: list[Marker] = []
    front, _, body_line = split_front_matter(text)
    if front is not None:
        try:
            node = yaml.compose(front, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            node = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if (key_node.value in FIELDS and isinstance(value_node, yaml.ScalarNode)
                        and value_node.value.startswith(PLACEHOLDER.strip())):
                    mark = value_node.start_mark
                    found.append(Marker(mark.line + 2, mark.column + 1, key_node.value, value_node.value))
    lines = text.lstrip("\ufeff").split("\n")
    for number in range(body_line, len(lines) + 1):
        comment = _MARKER_RE.search(lines[number - 1].rstrip())
        if comment:
            found.append(Marker(number, comment.start() + 1, None, comment.group(1)))
    return found


def settled(page: str) -> str:
    """The page as it would be once the editor has settled every marker the importer's way.

    Marker lines become blank (they open their block, so the block stays whole and every
    line keeps its number) and each placeholder value gets a sample value of its type, so
    the structure of a fresh import can be checked with ``documents.parse_document``.
    """
    samples = {"date": "2000-01-01", "audience": "staff", "original_language": "ru"}
    lines = page.split("\n")
    for marker in markers(page):
        if marker.field:
            lines[marker.line - 1] = f"{marker.field}: {samples.get(marker.field, 'заполнено редактором')}"
        else:
            lines[marker.line - 1] = ""
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Conversion


def convert(text: str, doc_id: str, source_name: str = "", encoding_note: str = "") -> Conversion:
    """Convert the plain text of a document into a document page (front matter and body)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    if not text.strip():
        raise ImportFailure("в файле нет текста")
    units = _repair(_split_units(text))
    converter = _Converter(units)
    converter.run()
    meta = _find_meta(converter)
    source = f"Текстовая копия ({source_name}{', ' + encoding_note if encoding_note else ''})" if source_name else ""
    front, placeholders = _front_matter(doc_id, meta, source, converter.notes, source_name)
    body = "\n\n".join(block.render() for block in converter.blocks)
    return Conversion(page=f"---\n{front}---\n\n{body}\n", notes=list(converter.notes),
                      counts=converter.counts(), placeholders=placeholders)


@dataclass
class _Unit:
    """A run of source lines that becomes one block, with the repairs made to it."""

    lines: list[str]
    line: int
    repairs: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    stray_dash: bool = False
    split_heading: bool = False
    split_suspect: bool = False  # may continue the unit before it (a marker asks the editor)

    @property
    def flat(self) -> str:
        return " ".join(" ".join(self.lines).split())


# Blank-line blocks of the source, with a list run on consecutive lines cut into its items.
def _split_units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    current: list[str] = []
    start = 1
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip().lstrip(" \u00a0")
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            units += _cut_list(current, start)
            current = []
    if current:
        units += _cut_list(current, start)
    for unit in units:
        if _STRAY_DASH_RE.match(unit.lines[0]):
            unit.lines[0] = _STRAY_DASH_RE.sub("", unit.lines[0])
            unit.stray_dash = True
    return units


def _cut_list(lines: list[str], start: int) -> list[_Unit]:
    units = [_Unit([lines[0]], start)]
    for offset, line in enumerate(lines[1:], 1):
        previous = lines[offset - 1]
        if _LIST_LINE_RE.match(line) and (_ends_with(previous, ".;:,!?") or _LIST_LINE_RE.match(previous)):
            units.append(_Unit([line], start + offset))
        else:
            units[-1].lines.append(line)
    return units


# Page-break artifacts between units: a repeated line goes, a split sentence is joined.
def _repair(units: list[_Unit]) -> list[_Unit]:
    result: list[_Unit] = []
    for unit in units:
        previous = result[-1] if result else None
        if previous is not None:
            duplicate = _duplicate(previous, unit)
            if duplicate == "certain":
                what = _quote(unit.flat, 80)
                previous.repairs.append(f"удалена строка «{what}», повторённая разрывом страницы{_after(previous)}.")
                continue
            if duplicate == "uncertain":
                unit.markers.append(f"строка «{_quote(unit.flat, 60)}» повторяет конец предыдущего абзаца — повтор из-за "
                                    f"разрыва страницы? Если да, удалите её и добавьте запись в editorial_notes")
            split = _split(previous, unit) if not _is_numbered(unit.lines[0]) else None
            if split in ("text", "heading"):
                tail, head = _last_words(previous.flat), _first_words(unit.flat)
                previous.lines[-1] = f"{previous.lines[-1]} {unit.lines[0]}"
                previous.lines += unit.lines[1:]
                previous.repairs += unit.repairs
                previous.markers += unit.markers
                if split == "heading":
                    previous.split_heading = True
                else:
                    previous.repairs.append(f"предложение, разделённое разрывом страницы («{tail}» / «{head}»), соединено.")
                continue
            if split == "uncertain":
                unit.split_suspect = True
                unit.markers.append(f"возможно, разрыв страницы разделил предложение («{_last_words(previous.flat)}» / "
                                    f"«{_first_words(unit.flat)}»). Если да, соедините абзацы и добавьте запись в "
                                    f"editorial_notes")
        result.append(unit)
    for unit in result:
        _repair_bold(unit)
    return result


def _duplicate(previous: _Unit, unit: _Unit) -> str | None:
    words = unit.flat.split()
    if not words or any(_BLANK in line or "\t" in line for line in unit.lines):
        return None
    before = previous.flat
    repeated = before == unit.flat or before.endswith(" " + unit.flat)
    if repeated and len(words) >= 4:
        return "certain"
    if repeated and len(words) >= 2:
        return "uncertain"
    return None


# 'text' / 'heading' when the unit continues the previous one across a page break,
# 'uncertain' when it may, None when it does not.
def _split(previous: _Unit, unit: _Unit) -> str | None:
    if any(_BLANK in line or "\t" in line for line in previous.lines + unit.lines):
        return None
    if _APPENDIX_RE.match(unit.lines[0]) or _MULTI_RE.match(unit.lines[0]):
        return None
    last_line, flat = previous.lines[-1], unit.flat
    if _ends_with(last_line, ".;:!?") and not _ABBREVIATION_END_RE.search(last_line):
        # A sentence does not start with a small letter; an initial (В.И.) may end a line mid-sentence.
        if not flat[:1].islower() or not _ends_with(last_line, "."):
            return None
        return "text" if _INITIALS_END_RE.search(last_line) else "uncertain"
    first = next((char for char in flat if char.isalnum()), "")
    numbered = _is_numbered(previous.lines[0])
    if first.islower():
        heading_like = len(previous.lines) <= 3 and len(previous.flat) <= 120 and not numbered
        return "heading" if heading_like or _title_word(previous.lines[0]) else "text"
    last_word = previous.flat.split()[-1].lower()
    # No clause or paragraph ends on a preposition or a conjunction.
    if last_word in _FUNCTION_WORDS:
        return "text"
    # Nor does a sentence start with a number (№ 25-ФЗ, 2007 года) after a long line.
    number_first = flat[:1].isdigit() or flat[:1] == "№"
    if not numbered:
        # Only a paragraph of running text (not a title, a stamp or a block of short lines).
        first_word_before = previous.flat.split()[0]
        if (len(previous.flat) < 100 or len(last_line) < 60 or _title_word(previous.lines[0])
                or (len(first_word_before) > 1 and first_word_before.isupper())
                or _APPENDIX_RE.match(previous.lines[0]) or _STAMP_RE.search("\n".join(previous.lines))):
            return None
        return "text" if number_first else "uncertain"
    if last_word.endswith(","):
        return "text"
    # Or with an abbreviation (КГКП, РК) — unless the line before may be a heading.
    first_word = flat.split()[0].strip("«\"(,.;:")
    short_heading = _heading_shaped(previous) and len(previous.flat) <= 80
    if number_first or (len(first_word) >= 2 and first_word.isupper() and first_word.isalpha()):
        return "uncertain" if short_heading else "text"
    return None if short_heading else "uncertain"


def _repair_bold(unit: _Unit) -> None:
    text = "\n".join(unit.lines)
    if "****" in text:
        text = text.replace("****", "")
        unit.repairs.append("удалены пустые знаки выделения «****», оставшиеся от преобразования.")
    if text.count("**") % 2:
        at = text.rfind("**")
        text = text[:at] + text[at + 2:]
        unit.repairs.append("удалён непарный знак «**», оставшийся от преобразования.")
    unit.lines = text.split("\n")


@dataclass
class _Block:
    """One block of the page: text as written (number or '## ' included), anchor, classes."""

    text: str
    kind: str
    anchor: str | None = None
    classes: tuple[str, ...] = ()
    markers: list[str] = field(default_factory=list)
    line: int = 0

    def render(self) -> str:
        attrs = [f"#{self.anchor}"] if self.anchor else []
        attrs += [f".{name}" for name in self.classes]
        text = self.text + (" {" + " ".join(attrs) + "}" if attrs else "")
        return "\n".join([f"{MARKER_OPEN}{_safe(marker)}{MARKER_CLOSE}" for marker in self.markers] + [text])


@dataclass
class _List:
    """An open run of sub-items: who owns them, their style ('num'/'let'), the last one."""

    owner: str
    style: str
    value: int
    item: str
    item_text: str
    paras: int = 0


class _Converter:
    """Walks the units once, deciding what each is and anchoring it by the project's scheme."""

    def __init__(self, units: list[_Unit]) -> None:
        self.units = units
        self.blocks: list[_Block] = []
        self.notes: list[tuple[str, str]] = []
        self._pending: list[str] = []  # repairs made before the first anchor
        self.used: set[str] = set()
        self.part = "top"  # top | order | main | appendix | list
        self.seen_clause = False
        self.order_anchor: str | None = None
        self.heading: str | None = None  # anchor of the nearest heading
        self.heading_paras = 0
        self.heading_level = 1
        self.section = 0
        self.section_anchor: str | None = None
        self.base_level = 2
        self.appendix: str | None = None
        self.appendix_count = 0
        self.form_done = False
        self.clause: str | None = None
        self.clause_number = 0
        self.clause_paras = 0
        self.clause_text = ""
        self.para_owner: str | None = None
        self.para_text = ""
        self.lists: list[_List] = []
        self.dashes: dict[str, int] = {}
        self.last_dash_owner: str | None = None
        self.stray: list[tuple[str, str]] = []  # (owner, number) of sub-items a stray '- ' was removed from
        self.meta: dict[str, str] = {}
        self.doc_title: str | None = None
        self.preamble_done = False
        self.index = 0  # of the unit being placed

    # The whole walk.
    def run(self) -> None:
        for index, unit in enumerate(self.units):
            self.index = index
            self._unit(unit, self.units[index + 1] if index + 1 < len(self.units) else None)
        self._stray_notes()
        first = next((block.anchor for block in self.blocks if block.anchor), None)
        for what in self._pending if first else ():
            self._note(first, what)
        order = {block.anchor: index for index, block in enumerate(self.blocks) if block.anchor}
        self.notes.sort(key=lambda note: order.get(note[0], len(order)))

    def counts(self) -> dict[str, int]:
        counts = {"heading": 0, "clause": 0, "subitem": 0, "item": 0, "paragraph": 0, "table": 0, "markers": 0}
        for block in self.blocks:
            counts[block.kind] += 1
            counts["markers"] += len(block.markers)
        return counts

    def _unit(self, unit: _Unit, following: _Unit | None) -> None:
        first = unit.lines[0]
        markers = list(unit.markers)
        if any(_MARKUP_RE.search(line) for line in unit.lines):
            markers.append("в тексте есть знаки, которые формат страницы читает как разметку («#» в начале строки или "
                           "«{#», «{.»); проверьте, как блок выглядит на странице")
        if any("\t" in line for line in unit.lines):
            self._table(unit, markers)
            return
        appendix = _APPENDIX_RE.match(first)
        if appendix and self.seen_clause and len(first) <= 40:
            self._appendix(unit, appendix, markers)
            return
        if self._special_heading(unit, markers):
            return
        if self.part == "appendix" and not self.form_done and self._form_title(unit, markers):
            return
        if self._bold_numbered(unit, following, markers):
            return
        for method in (self._section_heading, self._clause, self._subitem, self._dash):
            if method(unit, following, markers):
                return
        self._paragraph(unit, following, markers)

    # -- headings ------------------------------------------------------------------------

    def _heading(self, unit: _Unit, text: str, anchor: str, level: int, markers: list[str], bold: bool = False) -> None:
        self._close_clause()
        level = max(2, min(level, 4))
        self.blocks.append(_Block(f"{'#' * level} {text}", "heading", anchor, (), markers, unit.line))
        self.used.add(anchor)
        self.heading, self.heading_paras, self.heading_level = anchor, 0, level
        parts = len(unit.lines) + unit.split_heading
        unit.split_heading = False  # noted below, as a heading
        self._pin(unit, anchor)
        if parts > 1:
            how = " между знаками «**»" if bold else ""
            self._note(anchor, f"заголовок, набранный в текстовой копии в {_lines_word(parts)}{how}, показан одной строкой.")
        elif bold:
            self._note(anchor, "знаки «**» вокруг заголовка из текстовой копии не публикуются.")

    def _appendix(self, unit: _Unit, match: re.Match, markers: list[str]) -> None:
        self.appendix_count += 1
        number = match.group(1) or str(self.appendix_count)
        anchor = self._allocate(f"app{number}")
        self.part, self.appendix, self.form_done, self.base_level = "appendix", anchor, False, 2
        self.section, self.section_anchor = 0, None
        self._heading(_Unit(unit.lines[:1], unit.line), unit.lines[0], anchor, 2, markers)
        self.clause_number = 0
        self._pin(unit, anchor)
        if len(unit.lines) > 1:
            self.blocks.append(_Block("\n".join(unit.lines[1:]), "paragraph", None, ("stamp",), [], unit.line + 1))

    # РАСПОРЯЖЕНИЕ, the Положение it approves, a СПИСОК of positions.
    def _special_heading(self, unit: _Unit, markers: list[str]) -> bool:
        first, flat = unit.lines[0], unit.flat
        spaced = flat.replace(" ", "")
        if spaced in _DOC_TYPES and self.order_anchor is None and not self.seen_clause and len(unit.lines) == 1:
            self.order_anchor = self._allocate("order")
            self.meta.setdefault("doc_type", spaced.capitalize())
            self._heading(unit, flat, self.order_anchor, 2, markers)
            self.part = "order"
            return True
        title_word = _title_word(first)
        if (title_word and self.order_anchor and self.part == "order" and not _ends_with(unit.lines[-1], ".;:!?")
                and len(flat) <= 300):
            anchor = self._allocate("regulation")
            self._heading(unit, flat, anchor, 2, markers)
            self.part, self.clause_number, self.section, self.base_level = "main", 0, 0, 3
            return True
        word = flat.split()[0]
        if (word in ("СПИСОК", "ПЕРЕЧЕНЬ") and self.seen_clause and not _ends_with(unit.lines[-1], ".;!?")
                and len(flat) <= 400):
            anchor = self._allocate("positions" if "должност" in flat else "list")
            self._heading(unit, flat, anchor, 2, markers)
            self.part, self.appendix = "list", None
            return True
        return False

    def _form_title(self, unit: _Unit, markers: list[str]) -> bool:
        text = "\n".join(unit.lines)
        bold = text.startswith("**") and text.endswith("**") and text.count("**") == 2
        flat = unit.flat.replace("**", "") if bold else unit.flat
        if (len(unit.lines) > 3 or len(flat) > 130 or _ends_with(flat, ".;:,!?") or _BLANK in flat
                or flat.split()[-1].lower() in _FUNCTION_WORDS
                or not flat[:1].isupper() or _STAMP_RE.search(text) or _is_numbered(unit.lines[0]) or "**" in flat):
            return False
        self.form_done = True
        self._heading(unit, flat, self._allocate(f"{self.appendix}-form"), 3, markers, bold=bold)
        return True

    def _section_heading(self, unit: _Unit, following: _Unit | None, markers: list[str], bold: bool = False) -> bool:
        first, flat = unit.lines[0], unit.flat
        if self.part not in ("main", "top", "order") or not _heading_shaped(unit):
            return False
        multi = _MULTI_RE.match(first)
        if multi:
            numbers = multi.group(1).split(".")
            anchor = "s" + "-".join(numbers)
            parent = "s" + "-".join(numbers[:-1])
            if parent not in self.used:
                markers.append(f"подраздел «{multi.group(1)}» без раздела «{numbers[0]}.» перед ним; проверьте заголовок")
                anchor = "s" + "x".join(numbers)
            self._heading(unit, flat, self._allocate(anchor), self.base_level + len(numbers) - 1, markers, bold)
            self._enter_main()
            return True
        roman, chapter = _ROMAN_RE.match(first), _CHAPTER_RE.match(first)
        if roman or chapter:
            number = _roman(roman.group(1)) if roman else int(chapter.group(1))
            self.section = number
            self._heading(unit, flat, self._allocate(f"s{number}"), self.base_level, markers, bold)
            self._enter_main()
            return True
        clause = _CLAUSE_RE.match(first)
        if not clause:
            if flat.isupper() and len(flat) >= 6 and self.seen_clause and self.part == "main":
                markers.append("строка заглавными буквами без номера: заголовок раздела или часть текста? Сейчас — заголовок")
                self.section += 1
                self._heading(unit, flat, self._allocate(f"s{self.section}"), self.base_level, markers, bold)
                self._enter_main()
                return True
            return False
        if following is not None and following.split_suspect:
            return False  # the marker on the next block asks whether this clause goes on there
        number = int(clause.group(1))
        fits_section = number == self.section + 1
        fits_clause = self._fits_clause(number)
        next_number = _next_clause_number(self.units, self.index)
        if fits_section and (not fits_clause or next_number == number):
            pass
        elif not fits_clause and next_number == number:
            markers.append(f"«{_quote(flat, 60)}»: похоже на заголовок раздела, но раздел {number} идёт после раздела "
                           f"{self.section}; проверьте нумерацию по оригиналу")
        else:
            markers.append(f"«{_quote(flat, 60)}»: заголовок раздела или пункт {number}? Сейчас — пункт; "
                           f"проверьте по оригиналу")
            return False
        self.section = number
        self._heading(unit, flat, self._allocate(f"s{number}"), self.base_level, markers, bold)
        self._enter_main()
        return True

    # «**1. Общие положения**»: a heading in bold; «**5. Текст.**»: the number moves out of the bold.
    def _bold_numbered(self, unit: _Unit, following: _Unit | None, markers: list[str]) -> bool:
        text = "\n".join(unit.lines)
        if not (text.startswith("**") and text.endswith("**") and text.count("**") == 2 and len(text) > 4):
            return False
        inner = _Unit(text[2:-2].split("\n"), unit.line, unit.repairs, unit.markers, unit.stray_dash, unit.split_heading)
        if not _LIST_LINE_RE.match(inner.lines[0]) and not _MULTI_RE.match(inner.lines[0]):
            return False
        if self._section_heading(inner, following, markers, bold=True):
            return True
        number = _LIST_LINE_RE.match(inner.lines[0]) or _MULTI_RE.match(inner.lines[0])
        head = inner.lines[0][: number.end()]
        unit.lines = [f"{head}**{inner.lines[0][number.end():]}"] + inner.lines[1:]
        unit.lines[-1] += "**"
        unit.repairs.append(f"знаки выделения «**» перенесены за номер «{head.strip()}», чтобы номер читался как номер; "
                            f"слова не изменены.")
        return False

    def _enter_main(self) -> None:
        if self.part == "top":
            self.part = "main"

    # -- clauses, sub-items, dash items ---------------------------------------------------

    def _fits_clause(self, number: int) -> bool:
        return self.clause_number < number <= self.clause_number + 3 or number == self.clause_number

    def _clause(self, unit: _Unit, following: _Unit | None, markers: list[str]) -> bool:
        first = unit.lines[0]
        multi = _MULTI_RE.match(first)
        if multi and not _heading_shaped(unit):
            prefix = self._clause_prefix()
            anchor = prefix + "-".join(multi.group(1).split("."))
            parent = anchor.rsplit("-", 1)[0]
            markers.append(f"многоуровневый номер «{multi.group(1)}»: формат страницы читает такой пункт как абзац; "
                           f"проверьте, как он выглядит и цитируется")
            self._close_clause()
            anchor = self._allocate(anchor) if parent in self.used else None
            self.blocks.append(_Block(self._wrapped(unit, anchor), "paragraph", anchor, (), markers, unit.line))
            self._pin(unit, anchor)
            return True
        match = _CLAUSE_RE.match(first)
        if not match:
            return False
        number = int(match.group(1))
        self._close_clause()
        last = self.clause_number
        prefix = self._clause_prefix()
        anchor = self._allocate(f"{prefix}{number}")
        if anchor != f"{prefix}{number}":
            if number == last:
                self._note(anchor, f"в оригинале два пункта с номером «{number}.»; нумерация сохранена как в оригинале, "
                                   f"второй пункт {number} имеет адрес #{anchor}.")
            else:
                markers.append(f"пункт {number} идёт после пункта {last}, а пункт {number} уже был выше (адрес "
                               f"#{prefix}{number}); этот получил адрес #{anchor}, номер оставлен как в оригинале — "
                               f"проверьте нумерацию по оригиналу")
        elif number < last:
            markers.append(f"номер пункта {number} меньше предыдущего ({last}); номер оставлен как в оригинале — "
                           f"проверьте нумерацию")
        elif last == 0 and number > 1 and self.part != "appendix":
            markers.append(f"первый пункт имеет номер {number}: текст скопирован не с начала? Номер оставлен как в "
                           f"оригинале — проверьте по оригиналу")
        elif number > last + 3:
            markers.append(f"после пункта {last} идёт пункт {number}: пропущены пункты {last + 1}–{number - 1}? "
                           f"Номер оставлен как в оригинале — проверьте по оригиналу")
        elif number > last + 1:
            missing = f"пункта {last + 1}" if number == last + 2 else f"пунктов {last + 1}–{number - 1}"
            self._note(anchor, f"в оригинале нет {missing}; нумерация сохранена как в оригинале.")
        self.clause, self.clause_number, self.clause_paras, self.clause_text = anchor, number, 0, unit.flat
        self.seen_clause = True
        self._enter_main()
        self.blocks.append(_Block(self._wrapped(unit, anchor), "clause", anchor, (), markers, unit.line))
        self._pin(unit, anchor)
        return True

    def _clause_prefix(self) -> str:
        if self.part == "order":
            return "r"
        if self.part == "appendix" and self.appendix:
            return f"{self.appendix}-p"
        return "p"

    def _subitem(self, unit: _Unit, following: _Unit | None, markers: list[str]) -> bool:
        style_value = _subitem_number(unit.lines[0])
        if style_value is None:
            return False
        style, value, label = style_value
        level = next((i for i, open_list in enumerate(self.lists) if open_list.style == style), None)
        if level is not None:
            del self.lists[level + 1:]
            current = self.lists[-1]
            if value != current.value + 1:
                if value <= current.value:
                    markers.append(f"подпункт «{label})» после «{_label(style, current.value)})»: нумерация начинается "
                                   f"заново или повторяется; проверьте по оригиналу")
                elif value > current.value + 3:
                    markers.append(f"после подпункта «{_label(style, current.value)})» идёт «{label})»; проверьте по оригиналу")
                else:
                    self._note(current.owner, f"в оригинале после подпункта {_label(style, current.value)}) идёт "
                                              f"{label}); нумерация сохранена как в оригинале.")
            owner = current.owner
        else:
            if self.lists and self.lists[-1].item_text.endswith(":"):
                owner = self.lists[-1].item
            else:
                self.lists.clear()
                owner = self.para_owner or self.clause or self.appendix or self.heading or self.order_anchor or ""
            if value != 1:
                markers.append(f"список подпунктов начинается с «{label})», а не с первого; проверьте по оригиналу")
            self.lists.append(_List(owner, style, value, "", ""))
            current = self.lists[-1]
        token = str(value) if style == "num" else LATIN[label] or f"l{value}"
        if not owner:
            markers.append(f"подпункт «{label})» стоит до первого пункта и заголовка; проверьте, к чему он относится")
        base = f"{owner}-{token}" if owner else f"sub{token}"
        anchor = self._allocate(base)
        if anchor != base:
            markers.append(f"адрес #{base} уже занят (повтор подпункта «{label})» или буквы с тем же написанием "
                           f"латиницей); этот подпункт получил адрес #{anchor}")
        current.value, current.item, current.item_text, current.paras = value, anchor, unit.flat, 0
        self.last_dash_owner = None
        if unit.stray_dash:
            self.stray.append((owner, f"{label})"))
        self.seen_clause = self.seen_clause or self.part != "appendix"
        self.blocks.append(_Block(self._wrapped(unit, anchor), "subitem", anchor, (), markers, unit.line))
        self._pin(unit, anchor)
        return True

    def _dash(self, unit: _Unit, following: _Unit | None, markers: list[str]) -> bool:
        if not _DASH_RE.match(unit.lines[0]):
            return False
        if self.last_dash_owner:
            owner = self.last_dash_owner
        elif self.lists and self.lists[-1].item_text.endswith(":"):
            owner = self.lists[-1].item
        elif self.para_owner and self.para_text.endswith(":"):
            owner = self.para_owner
        else:
            owner = self.clause or self.appendix or self.heading or self.order_anchor
        anchor = None
        if owner:
            self.dashes[owner] = self.dashes.get(owner, 0) + 1
            anchor = self._allocate(f"{owner}-d{self.dashes[owner]}")
        self.last_dash_owner = owner
        self.blocks.append(_Block(self._wrapped(unit, anchor), "item", anchor, (), markers, unit.line))
        self._pin(unit, anchor or owner)
        return True

    # -- paragraphs and tables -------------------------------------------------------------

    def _paragraph(self, unit: _Unit, following: _Unit | None, markers: list[str]) -> None:
        text = "\n".join(unit.lines)
        flat = unit.flat
        body = _ends_with(unit.lines[-1], ".;:!?")
        classes = _classes(unit, following)
        anchor = None
        if self.clause and (self.part in ("main", "order", "appendix")) and not classes:
            if not body and len(flat) < 60:
                self._close_clause()
            else:
                if not body:
                    markers.append("абзац без знака препинания в конце: продолжение пункта, подпись или заголовок? "
                                   "Сейчас — абзац пункта")
                anchor = self._clause_paragraph(unit, following)
        elif classes:
            self._close_clause()
        elif self.part == "top" or (self.part == "order" and self.order_anchor and not self.seen_clause):
            if self.part == "order" and body and len(flat) >= 60 and not self.preamble_done:
                anchor = self._allocate("preamble")
                self.preamble_done = True
            elif self._is_doc_title(unit):
                classes = ("doc-title",)
        elif self.part == "list" or (self.part == "main" and body and self.heading):
            if self.heading:
                self.heading_paras += 1
                anchor = self._allocate(f"{self.heading}-para{self.heading_paras}")
        if self.part == "top" and not classes and flat.isupper() and not self.seen_clause:
            classes = ("centered",)
        self.blocks.append(_Block(self._wrapped(unit, anchor), "paragraph", anchor, classes, markers, unit.line))
        self._pin(unit, anchor)
        if text.startswith("**") and text.endswith("**") and self.doc_title is None and classes == ("doc-title",):
            self.doc_title = flat.replace("**", "")

    # A further paragraph of the current clause, or of the current sub-item when the list goes on after it.
    def _clause_paragraph(self, unit: _Unit, following: _Unit | None) -> str:
        self.last_dash_owner = None
        nxt = _subitem_number(following.lines[0]) if following else None
        if self.lists and nxt and any(open_list.style == nxt[0] and nxt[1] == open_list.value + 1 for open_list in self.lists):
            open_list = next(open_list for open_list in reversed(self.lists) if open_list.style == nxt[0])
            open_list.paras += 1
            return self._allocate(f"{open_list.item}-para{open_list.paras + 1}")
        self.lists.clear()
        self.clause_paras += 1
        anchor = self._allocate(f"{self.clause}-para{self.clause_paras + 1}")
        self.para_owner, self.para_text = anchor, unit.flat
        return anchor

    def _table(self, unit: _Unit, markers: list[str]) -> None:
        if not all("\t" in line for line in unit.lines):
            markers.append("в блоке есть строки с табуляцией и без неё: таблица или текст? Строки без табуляции "
                           "превратят блок в абзац")
        else:
            widths = [line.count("\t") + 1 for line in unit.lines]
            if len(set(widths)) > 1:
                # The format wants as many cells in every row as in the header (and cannot end a
                # row with an empty cell): only the editor can tell which cells are missing.
                markers.append(f"в строках таблицы разное число ячеек ({', '.join(map(str, widths))}), а нужно "
                               f"столько же, сколько в первой строке: сверьте столбцы с оригиналом")
        anchor = None
        if self.clause and self.part != "appendix":
            self.clause_paras += 1
            anchor = self._allocate(f"{self.clause}-para{self.clause_paras + 1}")
        self.blocks.append(_Block("\n".join(unit.lines), "table", anchor, (), markers, unit.line))
        self._pin(unit, anchor)

    def _is_doc_title(self, unit: _Unit) -> bool:
        if self.doc_title is not None:
            return False
        text = "\n".join(unit.lines)
        bold = text.startswith("**") and text.endswith("**") and text.count("**") == 2
        flat = unit.flat.replace("**", "")
        titled = _title_word(unit.lines[0].replace("**", "")) or flat.startswith("О ") or flat.startswith("Об ")
        if (bold or (titled and len(unit.lines) == 1)) and not _ends_with(flat, ".;:!?") and len(flat) <= 400:
            self.doc_title = flat
            return True
        return False

    # -- bookkeeping ---------------------------------------------------------------------

    def _close_clause(self) -> None:
        self.clause = None
        self.clause_paras = 0
        self.para_owner = None
        self.lists.clear()
        self.last_dash_owner = None

    # Lines wrapped at the page width are joined (a note says so); other line breaks stay.
    def _wrapped(self, unit: _Unit, anchor: str | None) -> str:
        lines = unit.lines
        if len(lines) > 1 and all(len(line) >= 45 for line in lines[:-1]) and not any(
                _BLANK in line for line in lines[:-1]) and all(_continues(line) for line in lines[1:]):
            self._note(self.heading or anchor or "", "строки абзацев, перенесённые по ширине страницы, соединены; "
                                                     "слова не изменены.")
            return " ".join(line.strip() for line in lines)
        return "\n".join(lines)

    def _allocate(self, base: str) -> str:
        anchor, suffix = base, ord("b")
        while anchor in self.used:
            anchor = f"{base}{chr(suffix)}"
            suffix += 1
        self.used.add(anchor)
        return anchor

    def _pin(self, unit: _Unit, anchor: str | None) -> None:
        where = anchor or self.heading
        if unit.split_heading:
            unit.split_heading = False
            unit.repairs.append("строки, разделённые в текстовой копии пустой строкой (разрыв страницы), соединены "
                                "в один блок; слова не изменены.")
        for what in unit.repairs:
            self._note(where or "", what)
        unit.repairs = []

    def _note(self, where: str, what: str) -> None:
        if not where:
            self._pending.append(what)
        elif (where, what) not in self.notes:
            self.notes.append((where, what))

    def _stray_notes(self) -> None:
        groups: dict[str, list[str]] = {}
        for owner, label in self.stray:
            groups.setdefault(owner, []).append(label)
        for owner, labels in groups.items():
            if len(labels) == 1:
                what = f"перед подпунктом {labels[0]} удалён лишний знак «- »."
            else:
                what = f"перед подпунктами {labels[0]}–{labels[-1]} удалены лишние знаки «- »."
            self._note(owner, what)


# ---------------------------------------------------------------------------------------
# Front matter


def _find_meta(converter: _Converter) -> dict[str, object]:
    meta: dict[str, object] = dict(converter.meta)
    early: list[_Block] = []
    for block in converter.blocks:
        if block.kind in ("clause", "subitem") or block.anchor in ("regulation",) or (block.anchor or "").startswith("app"):
            break
        early.append(block)
    texts = [" ".join(block.text.replace("**", "").split()) for block in early if block.kind != "heading"]
    for text in texts:
        match = re.search(r"№\s*([0-9][\w/.-]*?)\s+от\s+(\d{1,2}\.\d{1,2}\.\d{4})", text)
        if match and "number" not in meta:
            meta["number"] = match.group(1)
            meta.setdefault("date", _date(match.group(2)))
    for text in texts:
        # «№ 186-11» on its own line, or after the date: «21.06.2022 г. № 182».
        match = re.search(r"(?:^|\s)№\s*([0-9][\w/.-]*)$", text) if len(text) <= 60 else None
        if match and "number" not in meta and not text.startswith(("Приложение", "ПРИЛОЖЕНИЕ")):
            meta["number"] = match.group(1)
        if "date" not in meta:
            found = _date(text) if len(text) <= 60 else None
            if found:
                meta["date"] = found
    if converter.doc_title:
        meta["official_title"] = converter.doc_title
        meta["title"] = converter.doc_title
        word = converter.doc_title.split()[0]
        if word in _PART_TITLES:
            meta.setdefault("doc_type", word)
        org = _ORG_RE.search(converter.doc_title)
        if org:
            meta["issuer"] = org.group(0)
    for text in texts:
        if "issuer" not in meta and text.isupper() and _ISSUER_RE.search(text):
            meta["issuer"] = text
    stamps = [block for block in early if "stamp" in block.classes]
    if stamps:
        meta["approval"] = " ".join(stamps[0].text.split())
    letters = [ch for block in converter.blocks for ch in block.text.lower() if ch.isalpha()]
    cyrillic = sum("а" <= ch <= "я" or ch == "ё" for ch in letters)
    kazakh = sum(ch in "әғқңөұүһі" for ch in letters)
    if letters and cyrillic / len(letters) > 0.8 and kazakh / len(letters) < 0.001:
        meta["original_language"] = "ru"
    return meta


def _front_matter(doc_id: str, meta: dict[str, object], source: str, notes, source_name: str):
    lines = [f"# policy-portal import из {_yaml(source_name or 'текста')}: заполните поля \"TODO: …\", проверьте "
             "editorial_notes и пометки TODO в тексте,", "# сверив с оригиналом; сборка не пройдёт, пока они остались.",
             f"document: {doc_id}"]
    placeholders = []
    for key, (required, _) in FIELDS.items():
        if key in ("document", "editorial_notes"):
            continue
        value = meta.get(key)
        if key == "source":
            value = source or None
        if value is None:
            if not required:
                continue
            placeholders.append(key)
            value = PLACEHOLDER + _PLACEHOLDERS[key]
        lines.append(f"{key}: {value.isoformat() if isinstance(value, datetime.date) else _yaml(str(value))}")
    if notes:
        lines.append("editorial_notes:")
        for where, what in notes:
            lines += [f"  - where: {where}", f"    what: {_yaml(what)}"]
    return "\n".join(lines) + "\n", placeholders


def _yaml(value: str) -> str:
    plain = re.match(r"^[A-Za-z0-9А-Яа-яЁё«(][^:#\n\"'{}\[\],&*!|>%@`]*$", value) and not value[-1:].isspace()
    if plain and not re.match(r"^(?:true|false|yes|no|on|off|null|~|\d[\d.:-]*)$", value, re.I):
        return value
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------------------------------
# Small text helpers


def _ends_with(text: str, marks: str) -> bool:
    stripped = text.rstrip().rstrip("»\"')]*”")
    return bool(stripped) and stripped[-1] in marks


def _is_numbered(line: str) -> bool:
    return bool(_LIST_LINE_RE.match(line) or _MULTI_RE.match(line) or _ROMAN_RE.match(line))


def _title_word(line: str) -> str | None:
    word = line.strip().split(" ")[0] if line.strip() else ""
    return word if word.capitalize() in _PART_TITLES and (word.istitle() or word.isupper()) else None


# A heading: one to three lines, short, no final punctuation, a capital letter after the number.
def _heading_shaped(unit: _Unit) -> bool:
    flat = unit.flat
    if len(unit.lines) > 3 or len(flat) > 250 or _ends_with(flat, ".;:,!?") or _BLANK in flat:
        return False
    rest = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVXL]+\.|Глава\s+\d+\.?|ГЛАВА\s+\d+\.?|Раздел\s+\d+\.?|РАЗДЕЛ\s+\d+\.?)\s*", "", flat)
    return rest[:1].isupper() or rest[:1] in "«\""


def _continues(line: str) -> bool:
    first = line.strip()[:1]
    return first.islower() or first in "(«" or first.isdigit()


def _subitem_number(line: str) -> tuple[str, int, str] | None:
    numbered = _SUBNUM_RE.match(line)
    if numbered:
        return "num", int(numbered.group(1)), numbered.group(1)
    lettered = _SUBLET_RE.match(line)
    if lettered:
        letter = lettered.group(1)
        value = LIST_LETTERS.index(letter) + 1 if letter in LIST_LETTERS else 100 + ord(letter)
        return "let", value, letter
    return None


def _label(style: str, value: int) -> str:
    if style == "num":
        return str(value)
    return LIST_LETTERS[value - 1] if value <= len(LIST_LETTERS) else chr(value - 100)


def _next_clause_number(units: list[_Unit], index: int) -> int | None:
    for later in units[index + 1:]:
        line = later.lines[0].removeprefix("**")
        match = _CLAUSE_RE.match(line)
        if match:
            return int(match.group(1))
        if _APPENDIX_RE.match(line) or _MULTI_RE.match(line):
            return None
    return None


def _classes(unit: _Unit, following: _Unit | None) -> tuple[str, ...]:
    text = "\n".join(unit.lines)
    flat = unit.flat
    if _STAMP_RE.search(text):
        return ("stamp",)
    if ("подпись" in flat.lower() and len(flat) <= 120) or _NAME_RE.match(flat) or (
            flat.startswith(_BLANK) and re.search(r"Ф\.?\s?И\.?\s?О", flat)) or re.match(
            r"^(?:Передал|Принял|Сдал|Получил)\s+_{3,}", flat):
        return ("signature",)
    if following is not None and _NAME_RE.match(following.flat) and len(unit.lines) <= 3 and len(flat) <= 80 \
            and not _ends_with(flat, ".;:!?"):
        return ("signature",)
    return ()


def _date(text: str) -> datetime.date | None:
    numeric = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", text)
    try:
        if numeric:
            return datetime.date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
        worded = re.search(r"«?(\d{1,2})»?\s+([а-я]+)\s+(\d{4})", text)
        if worded and worded.group(2) in _MONTHS:
            return datetime.date(int(worded.group(3)), _MONTHS[worded.group(2)], int(worded.group(1)))
    except ValueError:
        return None
    return None


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for index, char in enumerate(numeral):
        value = values[char]
        total += -value if index + 1 < len(numeral) and values[numeral[index + 1]] > value else value
    return total


def _after(unit: _Unit) -> str:
    first = unit.lines[0]
    sub = _subitem_number(first)
    if sub:
        return f" после подпункта {sub[2]})"
    clause = _CLAUSE_RE.match(first)
    if clause:
        return f" после пункта {clause.group(1)}"
    return ""


def _lines_word(count: int) -> str:
    words = {2: "две строки", 3: "три строки", 4: "четыре строки", 5: "пять строк", 6: "шесть строк", 7: "семь строк"}
    return words.get(count, f"{count} строк")


def _last_words(text: str, count: int = 3) -> str:
    words = text.replace("**", "").split()
    return ("…" if len(words) > count else "") + " ".join(words[-count:])


def _first_words(text: str, count: int = 3) -> str:
    words = text.replace("**", "").split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _quote(text: str, limit: int) -> str:
    text = " ".join(text.replace("**", "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# A marker stays one harmless line: no comment end, no attribute braces, no bold markers.
def _safe(text: str) -> str:
    return " ".join(text.replace("-->", "->").replace("{", "(").replace("}", ")").replace("**", "").split())
