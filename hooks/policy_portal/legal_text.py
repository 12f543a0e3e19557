"""The legal-text source format: parse a document page into a tree of anchored blocks.

A document page (``docs/*.md`` with ``document:`` in its front matter) holds the official
text in a small, strict dialect instead of free Markdown, because Markdown renumbers lists
and legal numbers are part of the text:

* Blocks are separated by blank lines; a line break inside a block is kept as printed.
* ``## 1. Цель документа {#s1}`` is a heading (levels 2–4); every heading has an anchor.
* A block may end with an attribute list ``{#p14 .stamp}``: an anchor and/or classes
  (``rows=N`` adds N empty rows to a table).
* A block that starts with ``14.`` is a clause, with ``3)`` or ``ж)`` a sub-item, with
  ``- `` an item; numbers are kept exactly as printed and every clause and sub-item needs
  an anchor. Any other block is a paragraph.
* A block whose lines all contain a tab is a table; its first row is the header, and every
  row has as many cells as the header.
* ``**bold**`` is the only inline markup.

Nesting follows the anchors: ``p14-3`` goes inside ``p14``; an unanchored block belongs to
the heading above it. This module knows nothing about MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import SourceError

# Blank rows a table may add for filling in by hand (rows=N): a page, not a ledger.
MAX_EMPTY_ROWS = 200
ANCHOR_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_ATTRS_RE = re.compile(r"\s*\{([^{}]*)\}\s*$")
_STRAY_ATTRS_RE = re.compile(r"\{[#.][^{}]*\}")
_NUMBER_RE = re.compile(r"^(?P<num>\d+\.|\d+\)|[а-яё]\)|[-–—])\s+(?P<rest>.*)$", re.S)
# A question `policy-portal import` left for the editor (importer.py): it must not reach the page.
_IMPORT_MARKER_RE = re.compile(r"<!-- policy-portal: (.*?)(?: -->|$)")

KIND_HEADING = "heading"
KIND_CLAUSE = "clause"
KIND_SUBITEM = "subitem"
KIND_ITEM = "item"
KIND_PARAGRAPH = "paragraph"
KIND_TABLE = "table"


@dataclass
class Block:
    """One heading, clause, sub-item, item, paragraph or table, with its nested blocks."""

    kind: str
    text: str
    line: int
    number: str = ""
    anchor: str | None = None
    classes: tuple[str, ...] = ()
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    empty_rows: int = 0
    # In a translation: the SHA-256 of the original block's own text it was translated from.
    source_sha256: str = ""
    citation: str = ""
    parent: Block | None = field(default=None, repr=False)
    children: list[Block] = field(default_factory=list, repr=False)

    def walk(self):
        """This block and all blocks inside it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def parse_body(body: str, path: str, first_line: int = 1, language: str = "ru") -> list[Block]:
    """Parse the body of a document page into top-level blocks (headings and the rest).

    ``language`` is the language of the citations (``п. 14, пп. 3)``, ``14-т. 3) тт.``, ``cl. 14(3)``).
    """
    root = Block(kind="root", text="", line=first_line)
    stack = [root]
    seen: dict[str, Block] = {}
    for line, lines in _split_blocks(body, first_line):
        block = _parse_block(lines, line, path)
        _check_anchor(block, seen, path)
        _attach(block, stack, seen, path, language)
        if block.anchor:
            seen[block.anchor] = block
    for block in root.children:
        block.parent = None
    return root.children


def inline_text(text: str) -> str:
    """The text as a reader sees it: no ``**`` markers, line breaks as spaces."""
    return " ".join(text.replace("**", "").split())


def full_text(block: Block) -> str:
    """The block's text followed by every nested block's number and text, one per line."""
    lines = [_own_text(block)]
    for child in block.children:
        child_text = full_text(child)
        lines.append(f"{child.number} {child_text}" if child.number else child_text)
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------------------


# Yield (first line number, lines) for each run of non-blank lines.
def _split_blocks(body: str, first_line: int):
    current: list[str] = []
    start = first_line
    for offset, raw in enumerate(body.split("\n")):
        line = raw.rstrip()
        if line.strip():
            if not current:
                start = first_line + offset
            current.append(line)
        elif current:
            yield start, current
            current = []
    if current:
        yield start, current


