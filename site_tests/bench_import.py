"""How close `policy-portal import` gets to the curated pages (BENCHMARKS.md, "Import").

Imports each seed text (site_tests/seeds/) and compares the result with the page an editor
made from it (docs/*.md):

* anchors: the share of the curated page's anchors the import gives to a block of the same
  kind with the same number and text (white space folded, NFC) — clauses, sub-items and
  dash items, then every anchor (headings and anchored paragraphs too);
* text: the share of the curated page's word 5-grams present in the import and the reverse,
  and the share of the source's 5-grams on the imported page (the site test asks ≥ 98%);
* what is left for the editor: editorial notes written, markers, placeholder fields.

The import is compared as the editor would get it after settling every marker the
importer's way (``importer.settled``). Run: ``.venv/bin/python site_tests/bench_import.py``.
"""

from __future__ import annotations

import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "hooks"))  # run as a script without the package installed

from policy_portal import importer  # noqa: E402
from policy_portal.documents import Document, parse_document  # noqa: E402
from policy_portal.legal_text import Block, inline_text  # noqa: E402

# Curated page and the source text it was made from (site_tests/seeds/README.md).
PAIRS = {
    "anti-corruption": ("docs/anti-corruption.md", "site_tests/seeds/000_6dabbff7dde4c26a.txt"),
    "personal-data": ("docs/personal-data.md", "site_tests/seeds/003_5ab9cc527523c9fe.txt"),
}
LIST_KINDS = ("clause", "subitem", "item")
BREAKS, DUPLICATES, RUNS = 20, 5, 10
WORD_RE = re.compile(r"\w+")


