"""MkDocs hooks of the policy portal: thin glue, the logic lives in ``policy_portal``.

* ``on_files``: every page, document, question bank (``quizzes/*.yaml``) and form is read
  and validated once for the build (``policy_portal.check``, which ``policy-portal check``
  shares); then the public build keeps only pages whose front matter says ``audience: public``.
* ``on_page_markdown``: a page with ``document:`` in its front matter is rendered as a legal
  text with clause anchors and permalinks.
* ``on_page_content``: a page with ``quiz: <bank id>`` gets the quiz, one with
  ``checklist: <id>`` the form from ``quizzes/checklists/``, one with
  ``quiz_coverage: true`` the coverage of every bank.
* ``on_config``: a document page is searched clause by clause: Material's search index gets
  one entry per clause and sub-item, with word forms, instead of one per heading section.
* ``on_page_context``: every search entry is tagged with the page's language.
* ``on_env``: writes the clause registry (``clauses.json``) once all pages are read.
* ``on_post_page``: a written page's HTML is let go.

See ARCHITECTURE.md for the event order under mkdocs-static-i18n.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape
from material.plugins.search.plugin import Parser as SearchParser
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from policy_portal import check, checklist, organisation, quiz_page, registry, search, templates, training_record
from policy_portal.documents import Document
from policy_portal.errors import SourceError
from policy_portal.quiz import Bank
from policy_portal.render import Original, render_body, restore
from policy_portal.translation import Translation

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# The documents (id -> (source path, model)) and banks (id -> model) of the current build,
# read in on_files; a hook module outlives a build under `mkdocs serve`, so each build
# replaces them.
_documents: dict[str, tuple[str, Document]] = {}
# (document id, language) -> (source path, translation).
_translations: dict[tuple[str, str], tuple[str, Translation]] = {}
_banks: dict[str, Bank] = {}
_checklists: dict[str, checklist.Checklist] = {}
# Bank id -> every recorded version's answer key (quizzes/history/), for training.json.
_versions: dict[str, dict[str, dict]] = {}
# Form id -> source path of its page (front matter `checklist: <id>`), for the appendix links.
_form_pages: dict[str, str] = {}

log = logging.getLogger("mkdocs.hooks.policy_portal")
# Outside `mkdocs.*`: a stale translation is reported, and the strict build still publishes.
translations_log = logging.getLogger("policy_portal.translations")
if not translations_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    translations_log.addHandler(_handler)
    translations_log.propagate = False
_serving = False
# The hooks' template environment of the current build (on_files starts a build afresh), and
# the heading permalink titles it gives per language.
_jinja = None
_section_links: dict[str, tuple[str, str]] = {}
_strings_by_language: dict[str, dict] = {}


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


# The package's templates (quiz, forms, strings) join the theme's search path.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.theme.dirs[:] = templates.theme_dirs(config.theme.dirs, config.theme.custom_dir)
    # Every language pass writes the static templates into the same site_dir: the root 404.html
    # would be the last language's. Only the default language's pass writes it.
    if _language(config) == _default_language(config):
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
    # Material's search plugin made its index in its on_config, which runs before the hooks'.
    material_search = config.plugins.get("material/search")
    if material_search is not None and config.extra.get("portal_search"):
        offline = config.plugins.get("material/offline")
        material_search.search_index = _ClauseIndex(config, offline is not None and offline.config.enabled,
                                                    **material_search.config)
    return config


class _ClauseIndex(SearchIndex):
    """Material's search index, with a document page indexed clause by clause from its model.

    Material would parse the whole page into one entry per heading section, which the portal
    replaces anyway: only the text before the first heading (the page's own entry) is parsed.
    """

    def __init__(self, site: MkDocsConfig, whole: bool, **config) -> None:
        super().__init__(**config)
        self.site = site  # its language is read per page: i18n sets it after the hooks' on_config
        self.whole = whole

    def add_entry_from_context(self, page: Page) -> None:
        document = getattr(page, "legal_document", None)
        if page.meta.get("quiz") or page.meta.get("checklist"):
            # A test or a form is one task entry, not its questions or fields.
            language = _language(self.site)
            task = _strings(self.site, language)["site"]["search_quiz" if page.meta.get("quiz") else "search_form"]
            self.entries.append(search.task_entry(page.url, page.title or "", task, language))
            return None
        if document is None or (page.meta.get("search") or {}).get("exclude"):
            return super().add_entry_from_context(page)
        parser = SearchParser()
        parser.feed(search.before_first_heading(page.content))
        parser.close()
        for section in parser.data[:1]:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)
        self.entries += search.clause_entries(document, page.url, _language(self.site), document.meta.language)

    def generate_search_index(self, prev) -> str:
        """Material's ``search_index.json``: its configuration, and the entries only when ``whole``.

        Served over HTTP, the browser loads its language's own file (``on_post_build``,
        ``search-index.js``) and never this one, which at 200 documents was 85 MB, written
        twice (per pass, then all passes merged by i18n) and the build's peak memory. The
        offline build (``file://``) keeps every entry: Material's offline plugin turns this
        file into ``search_index.js``. With ``prev`` (``mkdocs serve --dirtyreload``) Material
        merges the previous entries first.
        """
        if prev:
            return super().generate_search_index(prev)
        return search.index_json(self.config, self.entries if self.whole else [])


# Runs before i18n's on_files (priority -100), which builds its file tree from ours.
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _jinja
    _jinja = None
    _section_links.clear()
    _strings_by_language.clear()
    documentation = list(files.documentation_pages())
    try:
        # Every page is read as UTF-8 and its front matter checked (MkDocs takes front matter
        # that does not parse as none at all, silently), and every source is read before the
        # public build drops pages: a bank or form may cite a staff-only document.
        pages = [check.read_page(file.abs_src_path, _display(file.abs_src_path, config), file.src_uri) for file in documentation]
        # `mkdocs serve` only compares bank versions: an editor may change a version until it is built.
        language = _language(config)
        sources = check.read_sources(pages, Path(config.config_file_path).parent, write_history=not _serving,
                                     report=log.info, sources=check.Sources(language=language))
        # An organisation's public site publishes its own documents only (extra.organisation).
        published = organisation.documents(config.extra.get("organisation"), config.config_file_path,
                                           _display(config.config_file_path, config))
        if config.extra.get("audience") == "public":
            for file, page in zip(documentation, pages):
                document_id = page.meta.get("document")
                if page.meta.get("audience") != "public" and document_id is None:
                    files.remove(file)
                elif document_id is not None and (published is not None and document_id not in published
                                                  or _audience(document_id, pages) != "public"):
                    files.remove(file)
        _organisation(config, sources, files)
        # The thesaurus goes to the browser with the search index's configuration.
        material_search = config.plugins.get("material/search")
        if isinstance(getattr(material_search, "search_index", None), _ClauseIndex):
            material_search.search_index.config["thesaurus"] = sources.thesaurus
    except SourceError as error:
        raise PluginError(str(error)) from None
    _keep(sources, files)
    # A translation behind its original is published with a notice on each stale clause: the
    # build says so without failing (warnings of `mkdocs.*` loggers fail a --strict build).
    for (_, translated_into), (_, translation) in sources.translations.items():
        if translated_into == language and translation.stale:
            translations_log.warning(translation.stale_message())
    return files


# Check the organisation of the site (extra.organisation) and give its report channel the
# address of the clause it cites, on this language's site.
def _organisation(config: MkDocsConfig, sources: check.Sources, files: Files) -> None:
    value = config.extra.get("organisation")
    if not value:
        return
    organisation.check(value, _site_languages(config), {key: doc for key, (_, doc) in sources.documents.items()},
                       config.config_file_path, _display(config.config_file_path, config))
    report = value.get("report") or {}
    cites = report.get("cites")
    if cites:
        # Per language: the 404 page and every page of this pass read this pass's entry.
        language, default = _language(config), _default_language(config)
        src_uri, document = sources.documents[cites["document"]]
        translated = sources.translations.get((document.meta.id, language))
        shown = translated[1].document if translated else document
        prefix = "" if language == default else f"{language}/"
        config.extra.setdefault("report_links", {})[language] = {
            "url": f"{prefix}{files.get_file_from_path(src_uri).url}#{cites['anchor']}",
            "title": shown.meta.title, "citation": shown.find(cites["anchor"]).citation}


# The languages the site is built in (i18n's, else the theme's).
def _site_languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [_language(config)]
    return [language.locale for language in i18n.config.languages if language.build]


# Python-Markdown's toc writes one permalink title for every language (markdown_extensions
# cannot differ per language under i18n): the heading links get the page language's.
def _heading_links(html: str, language: str, config: MkDocsConfig) -> str:
    title = (config.mdx_configs.get("toc") or {}).get("permalink_title")
    if not title or language == _default_language(config):
        return html
    if language not in _section_links:
        # Once per language and build, not per page.
        section_link = _strings(config, language)["legal"]["section_link"]
        _section_links[language] = (f'title="{escape(title)}">', f'title="{escape(section_link)}">')
    return html.replace(*_section_links[language])


# The portal's strings in a language (partials/portal-strings.html), once per language and build.
def _strings(config: MkDocsConfig, language: str) -> dict:
    if language not in _strings_by_language:
        module = _environment(config).get_template("partials/portal-strings.html").make_module({"i18n_page_locale": language})
        _strings_by_language[language] = module.t
    return _strings_by_language[language]


# The document in a language: its translation, or None for the original's language.
def _in_language(document_id: str, language: str) -> Document | None:
    found = _translations.get((document_id, language))
    return found[1].document if found else None


# A document's audience is its original's: a translation follows it.
def _audience(document_id: str, pages) -> str | None:
    return next((page.meta.get("audience") for page in pages
                 if page.meta.get("document") == document_id and "translation" not in page.meta), None)


# Replace a document page's legal-text body with anchored HTML blocks.
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if "document" not in page.meta:
        return None
    language = _language(config)
    _, document = _documents[page.meta["document"]]
    original = None
    if "translation" in page.meta:
        _, translation = _translations[(document.meta.id, str(page.meta["translation"]))]
        original = Original(get_relative_url(_default_url(page.url, language, config), page.url),
                            document.meta.language, {block.anchor: block.citation for block in document.anchored()},
                            frozenset(translation.stale))
        document = translation.document
    # Templates (header, editorial note, notices), search and the registry read the model from the page.
    page.legal_document = document
    page.legal_original = original
    # Its appendices link to their fill-in forms when the forms' pages are in this build.
    form_pages = {form_id: files.get_file_from_path(src_uri).url for form_id, src_uri in _form_pages.items()
                  if files.get_file_from_path(src_uri) is not None}
    links = checklist.form_links(_checklists.values(), document.meta.id, page.url, form_pages)
    # Its own strings (permalink labels) in the text's language: an original shown on another
    # edition's site is marked lang="ru" whole (overrides/main.html).
    page.legal_stash = []
    return render_body(document.blocks, _environment(config), links, document.meta.language, original, page.legal_stash)


# Append the quiz or the coverage report to the page's own introduction.
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    language = _language(config)
    html = _heading_links(html, language, config)
    if getattr(page, "legal_stash", None) is not None:
        html = restore(html, page.legal_stash)
        page.legal_stash = None
    if "quiz" in page.meta:
        bank = _named(check.bank_of, page, config, _banks)
        _, document = _documents[bank.document]
        data = quiz_page.quiz_data(bank, document, _linker(bank.document, page, files), _in_language(bank.document, bank.language))
        # The data is a script beside the page (the site folder was cleaned before on_files).
        name, script = quiz_page.data_script(bank.id, bank.language, data)
        folder = os.path.join(config.site_dir, os.path.dirname(page.file.dest_uri))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(script)
        return html + quiz_page.render_quiz(bank, name, _environment(config), language)
    if "checklist" in page.meta:
        form = _named(check.form_of, page, config, _checklists)
        data = checklist.page_data(form, _documents[form.document][1])
        return html + checklist.render_checklist(form, data, _environment(config), language)
    if page.meta.get("quiz_coverage"):
        # Citations as the bank's language writes them (the translation has the original's anchors).
        reports = [(bank, _in_language(bank.document, bank.language) or _documents[bank.document][1],
                    _linker(bank.document, page, files)) for bank in _banks.values()]
        return html + quiz_page.render_coverage(reports, _environment(config), language)
    return html


# After Material's search plugin indexed the page (priority 0; a document clause by clause,
# _ClauseIndex): tag every entry with the language so the browser can keep only its own.
@event_priority(-50)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    entries = config.plugins["material/search"].search_index.entries
    # Material has just appended this page's entries: tag them, not the whole index again (a
    # scan from the start made the build quadratic in the number of pages).
    first = len(entries)
    while first > 0 and entries[first - 1]["location"].split("#")[0] == page.url:
        first -= 1
    language = _language(config)
    for entry in entries[first:]:
        entry.setdefault("lang", language)
    return context


# The page is written and nothing reads its HTML again (the search index took its entries in
# on_page_context): MkDocs keeps it to the end, at 200 documents tens of megabytes of the build's
# peak memory. (Not its Markdown: the other pages' navigation reads its title from it.)
@event_priority(-100)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> None:
    page.content = None


# All pages are populated by now and the site directory is clean: write the registry, one per
# language (`clauses.json` of the default language at the root, the others under /<language>/,
# where mkdocs-static-i18n puts their pages; every pass writes into the same site_dir).
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> None:
    # The theme's templates, compiled once per process, not once per language pass and rebuild.
    env.bytecode_cache = templates.THEME_BYTECODE
    documents = [(file.page.legal_document, file.page.url) for file in files.documentation_pages()
                 if file.page is not None and hasattr(file.page, "legal_document")]
    language = _language(config)
    default = _default_language(config)
    folder = config.site_dir if language == default else os.path.join(config.site_dir, language)
    os.makedirs(folder, exist_ok=True)
    registry.write(os.path.join(folder, registry.FILENAME), registry.build_registry(documents, language))
    # The staff build also carries every bank version's answer key for `policy-portal register`
    # (the same in every language: written once).
    if config.extra.get("audience") != "public" and language == default:
        training = training_record.manifest([(bank, _versions[bank.id]) for bank in _banks.values()], list(_checklists.values()))
        registry.write(os.path.join(config.site_dir, training_record.FILENAME), training)


# Material's search index holds this language pass's entries (mkdocs-static-i18n gives each pass
# a new one and merges them into search/search_index.json after the last pass). The browser
# loads only its page's language (search-index.js).
@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    if config.extra.get("portal_search"):
        index = config.plugins["material/search"].search_index
        search.write_language_index(os.path.join(config.site_dir, "search"), _language(config), index.config, index.entries)


# ---------------------------------------------------------------------------------------


# Keep this build's sources; the appendices link only to forms whose page is in this build.
def _keep(sources: check.Sources, files: Files) -> None:
    for kept, found in ((_documents, sources.documents), (_banks, sources.banks), (_checklists, sources.forms),
                        (_versions, sources.versions), (_translations, sources.translations)):
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


# The site's default language: i18n's, else the build's own.
def _default_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "default_language", None) or _language(config)


# The URL of a page's default-language version: i18n publishes other languages under /<language>/.
def _default_url(url: str, language: str, config: MkDocsConfig) -> str:
    default = _default_language(config)
    if language != default and url.startswith(f"{language}/"):
        return url[len(language) + 1:]
    return url


def _display(path: str, config: MkDocsConfig) -> str:
    return os.path.relpath(path, os.path.dirname(config.config_file_path))


# Link a clause of a document from the given page, in this build's URL style.
def _linker(document_id: str, page: Page, files: Files):
    src_uri, _ = _documents[document_id]
    target = files.get_file_from_path(src_uri)
    base = get_relative_url(target.url, page.url)
    return lambda anchor: f"{base}#{anchor}"
