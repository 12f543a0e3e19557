"""Running search cases through the site's real search UI (shared by tests and benchmark)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import yaml

CASES = Path(__file__).parent / "search_cases.yaml"


DEFAULT_LANGUAGE = "ru"


def load_cases(path: Path = CASES) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def language_url(base_url: str, language: str) -> str:
    """The home of a language's edition: mkdocs-static-i18n publishes it under /<language>/."""
    return base_url if language == DEFAULT_LANGUAGE else f"{base_url}{language}/"


def case_url(base_url: str, case: dict) -> str:
    """Where a case is searched: its language's edition (hits are then relative to it)."""
    return language_url(base_url, case.get("language", DEFAULT_LANGUAGE))


def search(page, base_url: str, query: str) -> list[str]:
    """Open ``/?q=query`` and return the hits as ``path#anchor`` in the order shown.

    Material groups hits by page under the page's title; a group title that did not match
    itself (score 0) is a heading, not a hit, and is left out.
    """
    page.goto(base_url + "?" + urlencode({"q": query}))
    # Wait until the meta line reports a result ("none", "one" or "#" found), which the
    # portal may follow with " · " and the words no entry has, or the query it searched.
    page.wait_for_function(
        """() => {
            const text = (document.querySelector('.md-search-result__meta')?.textContent || '').split(' · ')[0];
            const t = JSON.parse(document.getElementById('__config').textContent).translations;
            const [before, after] = t['search.result.other'].split('#');
            return text === t['search.result.none'] || text === t['search.result.one']
                || (text.startsWith(before) && text.endsWith(after) && text !== t['search.result.placeholder']);
        }""",
        timeout=10_000,
    )
    links = page.eval_on_selector_all(
        ".md-search-result__link",
        "els => els.map(e => [e.href, e.querySelector('article').dataset.mdScore])",
    )
    base = urlsplit(base_url).path
    hits = []
    for href, score in links:
        if float(score) == 0:
            continue
        url = urlsplit(href)
        location = url.path[len(base):] if url.path.startswith(base) else url.path
        hits.append(location + ("#" + url.fragment if url.fragment else ""))
    return hits


def matches(case: dict, hit: str) -> bool:
    """Whether a hit (``path#anchor``) is one of the case's anchors in its document.

    An anchor written ``p15*`` stands for ``p15`` and everything inside it (``p15-a``…). A
    task case names the page (``page``, or several: ``pages``) of a test or form instead.
    """
    path, _, anchor = hit.partition("#")
    if "page" in case or "pages" in case:
        return not anchor and path in (case.get("pages") or [case["page"]])
    if path != f"{case['document']}/" or not anchor:
        return False
    for pattern in case["anchors"]:
        if pattern.endswith("*"):
            if anchor == pattern[:-1] or anchor.startswith(pattern[:-1] + "-"):
                return True
        elif anchor == pattern:
            return True
    return False