# Turn the lines of one block into a Block (without placing it in the tree).
def _parse_block(lines: list[str], line: int, path: str) -> Block:
    for row, text_line in enumerate(lines):
        marker = _IMPORT_MARKER_RE.search(text_line)
        if marker:
            raise SourceError(path, line + row, marker.start() + 1, f"unresolved import marker: {marker.group(1)} "
                                                                    "(expected the editor to settle it and delete the comment)")
    anchor, classes, empty_rows, source = None, (), 0, ""
    last = lines[-1]
    match = _ATTRS_RE.search(last)
    if match and (match.start() > 0 or len(lines) > 1):
        anchor, classes, empty_rows, source = _parse_attrs(match.group(1), path, line + len(lines) - 1, last.rfind("{") + 1)
        last = last[: match.start()]
        lines = lines[:-1] + ([last] if last.strip() else [])
    elif last.lstrip().startswith("{"):
        raise SourceError(path, line, 1, "attribute list without text (expected it at the end of a block, like '… {#p14}')")
    for row, text_line in enumerate(lines):
        stray = _STRAY_ATTRS_RE.search(text_line)
        if stray:
            raise SourceError(path, line + row, stray.start() + 1,
                              f"attribute list '{stray.group(0)}' inside the text (expected one, at the very end of the block)")
    text = "\n".join(lines)
    _check_bold(text, path, line)

    heading = _HEADING_RE.match(text)
    if heading:
        level = len(heading.group(1))
        if len(lines) > 1:
            raise SourceError(path, line, 1, "heading spans several lines (expected one line per heading)")
        if not 2 <= level <= 4:
            raise SourceError(path, line, 1, f"heading of level {level} (expected ## to ####; the page title comes from the front matter)")
        if not anchor:
            raise SourceError(path, line, len(text) + 1, "heading without an anchor (expected '{#s1}' at its end)")
        return Block(KIND_HEADING, heading.group(2).strip(), line, anchor=anchor, classes=classes, level=level,
                     source_sha256=source)

    if all("\t" in row for row in lines):
        rows = tuple(tuple(cell.strip() for cell in row.split("\t")) for row in lines)
        for number, row in enumerate(rows[1:], start=1):
            if len(row) != len(rows[0]):
                raise SourceError(path, line + number, 1, f"table row with {len(row)} cells under a header of {len(rows[0])} "
                                                          f"(expected {len(rows[0])} cells in every row, separated by tabs)")
        return Block(KIND_TABLE, "", line, anchor=anchor, classes=classes, rows=rows, empty_rows=empty_rows,
                     source_sha256=source)

    numbered = _NUMBER_RE.match(text)
    if numbered:
        number = numbered.group("num")
        kind = KIND_CLAUSE if number.endswith(".") else KIND_SUBITEM if number.endswith(")") else KIND_ITEM
        if kind != KIND_ITEM and not anchor:
            raise SourceError(path, line, len(lines[-1]) + 1,
                              f"{kind} '{number}' without an anchor (expected '{{#…}}' at the end of the block, like {{#p14}} or {{#p14-3}})")
        return Block(kind, numbered.group("rest"), line, number=number, anchor=anchor, classes=classes, source_sha256=source)
    return Block(KIND_PARAGRAPH, text, line, anchor=anchor, classes=classes, source_sha256=source)


# Parse '#p14 .stamp rows=5 sha256=…' into (anchor, classes, empty rows, source hash).
def _parse_attrs(attrs: str, path: str, line: int, col: int):
    anchor, classes, empty_rows, source = None, [], 0, ""
    for token in attrs.split():
        if token.startswith("#"):
            if anchor:
                raise SourceError(path, line, col, f"second anchor '{token[1:]}' (expected one anchor per block)")
            anchor = token[1:]
            if not ANCHOR_RE.match(anchor):
                raise SourceError(path, line, col, f"anchor '{anchor}' is not a stable ASCII anchor (expected lowercase letters, digits and '-', like p14-3)")
        elif token.startswith(".") and re.match(r"^\.[a-z][a-z0-9-]*$", token):
            classes.append(token[1:])
        elif re.match(r"^rows=\d+$", token):
            digits = token.split("=")[1].lstrip("0") or "0"
            if len(digits) > 3 or int(digits) > MAX_EMPTY_ROWS:
                shown = digits if len(digits) <= 9 else digits[:9] + "…"
                raise SourceError(path, line, col, f"rows={shown} adds too many empty rows (expected at most rows={MAX_EMPTY_ROWS})")
            empty_rows = int(digits)
        elif token.startswith("sha256="):
            source = token.split("=", 1)[1]
            if not re.match(r"^[0-9a-f]{64}$", source):
                raise SourceError(path, line, col, f"'{token[:20]}…' is not a SHA-256 (expected sha256= and 64 lowercase hex digits, "
                                                   "as `policy-portal translation stamp` writes it)")
        else:
            raise SourceError(path, line, col, f"unknown attribute '{token}' (expected #anchor, .class, rows=N or sha256=…)")
    return anchor, tuple(classes), empty_rows, source


