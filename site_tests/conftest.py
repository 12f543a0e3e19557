"""Shared fixtures: the three builds of the site, a local server, and Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Source text of each published document (see site_tests/seeds/README.md).
DOCUMENT_SOURCES = {
    "anti-corruption": SEEDS / "000_6dabbff7dde4c26a.txt",
    "personal-data": SEEDS / "003_5ab9cc527523c9fe.txt",
}


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` as a user would; return the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )


def _build(tmp_path_factory, config: str) -> Path:
    site = tmp_path_factory.mktemp(config.replace(".", "-")) / "site"
    result = mkdocs_build(ROOT / config, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def staff_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "mkdocs.yml")


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "mkdocs.public.yml")


@pytest.fixture(scope="session")
def hospital_site(tmp_path_factory) -> Path:
    """The hospital's public site: its policy in ru, kk, en (mkdocs.public.hospital.yml)."""
    return _build(tmp_path_factory, "mkdocs.public.hospital.yml")


@pytest.fixture(scope="session")
def municipality_site(tmp_path_factory) -> Path:
    """The municipality's public site: its regulation in ru, en (mkdocs.public.municipality.yml)."""
    return _build(tmp_path_factory, "mkdocs.public.municipality.yml")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "mkdocs.offline.yml")


def search_indexes(site: Path) -> dict[str, dict]:
    """The search index of each language of a built site (``search/search_index.<lang>.json``):
    what the browser loads. Material's own ``search_index.json`` has the entries only offline."""
    return {path.name.split(".")[1]: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((site / "search").glob("search_index.*.json"))}


def search_docs(site: Path) -> list[dict]:
    """Every search entry of a built site, all languages."""
    return [entry for index in search_indexes(site).values() for entry in index["docs"]]


@pytest.fixture(scope="session")
def registry(staff_site) -> dict:
    return json.loads((staff_site / "clauses.json").read_text(encoding="utf-8"))


def serve(directory: Path):
    """Serve a directory on 127.0.0.1 (random port) in a thread; return (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def staff_url(staff_site):
    server, url = serve(staff_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()
