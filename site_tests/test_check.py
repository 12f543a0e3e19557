"""`policy-portal check`: the build's checks without building, on small fixture projects."""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import pytest
import yaml

from policy_portal import check, cli_check
from policy_portal.errors import SourceError

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).parent / "fixtures" / "check"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="policy-portal")
    cli_check.add_parser(parser.add_subparsers(dest="command", required=True))
    code = cli_check.run(parser.parse_args(["check", *argv]))
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_clean_project_passes_with_a_one_line_summary(capsys):
    before = _files(PROJECTS / "clean")
    code, out, err = _run(capsys, str(PROJECTS / "clean"))
    assert (code, out, err) == (0, "Проверено: документов 1, банков 1, форм 1 — ошибок нет.\n", "")
    assert _files(PROJECTS / "clean") == before


def test_the_project_folder_defaults_to_the_current_one(capsys, monkeypatch):
    monkeypatch.chdir(PROJECTS / "clean")
    assert _run(capsys) == (0, "Проверено: документов 1, банков 1, форм 1 — ошибок нет.\n", "")


def test_this_repository_passes(capsys):
    code, out, err = _run(capsys, str(ROOT))
    assert (code, err) == (0, "")
    assert re.fullmatch(r"Проверено: документов \d+, банков \d+, форм \d+ — ошибок нет\.\n", out)


def test_one_error_is_the_builds_line_and_exit_code_1(capsys):
    code, out, err = _run(capsys, str(PROJECTS / "one-error"))
    assert (code, out) == (1, "")
    assert err == "quizzes/policy.yaml:19:15: questions[0].correct[0]: 'c' is not an option (expected one of: a, b)\n"


def test_without_all_the_first_problem_stops_the_check(capsys):
    code, out, err = _run(capsys, str(PROJECTS / "several-errors"))
    assert (code, out) == (1, "")
    assert err == "docs/index.md:4:1: front matter: title: duplicate key 'title' (expected each key once)\n"


SEVERAL = [
    "docs/index.md:4:1: front matter: title: duplicate key 'title' (expected each key once)",
    "docs/rules.md:17:1: table row with 2 cells under a header of 3 (expected 3 cells in every row, separated by tabs)",
    # quizzes/rules.yaml cites the broken docs/rules.md: not reported again.
    "quizzes/policy.yaml:4:10: version: version '1' was recorded in history/policy.json with other questions or answers (q1) "
    "(expected a new version whenever questions or answers change; if '1' was never published, delete it from that file)",
    # docs/forms/policy-confirmation.md names this broken form: not reported again.
    "quizzes/checklists/policy-confirmation.yaml:14:16: blocks[2].table.columns[1].id: duplicate column id 'gift' "
    "(first on line 13; expected unique column ids in a table)",
    "quizzes/checklists/policy-receipt.yaml:2:8: the file is not UTF-8 (it looks like Windows-1251): save it as UTF-8",
    "docs/training/policy.md:1:1: no question bank 'gifts' (expected the id of a bank in quizzes/)",
]


def test_all_reports_every_problem_once_then_the_summary(capsys):
    code, out, err = _run(capsys, str(PROJECTS / "several-errors"), "--all")
    assert code == 1
    assert err.splitlines() == SEVERAL
    assert out == "Проверено: документов 2, банков 2, форм 2 — ошибок: 6.\n"


def test_check_project_raises_the_first_problem_or_returns_them_all():
    with pytest.raises(SourceError) as error:
        check.check_project(PROJECTS / "several-errors")
    assert str(error.value) == SEVERAL[0]
    result = check.check_project(PROJECTS / "several-errors", keep_going=True)
    assert [str(problem) for problem in result.problems] == SEVERAL
    assert (result.documents, result.banks, result.forms) == (2, 2, 2)


def test_a_new_bank_version_passes_and_nothing_is_written(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(PROJECTS / "clean", project)
    bank = project / "quizzes" / "policy.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace('version: "1"', 'version: "2"').replace("correct: [a]", "correct: [b]"),
                    encoding="utf-8")
    before = _files(project)
    assert _run(capsys, str(project)) == (0, "Проверено: документов 1, банков 1, форм 1 — ошибок нет.\n", "")
    assert _files(project) == before


def test_a_bank_past_its_quality_limits_fails_as_in_the_build(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(PROJECTS / "clean", project)
    bank = project / "quizzes" / "policy.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("min_scenarios: 0", "min_scenarios: 50"), encoding="utf-8")
    code, out, err = _run(capsys, str(project))
    assert (code, out) == (1, "")
    assert err == ("quizzes/policy.yaml:10:1: quality: scenarios are 0% of the questions (expected at least 50%) — rewrite the "
                   "questions (README: Questions that measure knowledge) or set the limit under 'quality'\n")


def test_a_broken_history_file_is_one_line(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(PROJECTS / "clean", project)
    history = project / "quizzes" / "history" / "policy.json"
    history.write_text("<<<<<<< HEAD\n" + history.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = _run(capsys, str(project))
    assert (code, out) == (1, "")
    assert err == ("quizzes/history/policy.json:1:1: not valid JSON: Expecting value (expected the file the build writes; "
                   "resolve a merge conflict by keeping every version of both sides)\n")


def test_a_folder_without_docs_is_not_a_project(tmp_path, capsys):
    code, out, err = _run(capsys, str(tmp_path))
    assert (code, out) == (2, "")
    assert err == f"policy-portal: в папке {tmp_path} нет docs/ (ожидается папка проекта портала: docs/ и quizzes/)\n"


# --- pre-commit ------------------------------------------------------------------------------


def test_other_repositories_can_run_it_with_pre_commit():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["policy-portal-check"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("policy-portal check", "python", False)
    files = re.compile(hook["files"])
    assert [bool(files.search(path)) for path in ("docs/training/index.md", "quizzes/checklists/hr-duties.yaml",
                                                    "hooks/portal.py", "README.md")] == [True, True, False, False]


def test_this_repository_runs_it_before_each_commit():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [local] = [repo for repo in config["repos"] if repo["repo"] == "local"]
    [hook] = local["hooks"]
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert (hook["id"], hook["pass_filenames"], hook["files"]) == (manifest["id"], False, manifest["files"])
    assert hook["entry"] == ".venv/bin/policy-portal check"
