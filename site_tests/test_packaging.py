"""The package installs like any other (not editable) and its hooks build a site from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib

import yaml

from conftest import ROOT


def _project_copy(tmp_path, without_i18n: bool = False):
    """The project's pages, YAML and theme, with the hooks module but not the package."""
    project = tmp_path / "project"
    for name in ("docs", "quizzes", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    (project / "hooks").mkdir()
    shutil.copy(ROOT / "hooks" / "portal.py", project / "hooks" / "portal.py")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if without_i18n:
        del config["plugins"]["i18n"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return project


def _build(project, pythonpath: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=pythonpath)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")],
                          cwd=project, env=env, capture_output=True, text=True, check=False)


def test_a_regular_install_carries_its_schemas_and_templates(tmp_path):
    target = tmp_path / "lib"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    installed = target / "policy_portal"
    assert (installed / "schemas" / "bank.schema.json").is_file()
    assert (installed / "templates" / "partials" / "quiz.html").is_file()
    assert (installed / "py.typed").is_file()
    project = _project_copy(tmp_path)
    result = _build(project, str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "site" / "training" / "anti-corruption" / "index.html").read_text(encoding="utf-8")
    assert page.count('data-module="quiz"') == 1


def test_the_hooks_build_without_the_i18n_plugin(tmp_path):
    project = _project_copy(tmp_path, without_i18n=True)
    result = _build(project, str(ROOT / "hooks"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'data-module="quiz"' in (project / "site" / "training" / "anti-corruption" / "index.html").read_text(encoding="utf-8")
    assert "KeyError" not in result.stderr


def test_project_metadata_supports_current_pythons_and_declares_its_licence():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["requires-python"] == ">=3.11"
    assert meta["license"] == "MIT" and meta["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").is_file()
    assert not any(d.startswith("pymdown-extensions") for d in meta["dependencies"])
