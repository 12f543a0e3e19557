"""A broken document stops `mkdocs build` with one clear line and no traceback."""

from __future__ import annotations

import shutil

import yaml

from conftest import ROOT, mkdocs_build


def _project_with(tmp_path, name: str, text: str):
    """A copy of the site whose docs hold one extra page; returns its config file."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / name).write_text(text, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), hooks=[str(ROOT / "hooks" / "portal.py")], watch=[])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_bad_anchor_stops_the_build_with_file_line_and_column(tmp_path):
    source = (ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8")
    source = source.replace("{#p14-3}", "{#P14-3}").replace("document: anti-corruption", "document: broken")
    config = _project_with(tmp_path, "broken.md", source)
    result = mkdocs_build(config, tmp_path / "site")
    output = result.stdout + result.stderr
    line = next(n for n, text in enumerate(source.splitlines(), 1) if "{#P14-3}" in text)
    column = source.splitlines()[line - 1].index("{#P14-3}") + 1
    assert result.returncode == 1
    assert (f"docs/broken.md:{line}:{column}: anchor 'P14-3' is not a stable ASCII anchor "
            "(expected lowercase letters, digits and '-', like p14-3)") in output
    assert "Traceback" not in output


def test_missing_metadata_stops_the_build(tmp_path):
    config = _project_with(tmp_path, "broken.md", "---\ndocument: broken\n---\n\n1. Пункт. {#p1}\n")
    result = mkdocs_build(config, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "docs/broken.md:1:1: missing field 'title' (expected a short title for navigation and search results)" in output
    assert "Traceback" not in output


def test_front_matter_that_does_not_parse_stops_the_build_on_any_page(tmp_path):
    page = "---\ntitle: Лист ознакомления: Политика\naudience: staff\n---\n\n# Лист\n"
    config = _project_with(tmp_path, "sheet.md", page)
    result = mkdocs_build(config, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert ("docs/sheet.md:2:25: front matter: YAML syntax error: mapping values are not allowed in this context "
            "(expected 'field: value' lines; put a value that contains ': ' in quotes)") in output
    assert "Traceback" not in output


def test_a_document_page_with_broken_front_matter_is_named_not_the_bank_citing_it(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    source = (ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8")
    source = source.replace("\ntitle: ", "\ntitle: Политика: ", 1)
    config = _project_with(project, "anti-corruption.md", source)
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith("title: "))
    assert result.returncode == 1
    assert f"docs/anti-corruption.md:{line}:" in output and "front matter: YAML syntax error" in output
    assert "quizzes/" not in output and "Traceback" not in output


def _project_with_bank(tmp_path, edit):
    """A copy of the site whose anti-corruption bank is edited by ``edit(text)``."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    bank = project / "quizzes" / "anti-corruption.yaml"
    text = edit(bank.read_text(encoding="utf-8"))
    bank.write_text(text, encoding="utf-8")
    return _project_with(project, "extra.md", "# Extra\n"), project, text


def test_a_bank_past_its_quality_limits_stops_the_build(tmp_path):
    config, project, text = _project_with_bank(tmp_path, lambda t: t.replace("\npass_mark: 80\n", "\npass_mark: 80\nquality: {min_scenarios: 90}\n"))
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    line = text.splitlines().index("quality: {min_scenarios: 90}") + 1
    assert result.returncode == 1
    # Every language of the bank meets the limits; the message names the language it checked.
    assert f"quizzes/anti-corruption.yaml:{line}:1: quality: [ru] scenarios are 76% of the questions (expected at least 90%)" in output
    assert "Traceback" not in output


def test_changing_an_answer_without_a_new_version_stops_the_build(tmp_path):
    def flip(text):
        start = text.index("  - id: gifts-01")
        head, rest = text[:start], text[start:]
        correct = rest.index("    correct: [")
        line_end = rest.index("\n", correct)
        return head + rest[:correct] + "    correct: [zz]" + rest[line_end:]

    def flip_valid(text):
        text = flip(text)
        # zz must be an option for the bank to load: rename the first option of gifts-01.
        start = text.index("  - id: gifts-01")
        option = text.index("      - id: ", start)
        end = text.index("\n", option)
        return text[:option] + "      - id: zz" + text[end:]

    config, project, text = _project_with_bank(tmp_path, flip_valid)
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("version: "))
    assert result.returncode == 1
    assert (f"quizzes/anti-corruption.yaml:{line}:10: version: version '2026.2' was recorded in history/anti-corruption.json "
            "with other questions or answers (gifts-01)") in output
    assert "Traceback" not in output


def test_an_external_image_fails_the_strict_build(tmp_path):
    config = _project_with(tmp_path, "outside.md", "# Снаружи\n\n![логотип](https://cdn.example.org/logo.png)\n")
    result = mkdocs_build(config, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "External file: https://cdn.example.org/logo.png" in output


def test_a_broken_thesaurus_stops_the_build_with_file_line_and_column(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    thesaurus = project / "quizzes" / "search" / "thesaurus.yaml"
    text = thesaurus.read_text(encoding="utf-8").replace("\n    text: [взятка, незаконное вознаграждение]\n",
                                                         "\n    txt: [взятка, незаконное вознаграждение]\n", 1)
    thesaurus.write_text(text, encoding="utf-8")
    config = _project_with(project, "extra.md", "# Extra\n")
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    line = text.splitlines().index("    txt: [взятка, незаконное вознаграждение]") + 1
    assert result.returncode == 1
    assert f"quizzes/search/thesaurus.yaml:{line}:5: ru[0].txt: unknown field 'txt' (expected one of: query, text)" in output
    assert "Traceback" not in output