# Leftover '**' from a conversion must never reach the page.
def _check_bold(text: str, path: str, line: int) -> None:
    if text.count("**") % 2:
        at = text.rfind("**")
        row = text.count("\n", 0, at)
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise SourceError(path, line + row, col, "unpaired '**' (expected **bold** with both markers)")


def _check_anchor(block: Block, seen: dict[str, Block], path: str) -> None:
    if block.anchor and block.anchor in seen:
        first = seen[block.anchor]
        raise SourceError(path, block.line, 1, f"duplicate anchor '{block.anchor}' (first used on line {first.line}; expected each anchor once)")


# Place the block in the tree: by anchor prefix for nested blocks, under the heading otherwise.
def _attach(block: Block, stack: list[Block], seen: dict[str, Block], path: str, language: str) -> None:
    if block.kind == KIND_HEADING:
        while len(stack) > 1 and not (stack[-1].kind == KIND_HEADING and stack[-1].level < block.level):
            stack.pop()
        _adopt(stack[-1], block, language)
        stack.append(block)
        return
    parent_anchor = _parent_anchor(block.anchor, seen) if block.anchor else None
    if block.anchor and "-" in block.anchor and parent_anchor is None:
        expected = block.anchor.rsplit("-", 1)[0]
        raise SourceError(path, block.line, 1, f"anchor '{block.anchor}' has no parent (expected a block anchored '{expected}' before it)")
    if parent_anchor:
        parent = seen[parent_anchor]
        if parent not in stack:
            raise SourceError(path, block.line, 1, f"anchor '{block.anchor}' is outside its parent '{parent_anchor}' (expected it right after the blocks of '{parent_anchor}')")
        while stack[-1] is not parent:
            stack.pop()
    else:
        while len(stack) > 1 and stack[-1].kind != KIND_HEADING:
            stack.pop()
    _adopt(stack[-1], block, language)
    if block.anchor:
        stack.append(block)


# The longest earlier anchor that is a '-'-prefix of this one: 'p14' for 'p14-3'.
def _parent_anchor(anchor: str, seen: dict[str, Block]) -> str | None:
    parts = anchor.split("-")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = "-".join(parts[:cut])
        if candidate in seen:
            return candidate
    return None


def _adopt(parent: Block, block: Block, language: str) -> None:
    block.parent = parent if parent.kind != "root" else None
    block.citation = _citation(block, parent, len(parent.children), language)
    parent.children.append(block)


# How a lawyer cites a block, by language: clause, sub-item of a clause, sub-item alone,
# n-th paragraph of a block, n-th paragraph alone. Numbers as printed: '14.', '3)', 'ж)'.
CITATIONS = {
    "ru": ("п. {n}", "{base}, пп. {n}", "пп. {n}", "{base}, абзац {i}", "абзац {i}"),
    "kk": ("{n}-т.", "{base} {n} тт.", "{n} тт.", "{base} {i}-азат жол", "{i}-азат жол"),
    "en": ("cl. {n}", "{base}({s})", "item {n}", "{base}, para. {i}", "para. {i}"),
}


def _citation(block: Block, parent: Block, index: int, language: str) -> str:
    clause, sub, sub_alone, para, para_alone = CITATIONS.get(language, CITATIONS["ru"])
    base = parent.citation if parent.kind != "root" else ""
    if block.kind == KIND_HEADING:
        return inline_text(block.text)
    number = block.number.rstrip(".")
    if block.kind == KIND_CLAUSE:
        return clause.format(n=number)
    if block.kind == KIND_SUBITEM:
        return sub.format(base=base, n=block.number, s=block.number.rstrip(")")) if base else sub_alone.format(n=block.number)
    # Paragraphs and dash items are cited as the n-th paragraph (абзац) of their parent.
    return para.format(base=base, i=index + 2) if base else para_alone.format(i=index + 1)


def own_text(block: Block) -> str:
    """The block's own text (its number and text, or its table rows), without nested blocks."""
    text = _own_text(block)
    return f"{block.number} {text}" if block.number else text


def _own_text(block: Block) -> str:
    if block.kind == KIND_TABLE:
        return "\n".join(" ".join(row) for row in block.rows)
    return inline_text(block.text)
