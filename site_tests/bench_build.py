"""Build cost, page weight and Lighthouse of the portal at N policies, against plain Material.

    make bench        (or: .venv/bin/python site_tests/bench_build.py)
    .venv/bin/python site_tests/bench_build.py --sizes 2,5 --skip lighthouse   (while developing)
    .venv/bin/python site_tests/bench_build.py --profile 50   (cProfile of one portal build, top 15)
    .venv/bin/python site_tests/bench_build.py --product /tmp/old   (another copy of the portal, e.g.
        `git archive <commit> | tar -x -C /tmp/old`: before/after figures with the same harness)

Generates a synthetic corpus in a temporary folder and builds it side by side with plain
Material, for N = 10, 50, 200 (``--sizes``):

* **portal**: N copies of ``docs/anti-corruption.md`` (ids ``policy-001``…, titles numbered,
  ``audience: public``), each with a copy of ``quizzes/anti-corruption.yaml`` as its bank (id
  and document changed; history in the project's own ``quizzes/history/``, written by the
  build) and a quiz page like ``docs/training/anti-corruption.md``; one form
  (``ac-consent``, citing ``policy-001``) with its page; the home page ``docs/index.md``. Built
  with the repository's ``hooks/``, ``overrides/`` and a ``mkdocs.yml`` derived from the
  repository's, with ONE language (i18n ``languages``: ru only), as an organisation that
  publishes in Russian would have it.
* **plain Material**: the same N documents as ordinary Markdown (a ``#`` title, the headings,
  every other block a paragraph with its number escaped, ``14\\.``), a home page with the same
  introduction and a list of the documents; ``theme: material`` (``language: ru``, ``font:
  false`` so that neither site fetches Google Fonts), the ``search`` plugin with its defaults,
  no hooks, no i18n, no quiz pages.

Figures: wall clock and peak memory (``ru_maxrss`` of the ``mkdocs build`` child, from
``os.wait4``) per N; the real three-language staff site's build, for information; the time
until ``mkdocs serve`` serves a quiz page that reflects an edit of its bank (N=50); in Chromium
(cold cache, search untouched) the bytes transferred by a document, home, quiz and form page
and the scripts each loads; the quiz page's HTML; the delay from opening search and typing a
query to the first result; Lighthouse (mobile, median of three runs) with the site served as
``deploy/nginx.conf`` serves it (gzip, Cache-Control, the security headers and the CSP of
``deploy/csp.py``) by a small Python server in this script.

Prints the table and rewrites the section "Build, page weight and Lighthouse" of
BENCHMARKS.md after a complete run (``--write`` forces it, ``--no-write`` never). Lighthouse
(npm ``lighthouse@13``) is installed on first use into a temporary folder and reused.
"""

from __future__ import annotations

import argparse
import datetime
import email.utils
import gzip
import http.server
import json
import mimetypes
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT  # noqa: E402
from test_deploy import directives_of, nginx_tree  # noqa: E402

sys.path.insert(0, str(ROOT / "deploy"))
import csp  # noqa: E402

DEFAULT_SIZES = (10, 50, 200)
SERVE_SIZE = 50
LIGHTHOUSE = "lighthouse@13"
LIGHTHOUSE_DIR = Path(tempfile.gettempdir()) / "policy-portal-bench-lighthouse13"
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_FLAGS = "--headless=new --no-sandbox --disable-gpu"
SECTION = "## Build, page weight and Lighthouse (`make bench`)"
# The product measured: this repository, or another copy of it (--product, e.g. an older commit
# exported with `git archive`); its hooks/, overrides/, docs/, quizzes/ and mkdocs.yml.
PRODUCT = ROOT
SOURCE_DOCUMENT = Path("docs") / "anti-corruption.md"
SOURCE_BANK = Path("quizzes") / "anti-corruption.yaml"
SOURCE_QUIZ_PAGE = Path("docs") / "training" / "anti-corruption.md"
SOURCE_FORM = Path("quizzes") / "checklists" / "ac-consent.yaml"
SOURCE_FORM_PAGE = Path("docs") / "checklists" / "ac-consent.md"
SEARCH_QUERY = "подарки"
# Targets of the issue; "linear" allows the cost per added document to grow by a quarter.
MAX_TIME_RATIO, MAX_MEMORY_RATIO, LINEAR_SLACK = 4.0, 2.0, 1.25
MAX_SERVE_REBUILD, MAX_WEIGHT_RATIO, MAX_QUIZ_HTML = 2.0, 1.1, 100 * 1024
MAX_SEARCH_MS, MIN_PERFORMANCE = 100.0, 95
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

# Which page uses which of the portal's scripts (ARCHITECTURE.md, *Browser modules*): a CSS
# selector the page must contain, or True (every page). The English stemmer serves only
# English queries (search-forms.js: wordForm), i.e. pages in English.
SCRIPT_USES = {
    "site-settings.js": True,  # the low-vision toggle on every page
    "search-forms.js": True,  # the search box is on every page
    "search-engine.js": True,
    "search-bridge.js": True,
    "search-index.js": True,
    "english-stemmer.js": "html[lang=en]",
    "document-page.js": "[data-module=print-button], [data-print-url]",
    "storage.js": "[data-module=quiz], [data-module=checklist]",
    "receipt.js": "[data-module=quiz], [data-module=checklist]",
    "quiz.js": "[data-module=quiz]",
    "checklist.js": "[data-module=checklist]",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="numbers of documents, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3,
                        help="builds per site and size, alternated; the median is reported (default: %(default)s)")
    parser.add_argument("--skip", default="", help="comma-separated: staff, serve, browser, lighthouse")
    parser.add_argument("--lighthouse-runs", type=int, default=LIGHTHOUSE_RUNS)
    parser.add_argument("--write", dest="write", action="store_true", default=None,
                        help="rewrite BENCHMARKS.md even after a partial run")
    parser.add_argument("--no-write", dest="write", action="store_false", help="only print the table")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="only profile one portal build of N documents (cProfile, top 15 cumulative)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--product", type=Path, metavar="DIR",
                        help="measure the portal in DIR (a copy of this repository, e.g. an older commit from "
                             "`git archive`) instead of this one; its hooks/ are put first on PYTHONPATH")
    args = parser.parse_args()
    if args.product:
        _use_product(args.product.resolve())
    if args.profile:
        return _profile(args.profile, args.keep)
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    skip = {step for step in args.skip.split(",") if step}
    started = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = _run(args.keep, sizes, skip, args)
    else:
        with tempfile.TemporaryDirectory(prefix="policy-portal-bench-") as tmp:
            results = _run(Path(tmp), sizes, skip, args)
    results.total_seconds = time.perf_counter() - started
    table = _report(results)
    print(table)
    complete = tuple(sizes) == DEFAULT_SIZES and not skip and not args.product
    if args.write or (args.write is None and complete):
        _rewrite_benchmarks(table)
        print(f"\nBENCHMARKS.md: section rewritten. Whole run: {_duration(results.total_seconds)}.")
    else:
        print(f"\nBENCHMARKS.md not rewritten (partial run; --write forces it). Whole run: "
              f"{_duration(results.total_seconds)}.")
    return 0


