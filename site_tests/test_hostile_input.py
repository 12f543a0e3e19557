"""Hostile and broken input: one `file:line:col` line, no traceback, no hang, no growing memory."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_build
from policy_portal import yaml_source
from policy_portal.checklist import load_checklist
from policy_portal.documents import check_front_matter, parse_document
from policy_portal.errors import SourceError
from policy_portal.quiz import load_bank

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
NO_ANCHORS = "(expected each value written out: anchors and aliases are not allowed in the portal's files, editors do not need them)"
NO_TAGS = "(expected a plain value: tags are not allowed in the portal's files, editors do not need them)"


@pytest.fixture(scope="module")
def sample():
    return {"sample": parse_document((FIXTURES / "documents" / "valid.md").read_text(encoding="utf-8"), "valid.md")}


def _error(name: str, sample) -> str:
    """The one line that reading the fixture as the build does stops with."""
    shown = f"fixtures/hostile/{name}"
    with pytest.raises(SourceError) as error:
        text = yaml_source.read_text(HOSTILE / name, shown)
        if name.startswith("form-"):
            load_checklist(text, shown, sample)
        elif name.endswith(".yaml"):
            load_bank(text, shown, sample)
        elif name in ("ragged-table.md", "table-rows.md"):
            parse_document(text, shown)
        else:
            check_front_matter(text, shown)
    return str(error.value)


CASES = {
    # YAML in banks, forms and front matter.
    "alias-bomb.yaml": f"2:6: lol: anchor '&a' {NO_ANCHORS}",
    "self-alias.yaml": f"2:12: questions: anchor '&questions' {NO_ANCHORS}",
    "alias.yaml": f"2:8: title: alias '*title' {NO_ANCHORS}",
    "form-alias.yaml": f"10:14: blocks[0].heading: anchor '&h' {NO_ANCHORS}",
    "front-matter-alias.md": f"2:8: front matter: title: anchor '&t' {NO_ANCHORS}",
    "merge-key.yaml": "3:3: draw: merge key '<<' (expected every field written out: merge keys are not allowed in the "
                      "portal's files, editors do not need them)",
    "python-tag.yaml": f"2:8: title: tag '!!python/object/apply:os.system' {NO_TAGS}",
    "local-tag.yaml": f"2:8: title: tag '!foo' {NO_TAGS}",
    "front-matter-tag.md": f"2:8: front matter: title: tag '!!python/name:os.system' {NO_TAGS}",
    "complex-key.yaml": "3:5: topics: a list used as a key (expected a plain key such as 'title:')",
    "deep-nesting.yaml": "2:40: lists and mappings nested deeper than 32 levels (expected at most 32)",
    "second-document.yaml": "2:1: a second YAML document in the file (expected one; remove the second '---')",
    "bad-date.yaml": "2:10: version: '2026-02-30' is not a valid date (day is out of range for month; put it in quotes if it is text)",
    # Files that are not UTF-8.
    "bank-cp1251.yaml": "2:8: the file is not UTF-8 (it looks like Windows-1251): save it as UTF-8",
    "page-cp1251.md": "2:8: the file is not UTF-8 (it looks like Windows-1251): save it as UTF-8",
    "bank-utf16.yaml": "1:1: the file is not UTF-8 (it looks like UTF-16): save it as UTF-8",
    "bank-latin1.yaml": "2:11: the file is not UTF-8 (byte 0xe9 is not UTF-8): save it as UTF-8",
    # Front matter of any page.
    "front-matter-duplicate.md": "4:1: front matter: title: duplicate key 'title' (expected each key once)",
    "title-html.md": "2:8: front matter: title: contains '<' (expected plain text without '<' and '>': the theme prints "
                     "the title as HTML, unescaped)",
    "description-quote.md": "3:14: front matter: description: contains '\"' (expected plain text without '<', '>' and '\"': "
                            "the theme prints the description inside an HTML attribute, unescaped; use «» for quotes)",
    # Tables.
    "ragged-table.md": "21:1: table row with 2 cells under a header of 3 (expected 3 cells in every row, separated by tabs)",
    "table-rows.md": "19:27: rows=100000 adds too many empty rows (expected at most rows=200)",
    "form-duplicate-column.yaml": "27:16: blocks[6].table.columns[2].id: duplicate column id 'title' (first on line 25; "
                                  "expected unique column ids in a table)",
    "form-rows.yaml": "24:13: blocks[6].table.rows: 100000 rows (expected at most 200; print another copy of the sheet when it is full)",
}


@pytest.mark.parametrize(("name", "message"), CASES.items(), ids=list(CASES))
def test_hostile_input_stops_with_one_exact_line(name, message, sample):
    assert _error(name, sample) == f"fixtures/hostile/{name}:{message}"


def test_every_hostile_fixture_has_a_case():
    assert sorted(path.name for path in HOSTILE.iterdir()) == sorted(CASES)


def test_the_alias_bomb_fails_fast_and_small():
    # In a child process with 512 MB of address space: expanded, the bomb needs gigabytes.
    script = textwrap.dedent(f"""
        import resource, time
        resource.setrlimit(resource.RLIMIT_AS, (512 * 1024 * 1024, 512 * 1024 * 1024))
        from policy_portal.errors import SourceError
        from policy_portal.yaml_source import load
        text = open({str(HOSTILE / "alias-bomb.yaml")!r}, encoding="utf-8").read()
        start = time.process_time()
        try:
            load(text, "bomb.yaml")
        except SourceError as error:
            print(error)
        print(time.process_time() - start < 0.5)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"bomb.yaml:2:6: lol: anchor '&a' {NO_ANCHORS}\nTrue\n"


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"id: sample\n" + b"#" * yaml_source.MAX_SIZE)
    with pytest.raises(SourceError) as error:
        yaml_source.read_text(path, "quizzes/huge.yaml")
    assert str(error.value) == "quizzes/huge.yaml:1:1: the file is 2.1 MB (expected at most 2 MB for a page, bank or form)"


