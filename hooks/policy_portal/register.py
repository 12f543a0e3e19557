"""The familiarisation register: receipts collected from staff, checked, as one CSV.

Each receipt (quiz result or attestation, ``receipt.py``) is checked twice: its digest must
match its contents (else *altered*), and every clause hash it records must match the clause
registry of the built site (else *outdated text*: the attempt was taken against another
wording). The same receipt handed in twice is a *duplicate*. A file that is not a receipt is
reported by name and left out; the others are still processed.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from . import receipt as receipts
from .registry import FILENAME as REGISTRY_FILENAME

VALID = "valid"
ALTERED = "altered"
OUTDATED = "outdated text"
DUPLICATE = "duplicate"
COLUMNS = ["name", "position", "department", "document", "version", "result", "date", "status", "reason", "file"]


@dataclass(frozen=True)
class Entry:
    """One row of the register."""

    file: str
    name: str
    position: str
    department: str
    document: str
    version: str
    result: str
    date: str
    status: str
    reason: str = ""

    def row(self) -> list[str]:
        return [self.name, self.position, self.department, self.document, self.version, self.result,
                self.date, self.status, self.reason, self.file]


class Malformed(Exception):
    """A file that is not a readable receipt."""


def clause_hashes(site: Path) -> dict[tuple[str, str], str]:
    """(document id, anchor) -> SHA-256 of the clause text, from the built site's registry."""
    data = json.loads((site / REGISTRY_FILENAME).read_text(encoding="utf-8"))
    return {(doc["id"], clause["anchor"]): clause["sha256"] for doc in data["documents"] for clause in doc["clauses"]}


def build_register(paths: list[Path], hashes: dict[tuple[str, str], str]) -> tuple[list[Entry], list[str]]:
    """Check every receipt file; return the register rows and the problems with unreadable files."""
    entries, problems, seen = [], [], {}
    for path in sorted(paths):
        try:
            data = _read(path)
        except Malformed as error:
            problems.append(f"{path.name}: {error}")
            continue
        status, reason = _status(data, hashes)
        digest = data["digest"]["value"]
        if status == VALID and digest in seen:
            status, reason = DUPLICATE, f"same receipt as {seen[digest]}"
        if status == VALID:
            seen[digest] = path.name
        entries.append(_entry(path.name, data, status, reason))
    return entries, problems


def write_csv(entries: list[Entry], out: Path) -> None:
    """UTF-8 with a byte order mark, so spreadsheet programs read Cyrillic correctly."""
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(entry.row() for entry in entries)


# ---------------------------------------------------------------------------------------


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Malformed(f"not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != receipts.FORMAT:
        raise Malformed(f"not a receipt (expected \"format\": \"{receipts.FORMAT}\")")
    for field in ("kind", "learner", "document", "clauses", "digest"):
        if field not in data:
            raise Malformed(f"receipt without '{field}'")
    if not isinstance(data["digest"], dict) or not isinstance(data["clauses"], list):
        raise Malformed("receipt with a malformed 'digest' or 'clauses'")
    return data


def _status(data: dict, hashes: dict[tuple[str, str], str]) -> tuple[str, str]:
    if not receipts.verify(data):
        return ALTERED, "the digest does not match the contents"
    document = data["document"].get("id", "")
    changed = [c.get("anchor", "?") for c in data["clauses"] if hashes.get((document, c.get("anchor"))) != c.get("sha256")]
    if changed:
        return OUTDATED, "text changed since: " + ", ".join(changed)
    return VALID, ""


def _entry(file: str, data: dict, status: str, reason: str) -> Entry:
    learner = data.get("learner") or {}
    document = data.get("document") or {}
    if data.get("kind") == "quiz":
        attempt = data.get("attempt") or {}
        bank = data.get("bank") or {}
        verdict = "passed" if attempt.get("passed") else "failed"
        result = f"test {bank.get('id', '')} {bank.get('version', '')}: {attempt.get('percent', '?')}% ({verdict})"
        date = str(attempt.get("taken_at", ""))
    else:
        form = data.get("form") or {}
        result = f"{form.get('id', data.get('kind', ''))}: " + "; ".join(form.get("confirmed", []))
        date = str(form.get("signed_at", ""))
    version = f"№ {document.get('number', '')} от {document.get('date', '')}"
    return Entry(file, str(learner.get("name", "")), str(learner.get("position", "")), str(learner.get("department", "")),
                 str(document.get("title", document.get("id", ""))), version, result, date, status, reason)
