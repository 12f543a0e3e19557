"""Translations of a document: parsed like the original, aligned with it clause by clause.

A translation is a page next to the original (``docs/anti-corruption.kk.md`` for
``docs/anti-corruption.md``, mkdocs-static-i18n's suffix structure) in the same legal-text
format, with its own front matter::

    ---
    document: anti-corruption
    translation: kk
    title: …
    official_title: …
    issuer: …
    doc_type: …
    jurisdiction: …
    approval: …          # optional
    ---

Number, date, audience and the editorial notes are the original's. The original text prevails;
a translation only makes it readable, so it must follow it exactly:

* every anchored block of the original (heading, clause, sub-item, anchored paragraph or table)
  is in the translation, in the same order, with the same kind and the same number as printed,
  and the translation has no anchor the original lacks: otherwise the build stops;
* every anchored block records ``sha256=…``, the SHA-256 of the original block's own text it
  was translated from (``registry.text_sha256`` of ``legal_text.own_text``). When the original
  changes, the hashes differ: the clause is *stale*, the build warns and the page says so next
  to the clause, with a link to the original. ``stamp`` writes the hashes once a translator
  has checked the clauses (``policy-portal translation stamp``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .documents import LANGUAGES, Document, split_front_matter
from .errors import SourceError
from .legal_text import _ATTRS_RE, KIND_HEADING, KIND_TABLE, Block, own_text, parse_body
from .registry import text_sha256
from .yaml_source import load

# Field -> (required, description); the other fields come from the original.
FIELDS: dict[str, tuple[bool, str]] = {
    "document": (True, "the id of the original document"),
    "translation": (True, f"the language of this translation, one of {', '.join(LANGUAGES)}"),
    "title": (True, "the short title in this language"),
    "official_title": (True, "the official title in this language"),
    "issuer": (True, "the issuing body in this language"),
    "doc_type": (True, "the document type in this language"),
    "jurisdiction": (True, "the jurisdiction in this language"),
    "approval": (False, "how the document was approved, in this language"),
}
_HEADING_NUMBER_RE = re.compile(r"^(\d+(?:\.\d+)*\.?)\s")


@dataclass(frozen=True)
class Translation:
    """A translated document (same model as the original) and which of its clauses are stale."""

    document: Document
    language: str
    path: str
    stale: tuple[str, ...] = ()

    def stale_message(self) -> str:
        """The build's warning for a translation with stale clauses (one line)."""
        shown = ", ".join(self.stale[:8]) + (" …" if len(self.stale) > 8 else "")
        return (f"{self.path}: {len(self.stale)} clause(s) translated from an earlier text of the original: {shown} "
                f"(the page marks them; update the translation, then `policy-portal translation stamp {self.path}`)")


def source_sha256(block: Block) -> str:
    """What a translated block records of the original block: the hash of its own text."""
    return text_sha256(own_text(block))


def parse_translation(source: str, path: str, original: Document, original_path: str = "") -> Translation:
    """Parse a translation page and align it with ``original``; SourceError on any mismatch."""
    front, body, body_line = split_front_matter(source)
    if front is None:
        raise SourceError(path, 1, 1, "no front matter (expected '---' with document: and translation:)")
    located = load(front, path, first_line=2)
    data = located.data
    if not isinstance(data, dict):
        raise SourceError(path, 2, 1, "front matter is not a mapping (expected 'field: value' lines)")
    for key, value in data.items():
        if key not in FIELDS:
            raise SourceError(path, *located.key_at((key,)), f"unknown field '{key}' in a translation (expected one of: "
                                                              f"{', '.join(FIELDS)}; number, date and notes come from the original)")
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            raise SourceError(path, *located.at((key,)), f"field '{key}' is not text (expected {FIELDS[key][1]})")
    for key, (required, description) in FIELDS.items():
        if required and key not in data:
            raise SourceError(path, 1, 1, f"missing field '{key}' (expected {description})")
    language = str(data["translation"])
    if language not in LANGUAGES or language == original.meta.original_language:
        raise SourceError(path, *located.at(("translation",)), f"translation: {language!r} (expected a language other "
                                                                f"than the original's {original.meta.original_language}: "
                                                                f"{', '.join(x for x in LANGUAGES if x != original.meta.original_language)})")
    meta = dataclasses.replace(
        original.meta, language=language, source="", editorial_notes=(),
        **{key: str(data.get(key, "")) for key in ("title", "official_title", "issuer", "doc_type", "jurisdiction", "approval")})
    document = Document(meta=meta, blocks=parse_body(body, path, body_line, language))
    stale = align(original, document, path, original_path or "the original")
    return Translation(document, language, path, stale)


