"""Read and validate a portal's sources as the build does, without building.

The build (``hooks/portal.py``) and ``policy-portal check`` read the sources through the same
functions here, so a project the command passes is a project the build reads:

* every page (``docs/**/*.md``): UTF-8, front matter that parses and that the theme can print
  (``documents.check_front_matter``); a page with ``document:`` is parsed as a legal text;
* every question bank (``quizzes/*.yaml``): its schema and rules, its quality limits
  (``bank_stats``) and its version history (``training_record``: a new version is fine, a
  recorded version with another answer key is not);
* every form (``quizzes/checklists/*.yaml``);
* every page's ``quiz:`` and ``checklist:`` naming an existing bank or form.

Every problem is one ``file:line:col: …`` line (``SourceError``). The build stops at the first;
the command can go on and report them all (``keep_going``), skipping what an earlier problem
already explains (a bank citing a document that did not parse is not reported again).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterable, Mapping

from . import bank_stats, thesaurus, training_record
from .checklist import Checklist, load_checklist
from .documents import Document, check_front_matter, parse_document
from .errors import SourceError
from .quiz import Bank, load_bank
from .translation import Translation, parse_translation
from .yaml_source import load, read_text

DOCS = "docs"
QUIZZES = "quizzes"
FORMS = "checklists"
HISTORY = "history"


@dataclass(frozen=True)
class Page:
    """A page of ``docs/``, read and with its front matter checked."""

    key: str  # its path under docs/, as MkDocs' src_uri: "training/anti-corruption.md"
    display: str  # its path in messages, from the project folder: "docs/training/anti-corruption.md"
    text: str
    meta: dict


@dataclass
class Sources:
    """What the build reads before rendering: documents, banks, forms, and the problems found."""

    documents: dict[str, tuple[str, Document]] = field(default_factory=dict)  # id -> (page key, model)
    banks: dict[str, Bank] = field(default_factory=dict)
    versions: dict[str, dict[str, dict]] = field(default_factory=dict)  # bank id -> every recorded answer key
    forms: dict[str, Checklist] = field(default_factory=dict)
    # (document id, language) -> (page key, translation), aligned with the original.
    translations: dict[tuple[str, str], tuple[str, Translation]] = field(default_factory=dict)
    form_pages: dict[str, str] = field(default_factory=dict)  # form id -> key of its page (`checklist: <id>`)
    problems: list[SourceError] = field(default_factory=list)
    # Counted for the summary: files read, whether or not they had a problem.
    document_pages: int = 0
    bank_files: int = 0
    form_files: int = 0
    # Ids declared by files that had a problem: what cites them is not reported again.
    broken: set[tuple[str, str]] = field(default_factory=set)
    keep_going: bool = False
    # The language of the build: banks and forms that have it are read in it (None: originals).
    language: str | None = None
    # The search thesaurus (quizzes/search/thesaurus.yaml), per language.
    thesaurus: dict[str, list[dict]] = field(default_factory=dict)

    def attempt(self, action: Callable[[], object]):
        """The action's result; on a SourceError, None and the problem kept (or raised, at the first)."""
        try:
            return action()
        except SourceError as error:
            if not self.keep_going:
                raise
            self.problems.append(error)
            return None


def read_page(path: str | os.PathLike, display: str, key: str) -> Page:
    """Read one page of docs/ and check its front matter (raises SourceError)."""
    text = read_text(path, display)
    return Page(key, display, text, _cached(("front matter", display, text), lambda: check_front_matter(text, display)))


# Reading is pure: the same text, read against the same documents, gives the same model. A
# build reads every source once per language pass and `mkdocs serve` once per rebuild, so
# the models of unchanged files are kept (per process; a failure is never kept).
_models: dict[tuple, object] = {}
MAX_MODELS = 4096


def _cached(key: tuple, compute: Callable[[], object]):
    # Texts are keys by their digest: a bank's text is a few hundred KB in memory, and 200 of
    # them kept as keys were a third of a large build's peak memory.
    key = tuple(hashlib.sha256(part.encode()).digest() if isinstance(part, str) and len(part) > 256 else part
                for part in key)
    if key in _models:
        return _models[key]
    value = compute()
    if len(_models) >= MAX_MODELS:
        _models.clear()
    _models[key] = value
    return value


# What a bank or form was read against: the documents, by identity (they are kept too).
def _documents_key(documents: Mapping[str, Document]) -> tuple:
    return tuple(sorted((doc_id, id(document)) for doc_id, document in documents.items()))


