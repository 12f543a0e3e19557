"""The familiarisation register: valid, altered, outdated, duplicate and malformed receipts."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from policy_portal import receipt as receipts
from policy_portal import register


def _quiz_receipt(registry, name="Петрова Мария", anchors=("p14-7", "p43")) -> dict:
    document = next(d for d in registry["documents"] if d["id"] == "anti-corruption")
    hashes = {c["anchor"]: c["sha256"] for c in document["clauses"]}
    return receipts.seal({
        "format": receipts.FORMAT, "version": receipts.VERSION, "kind": "quiz",
        "learner": {"name": name, "position": "медицинская сестра", "department": "хирургия"},
        "document": {"id": "anti-corruption", "title": document["title"], "number": "182", "date": "2022-06-21"},
        "bank": {"id": "anti-corruption", "version": "2026.1"},
        "attempt": {"mode": "test", "taken_at": "2026-11-20T10:15:00+06:00", "questions": ["q1", "q2"],
                    "correct": 2, "total": 2, "percent": 100, "pass_mark": 80, "passed": True},
        "clauses": [{"anchor": a, "sha256": hashes[a]} for a in anchors],
    })


@pytest.fixture
def receipts_dir(tmp_path, registry):
    folder = tmp_path / "receipts"
    folder.mkdir()
    valid = _quiz_receipt(registry)
    (folder / "01-valid.json").write_text(json.dumps(valid, ensure_ascii=False), encoding="utf-8")
    tampered = json.dumps(_quiz_receipt(registry, name="Сидоров Олег"), ensure_ascii=False).replace('"percent": 100', '"percent": 900')
    (folder / "02-tampered.json").write_text(tampered, encoding="utf-8")
    outdated = _quiz_receipt(registry, name="Ким Алия")
    outdated["clauses"][1]["sha256"] = "0" * 64  # taken against another wording of п. 43
    (folder / "03-outdated.json").write_text(json.dumps(receipts.seal(outdated), ensure_ascii=False), encoding="utf-8")
    (folder / "04-duplicate.json").write_text(json.dumps(valid, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "05-malformed.json").write_text("{not json", encoding="utf-8")
    (folder / "06-other.json").write_text('{"hello": "world"}', encoding="utf-8")
    return folder


def test_each_receipt_gets_its_status(receipts_dir, staff_site):
    entries, problems = register.build_register(list(receipts_dir.glob("*.json")), register.clause_hashes(staff_site))
    assert [(e.file, e.name, e.status) for e in entries] == [
        ("01-valid.json", "Петрова Мария", "valid"),
        ("02-tampered.json", "Сидоров Олег", "altered"),
        ("03-outdated.json", "Ким Алия", "outdated text"),
        ("04-duplicate.json", "Петрова Мария", "duplicate"),
    ]
    assert entries[2].reason == "text changed since: p43"
    assert entries[3].reason == "same receipt as 01-valid.json"
    assert entries[0].result == "test anti-corruption 2026.1: 100% (passed)"
    assert [p.split(":")[0] for p in problems] == ["05-malformed.json", "06-other.json"]


def test_one_changed_byte_makes_a_receipt_altered(registry, staff_site, tmp_path):
    text = json.dumps(_quiz_receipt(registry), ensure_ascii=False)
    changed = text.replace("хирургия", "хирургиЯ")
    assert len(changed.encode()) == len(text.encode())
    path = tmp_path / "r.json"
    path.write_text(changed, encoding="utf-8")
    entries, _ = register.build_register([path], register.clause_hashes(staff_site))
    assert entries[0].status == "altered"


def test_command_writes_a_csv_with_bom_and_reports_unreadable_files(receipts_dir, staff_site, tmp_path):
    out = tmp_path / "register.csv"
    result = subprocess.run(
        [sys.executable, "-m", "policy_portal.cli", "register", str(receipts_dir), "--site", str(staff_site), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == register.COLUMNS
    assert [row[7] for row in rows[1:]] == ["valid", "altered", "outdated text", "duplicate"]
    assert rows[1][:3] == ["Петрова Мария", "медицинская сестра", "хирургия"]
    assert "05-malformed.json: not JSON" in result.stderr and "06-other.json: not a receipt" in result.stderr
    assert result.stdout.strip() == (f"{out}: 4 receipts (1 valid, 1 altered, 1 outdated text, 1 duplicate); "
                                     "2 unreadable files")