def align(original: Document, translated: Document, path: str, original_path: str) -> tuple[str, ...]:
    """Check the translation's anchored blocks against the original's; return the stale anchors."""
    ours = list(translated.anchored())
    theirs = list(original.anchored())
    by_anchor = {block.anchor: block for block in theirs}
    positions = {block.anchor: index for index, block in enumerate(theirs)}
    expected = f"expected every anchored block of {original_path}, in its order, with its number"
    previous = None
    for block in ours:
        source = by_anchor.get(block.anchor)
        if source is None:
            raise SourceError(path, block.line, 1, f"anchor '{block.anchor}' is not in the original ({expected})")
        if previous is not None and positions[block.anchor] < positions[previous.anchor]:
            raise SourceError(path, block.line, 1, f"'{block.anchor}' comes after '{previous.anchor}' here, before it in "
                                                   f"the original ({expected})")
        missing = next((b for b in theirs[positions[previous.anchor] + 1 if previous else 0:positions[block.anchor]]), None)
        if missing is not None:
            raise SourceError(path, block.line, 1, f"'{missing.anchor}' ({missing.citation}, {original_path}:{missing.line}) "
                                                   f"is missing before '{block.anchor}' ({expected})")
        if block.kind != source.kind:
            raise SourceError(path, block.line, 1, f"'{block.anchor}' is a {block.kind} here and a {source.kind} in the "
                                                   f"original ({expected})")
        if block.kind == KIND_HEADING and _heading_number(block.text) != _heading_number(source.text):
            raise SourceError(path, block.line, 1, f"heading '{block.anchor}' is numbered {_heading_number(block.text)!r} "
                                                   f"here and {_heading_number(source.text)!r} in the original "
                                                   "(expected the original's numbering)")
        if block.number != source.number:
            raise SourceError(path, block.line, 1, f"'{block.anchor}' is numbered {block.number!r} here and "
                                                   f"{source.number!r} in the original (expected the original's numbering)")
        if block.kind == KIND_TABLE and (len(block.rows) != len(source.rows) or len(block.rows[0]) != len(source.rows[0])):
            raise SourceError(path, block.line, 1, f"table '{block.anchor}' has {len(block.rows)} rows of {len(block.rows[0])} "
                                                   f"cells here, {len(source.rows)} of {len(source.rows[0])} in the original "
                                                   "(expected the same table)")
        if not block.source_sha256:
            raise SourceError(path, block.line, 1, f"'{block.anchor}' does not record the original it translates (expected "
                                                   f"sha256=… in its attribute list; run `policy-portal translation stamp {path}` "
                                                   "once the clause is checked against the original)")
        previous = block
    if len(ours) < len(theirs):
        missing = theirs[positions[previous.anchor] + 1 if previous else 0]
        line = ours[-1].line if ours else 1
        raise SourceError(path, line, 1, f"'{missing.anchor}' ({missing.citation}, {original_path}:{missing.line}) is "
                                         f"missing at the end ({expected})")
    return tuple(block.anchor for block in ours if block.source_sha256 != source_sha256(by_anchor[block.anchor]))


# The number a heading starts with ("7.", "7.1", "1"), or "" ("Приложение 1" has none of its own).
def _heading_number(text: str) -> str:
    match = _HEADING_NUMBER_RE.match(text)
    return match.group(1) if match else ""


def stamp(source: str, original: Document, anchors: set[str] | None = None) -> tuple[str, list[str]]:
    """The translation page with ``sha256=`` of the original written on its anchored blocks.

    Only ``anchors`` when given (the clauses a translator has just checked), else all of them.
    Returns the new text and the anchors whose hash changed.
    """
    front, body, _ = split_front_matter(source)
    head = source.lstrip("\ufeff")[: len(source.lstrip("\ufeff")) - len(body)] if front is not None else ""
    hashes = {block.anchor: source_sha256(block) for block in original.anchored()}
    changed: list[str] = []
    lines = body.split("\n")
    for number, line in enumerate(lines):
        match = _ATTRS_RE.search(line)
        if not match:
            continue
        tokens = match.group(1).split()
        anchor = next((token[1:] for token in tokens if token.startswith("#")), None)
        if anchor not in hashes or (anchors is not None and anchor not in anchors):
            continue
        old = next((token for token in tokens if token.startswith("sha256=")), None)
        new = f"sha256={hashes[anchor]}"
        if old == new:
            continue
        tokens = [token for token in tokens if not token.startswith("sha256=")] + [new]
        lines[number] = line[: match.start()] + (" " if match.start() else "") + "{" + " ".join(tokens) + "}"
        changed.append(anchor)
    return head + "\n".join(lines), changed