def main() -> int:
    rows, misses = [], {}
    for doc_id, (page_path, seed_path) in PAIRS.items():
        result = measure(doc_id, ROOT / page_path, ROOT / seed_path)
        rows.append(result)
        misses[doc_id] = result["missed"]
    print("| measure | " + " | ".join(row["id"] for row in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for label, key in (
        ("clause, sub-item and dash-item anchors reproduced", "list_anchors"),
        ("all anchors reproduced (headings, paragraphs too)", "all_anchors"),
        ("curated page's 5-grams in the import", "curated_in_import"),
        ("import's 5-grams in the curated page", "import_in_curated"),
        ("source's 5-grams in the import", "source_in_import"),
        ("editorial notes written (curated page has)", "notes"),
        ("markers for the editor", "markers"),
        ("placeholder fields", "placeholders"),
        ("import time (ms)", "ms"),
    ):
        print(f"| {label} | " + " | ".join(str(row[key]) for row in rows) + " |")
    for doc_id, missed in misses.items():
        print(f"\n{doc_id}: curated anchors not reproduced ({len(missed)}):")
        for anchor, why in missed:
            print(f"    {anchor}: {why}")
    print(f"\nThe same seeds with {BREAKS} page breaks cut into random long lines at a word boundary "
          f"({DUPLICATES} of them with the line before the break repeated after it), {RUNS} runs each:\n")
    print("| measure | " + " | ".join(PAIRS) + " |")
    print("|---|" + "---|" * len(PAIRS))
    perturbed = {doc_id: perturbed_runs(doc_id) for doc_id in PAIRS}
    for label, key in (("clause, sub-item and dash-item anchors reproduced, mean (worst run)", "list"),
                       ("all anchors reproduced, mean (worst run)", "all"),
                       ("source's 5-grams in the import, mean", "source"),
                       ("markers for the editor, mean", "markers"),
                       ("anchors lost without a marker next to them, total", "silent")):
        print(f"| {label} | " + " | ".join(perturbed[doc_id][key] for doc_id in PAIRS) + " |")
    return 0


# Cut BREAKS random long lines in two (a blank line between, as a page break leaves them).
def perturb(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    candidates = [index for index, line in enumerate(lines) if len(line) > 100]
    for index in sorted(rng.sample(candidates, min(BREAKS, len(candidates))), reverse=True):
        words = lines[index].split(" ")
        cut = rng.randrange(len(words) // 3, 2 * len(words) // 3)
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        repeated = [" ".join(words[max(0, cut - 6):cut]), ""] if rng.random() < DUPLICATES / BREAKS else []
        lines[index:index + 1] = [left, ""] + repeated + [right]
    return "\n".join(lines)


def perturbed_runs(doc_id: str) -> dict[str, str]:
    page_path, seed_path = (ROOT / path for path in PAIRS[doc_id])
    text = importer.decode(seed_path.read_bytes())
    results = []
    for run in range(RUNS):
        result = measure(doc_id, page_path, seed_path, perturb(text, random.Random(run)))
        results.append(result)
    def mean_and_worst(key: str) -> str:
        values = [result[key] for result in results]
        return f"{sum(values) / len(values):.1%} ({min(values):.1%})"
    return {
        "list": mean_and_worst("list_share"),
        "all": mean_and_worst("all_share"),
        "source": f"{sum(result['source_share'] for result in results) / RUNS:.1%}",
        "markers": f"{sum(result['markers'] for result in results) / RUNS:.1f}",
        "silent": f"{sum(len(result['silent']) for result in results)} "
                  f"({', '.join(anchor for result in results for anchor in result['silent']) or '–'})",
    }


def measure(doc_id: str, page_path: Path, seed_path: Path, source: str | None = None) -> dict:
    """Every figure of one document, formatted for the table (``source`` replaces the seed's text)."""
    curated = parse_document(page_path.read_text(encoding="utf-8"), str(page_path))
    started = time.perf_counter()
    source = importer.decode(seed_path.read_bytes()) if source is None else source
    conversion = importer.convert(source, doc_id, seed_path.name)
    elapsed = (time.perf_counter() - started) * 1000
    imported = parse_document(importer.settled(conversion.page), f"import of {seed_path.name}")
    list_hits, list_total, all_hits, all_total, missed = 0, 0, 0, 0, []
    for block in curated.anchored():
        found = imported.find(block.anchor)
        same = found is not None and found.kind == block.kind and _signature(found) == _signature(block)
        all_total += 1
        all_hits += same
        if block.kind in LIST_KINDS:
            list_total += 1
            list_hits += same
        if not same:
            missed.append((block.anchor, "missing" if found is None else f"different {'kind' if found.kind != block.kind else 'text'}"))
    curated_grams, imported_grams = _grams(document_text(curated)), _grams(document_text(imported))
    source_grams = _grams(source)
    return {
        "id": doc_id,
        "list_anchors": _share(list_hits, list_total),
        "all_anchors": _share(all_hits, all_total),
        "curated_in_import": _share(len(curated_grams & imported_grams), len(curated_grams)),
        "import_in_curated": _share(len(curated_grams & imported_grams), len(imported_grams)),
        "source_in_import": _share(len(source_grams & imported_grams), len(source_grams)),
        "notes": f"{len(conversion.notes)} ({len(curated.meta.editorial_notes)})",
        "markers": conversion.counts["markers"],
        "placeholders": ", ".join(conversion.placeholders) or "none",
        "ms": f"{elapsed:.0f}",
        "missed": missed,
        "silent": [anchor for anchor, _ in missed if anchor not in _marked(conversion.page)],
        "list_share": list_hits / list_total,
        "all_share": all_hits / all_total,
        "source_share": len(source_grams & imported_grams) / len(source_grams),
    }


# Anchors of the blocks a marker sits in, and of the block before each (a suspected split
# is marked on its second half).
def _marked(page: str) -> set[str]:
    marked, previous = set(), None
    for block in page.split("\n\n"):
        anchor = re.search(r"\{#([a-z0-9-]+)[^}]*\}\s*$", block)
        current = anchor.group(1) if anchor else None
        if "<!-- policy-portal:" in block:
            marked.update(name for name in (current, previous) if name)
        previous = current or previous
    return marked


def document_text(document: Document) -> str:
    """The text a reader sees, block by block: numbers, headings, paragraphs, table cells."""
    parts = []
    for top in document.blocks:
        for block in top.walk():
            parts.append(" ".join(" ".join(row) for row in block.rows) if block.kind == "table"
                         else f"{block.number} {inline_text(block.text)}")
    return "\n".join(parts)


def _signature(block: Block) -> str:
    text = " ".join(" ".join(row) for row in block.rows) if block.kind == "table" else inline_text(block.text)
    return unicodedata.normalize("NFC", f"{block.number} {text}".strip())


def _grams(text: str) -> set[tuple[str, ...]]:
    words = WORD_RE.findall(text.lower())
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "n/a"


if __name__ == "__main__":
    sys.exit(main())