def test_a_pipe_named_like_a_page_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "page.md")  # opening it for reading would wait for a writer forever
    with pytest.raises(SourceError) as error:
        yaml_source.read_text(tmp_path / "page.md", "docs/page.md")
    assert str(error.value) == "docs/page.md:1:1: not a regular file (expected a page, bank or form saved as a file)"


def test_yaml_over_the_size_limit_is_not_parsed():
    with pytest.raises(SourceError) as error:
        yaml_source.load("a: " + "x" * yaml_source.MAX_SIZE, "big.yaml")
    assert str(error.value) == f"big.yaml:1:1: the YAML is {yaml_source.MAX_SIZE + 3} characters long (expected at most {yaml_source.MAX_SIZE})"


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_bytes("\ufeffid: образец\n".encode("utf-8"))
    assert yaml_source.read_text(path, "bank.yaml") == "id: образец\n"


def test_plain_values_still_load_with_their_positions():
    located = yaml_source.load("id: '1'\nn: 3\nok: true\nd: 2022-06-21\ns: !!str 12\neq: =\n", "x.yaml")
    assert located.data == {"id": "1", "n": 3, "ok": True, "d": __import__("datetime").date(2022, 6, 21), "s": "12", "eq": "="}
    assert (located.at(("n",)), located.key_at(("s",))) == ((2, 4), (5, 1))


def test_syntax_errors_keep_their_clear_wording_and_position():
    with pytest.raises(SourceError) as error:
        yaml_source.load("id: sample\ntopics:\n\trules: Правила\n", "x.yaml")
    assert str(error.value) == "x.yaml:3:1: YAML syntax error: found character '\\t' that cannot start any token"


def test_loading_again_and_again_keeps_no_state():
    # `mkdocs serve` rebuilds in the same process: a constructor kept at module level held
    # every node of every load (about a megabyte per build of a bank).
    text = (ROOT / "quizzes" / "anti-corruption.yaml").read_text(encoding="utf-8")
    yaml_source.load(text, "bank.yaml")
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(3):
            yaml_source.load(text, "bank.yaml")
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < 50_000


