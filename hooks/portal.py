"""MkDocs hooks of the policy portal: thin glue, the logic lives in ``policy_portal``.

* ``on_files``: every page, document, question bank (``quizzes/*.yaml``) and form is read
  and validated once for the build (``policy_portal.check``, which ``policy-portal check``
  shares); then the public build keeps only pages whose front matter says ``audience: public``.
* ``on_page_markdown``: a page with ``document:`` in its front matter is rendered as a legal
  text with clause anchors and permalinks.
* ``on_page_content``: a page with ``quiz: <bank id>`` gets the quiz, one with
  ``checklist: <id>`` the form from ``quizzes/checklists/``, one with
  ``quiz_coverage: true`` the coverage of every bank.
* ``on_page_context``: a document page is searched clause by clause: its entries in
  Material's search index become one entry per clause and sub-item, with word forms.
* ``on_env``: writes the clause registry (``clauses.json``) once all pages are read.

See ARCHITECTURE.md for the event order under mkdocs-static-i18n.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from policy_portal import check, checklist, quiz_page, registry, search, templates, training_record
from policy_portal.documents import Document
from policy_portal.errors import SourceError
from policy_portal.quiz import Bank
from policy_portal.render import render_body

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# The documents (id -> (source path, model)) and banks (id -> model) of the current build,
# read in on_files; a hook module outlives a build under `mkdocs serve`, so each build
# replaces them.
_documents: dict[str, tuple[str, Document]] = {}
_banks: dict[str, Bank] = {}
_checklists: dict[str, checklist.Checklist] = {}
# Bank id -> every recorded version's answer key (quizzes/history/), for training.json.
_versions: dict[str, dict[str, dict]] = {}
# Form id -> source path of its page (front matter `checklist: <id>`), for the appendix links.
_form_pages: dict[str, str] = {}

log = logging.getLogger("mkdocs.hooks.policy_portal")
_serving = False
# The hooks' template environment of the current build (on_files starts a build afresh).
_jinja = None


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


# The package's templates (quiz, forms, strings) join the theme's search path.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.theme.dirs[:] = templates.theme_dirs(config.theme.dirs, config.theme.custom_dir)
    return config


# Runs before i18n's on_files (priority -100), which builds its file tree from ours.
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _jinja
    _jinja = None
    documentation = list(files.documentation_pages())
    try:
        # Every page is read as UTF-8 and its front matter checked (MkDocs takes front matter
        # that does not parse as none at all, silently), and every source is read before the
        # public build drops pages: a bank or form may cite a staff-only document.
        pages = [check.read_page(file.abs_src_path, _display(file.abs_src_path, config), file.src_uri) for file in documentation]
        # `mkdocs serve` only compares bank versions: an editor may change a version until it is built.
        sources = check.read_sources(pages, Path(config.config_file_path).parent, write_history=not _serving, report=log.info)
        if config.extra.get("audience") == "public":
            for file, page in zip(documentation, pages):
                if page.meta.get("audience") != "public":
                    files.remove(file)
    except SourceError as error:
        raise PluginError(str(error)) from None
    _keep(sources, files)
    return files


# Replace a document page's legal-text body with anchored HTML blocks.
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if "document" not in page.meta:
        return None
    _, document = _documents[page.meta["document"]]
    # Templates (header, editorial note), search and the registry read the model from the page.
    page.legal_document = document
    # Its appendices link to their fill-in forms when the forms' pages are in this build.
    form_pages = {form_id: files.get_file_from_path(src_uri).url for form_id, src_uri in _form_pages.items()}
    links = checklist.form_links(_checklists.values(), document.meta.id, page.url, form_pages)
    return render_body(document.blocks, _environment(config), links)


# Append the quiz or the coverage report to the page's own introduction.
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    language = _language(config)
    if "quiz" in page.meta:
        bank = _named(check.bank_of, page, config, _banks)
        _, document = _documents[bank.document]
        data = quiz_page.quiz_data(bank, document, _linker(bank.document, page, files))
        return html + quiz_page.render_quiz(bank, data, _environment(config), language)
    if "checklist" in page.meta:
        form = _named(check.form_of, page, config, _checklists)
        data = checklist.page_data(form, _documents[form.document][1])
        return html + checklist.render_checklist(form, data, _environment(config), language)
    if page.meta.get("quiz_coverage"):
        reports = [(bank, _documents[bank.document][1], _linker(bank.document, page, files)) for bank in _banks.values()]
        return html + quiz_page.render_coverage(reports, _environment(config), language)
    return None


# After Material's search plugin indexed the page (priority 0): swap its section entries for
# clause entries, and tag every entry with the language so the browser can keep only its own.
@event_priority(-50)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    index = config.plugins["material/search"].search_index
    language = _language(config)
    first = next((i for i, entry in enumerate(index.entries) if entry["location"].split("#")[0] == page.url), None)
    if first is None:
        return context
    if hasattr(page, "legal_document") and config.extra.get("portal_search"):
        # Keep the page's own entry (text before the first heading), then one per clause.
        article = index.entries[first]
        del index.entries[first:]
        index.entries += [article, *search.clause_entries(page.legal_document, page.url, language)]
    # Material has just appended this page's entries: tag them, not the whole index again.
    for entry in index.entries[first:]:
        entry.setdefault("lang", language)
    return context


# All pages are populated by now and the site directory is clean: write the registry.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> None:
    documents = [
        registry.document_entries(file.page.legal_document, file.page.url)
        for file in files.documentation_pages()
        if file.page is not None and hasattr(file.page, "legal_document")
    ]
    language = _language(config)
    os.makedirs(config.site_dir, exist_ok=True)
    with open(os.path.join(config.site_dir, registry.FILENAME), "w", encoding="utf-8") as handle:
        handle.write(registry.dumps(registry.build_registry(documents, language)))
    # The staff build also carries every bank version's answer key for `policy-portal register`.
    if config.extra.get("audience") != "public":
        training = training_record.manifest([(bank, _versions[bank.id]) for bank in _banks.values()], list(_checklists.values()))
        with open(os.path.join(config.site_dir, training_record.FILENAME), "w", encoding="utf-8") as handle:
            handle.write(registry.dumps(training))


# ---------------------------------------------------------------------------------------


# Keep this build's sources; the appendices link only to forms whose page is in this build.
def _keep(sources: check.Sources, files: Files) -> None:
    for kept, found in ((_documents, sources.documents), (_banks, sources.banks), (_checklists, sources.forms),
                        (_versions, sources.versions)):
        kept.clear()
        kept.update(found)
    _form_pages.clear()
    _form_pages.update({form_id: key for form_id, key in sources.form_pages.items() if files.get_file_from_path(key)})


# The bank or form a page names (quiz:, checklist:), or the build stops with one line.
def _named(find, page: Page, config: MkDocsConfig, models: dict):
    try:
        return find(page.meta, _display(page.file.abs_src_path, config), models)
    except SourceError as error:
        raise PluginError(str(error)) from None


# The theme's Jinja environment with autoescaping, made once per build (MkDocs makes a new
# environment on every get_env(): one per page would compile every template again).
def _environment(config: MkDocsConfig):
    global _jinja
    if _jinja is None:
        _jinja = templates.environment(config.theme.get_env())
    return _jinja


# The language being built: mkdocs-static-i18n's, or the theme's when the plugin is not used.
def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme.get("language") or "ru"


def _display(path: str, config: MkDocsConfig) -> str:
    return os.path.relpath(path, os.path.dirname(config.config_file_path))


# Link a clause of a document from the given page, in this build's URL style.
def _linker(document_id: str, page: Page, files: Files):
    src_uri, _ = _documents[document_id]
    target = files.get_file_from_path(src_uri)
    base = get_relative_url(target.url, page.url)
    return lambda anchor: f"{base}#{anchor}"