def read_sources(pages: Iterable[Page], project: Path, *, write_history: bool,
                 report: Callable[[str], None] | None = None, sources: Sources | None = None) -> Sources:
    """Parse the document pages, then load every bank and form of ``project/quizzes``.

    ``write_history``: the build records a bank's new version in quizzes/history/; ``mkdocs
    serve`` and the command only compare. ``report`` receives each bank's quality figures.
    Raises the first SourceError, unless ``sources`` (filled in) says ``keep_going``.
    """
    sources = sources if sources is not None else Sources()
    pages = list(pages)
    for page in pages:
        if "checklist" in page.meta:
            sources.form_pages[str(page.meta["checklist"])] = page.key
        if "document" in page.meta and "translation" not in page.meta:
            sources.document_pages += 1
            document = sources.attempt(lambda: _cached(("document", page.display, page.text),
                                                        lambda: parse_document(page.text, page.display)))
            if document is None:
                sources.broken.add(("document", str(page.meta["document"])))
            elif document.meta.id in sources.documents:
                first = sources.documents[document.meta.id][0]
                sources.attempt(lambda: _raise(SourceError(page.display, 1, 1, f"document '{document.meta.id}' is already "
                                                           f"published by docs/{first} (expected one original per id; a "
                                                           "translation says `translation: <language>`)")))
            else:
                sources.documents[document.meta.id] = (page.key, document)
    displays = {page.key: page.display for page in pages}
    for page in pages:
        if "document" in page.meta and "translation" in page.meta:
            sources.document_pages += 1
            sources.attempt(lambda: _read_translation(page, sources, displays))
    models = {doc_id: document for doc_id, (_, document) in sources.documents.items()}
    quizzes = project / QUIZZES
    for path in sorted(quizzes.glob("*.yaml")):
        sources.bank_files += 1
        sources.attempt(lambda: _read_bank(path, project, models, sources, write_history, report))
    for path in sorted((quizzes / FORMS).glob("*.yaml")):
        sources.form_files += 1
        sources.attempt(lambda: _read_form(path, project, models, sources))
    sources.thesaurus = sources.attempt(lambda: _read_thesaurus(project)) or {}
    return sources


def _read_thesaurus(project: Path) -> dict[str, list[dict]]:
    path = project / thesaurus.PATH
    if not path.exists():
        return {}
    text = read_text(path, str(thesaurus.PATH))
    return _cached(("thesaurus", text), lambda: thesaurus.load_thesaurus(text, str(thesaurus.PATH)))


def _read_translation(page: Page, sources: Sources, displays: dict[str, str]) -> None:
    document_id = str(page.meta["document"])
    if ("document", document_id) in sources.broken:
        return
    if document_id not in sources.documents:
        raise SourceError(page.display, 1, 1, f"translation of unknown document '{document_id}' (expected "
                                              f"{_one_of(sources.documents, 'a document of docs/')})")
    key, original = sources.documents[document_id]
    translation = _cached(("translation", page.display, page.text, id(original)),
                          lambda: parse_translation(page.text, page.display, original, displays.get(key, key)))
    found = sources.translations.setdefault((document_id, translation.language), (page.key, translation))
    if found[1] is not translation:
        raise SourceError(page.display, 1, 1, f"a second {translation.language} translation of '{document_id}' (the first "
                                              f"is docs/{found[0]}; expected one per language)")


def _raise(error: SourceError):
    raise error


def check_pages(pages: Iterable[Page], sources: Sources) -> None:
    """Every ``quiz:`` and ``checklist:`` of a page names a bank or form that loaded."""
    broken_banks = {bank_id for kind, bank_id in sources.broken if kind == "bank"}
    broken_forms = {form_id for kind, form_id in sources.broken if kind == "form"}
    for page in pages:
        if "quiz" in page.meta:
            sources.attempt(lambda: bank_of(page.meta, page.display, sources.banks, broken_banks))
        if "checklist" in page.meta:
            sources.attempt(lambda: form_of(page.meta, page.display, sources.forms, broken_forms))


def bank_of(meta: Mapping, display: str, banks: Mapping[str, Bank], broken: Collection[str] = ()) -> Bank | None:
    """The bank a page's ``quiz:`` names; None if its file had a problem (``broken``, already reported)."""
    bank_id = str(meta["quiz"])
    if bank_id in banks or bank_id in broken:
        return banks.get(bank_id)
    raise SourceError(display, 1, 1, f"no question bank '{bank_id}' (expected {_one_of(banks, 'a bank in quizzes/')})")


def form_of(meta: Mapping, display: str, forms: Mapping[str, Checklist], broken: Collection[str] = ()) -> Checklist | None:
    """The form a page's ``checklist:`` names; None if its file had a problem (``broken``, already reported)."""
    form_id = str(meta["checklist"])
    if form_id in forms or form_id in broken:
        return forms.get(form_id)
    raise SourceError(display, 1, 1, f"no checklist '{form_id}' (expected {_one_of(forms, 'a form in quizzes/checklists/')})")