# --- Through the build -----------------------------------------------------------------------


def _project(tmp_path, audience: str = "staff") -> tuple[Path, Path]:
    """A copy of the site (docs/, quizzes/) and its config for the staff or public build."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(project / "docs"), hooks=[str(ROOT / "hooks" / "portal.py")], watch=[])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["extra"]["audience"] = audience
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return project, path


def _build_fails_with(project: Path, config: Path, line: str) -> None:
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert line in output
    assert "Traceback" not in output


def test_an_alias_bomb_in_a_bank_stops_the_build(tmp_path):
    project, config = _project(tmp_path)
    bank = project / "quizzes" / "anti-corruption.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("\ntopics:", "\nbomb: &a [lol, lol]\ntopics:", 1), encoding="utf-8")
    line = bank.read_text(encoding="utf-8").splitlines().index("bomb: &a [lol, lol]") + 1
    _build_fails_with(project, config, f"quizzes/anti-corruption.yaml:{line}:7: bomb: anchor '&a' {NO_ANCHORS}")


def test_markup_in_a_page_title_stops_the_build(tmp_path):
    project, config = _project(tmp_path)
    shutil.copy(HOSTILE / "title-html.md", project / "docs" / "title-html.md")
    _build_fails_with(project, config, "docs/title-html.md:2:8: front matter: title: contains '<' (expected plain text "
                                       "without '<' and '>': the theme prints the title as HTML, unescaped)")


def test_a_windows_1251_page_stops_the_build(tmp_path):
    project, config = _project(tmp_path)
    shutil.copy(HOSTILE / "page-cp1251.md", project / "docs" / "page-cp1251.md")
    _build_fails_with(project, config, "docs/page-cp1251.md:2:8: the file is not UTF-8 (it looks like Windows-1251): save it as UTF-8")


def test_a_windows_1251_bank_stops_the_build(tmp_path):
    project, config = _project(tmp_path)
    bank = project / "quizzes" / "anti-corruption.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_bytes(text.encode("cp1251", errors="replace"))
    # The first Cyrillic letter is the first byte that is not UTF-8.
    line, col = next((number, row.index(char) + 1) for number, row in enumerate(text.splitlines(), 1) for char in row if char > "\x7f")
    _build_fails_with(project, config, f"quizzes/anti-corruption.yaml:{line}:{col}: the file is not UTF-8 (it looks like Windows-1251): "
                                       "save it as UTF-8")


STAFF_DOCUMENT = """\
---
document: staff-rules
title: Правила для работников
official_title: Внутренние правила о подарках
issuer: Организация
doc_type: Правила
number: "7"
date: 2024-01-15
jurisdiction: Республика Казахстан
original_language: ru
audience: staff
---

## 1. Подарки {#s1}

1. Работник сообщает о подарке в день получения. {#p1}
"""

STAFF_FORM = """\
id: staff-rules-gift
title: Уведомление о подарке
document: staff-rules
version: "1"
implements: [p1]
blocks:
  - item: {id: reported, text: Сообщаю о полученном подарке, cites: [p1], required: true}
"""


def test_a_form_citing_a_staff_only_document_builds_in_both_sites(tmp_path):
    for audience in ("public", "staff"):
        project, config = _project(tmp_path / audience, audience)
        (project / "docs" / "staff-rules.md").write_text(STAFF_DOCUMENT, encoding="utf-8")
        (project / "quizzes" / "checklists" / "staff-rules-gift.yaml").write_text(STAFF_FORM, encoding="utf-8")
        result = mkdocs_build(config, project / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        pages = {path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("index.html")}
        assert ("staff-rules/index.html" in pages) == (audience == "staff")
        assert ("anti-corruption/index.html" in pages, "checklists/ac-consent/index.html" in pages) == (True, audience == "staff")