def _use_product(folder: Path) -> None:
    global PRODUCT
    for needed in ("hooks/portal.py", "hooks/policy_portal", "overrides", "docs", "quizzes", "mkdocs.yml"):
        if not (folder / needed).exists():
            raise SystemExit(f"bench_build.py: --product {folder}: no {needed}")
    PRODUCT = folder
    # The builds import policy_portal from the product, not from this repository's editable install.
    ENV["PYTHONPATH"] = os.pathsep.join([str(folder / "hooks"), *filter(None, [os.environ.get("PYTHONPATH")])])


# --- What a run collects ---------------------------------------------------------------


@dataclass
class Build:
    seconds: float
    peak_mib: float
    runs: list[float] = field(default_factory=list)


@dataclass
class Results:
    sizes: list[int]
    portal: dict[int, Build] = field(default_factory=dict)
    plain: dict[int, Build] = field(default_factory=dict)
    staff: Build | None = None
    serve: dict[str, list[float]] = field(default_factory=dict)  # site -> seconds per edit
    serve_size: int | None = None
    weight: dict[tuple[int, str, str], dict] = field(default_factory=dict)  # (N, site, page) -> figures
    quiz_html: dict[int, tuple[int, int]] = field(default_factory=dict)  # N -> (bytes, gzip bytes)
    search: dict[tuple[int, str], dict] = field(default_factory=dict)  # (N, site) -> delays (ms)
    lighthouse: dict[tuple[str, str], dict] = field(default_factory=dict)  # (site, page) -> medians
    lighthouse_size: int | None = None
    machine: dict = field(default_factory=dict)
    total_seconds: float = 0.0


# The pages measured in the browser and by Lighthouse: (site, page name) -> path.
PAGES = {
    ("portal", "home"): "",
    ("portal", "document"): "policy-001/",
    ("portal", "quiz"): "training/policy-001/",
    ("portal", "form"): "checklists/ac-consent/",
    ("plain", "home"): "",
    ("plain", "document"): "policy-001/",
}