@dataclass(frozen=True)
class Result:
    """What ``check_project`` found: counts for the summary, and the problems in file order."""

    documents: int
    banks: int
    forms: int
    problems: list[SourceError]


def check_project(project: Path, *, keep_going: bool = False) -> Result:
    """Check a project folder (docs/, quizzes/) as the staff build reads it; nothing is written.

    Raises the first SourceError, or with ``keep_going`` returns them all.
    """
    sources = Sources(keep_going=keep_going)
    pages = []
    docs = project / DOCS
    for path in sorted(docs.rglob("*.md")):
        display = _relative(path, project)
        page = sources.attempt(lambda: read_page(path, display, path.relative_to(docs).as_posix()))
        if page is not None:
            pages.append(page)
        elif (document_id := _document_id(path)) is not None:
            sources.document_pages += 1
            sources.broken.add(("document", document_id))
    read_sources(pages, project, write_history=False, sources=sources)
    check_pages(pages, sources)
    return Result(sources.document_pages, sources.bank_files, sources.form_files, sources.problems)


# ---------------------------------------------------------------------------------------


def _read_bank(path: Path, project: Path, documents: dict[str, Document], sources: Sources,
               write_history: bool, report: Callable[[str], None] | None) -> None:
    display = _relative(path, project)
    text = read_text(path, display)
    bank = _load(load_bank, "bank", text, display, documents, sources)
    if bank is None:
        return None
    if bank.id in sources.banks:
        raise SourceError(bank.path, 1, 1, f"bank id '{bank.id}' is also used by {sources.banks[bank.id].path} (expected unique ids)")
    try:
        # Cues can creep in with a translation: every language meets the quality limits. Once
        # per text: the figures are reported when they are computed.
        def quality() -> bool:
            for language in bank.languages:
                edition = bank if language == bank.language else load_bank(text, display, documents, language)
                stats = bank_stats.check_quality(edition, text)
                if report:
                    shown = f" [{language}]" if len(bank.languages) > 1 else ""
                    report(f"{bank.path}{shown}: {bank_stats.summary(stats)}")
            return True

        _cached(("quality", display, text, _documents_key(documents)), quality)
        history = path.parent / HISTORY / f"{bank.id}.json"
        stamp = history.stat().st_mtime_ns if history.exists() else None
        sources.versions[bank.id] = _cached(
            ("history", display, text, str(history), stamp, write_history),
            lambda: training_record.record_version(bank, path.parent / HISTORY, text, write=write_history))
    except SourceError:
        sources.broken.add(("bank", bank.id))
        raise
    sources.banks[bank.id] = bank


def _read_form(path: Path, project: Path, documents: dict[str, Document], sources: Sources) -> None:
    display = _relative(path, project)
    text = read_text(path, display)
    form = _load(load_checklist, "form", text, display, documents, sources)
    if form is None:
        return None
    if form.id in sources.forms:
        raise SourceError(form.path, 1, 1, f"checklist id '{form.id}' is also used by {sources.forms[form.id].path} (expected unique ids)")
    sources.forms[form.id] = form


# A bank or form loaded, or None when it failed only because the document it cites is broken
# (that document's own problem is reported); any other problem is raised.
def _load(loader, kind: str, text: str, display: str, documents: dict[str, Document], sources: Sources):
    try:
        return _cached((kind, display, text, sources.language, _documents_key(documents)),
                       lambda: loader(text, display, documents, sources.language))
    except SourceError:
        _mark_broken(sources, kind, text, display)
        if _declared(text, display, "document") in {doc_id for broken, doc_id in sources.broken if broken == "document"}:
            return None
        raise


def _mark_broken(sources: Sources, kind: str, text: str, display: str) -> None:
    declared = _declared(text, display, "id")
    if declared is not None:
        sources.broken.add((kind, declared))


# A top-level field of a file that did not load, if the YAML at least parses.
def _declared(text: str, display: str, name: str) -> str | None:
    try:
        data = load(text, display).data
    except SourceError:
        return None
    value = data.get(name) if isinstance(data, dict) else None
    return str(value) if value is not None else None


# The `document:` line of a page whose front matter has a problem, read as a line of text.
def _document_id(path: Path) -> str | None:
    if not path.is_file():  # a pipe would never end
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^document:[ \t]*[\"']?([a-z][a-z0-9-]*)", head, re.M)
    return match.group(1) if match else None


def _one_of(ids, otherwise: str) -> str:
    return f"one of: {', '.join(sorted(ids))}" if ids else f"the id of {otherwise}"


def _relative(path: Path, project: Path) -> str:
    return Path(os.path.relpath(path, project)).as_posix()
