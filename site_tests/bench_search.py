"""Search benchmark: the portal's search against Material's plain search, side by side.

    make bench-search        (or: .venv/bin/python site_tests/bench_search.py)

Builds the portal and a baseline (the same pages with ``extra.portal_search: false`` and
Material's default search settings), runs every case of ``search_cases.yaml`` through each
site's real search UI in Chromium, and prints:

* recall@1 / recall@5, strict: an expected anchor itself is among the first k hits;
* recall@1 / recall@5, containing: a hit whose target contains an expected anchor (the
  anchor, a clause or section around it, or the whole page) is among the first k hits;
* the median size in words of the target of the first containing hit in the top 5 (what
  the reader lands on and has to read);
* the time from a key press to the results being shown, typing queries in the search box.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, mkdocs_build, serve  # noqa: E402
from search_harness import load_cases, matches, search  # noqa: E402
from test_site import document_text  # noqa: E402

# Typed into the search box for the latency figures (each has results in both builds).
TYPED_QUERIES = ["подарки пациента", "конфликт интересов", "персональные данные", "взятки", "152-ФЗ",
                 "личное дело", "антикоррупционные ограничения"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        portal = _build(ROOT / "mkdocs.yml", tmp / "portal")
        baseline = _build(_baseline_config(tmp), tmp / "baseline")
        registry = yaml.safe_load((portal / "clauses.json").read_text(encoding="utf-8"))
        sizes = _target_sizes(registry, portal)
        cases = load_cases()
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rows = {}
            for name, site in (("portal", portal), ("baseline", baseline)):
                server, url = serve(site)
                page = browser.new_page()
                started = time.perf_counter()
                results = [search(page, url, case["query"]) for case in cases]
                elapsed = time.perf_counter() - started
                latencies = [_typing_latency(page, url, query) for query in TYPED_QUERIES]
                page.close()
                server.shutdown()
                rows[name] = _metrics(cases, results, registry, sizes) | {
                    "latency": latencies, "seconds": elapsed,
                }
            browser.close()
    _report(rows, len(cases))


def _build(config: Path, site: Path) -> Path:
    result = mkdocs_build(config, site)
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return site


# The same site with Material's own search: no clause entries, word forms or bridge.
def _baseline_config(tmp: Path) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"]["search"] = {"lang": "ru"}
    config["extra"]["portal_search"] = False
    config.update(docs_dir=str(ROOT / "docs"), hooks=[str(ROOT / "hooks" / "portal.py")], watch=[])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    path = tmp / "mkdocs.baseline.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


# Words a reader lands on: a clause with its sub-items, a section, or a whole page.
def _target_sizes(registry: dict, site: Path) -> dict[str, int]:
    sizes = {}
    for document in registry["documents"]:
        sizes[document["url"]] = len(document_text(site / document["url"] / "index.html").split())
        for clause in document["clauses"]:
            sizes[clause["url"]] = len(clause["text"].split())
    return sizes


def _ancestors(registry: dict, document_id: str, anchor: str) -> set[str]:
    clauses = {c["anchor"]: c for d in registry["documents"] if d["id"] == document_id for c in d["clauses"]}
    found = set()
    while anchor in clauses and clauses[anchor]["parent"]:
        anchor = clauses[anchor]["parent"]
        found.add(anchor)
    return found


def _containing(case: dict, registry: dict) -> set[str]:
    """Hits whose target contains an expected anchor: it, a clause or section around it, the page."""
    document = next(d for d in registry["documents"] if d["id"] == case["document"])
    anchors = {c["anchor"] for c in document["clauses"] if matches(case, f"{document['url']}#{c['anchor']}")}
    containing = {document["url"]}
    for anchor in anchors:
        containing |= {f"{document['url']}#{a}" for a in {anchor} | _ancestors(registry, document["id"], anchor)}
    return containing


def _metrics(cases, results, registry, sizes) -> dict:
    strict_ranks, containing_ranks, targets, misses = [], [], [], []
    for case, hits in zip(cases, results):
        containing = _containing(case, registry)
        strict_rank = next((i for i, hit in enumerate(hits) if matches(case, hit)), None)
        containing_rank = next((i for i, hit in enumerate(hits) if hit in containing), None)
        strict_ranks.append(strict_rank)
        containing_ranks.append(containing_rank)
        if containing_rank is not None and containing_rank < 5:
            targets.append(sizes[hits[containing_rank]])
        if strict_rank is None or strict_rank >= 5:
            shown = "not found" if strict_rank is None else f"rank {strict_rank + 1}"
            misses.append(f"{case['query']} → {case['anchors']} ({shown})")

    def recall(ranks, k):
        return sum(r is not None and r < k for r in ranks) / len(ranks)

    return {
        "strict@1": recall(strict_ranks, 1), "strict@5": recall(strict_ranks, 5),
        "containing@1": recall(containing_ranks, 1), "containing@5": recall(containing_ranks, 5),
        "median_words": statistics.median(targets) if targets else float("nan"),
        "misses": misses,
    }


# Type a query into the search box; time from the last key release to the results shown.
# Playwright enters Cyrillic as text input without key events, and Material searches on
# keyup: each character is inserted, then Shift is pressed and released for the keyup.
def _typing_latency(page, url: str, query: str) -> float:
    page.goto(url)
    page.keyboard.press("/")  # Material's shortcut to open search
    page.wait_for_selector(".md-search__input:focus")
    page.wait_for_function("() => !/Инициализация/.test(document.querySelector('.md-search-result__meta').textContent)")
    for character in query[:-1]:
        page.keyboard.insert_text(character)
        page.keyboard.press("Shift")
        page.wait_for_timeout(40)
    page.wait_for_timeout(600)
    page.evaluate("""() => {
        window.__bench = {};
        // Capture phase: starts the clock before Material's own keyup handler runs.
        document.addEventListener('keyup', () => { window.__bench.start = performance.now(); },
                                  { once: true, capture: true });
        // Done when a result is in the list again (Material first empties it), or when the
        // meta line says nothing was found.
        const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none'];
        const meta = document.querySelector('.md-search-result__meta');
        new MutationObserver(records => {
            const shown = records.some(r => [...r.addedNodes].some(n => n.classList?.contains('md-search-result__item')))
                || meta.textContent === none;
            if (window.__bench.start && !window.__bench.end && shown) window.__bench.end = performance.now();
        }).observe(document.querySelector('.md-search-result'), { childList: true, subtree: true });
    }""")
    page.keyboard.insert_text(query[-1])
    page.keyboard.press("Shift")
    page.wait_for_function("() => window.__bench.end", timeout=10_000)
    return page.evaluate("() => window.__bench.end - window.__bench.start")


def _report(rows: dict, count: int) -> None:
    print(f"Search benchmark: {count} cases (site_tests/search_cases.yaml)\n")
    print(f"| measure | {' | '.join(rows)} |")
    print(f"|---|{'---|' * len(rows)}")
    for key, label in [("strict@1", "recall@1 (the clause itself)"), ("strict@5", "recall@5 (the clause itself)"),
                       ("containing@1", "recall@1 (a target containing it)"),
                       ("containing@5", "recall@5 (a target containing it)")]:
        print(f"| {label} | {' | '.join(f'{row[key]:.1%}' for row in rows.values())} |")
    words = " | ".join(f"{row['median_words']:.0f}" for row in rows.values())
    print(f"| median words of the hit's target | {words} |")
    for stat, fn in (("median", statistics.median), ("max", max)):
        times = " | ".join(f"{fn(row['latency']):.0f}" for row in rows.values())
        print(f"| key press → results shown, {stat} (ms) | {times} |")
    print()
    for name, row in rows.items():
        print(f"{name}: {len(row['misses'])} cases without the clause in the top 5")
        for miss in row["misses"]:
            print("   ", miss)


if __name__ == "__main__":
    main()
