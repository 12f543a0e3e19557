"""The clause registry: every anchored block of every document, with a hash of its text.

Later features (quiz citations, attestation receipts, the familiarisation register) check
their references against this file, so its format is versioned and its hashing is defined
here once: SHA-256 over the UTF-8 bytes of the normalised text.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

from .documents import Document
from .legal_text import full_text

FORMAT = "policy-portal/clause-registry"
VERSION = 1
FILENAME = "clauses.json"


def normalise(text: str) -> str:
    """NFC, single spaces, no leading or trailing white space: what the hash is taken over."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def document_entries(document: Document, url: str) -> dict:
    """The registry record of one document published at ``url`` (relative to the site root)."""
    clauses = []
    for block in document.anchored():
        text = full_text(block)
        clauses.append({
            "anchor": block.anchor,
            "number": block.number,
            "kind": block.kind,
            "citation": block.citation,
            "parent": _parent_anchor(block),
            "url": f"{url}#{block.anchor}",
            "text": text,
            "sha256": text_sha256(text),
        })
    meta = document.meta
    return {
        "id": meta.id,
        "title": meta.official_title,
        "short_title": meta.title,
        "doc_type": meta.doc_type,
        "number": meta.number,
        "date": meta.date.isoformat(),
        "language": meta.original_language,
        "url": url,
        "clauses": clauses,
    }


def build_registry(documents: list[dict], language: str) -> dict:
    """The whole registry for one language build, documents sorted by id."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "language": language,
        "documents": sorted(documents, key=lambda d: d["id"]),
    }


def dumps(registry: dict) -> str:
    return json.dumps(registry, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _parent_anchor(block) -> str | None:
    parent = block.parent
    while parent is not None and not parent.anchor:
        parent = parent.parent
    return parent.anchor if parent is not None else None
