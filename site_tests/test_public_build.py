"""The public build (mkdocs.public.yml): the documents, and nothing marked staff-only."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import ROOT, search_docs


def _pages(site):
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_public_build_has_both_documents_home_and_registry(public_site):
    pages = _pages(public_site)
    assert {"index.html", "anti-corruption/index.html", "personal-data/index.html"} <= set(pages)
    assert "Приложение 2" in pages["anti-corruption/index.html"]  # the blank forms travel with the text
    registry = json.loads((public_site / "clauses.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in registry["documents"]] == ["anti-corruption", "personal-data"]


def test_public_build_has_nothing_marked_staff_only(public_site, staff_site):
    # The staff build does have staff pages, so this test can fail.
    assert any('content="staff"' in html for html in _pages(staff_site).values())
    pages = _pages(public_site)
    assert (staff_site / "training" / "index.html").exists()
    assert not any((public_site / part).exists() for part in ("staff", "training", "checklists"))
    for name, html in pages.items():
        assert '<meta name="portal-audience" content="staff">' not in html, name
        assert 'href="staff/' not in html and 'href="../staff/' not in html, name
        assert "training/" not in html and 'data-module="quiz"' not in html, name
        assert "checklists/" not in html and 'data-module="checklist"' not in html, name
    docs = search_docs(public_site)
    assert docs and [d["location"] for d in docs if d["location"].startswith(("staff", "training"))] == []
    assert "staff" not in (public_site / "sitemap.xml").read_text(encoding="utf-8")


def test_every_public_page_is_marked_public(public_site):
    for name, html in _pages(public_site).items():
        if name != "404.html":
            assert '<meta name="portal-audience" content="public">' in html, name


def test_sitemap_lists_real_urls(public_site):
    sitemap = (public_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert locations and all(url.startswith("http://127.0.0.1:8000/") for url in locations)
    assert "None" not in sitemap


def test_site_url_comes_from_the_environment(tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://hospital.example/policies/")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.public.yml"),
                             "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    locations = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert "https://hospital.example/policies/anti-corruption/" in locations
    assert all(url.startswith("https://hospital.example/policies/") for url in locations)
    page = (site / "anti-corruption" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://hospital.example/policies/anti-corruption/">' in page
