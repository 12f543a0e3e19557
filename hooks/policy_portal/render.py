"""Render a parsed document into the Markdown MkDocs receives.

Headings stay Markdown (so the table of contents and Material's search sections work);
every other block becomes HTML from the ``partials/legal-text.html`` template, which
Python-Markdown passes through untouched, so no number is ever renumbered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from .legal_text import KIND_HEADING, Block

TEMPLATE = "partials/legal-text.html"


@dataclass(frozen=True)
class Original:
    """What a translated page says about the original of each block (translation.py)."""

    url: str  # the original page, relative to the translated page
    language: str
    citations: Mapping[str, str]  # anchor -> the original's citation (п. 14, пп. 3))
    stale: frozenset[str] = frozenset()

    def href(self, anchor: str) -> str:
        return f"{self.url}#{anchor}"

    def citation(self, anchor: str) -> str:
        return self.citations.get(anchor, anchor)

    def status(self, anchor: str) -> str:
        return "stale" if anchor in self.stale else "current"


def render_body(blocks: list[Block], env: Environment, forms: Mapping[str, tuple[str, str]] | None = None,
                language: str = "ru", original: Original | None = None) -> str:
    """Markdown for the page body: Markdown headings, HTML blocks between them.

    ``forms`` maps an appendix anchor to the (URL, title) of its fill-in form in this build
    (``checklist.form_links``); the appendix heading links to it. ``language`` is the page's
    (template strings); ``original`` is given for a translation.
    """
    template = env.get_template(TEMPLATE).make_module({"i18n_page_locale": language})
    macro = template.block
    parts: list[str] = []

    def walk(nodes: list[Block]) -> None:
        for node in nodes:
            if node.kind == KIND_HEADING:
                parts.append(f"{'#' * node.level} {_markdown_escape(node.text)} {{ #{node.anchor} }}")
                if original is not None and original.status(node.anchor) == "stale":
                    parts.append(str(template.stale_note(node, original)).strip())
                if forms and node.anchor in forms:
                    parts.append(str(template.form_link(*forms[node.anchor])).strip())
                walk(node.children)
            else:
                # Blank lines would end Python-Markdown's raw HTML block early.
                rendered = str(macro(node, inline_html, original))
                parts.append("\n".join(line for line in rendered.splitlines() if line.strip()))

    walk(blocks)
    return "\n\n".join(parts) + "\n"


def inline_html(text: str) -> Markup:
    """Escape the text, then turn ``**bold**`` into <strong> and line breaks into <br>."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped, flags=re.S)
    return Markup(escaped.replace("\n", "<br>\n"))


# Heading text goes through Markdown: neutralise HTML and inline markup characters.
def _markdown_escape(text: str) -> str:
    text = html.escape(text.replace("**", ""), quote=False)
    return re.sub(r"([\\`*_\[\]{}])", r"\\\1", text)
