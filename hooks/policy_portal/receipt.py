"""Receipts: the canonical JSON and SHA-256 digest that quiz results and attestations share.

A receipt is a JSON object; its ``digest`` is ``{"algorithm": "sha256", "value": …}`` over
the canonical JSON of every other field: keys sorted, no white space, UTF-8, integers only.
The browser computes the same (``docs/assets/javascripts/receipt.js``); a later tool checks a
receipt with ``verify`` and the clause hashes it records against the clause registry.
"""

from __future__ import annotations

import hashlib
import json

FORMAT = "policy-portal/receipt"
VERSION = 2  # 2: quiz receipts record the answers and the language


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(receipt: dict) -> str:
    body = {key: value for key, value in receipt.items() if key != "digest"}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def seal(receipt: dict) -> dict:
    return {**receipt, "digest": {"algorithm": "sha256", "value": digest(receipt)}}


def verify(receipt: dict) -> bool:
    """Whether the receipt's digest matches its contents."""
    recorded = receipt.get("digest") or {}
    return recorded.get("algorithm") == "sha256" and recorded.get("value") == digest(receipt)