def _run(tmp: Path, sizes: list[int], skip: set[str], args) -> Results:
    results = Results(sizes)
    results.machine = _machine()
    projects: dict[tuple[str, int], Path] = {}
    for size in sizes:
        portal, plain = portal_project(tmp / f"portal-{size}", size), plain_project(tmp / f"plain-{size}", size)
        projects["portal", size], projects["plain", size] = portal, plain
        portal_runs, plain_runs = [], []
        for _ in range(max(1, args.runs)):  # alternated, so a busy moment hits both
            portal_runs.append(timed_build(portal / "mkdocs.yml", portal / "site"))
            plain_runs.append(timed_build(plain / "mkdocs.yml", plain / "site"))
        results.portal[size], results.plain[size] = _median_build(portal_runs), _median_build(plain_runs)
        print(f"N={size}: portal {results.portal[size].seconds:.1f} s, {results.portal[size].peak_mib:.0f} MiB; "
              f"plain Material {results.plain[size].seconds:.1f} s, {results.plain[size].peak_mib:.0f} MiB", flush=True)
        quiz = (portal / "site" / PAGES["portal", "quiz"] / "index.html").read_bytes()
        results.quiz_html[size] = (len(quiz), len(gzip.compress(quiz, compresslevel=6)))
    if "staff" not in skip:
        staff = staff_project(tmp / "staff")
        results.staff = _median_build([timed_build(staff / "mkdocs.yml", staff / "site") for _ in range(max(1, args.runs))])
        print(f"staff site (3 languages): {results.staff.seconds:.1f} s, {results.staff.peak_mib:.0f} MiB", flush=True)
    if "serve" not in skip:
        size = SERVE_SIZE if SERVE_SIZE in sizes else sizes[len(sizes) // 2]
        results.serve_size = size
        results.serve["portal"] = serve_rebuild(projects["portal", size], "portal")
        results.serve["plain"] = serve_rebuild(projects["plain", size], "plain")
        print(f"serve, N={size}: portal {results.serve['portal']} s, plain {results.serve['plain']} s", flush=True)
    browser_sizes = sorted({sizes[0], sizes[-1]})
    if "browser" not in skip:
        _browser_figures(results, projects, browser_sizes)
    if "lighthouse" not in skip:
        results.lighthouse_size = sizes[-1]
        _lighthouse_figures(results, projects, sizes[-1], args.lighthouse_runs)
    return results


def _median_build(builds: list[Build]) -> Build:
    return Build(statistics.median(b.seconds for b in builds), statistics.median(b.peak_mib for b in builds),
                 [b.seconds for b in builds])


# --- The corpus ----------------------------------------------------------------------------


def _ids(size: int) -> list[tuple[int, str]]:
    width = max(3, len(str(size)))
    return [(number, f"policy-{number:0{width}d}") for number in range(1, size + 1)]


def portal_project(project: Path, size: int) -> Path:
    """The portal with N documents, their banks and quiz pages, one form; returns the folder."""
    docs, quizzes = project / "docs", project / "quizzes"
    shutil.copytree(PRODUCT / "docs" / "assets", docs / "assets")
    shutil.copy(PRODUCT / "docs" / "index.md", docs / "index.md")
    (docs / "training").mkdir(parents=True)
    (quizzes / "checklists").mkdir(parents=True)
    (quizzes / "history").mkdir()
    document = (PRODUCT / SOURCE_DOCUMENT).read_text(encoding="utf-8")
    bank = (PRODUCT / SOURCE_BANK).read_text(encoding="utf-8")
    quiz_page = (PRODUCT / SOURCE_QUIZ_PAGE).read_text(encoding="utf-8")
    for number, doc_id in _ids(size):
        (docs / f"{doc_id}.md").write_text(_numbered_document(document, doc_id, number), encoding="utf-8")
        (quizzes / f"{doc_id}.yaml").write_text(_renamed(bank, doc_id, "id", "document"), encoding="utf-8")
        page = (quiz_page.replace("quiz: anti-corruption", f"quiz: {doc_id}")
                .replace("(../anti-corruption.md)", f"(../{doc_id}.md)")
                .replace("Тест по Политике противодействия коррупции", f"Тест по Политике противодействия коррупции № {number}")
                .replace("[Политики противодействия коррупции]", f"[Политики противодействия коррупции № {number}]"))
        (docs / "training" / f"{doc_id}.md").write_text(page, encoding="utf-8")
    first = _ids(size)[0][1]
    form = _renamed((PRODUCT / SOURCE_FORM).read_text(encoding="utf-8"), first, "document")
    (quizzes / "checklists" / SOURCE_FORM.name).write_text(form, encoding="utf-8")
    (docs / "checklists").mkdir()
    shutil.copy(PRODUCT / SOURCE_FORM_PAGE, docs / "checklists" / SOURCE_FORM_PAGE.name)
    config = yaml.safe_load((PRODUCT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(project / "site"), hooks=[str(PRODUCT / "hooks" / "portal.py")],
                  watch=[str(quizzes)])
    config["theme"]["custom_dir"] = str(PRODUCT / "overrides")
    i18n = config["plugins"]["i18n"]
    i18n["languages"] = [language for language in i18n["languages"] if language["locale"] == "ru"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def _numbered_document(text: str, doc_id: str, number: int) -> str:
    text = re.sub(r"^document: anti-corruption$", f"document: {doc_id}", text, count=1, flags=re.M)
    return re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} № {number}", text, count=1, flags=re.M)


# A bank or form whose top-level fields (id:, document:) name the given id instead.
def _renamed(text: str, new_id: str, *fields: str) -> str:
    for name in fields:
        text, count = re.subn(rf"^{name}: anti-corruption$", f"{name}: {new_id}", text, count=1, flags=re.M)
        if not count and name == "document":
            raise SystemExit("bench_build.py: no 'document: anti-corruption' line to rename in a copied file")
        if not count:
            text = re.sub(rf"^{name}: .*$", f"{name}: {new_id}", text, count=1, flags=re.M)
    return text


def plain_project(project: Path, size: int) -> Path:
    """The same N documents as ordinary Markdown for plain Material; returns the folder."""
    docs = project / "docs"
    docs.mkdir(parents=True)
    front, body = _split_front_matter((PRODUCT / SOURCE_DOCUMENT).read_text(encoding="utf-8"))
    meta = yaml.safe_load(front)
    markdown = plain_markdown(body)
    listing = []
    for number, doc_id in _ids(size):
        title = f"{meta['title']} № {number}"
        (docs / f"{doc_id}.md").write_text(f"# {title}\n\n{markdown}", encoding="utf-8")
        listing.append(f"- [{title}]({doc_id}.md) — {meta['official_title']}")
    _, home = _split_front_matter((PRODUCT / "docs" / "index.md").read_text(encoding="utf-8"))
    (docs / "index.md").write_text(f"{home.strip()}\n\n## Документы\n\n" + "\n".join(listing) + "\n", encoding="utf-8")
    config = {
        "site_name": yaml.safe_load((PRODUCT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"],
        "docs_dir": str(docs), "site_dir": str(project / "site"),
        "theme": {"name": "material", "language": "ru", "font": False},
        "plugins": ["search"],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def _split_front_matter(text: str) -> tuple[str, str]:
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    return (match.group(1), match.group(2)) if match else ("", text)


def plain_markdown(body: str) -> str:
    """A legal-text body as ordinary Markdown: headings stay, every other block is a paragraph.

    Attribute lists are dropped, clause numbers escaped (``14\\.``, ``3\\)``) and dash items
    too (``\\-``), so Markdown neither renumbers nor makes lists; a table stays a table.
    """
    blocks = []
    for block in re.split(r"\n[ \t]*\n", body.strip()):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        lines[-1] = re.sub(r"\s*\{[^{}]*\}\s*$", "", lines[-1])
        lines = [line for line in lines if line.strip()]
        if not lines:
            continue
        text = "\n".join(lines)
        if text.startswith("#"):
            blocks.append(text)
        elif all("\t" in line for line in lines):
            rows = [[cell.strip() for cell in line.split("\t")] for line in lines]
            table = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
            blocks.append("\n".join(table + ["| " + " | ".join(row) + " |" for row in rows[1:]]))
        else:
            blocks.append(re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", re.sub(r"^([-–—])(\s)", r"\\\1\2", text)))
    return "\n\n".join(blocks) + "\n"


def staff_project(project: Path) -> Path:
    """A copy of the real site (docs/, quizzes/ with its history): the staff build, 3 languages."""
    shutil.copytree(PRODUCT / "docs", project / "docs")
    shutil.copytree(PRODUCT / "quizzes", project / "quizzes")
    config = yaml.safe_load((PRODUCT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(project / "docs"), site_dir=str(project / "site"),
                  hooks=[str(PRODUCT / "hooks" / "portal.py")], watch=[])
    config["theme"]["custom_dir"] = str(PRODUCT / "overrides")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


# --- Builds ----------------------------------------------------------------------------------


def timed_build(config: Path, site: Path) -> Build:
    """``mkdocs build --strict`` in a child process: wall clock and the child's peak memory."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)]
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=config.parent, env=ENV, stdout=output, stderr=subprocess.STDOUT)
        # wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the maximum over all).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            output.seek(0)
            raise SystemExit(f"bench_build.py: the build of {config} failed:\n"
                             + output.read().decode("utf-8", "replace")[-4000:])
    return Build(seconds, usage.ru_maxrss / 1024, [seconds])  # ru_maxrss: KiB on Linux


def _profile(size: int, keep: Path | None) -> int:
    """cProfile of one portal build of N documents: the top 15 entries by cumulative time."""
    tmp = keep or Path(tempfile.mkdtemp(prefix="policy-portal-profile-"))
    try:
        project = portal_project(tmp / f"portal-{size}", size)
        timed_build(project / "mkdocs.yml", project / "site")  # writes the banks' history first
        profile = tmp / "build.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mkdocs", "build", "--strict",
                   "--config-file", str(project / "mkdocs.yml")]
        started = time.perf_counter()
        subprocess.run(command, cwd=project, env=ENV, check=True, capture_output=True)
        print(f"Portal build of {size} documents under cProfile: {time.perf_counter() - started:.1f} s\n")
        stats = pstats.Stats(str(profile))
        stats.sort_stats("cumulative").print_stats(15)
        print("The portal's own code (hooks/):")
        stats.sort_stats("cumulative").print_stats(r"hooks/", 15)
        stats.sort_stats("tottime").print_stats(15)
    finally:
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


# --- mkdocs serve -----------------------------------------------------------------------------


EDITS = 3


def serve_rebuild(project: Path, kind: str) -> list[float]:
    """Seconds from saving an edit to the served page showing it, under ``mkdocs serve``.

    Portal: the first question's prompt of the first bank, seen on its quiz page; plain
    Material: a paragraph of the first document, seen on its page. ``EDITS`` edits, one after
    the other build has finished.
    """
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    if kind == "portal":
        source, url = project / "quizzes" / "policy-001.yaml", base + PAGES["portal", "quiz"]
        pattern = re.compile(r"(\n    prompt:\n      ru: )([^\n>|]+)")
    else:
        source, url = project / "docs" / "policy-001.md", base + PAGES["plain", "document"]
        pattern = re.compile(r"(\n\n)(1\\\. [^\n]+)")
    original = source.read_text(encoding="utf-8")
    if not pattern.search(original):
        raise SystemExit(f"bench_build.py: nothing to edit in {source}")
    log = project / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}",
                                    "--config-file", str(project / "mkdocs.yml")],
                                   cwd=project, env=dict(ENV, PYTHONUNBUFFERED="1"), stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_until(lambda: _fetch(url) is not None, 600, f"mkdocs serve of {project} did not come up (see {log})")
        seconds = []
        for edit in range(1, EDITS + 1):
            builds = _built_count(log)
            marker = f"bench-edit-{edit}-{time.time_ns()}"
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)} {marker}", original, count=1)
            started = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            _wait_until(lambda: marker in _page_text(url), 600, f"the edit never reached {url} (see {log})", 0.02)
            seconds.append(time.perf_counter() - started)
            # Let that build finish (livereload then reloads the browsers) before the next edit.
            deadline = time.monotonic() + 300
            while _built_count(log) <= builds and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.0)
        return seconds
    finally:
        # Ctrl-C, as a user stops it: MkDocs then removes its temporary site folder.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        source.write_text(original, encoding="utf-8")


# A page as the browser gets it: its HTML and the scripts of its own folder (a quiz page's
# data may be a script beside it, named by its content).
def _page_text(url: str) -> str:
    html = _fetch(url) or ""
    folder = urlsplit(url).path
    texts = [html]
    for source in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html):
        address = urljoin(url, source)
        if urlsplit(address).path.startswith(folder):
            texts.append(_fetch(address) or "")
    return "\n".join(texts)


def _built_count(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_until(condition, timeout: float, message: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"bench_build.py: {message}")
        time.sleep(interval)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The site as deployed: deploy/nginx.conf in Python --------------------------------------


class Deployment:
    """What deploy/nginx.conf does to a response: gzip, its headers, Cache-Control by path."""

    def __init__(self, site: Path):
        tree = nginx_tree((ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8"))
        server = next(children for name, _, children in tree
                      if name == "server" and ["443", "ssl"] in directives_of(children, "listen"))
        cache_map = next(children for name, args, children in tree if name == "map")
        self.cache = [(re.compile(key[1:]), value) for key, (value,), _ in cache_map if key.startswith("~")]
        self.cache_default = next(value for key, (value,), _ in cache_map if key == "default")
        self.gzip = directives_of(server, "gzip") == [["on"]]
        self.gzip_types = {"text/html", *directives_of(server, "gzip_types")[0]}
        self.gzip_level = int(directives_of(server, "gzip_comp_level")[0][0])
        self.gzip_min = int(directives_of(server, "gzip_min_length")[0][0])
        self.charset_types = {"text/html", *directives_of(server, "charset_types")[0]}
        # The CSP snippet nginx includes is what deploy/csp.py computes from the build.
        try:
            self.headers = [("Content-Security-Policy", csp.policy(csp.inline_script_hashes(site)))]
        except csp.CspError:
            self.headers = []
        self.headers += [(name, value) for name, value, *_ in directives_of(server, "add_header")]

    def cache_control(self, path: str) -> str:
        return next((value for pattern, value in self.cache if pattern.search(path)), self.cache_default)


# nginx's mime.types for what a build holds (Python's mimetypes differs: text/javascript).
NGINX_TYPES = {".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".json": "application/json",
               ".xml": "text/xml", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
               ".map": "application/octet-stream", ".txt": "text/plain", ".gz": "application/octet-stream"}


class _DeployedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as nginx

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        deployment: Deployment = self.server.deployment
        root: Path = self.server.root
        path = unquote(urlsplit(self.path).path)
        target = (root / path.lstrip("/")).resolve()
        status = 200
        if root not in target.parents and target != root:
            target, status = root / "404.html", 404
        elif target.is_dir():
            if not path.endswith("/"):  # nginx: a directory without its slash is redirected
                self._send(301, b"", "text/html", deployment, path, head, location=path + "/")
                return
            target = target / "index.html"
        if not target.is_file():
            target, status, path = root / "404.html", 404, "/404.html"
        stat = target.stat()
        etag = f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self._send(304, b"", None, deployment, path, head, etag=etag, mtime=stat.st_mtime)
            return
        kind = NGINX_TYPES.get(target.suffix, mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        body = self.server.body(target)
        encoded = None
        if (deployment.gzip and kind in deployment.gzip_types and len(body) >= deployment.gzip_min
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            encoded = self.server.gzipped(target, deployment.gzip_level)
        self._send(status, encoded or body, kind, deployment, path, head, etag=etag, mtime=stat.st_mtime,
                   gzipped=encoded is not None)

    def _send(self, status, body, kind, deployment, path, head, *, location=None, etag=None, mtime=None, gzipped=False):
        headers = []
        if kind:
            charset = "; charset=utf-8" if kind in deployment.charset_types else ""
            headers.append(("Content-Type", kind + charset))
        headers.append(("Content-Length", str(len(body))))
        if mtime is not None:
            headers.append(("Last-Modified", email.utils.formatdate(mtime, usegmt=True)))
        if etag:
            headers.append(("ETag", etag))
        if location:
            headers.append(("Location", location))
        if gzipped:
            headers.append(("Content-Encoding", "gzip"))
        if kind in deployment.gzip_types:
            headers.append(("Vary", "Accept-Encoding"))
        for name, value in deployment.headers:
            headers.append((name, deployment.cache_control(path) if name == "Cache-Control" else value))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)
        # What went over the wire for this response: status line, headers, body.
        header_bytes = len(f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}\r\n".encode())
        header_bytes += sum(len(f"{name}: {value}\r\n".encode("latin-1", "replace")) for name, value in headers) + 2
        header_bytes += len(f"Server: {self.version_string()}\r\nDate: {self.date_time_string()}\r\n".encode())
        self.server.sent.append({"path": path, "status": status, "body": 0 if head else len(body), "headers": header_bytes,
                                 "decoded": self.server.decoded_size(path, status, len(body), gzipped)})


class DeployedServer(http.server.ThreadingHTTPServer):
    """The built site on 127.0.0.1 as deploy/nginx.conf serves it; gzip output kept per file."""

    daemon_threads = True

    def __init__(self, site: Path):
        super().__init__(("127.0.0.1", 0), _DeployedHandler)
        self.root = site.resolve()
        self.deployment = Deployment(site)
        self.sent: list[dict] = []
        self._lock = threading.Lock()
        self._bodies: dict[Path, bytes] = {}
        self._gzipped: dict[Path, bytes] = {}
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    # The size of a response's body before gzip.
    def decoded_size(self, path: str, status: int, size: int, gzipped: bool) -> int:
        if not gzipped:
            return size
        target = self.root / path.lstrip("/")
        target = target / "index.html" if target.is_dir() else target
        return len(self.body(target)) if target.is_file() else size

    def body(self, path: Path) -> bytes:
        with self._lock:
            if path not in self._bodies:
                self._bodies[path] = path.read_bytes()
            return self._bodies[path]

    # nginx compresses on the fly in C; compressing each file once keeps Python's slower zlib
    # out of the timings (same level, so the same size within a few bytes).
    def gzipped(self, path: Path, level: int) -> bytes:
        body = self.body(path)
        with self._lock:
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(body, compresslevel=level, mtime=0)
            return self._gzipped[path]


# nginx gzips a response in C as it sends it; the bench server compresses a file once with
# Python's zlib (over a second for a 20 MB index) and keeps it: the search indexes are
# compressed before the search is timed, for both sites alike.
def _warm_search_indexes(server: DeployedServer) -> None:
    for path in sorted((server.root / "search").glob("search_index*.json")):
        request = urllib.request.Request(server.url + "search/" + path.name, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            response.read()


# --- In Chromium --------------------------------------------------------------------------------


# Installed before any page script: times of opening search, the key press, the first result.
SEARCH_CLOCK = """
window.__bench = {};
document.addEventListener('keydown', () => { window.__bench.open ??= performance.now(); }, {capture: true});
document.addEventListener('keyup', e => { if (e.key === 'Shift') window.__bench.key ??= performance.now(); }, {capture: true});
document.addEventListener('DOMContentLoaded', () => {
    const list = document.querySelector('.md-search-result');
    if (!list) return;
    new MutationObserver(() => {
        if (!window.__bench.result && list.querySelector('.md-search-result__item')) window.__bench.result = performance.now();
    }).observe(list, {childList: true, subtree: true});
});
"""


def _browser_figures(results: Results, projects: dict, sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results.machine["chromium"] = "Chromium " + browser.version
        for size in sizes:
            for site in ("portal", "plain"):
                server = DeployedServer(projects[site, size] / "site")
                try:
                    for (kind, name), path in PAGES.items():
                        if kind == site:
                            results.weight[size, site, name] = page_weight(browser, server, path)
                    _warm_search_indexes(server)
                    results.search[size, site] = search_delay(browser, server.url + PAGES[site, "document"])
                finally:
                    server.shutdown()
                    server.server_close()
                print(f"N={size} {site}: " + ", ".join(
                    f"{name} {figures['transferred'] / 1024:.1f} KiB" for (n, s, name), figures in results.weight.items()
                    if n == size and s == site) + f"; search {results.search[size, site]}", flush=True)
        browser.close()


def page_weight(browser, server: DeployedServer, path: str) -> dict:
    """A cold load in a new context, search untouched: bytes on the wire, requests, scripts.

    The bytes are counted where they are sent, by the server (status line, headers and body
    of every response to this page's requests): Chromium reports no body bytes for the search
    worker's script (``request.sizes()``, CDP ``encodedDataLength``). Chromium says what each
    request was for (``resource_type``).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    finished, failed = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request))
    server.sent.clear()
    page.goto(server.url + path, wait_until="networkidle")
    page.wait_for_timeout(500)
    types = {"/" + urlsplit(request.url).path[len(urlsplit(server.url).path):]: request.resource_type for request in finished}
    workers = [urlsplit(worker.url).path for worker in page.workers]
    used = {name: page.locator(selector).count() > 0 if isinstance(selector, str) else True
            for name, selector in SCRIPT_USES.items()}
    context.close()
    requests = [dict(sent, type=types.get(sent["path"], "?")) for sent in server.sent]
    scripts = [r["path"] for r in requests if r["type"] == "script"]
    portal = [name for name in (Path(script).name for script in scripts) if not MATERIAL_SCRIPT.search(name)]
    return {
        "transferred": sum(r["body"] + r["headers"] for r in requests),
        "bodies": sum(r["body"] for r in requests),
        "decoded": sum(r["decoded"] for r in requests),
        "requests": requests, "failed": [request.url for request in failed],
        "scripts": scripts, "workers": workers,
        "unused": sorted(name for name in portal if name in used and not used[name]),
        # Scripts of the portal this benchmark has no rule for: counted as used, named in the notes.
        "unclassified": sorted(name for name in portal if name not in used and not _page_own(name, path, scripts)),
    }


# Material's own scripts: the bundle, the search worker, lunr and its languages.
MATERIAL_SCRIPT = re.compile(r"^(bundle|search)\.[0-9a-f]{8}\.min\.js$|^lunr|\.min\.js$")


# A script in the page's own folder (a quiz page's data) is the page's.
def _page_own(name: str, page_path: str, scripts: list[str]) -> bool:
    return any(script == "/" + page_path + name for script in scripts)


def search_delay(browser, url: str) -> dict:
    """Open search and type a query: ms to the first result, in two moments.

    *settled*: once the page has loaded and the network is idle (a reader who reads, then
    searches); *at load*: right after the load event. Playwright inserts Cyrillic without key
    events and Material searches on key-up: the query is inserted, then Shift pressed
    (bench_search.py). Timed in the page (performance.now()) from the key that opens search,
    and from the Shift key-up, to the first result shown.
    """
    found = {}
    for moment, wait in (("settled", "networkidle"), ("load", "load")):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
        context.add_init_script(SEARCH_CLOCK)
        page = context.new_page()
        page.goto(url, wait_until=wait)
        if moment == "settled":
            page.wait_for_timeout(1000)
        page.keyboard.press("/")  # Material's shortcut to open search
        page.wait_for_selector(".md-search__input:focus")
        page.keyboard.insert_text(SEARCH_QUERY)
        page.keyboard.press("Shift")
        page.wait_for_function("() => window.__bench.result", timeout=60_000)
        clock = page.evaluate("() => window.__bench")
        context.close()
        found[moment] = {"open": clock["result"] - clock["open"], "key": clock["result"] - clock["key"]}
    return found


# --- Lighthouse ------------------------------------------------------------------------------


def _lighthouse() -> Path:
    """The lighthouse@13 command, installed with npm into a temporary folder on first use."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"Installing {LIGHTHOUSE} into {LIGHTHOUSE_DIR} (npm)", flush=True)
        subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund", "--loglevel=error",
                        LIGHTHOUSE], check=True)
    return binary


def _lighthouse_figures(results: Results, projects: dict, size: int, runs: int) -> None:
    binary = _lighthouse()
    version = json.loads((LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    results.machine["lighthouse"] = f"Lighthouse {version}"
    with tempfile.TemporaryDirectory() as reports:
        for site in ("portal", "plain"):
            server = DeployedServer(projects[site, size] / "site")
            try:
                for (kind, name), path in PAGES.items():
                    if kind != site:
                        continue
                    found = [lighthouse_run(binary, server.url + path, Path(reports) / f"{site}-{name}-{run}.json")
                             for run in range(runs)]
                    results.lighthouse[site, name] = _lighthouse_median(found)
                    print(f"Lighthouse {site} {name}: {results.lighthouse[site, name]['scores']}", flush=True)
            finally:
                server.shutdown()
                server.server_close()


def lighthouse_run(binary: Path, url: str, output: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    command = [str(binary), url, "--output=json", f"--output-path={output}", "--quiet",
               f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-flags={LIGHTHOUSE_FLAGS}"]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    if completed.returncode or not output.exists():
        raise SystemExit(f"bench_build.py: lighthouse failed on {url}:\n{completed.stderr[-3000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"bench_build.py: lighthouse on {url}: {report['runtimeError']}")
    audits = report["audits"]
    failing = {}
    for category in LIGHTHOUSE_CATEGORIES:
        refs = report["categories"][category]["auditRefs"]
        failing[category] = sorted(ref["id"] for ref in refs if ref.get("weight", 0) > 0
                                   and audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1
                                   and category != "performance")
    metrics = {name: audits[name].get("numericValue") for name in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
                "speed-index", "total-byte-weight")}
    return {"scores": {category: round(report["categories"][category]["score"] * 100) for category in LIGHTHOUSE_CATEGORIES},
            "failing": failing, "metrics": metrics}


# Per category the median score; metrics and failing audits of the run with the median performance.
def _lighthouse_median(runs: list[dict]) -> dict:
    scores = {category: statistics.median_low([run["scores"][category] for run in runs]) for category in LIGHTHOUSE_CATEGORIES}
    middle = sorted(runs, key=lambda run: run["scores"]["performance"])[(len(runs) - 1) // 2]
    failing = {category: sorted({audit for run in runs for audit in run["failing"][category]}) for category in LIGHTHOUSE_CATEGORIES}
    return {"scores": scores, "metrics": middle["metrics"], "failing": failing,
            "performance": [run["scores"]["performance"] for run in runs]}


# --- The machine -----------------------------------------------------------------------------


def _machine() -> dict:
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or platform.machine())
    from importlib.metadata import version

    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    # The product measured: the commit, and whether the working tree differed from it.
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
    changed = [line for line in subprocess.run([*git, "status", "--porcelain", "--untracked-files=all"], capture_output=True,
                                               text=True, check=False).stdout.splitlines()
               if line[3:].split("/")[0] in {"hooks", "overrides", "docs", "quizzes", "mkdocs.yml", "deploy"}]
    return {"commit": commit, "changed": len(changed), "cores": os.cpu_count(), "ram": f"{memory / 1024 / 1024:.0f} GiB", "cpu": model,
            "python": platform.python_version(), "chromium": chromium.replace(" built on", ",").split(",")[0],
            "node": node, "mkdocs": version("mkdocs"), "material": version("mkdocs-material"),
            "i18n": version("mkdocs-static-i18n"), "load": os.getloadavg()[0]}


# --- The table -------------------------------------------------------------------------------


def _kib(value: float) -> str:
    return f"{value / 1024:.1f} KiB"


def _ratio(portal: float | None, plain: float | None) -> float | None:
    return portal / plain if portal is not None and plain else None


def _met(ok: bool | None) -> str:
    return "—" if ok is None else "yes" if ok else "**no**"


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def _rows(results: Results) -> list[tuple[str, str, str, str, str, str]]:
    rows = []

    def row(figure, portal, plain="—", ratio=None, target="—", ok=None):
        rows.append((figure, portal, plain, f"{ratio:.2f}×" if ratio is not None else "—", target, _met(ok)))

    for size in results.sizes:
        portal, plain = results.portal[size], results.plain[size]
        ratio = _ratio(portal.seconds, plain.seconds)
        row(f"build time, N={size}", f"{portal.seconds:.1f} s", f"{plain.seconds:.1f} s", ratio,
            f"≤ {MAX_TIME_RATIO:g}×", ratio <= MAX_TIME_RATIO)
    for size in results.sizes:
        portal, plain = results.portal[size], results.plain[size]
        ratio = _ratio(portal.peak_mib, plain.peak_mib)
        row(f"peak memory, N={size}", f"{portal.peak_mib:.0f} MiB", f"{plain.peak_mib:.0f} MiB", ratio,
            f"≤ {MAX_MEMORY_RATIO:g}×", ratio <= MAX_MEMORY_RATIO)
    if len(results.sizes) >= 3:
        first, middle, last = results.sizes[0], results.sizes[len(results.sizes) // 2], results.sizes[-1]
        for label, unit, value in (("build time", "s", lambda b: b.seconds), ("peak memory", "MiB", lambda b: b.peak_mib)):
            cells, growth = [], {}
            for site, builds in (("portal", results.portal), ("plain", results.plain)):
                low = (value(builds[middle]) - value(builds[first])) / (middle - first)
                high = (value(builds[last]) - value(builds[middle])) / (last - middle)
                growth[site] = high / low if low > 0 and high > 0 else None  # else: noise (tiny N)
                shown = f"{growth[site]:.2f}×" if growth[site] is not None else "n/a"
                precision = 3 if unit == "s" else 2
                cells.append(f"{low:.{precision}f} → {high:.{precision}f} {unit}/doc ({shown})")
            row(f"{label} per added document, N={first}→{middle} then {middle}→{last}", cells[0], cells[1], None,
                f"linear: ≤ {LINEAR_SLACK:g}× ({label == 'build time' and 'time' or 'memory'})",
                None if growth["portal"] is None else growth["portal"] <= LINEAR_SLACK)
    if results.staff:
        originals = [path for path in (PRODUCT / "docs").glob("*.md") if path.name.count(".") == 1
                     and re.search(r"^document:", path.read_text(encoding="utf-8"), re.M)]
        row(f"the real staff site ({len(originals)} documents, ru/kk/en): build time and peak memory",
            f"{results.staff.seconds:.1f} s, {results.staff.peak_mib:.0f} MiB")
    if results.serve:
        portal, plain = results.serve["portal"], results.serve["plain"]
        row(f"`mkdocs serve`: edit saved → page shows it, N={results.serve_size}, median (max) of {len(portal)}",
            f"{statistics.median(portal):.1f} s ({max(portal):.1f}) — a bank",
            f"{statistics.median(plain):.1f} s ({max(plain):.1f}) — a document",
            _ratio(statistics.median(portal), statistics.median(plain)), f"< {MAX_SERVE_REBUILD:g} s",
            max(portal) < MAX_SERVE_REBUILD)
    sizes = sorted({size for size, _, _ in results.weight})
    for size in sizes:
        target_size = size == sizes[0]
        for name in ("document", "home", "quiz", "form"):
            portal = results.weight.get((size, "portal", name))
            plain = results.weight.get((size, "plain", name))
            if portal is None:
                continue
            ratio = _ratio(portal["transferred"], plain["transferred"]) if plain else None
            target = f"≤ {MAX_WEIGHT_RATIO:g}×" if name == "document" and target_size else "—"
            row(f"{name} page, bytes transferred (cold cache, search untouched), N={size}",
                f"{_kib(portal['transferred'])} ({len(portal['requests'])} requests)",
                f"{_kib(plain['transferred'])} ({len(plain['requests'])} requests)" if plain else "—",
                ratio, target, ratio <= MAX_WEIGHT_RATIO if target != "—" else None)
    for size, (html, gzipped) in sorted(results.quiz_html.items()):
        row(f"quiz page HTML, N={size}", f"{_kib(html)} ({_kib(gzipped)} gzip)", target=f"< {MAX_QUIZ_HTML // 1024} KiB",
            ok=html < MAX_QUIZ_HTML)
    if sizes:
        for name in ("document", "home", "quiz", "form"):
            portal = results.weight.get((sizes[0], "portal", name))
            plain = results.weight.get((sizes[0], "plain", name))
            unused = portal["unused"]
            row(f"scripts the {name} page loads, N={sizes[0]}",
                f"{len(portal['scripts'])}" + (f" (unused: {', '.join(unused)})" if unused else ""),
                f"{len(plain['scripts'])}" if plain else "—", None, "only those it uses", not unused)
    for (size, site), delays in sorted(results.search.items()):
        if site != "portal":
            continue
        plain = results.search[size, "plain"]
        for moment, when in (("settled", "once the page is idle"), ("load", "right after the load event")):
            portal_ms, plain_ms = delays[moment], plain[moment]
            row(f"search on the document page, opened {when}: query's key-up → first result (from the `/` key), "
                f"N={size}", f"{portal_ms['key']:.0f} ms ({portal_ms['open']:.0f} ms)",
                f"{plain_ms['key']:.0f} ms ({plain_ms['open']:.0f} ms)", _ratio(portal_ms["key"], plain_ms["key"]),
                f"≤ {MAX_SEARCH_MS:g} ms (at once)" if moment == "settled" else "—",
                portal_ms["key"] <= MAX_SEARCH_MS if moment == "settled" else None)
    for name in ("home", "document", "quiz", "form"):
        portal = results.lighthouse.get(("portal", name))
        if portal is None:
            continue
        plain = results.lighthouse.get(("plain", name))

        def scores(found):
            return " / ".join(str(found["scores"][category]) for category in LIGHTHOUSE_CATEGORIES)

        missed = [category for category in LIGHTHOUSE_CATEGORIES
                  if portal["scores"][category] < (MIN_PERFORMANCE if category == "performance" else 100)]
        row(f"Lighthouse mobile, {name} page (performance / accessibility / best practices / SEO), "
            f"median of {len(portal['performance'])}, N={results.lighthouse_size}",
            scores(portal), scores(plain) if plain else "—", None, f"≥ {MIN_PERFORMANCE} / 100 / 100 / 100",
            not missed)
    return rows


def _report(results: Results) -> str:
    machine = results.machine
    runs = len(results.portal[results.sizes[0]].runs)
    lines = [SECTION, ""]
    lines += _paragraph(
        "`site_tests/bench_build.py` generates a synthetic corpus in a temporary folder and builds it side by "
        "side with plain Material for N = " + ", ".join(map(str, results.sizes)) + " documents:")
    lines += _paragraph(
        "- **portal**: N copies of `docs/anti-corruption.md` (ids `policy-001`…, numbered titles, `audience: "
        "public`), each with a copy of `quizzes/anti-corruption.yaml` as its bank (id and document changed; its "
        "three languages kept, so every bank is loaded and quality-checked in ru, kk and en, as the real one is; "
        "history written by the build into the project's `quizzes/history/`) and a quiz page; one form "
        "(`ac-consent`) with its page; the home page. The repository's `hooks/`, `overrides/` and a `mkdocs.yml` "
        "derived from the repository's, with **one language**: i18n `languages` is ru only, as for an "
        "organisation publishing in Russian (the real site's kk and en editions would build every fallback page "
        "three times; the real three-language staff site has its own line, for information).", blank=False)
    lines += _paragraph(
        "- **plain Material**: the same N documents as ordinary Markdown (a title, the headings, every other "
        "block a paragraph with its number escaped, `14\\.`), a home page with the same introduction and a "
        "list of the documents; `theme: material` with `language: ru` and `font: false` (neither site fetches "
        "Google Fonts), the `search` plugin with its defaults; no hooks, no i18n, no quiz pages.")
    lines += _paragraph("How each figure is measured:")
    for item in (
        "- *build time*: the wall clock of `mkdocs build --strict` (a child process); *peak memory*: that "
        "child's `ru_maxrss` (`os.wait4`); " + (f"the median of {runs} builds, portal and plain alternated"
                                               if runs > 1 else "one build each") + ". *Per added document*: the "
        "cost of the documents added from one N to the next; growth counts as linear when the second is at "
        f"most {LINEAR_SLACK:g}× the first.",
        "- *`mkdocs serve`*: `mkdocs serve --livereload` on the N=" + str(results.serve_size or SERVE_SIZE) +
        " corpus; the time from saving an edit (portal: a question's prompt in the first bank; plain: a "
        "paragraph of the first document) until the served page (its HTML and the scripts in its own folder) "
        "contains it, polled every 20 ms.",
        "- *in Chromium*: each site served as `deploy/nginx.conf` serves it, by a Python server in the script "
        "(gzip level 6 for its types, its Cache-Control map and headers, the CSP of `deploy/csp.py`); each "
        "page loaded in a new context (cold cache), search untouched, until the network is idle. *Bytes "
        "transferred*: the status lines, headers and (gzipped) bodies the server sent for the page's "
        "requests, the search worker's script and any index fetched before search is opened included "
        "(Chromium itself reports no body bytes for the worker's script).",
        "- *scripts*: a page uses a portal script when it has what the script works on (`quiz.js`: a quiz; "
        "`storage.js`, `receipt.js`: a quiz or a form; `checklist.js`: a form; `document-page.js`: a print "
        "button or a printed address; the English stemmer: a page in English; the search scripts and "
        "`site-settings.js`: every page; a script in the page's own folder: that page).",
        f"- *search*: `/` opens search, the query «{SEARCH_QUERY}» is inserted and Shift released (Material "
        "searches on key-up), once the page is idle (network idle, then 1 s) and, in a fresh context, right "
        "after the load event; the first result is timed in the page from the query's key-up and, in "
        "brackets, from the `/` key (which adds Playwright's round trips between the keys, the same for both "
        "sites).",
        "- *Lighthouse*: `lighthouse@13`, mobile (its default), `--chrome-flags=\"" + LIGHTHOUSE_FLAGS + "\"`, "
        f"against the same server, on the N={results.lighthouse_size or results.sizes[-1]} corpus; the median "
        f"score per category of {LIGHTHOUSE_RUNS} runs per page.",
    ):
        lines += _paragraph(item, blank=False)
    lines.append("")
    if PRODUCT != ROOT:
        product = f"the product from `{PRODUCT}` (`--product`)"
    else:
        product = f"the product at commit {machine.get('commit')}" + (
            f" with {machine['changed']} files of `hooks/`, `overrides/`, `docs/`, `quizzes/` or `deploy/` changed in "
            "the working tree" if machine.get("changed") else "")
    lines += _paragraph(
        f"Measured {datetime.date.today().isoformat()} on {machine.get('cpu', '?')} ({machine.get('cores')} cores, "
        f"{machine.get('ram')}; load average {machine.get('load', 0):.1f} at the start), Python "
        f"{machine.get('python')}, mkdocs {machine.get('mkdocs')}, mkdocs-material {machine.get('material')}, "
        f"mkdocs-static-i18n {machine.get('i18n')}, {machine.get('chromium')}, Node {machine.get('node')}"
        + (f", {machine['lighthouse']}" if "lighthouse" in machine else "")
        + (" (Lighthouse 13 asks for Node 22.19 or newer; it ran here without an error)"
           if "lighthouse" in machine and _node_major(machine.get("node", "")) < 22 else "")
        + f"; {product}. The whole run took {_duration(results.total_seconds)}.")
    lines += ["| figure | portal | plain Material | ratio | target | met? |", "|---|---|---|---|---|---|"]
    rows = _rows(results)
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    missed = [row[0] for row in rows if row[-1] == "**no**"]
    lines += [""] + _paragraph(("Targets missed: " + "; ".join(missed) + ".") if missed else "Every target is met.",
                               blank=False)
    lines += _notes(results)
    return "\n".join(lines) + "\n"


def _node_major(version: str) -> int:
    match = re.match(r"v?(\d+)", version)
    return int(match.group(1)) if match else 0


# A paragraph or list item wrapped as the rest of BENCHMARKS.md is (about 100 columns).
def _paragraph(text: str, blank: bool = True) -> list[str]:
    indent = "  " if text.startswith("- ") else ""
    wrapped = textwrap.fill(text, width=100, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
    return wrapped.split("\n") + ([""] if blank else [])


def _notes(results: Results) -> list[str]:
    notes = []
    sizes = sorted({size for size, _, _ in results.weight})
    if sizes:
        size = sizes[0]
        notes += ["", f"What each page loads (N={size}; KiB transferred, uncompressed in brackets):", ""]
        for (n, site, name), figures in sorted(results.weight.items(), key=lambda item: (item[0][1] != "portal", item[0][2])):
            if n != size:
                continue
            biggest = sorted(figures["requests"], key=lambda r: -r["body"])
            listed = ", ".join(f"`{r['path']}` {r['body'] / 1024:.1f} ({r['decoded'] / 1024:.1f})" for r in biggest)
            label = "plain Material" if site == "plain" else "portal"
            notes += _paragraph(f"- {label}, {name} page: {_kib(figures['transferred'])} "
                         f"({_kib(figures['decoded'])} uncompressed): {listed}"
                         + (f"; worker: {', '.join(f'`{w}`' for w in figures['workers'])}" if figures["workers"] else "")
                         + (f"; failed: {', '.join(figures['failed'])}" if figures["failed"] else "")
                         + (f"; scripts without a rule here (counted as used): {', '.join(figures['unclassified'])}"
                            if figures["unclassified"] else ""), blank=False)
    if results.lighthouse:
        notes += ["", f"Lighthouse details (N={results.lighthouse_size}; metrics of the run with the median "
                  "performance; audits that failed in any run):", ""]
        for (site, name), found in results.lighthouse.items():
            metrics = found["metrics"]
            failing = "; ".join(f"{category}: {', '.join(audits)}" for category, audits in found["failing"].items() if audits)
            label = "plain Material" if site == "plain" else "portal"
            notes += _paragraph(
                f"- {label}, {name}: performance {', '.join(map(str, found['performance']))}; FCP "
                f"{metrics['first-contentful-paint'] / 1000:.1f} s, LCP {metrics['largest-contentful-paint'] / 1000:.1f} s, "
                f"TBT {metrics['total-blocking-time']:.0f} ms, CLS {metrics['cumulative-layout-shift']:.3f}, speed index "
                f"{metrics['speed-index'] / 1000:.1f} s, total byte weight {_kib(metrics['total-byte-weight'])}"
                + (f"; failed: {failing}" if failing else ""), blank=False)
    return notes


def _rewrite_benchmarks(section: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    heading = re.compile(r"^## Build, page weight and Lighthouse \(`?make bench`?\)[^\n]*\n", re.M)
    found = heading.search(text)
    if found:
        following = re.compile(r"^## ", re.M).search(text, found.end())
        end = following.start() if following else len(text)
        text = text[:found.start()] + section.rstrip("\n") + "\n" + ("\n" + text[end:] if following else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
