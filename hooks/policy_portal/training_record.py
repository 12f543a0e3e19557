"""The record of every bank version, so receipts can be re-scored years later.

A receipt records the learner's answers and the bank version. To re-score it, the register
needs that version's answer key even after editors have changed the questions. The build
therefore keeps, per bank, ``quizzes/history/<bank id>.json``: every version it has seen,
with what scoring depends on (question types, topics, option ids, keys, draw and pass mark).
A new version is added the first time the build sees it (commit the file with the bank);
a recorded version whose key has changed stops the build: raise ``version`` instead.

The build writes all of it, with the forms that issue receipts, to ``training.json`` in the
site for ``policy-portal register``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import SourceError
from .quiz import Bank
from .yaml_source import load

FILENAME = "training.json"
FORMAT = "policy-portal/training"


def answer_key(bank: Bank) -> dict:
    """What re-scoring a receipt of this bank version depends on."""
    return {
        "pass_mark": bank.pass_mark,
        "draw_count": bank.draw_count,
        "quotas": dict(sorted(bank.quotas.items())),
        "questions": {
            q.id: {"type": q.type, "topic": q.topic, "options": [o.id for o in q.options], "correct": sorted(q.correct)}
            for q in bank.questions
        },
    }


def record_version(bank: Bank, history_dir: Path, bank_text: str, *, write: bool = True) -> dict[str, dict]:
    """All recorded versions of the bank (version -> answer key), the current one included.

    Writes the history file when the current version is new (unless ``write`` is false:
    ``mkdocs serve`` and ``policy-portal check`` only compare); raises SourceError (pointing
    at the bank's ``version``) when the version was recorded with another answer key.
    """
    path = history_dir / f"{bank.id}.json"
    versions = _read_history(path, bank.id)
    key = answer_key(bank)
    recorded = versions.get(bank.version)
    if recorded == key:
        return versions
    if recorded is not None:
        changed = _difference(recorded, key)
        located = load(bank_text, bank.path)
        raise located.error(("version",), f"version '{bank.version}' was recorded in {path.parent.name}/{path.name} "
                                          f"with other {changed} (expected a new version whenever questions or answers change; "
                                          f"if '{bank.version}' was never published, delete it from that file)")
    versions = {**versions, bank.version: key}
    if not write:
        return versions
    try:
        history_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(_dumps(bank.id, versions), encoding="utf-8")
    except OSError as error:
        raise SourceError(_shown(path), 1, 1, f"cannot record version '{bank.version}' of bank '{bank.id}': "
                                              f"{error.strerror} (expected a writable quizzes/history/ folder)") from None
    return versions


# The recorded versions, or a one-line error naming the file (a merge conflict, a bad edit).
def _read_history(path: Path, bank_id: str) -> dict[str, dict]:
    if not path.exists():
        return {}
    shown = _shown(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SourceError(shown, 1, 1, "not UTF-8 (expected the JSON file the build writes)") from None
    except OSError as error:
        raise SourceError(shown, 1, 1, f"cannot be read: {error.strerror} (expected the JSON file the build writes)") from None
    except json.JSONDecodeError as error:
        raise SourceError(shown, error.lineno, error.colno,
                          f"not valid JSON: {error.msg} (expected the file the build writes; resolve a merge "
                          "conflict by keeping every version of both sides)") from None
    versions = data.get("versions") if isinstance(data, dict) else None
    if data.get("bank") != bank_id if isinstance(data, dict) else True:
        raise SourceError(shown, 1, 1, f"not the history of bank '{bank_id}' (expected \"bank\": \"{bank_id}\")")
    if not isinstance(versions, dict) or not all(_is_key(key) for key in versions.values()):
        raise SourceError(shown, 1, 1, "malformed 'versions' (expected version -> pass_mark, draw_count, quotas, questions)")
    return versions


def _is_key(key: object) -> bool:
    return (isinstance(key, dict) and isinstance(key.get("questions"), dict)
            and isinstance(key.get("pass_mark"), int) and isinstance(key.get("draw_count"), int)
            and isinstance(key.get("quotas"), dict))


def _shown(path: Path) -> str:
    """quizzes/history/x.json as the other messages name files, relative to the project."""
    return "/".join(path.parts[-3:])


def manifest(banks: list[tuple[Bank, dict[str, dict]]], forms: list) -> dict:
    """The content of training.json: every bank's versions, and the forms that issue receipts."""
    cites = {bank.id: {q.id: list(q.cites) for q in bank.questions} for bank, _ in banks}
    return {
        "format": FORMAT,
        "version": 1,
        "banks": {
            bank.id: {
                "title": bank.title,
                "document": bank.document,
                "current": bank.version,
                "topics": bank.topics,
                "versions": {
                    version: {**key, "questions": {
                        # Clause citations are for reports only: today's, for ids that still exist.
                        qid: {**question, "cites": cites[bank.id].get(qid, [])}
                        for qid, question in key["questions"].items()
                    }}
                    for version, key in sorted(versions.items())
                },
            }
            for bank, versions in banks
        },
        "forms": {
            form.id: {"title": form.title, "document": form.document, "version": form.version,
                      "task": form.id.split("-", 1)[-1]}
            for form in forms if form.receipt
        },
    }


def _difference(recorded: dict, key: dict) -> str:
    if recorded["questions"] != key["questions"]:
        ids = sorted(set(recorded["questions"]) ^ set(key["questions"])) or sorted(
            qid for qid in key["questions"] if recorded["questions"][qid] != key["questions"][qid])
        return "questions or answers (" + ", ".join(ids[:5]) + ("…" if len(ids) > 5 else "") + ")"
    return "draw or pass mark"


# One question per line: the history stays readable in a diff.
def _dumps(bank_id: str, versions: dict[str, dict]) -> str:
    lines = ["{", f'  "bank": {json.dumps(bank_id)},', '  "versions": {']
    for v_index, (version, key) in enumerate(sorted(versions.items())):
        lines.append(f"    {json.dumps(version)}: {{")
        for field in ("draw_count", "pass_mark", "quotas"):
            lines.append(f'      "{field}": {json.dumps(key[field], ensure_ascii=False, sort_keys=True)},')
        lines.append('      "questions": {')
        questions = list(key["questions"].items())
        for q_index, (qid, question) in enumerate(questions):
            comma = "," if q_index < len(questions) - 1 else ""
            lines.append(f"        {json.dumps(qid)}: {json.dumps(question, ensure_ascii=False, sort_keys=True)}{comma}")
        lines.append("      }")
        lines.append("    }" + ("," if v_index < len(versions) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"
