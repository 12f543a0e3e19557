"""The clause registry: every anchored block of every document, with a hash of its text.

Later features (quiz citations, attestation receipts, the familiarisation register) check
their references against this file, so its format is versioned and its hashing is defined
here once: SHA-256 over the UTF-8 bytes of the normalised text.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator

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


def build_registry(documents: Iterable[tuple[Document, str]], language: str) -> dict:
    """The whole registry for one language build: (document, URL) pairs, recorded in id order.

    The documents' records are made one at a time as ``write`` writes them: at 200 documents
    the registry is tens of megabytes.
    """
    ordered = sorted(documents, key=lambda pair: pair[0].meta.id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "language": language,
        "documents": (document_entries(document, url) for document, url in ordered),
    }


def write(path: str | os.PathLike, data: dict) -> None:
    """Write a mapping (the registry, training.json) to ``path`` as compact JSON, its lists and
    generators item by item.

    Written at once, the JSON text and the encoder's pieces of it were a large build's peak
    memory (json's C encoder; an indented dump runs in Python and took seconds). The file is
    replaced only when complete: a build that fails half way leaves the previous one.
    """
    partial = f"{path}.partial"
    try:
        _write_json(partial, data)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise
    os.replace(partial, path)


def _write_json(path: str, data: dict) -> None:
    encode = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("{")
        for number, (key, value) in enumerate(data.items()):
            handle.write(("," if number else "") + encode(key) + ":")
            if isinstance(value, (list, Iterator)):
                handle.write("[")
                for index, item in enumerate(value):
                    handle.write(("," if index else "") + encode(item))
                handle.write("]")
            else:
                handle.write(encode(value))
        handle.write("}\n")


def _parent_anchor(block) -> str | None:
    parent = block.parent
    while parent is not None and not parent.anchor:
        parent = parent.parent
    return parent.anchor if parent is not None else None
