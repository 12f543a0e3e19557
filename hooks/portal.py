"""MkDocs hooks of the policy portal: thin glue, the logic lives in ``policy_portal``.

* ``on_files``: the public build keeps only pages whose front matter says ``audience: public``.
* ``on_page_markdown``: a page with ``document:`` in its front matter is parsed as a legal
  text and rendered with clause anchors and permalinks.
* ``on_page_context``: a document page is searched clause by clause: its entries in
  Material's search index become one entry per clause and sub-item, with word forms.
* ``on_env``: writes the clause registry (``clauses.json``) once all pages are read.

See ../shared/STACK.md for the event order under mkdocs-static-i18n.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import meta as front_matter

from policy_portal import registry, search
from policy_portal.documents import parse_document
from policy_portal.errors import SourceError
from policy_portal.render import render_body

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# Runs before i18n's on_files (priority -100), which builds its file tree from ours.
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if config.extra.get("audience") != "public":
        return files
    for file in list(files.documentation_pages()):
        _, meta = front_matter.get_data(file.content_string)
        if meta.get("audience") != "public":
            files.remove(file)
    return files


# Replace a document page's legal-text body with anchored HTML blocks.
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if "document" not in page.meta:
        return None
    path = os.path.relpath(page.file.abs_src_path, os.path.dirname(config.config_file_path))
    try:
        document = parse_document(page.file.content_string, path)
    except SourceError as error:
        raise PluginError(str(error)) from None
    # Templates (header, editorial note) and on_env read the validated model from the page.
    page.legal_document = document
    return render_body(document.blocks, config.theme.get_env())


# After Material's search plugin indexed the page (priority 0): swap its section entries for
# clause entries, and tag every entry with the language so the browser can keep only its own.
@event_priority(-50)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    index = config.plugins["material/search"].search_index
    language = config.plugins["i18n"].current_language
    first = next((i for i, entry in enumerate(index.entries) if entry["location"].split("#")[0] == page.url), None)
    if first is not None and hasattr(page, "legal_document") and config.extra.get("portal_search"):
        # Keep the page's own entry (text before the first heading), then one per clause.
        article = index.entries[first]
        del index.entries[first:]
        index.entries += [article, *search.clause_entries(page.legal_document, page.url, language)]
    for entry in index.entries:
        entry.setdefault("lang", language)
    return context


# All pages are populated by now and the site directory is clean: write the registry.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> None:
    documents = [
        registry.document_entries(file.page.legal_document, file.page.url)
        for file in files.documentation_pages()
        if file.page is not None and hasattr(file.page, "legal_document")
    ]
    language = config.plugins["i18n"].current_language
    os.makedirs(config.site_dir, exist_ok=True)
    with open(os.path.join(config.site_dir, registry.FILENAME), "w", encoding="utf-8") as handle:
        handle.write(registry.dumps(registry.build_registry(documents, language)))
