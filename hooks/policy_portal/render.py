"""Render a parsed document into the Markdown MkDocs receives.

Headings stay Markdown (so the table of contents and Material's search sections work);
every other block becomes HTML from the ``partials/legal-text.html`` template, which
Python-Markdown passes through untouched, so no number is ever renumbered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from jinja2 import Environment
from markupsafe import Markup

from .legal_text import KIND_HEADING, Block

TEMPLATE = "partials/legal-text.html"


def render_body(blocks: list[Block], env: Environment, forms: Mapping[str, tuple[str, str]] | None = None) -> str:
    """Markdown for the page body: Markdown headings, HTML blocks between them.

    ``forms`` maps an appendix anchor to the (URL, title) of its fill-in form in this build
    (``checklist.form_links``); the appendix heading links to it.
    """
    template = env.get_template(TEMPLATE).module
    macro = template.block
    parts: list[str] = []

    def walk(nodes: list[Block]) -> None:
        for node in nodes:
            if node.kind == KIND_HEADING:
                parts.append(f"{'#' * node.level} {_markdown_escape(node.text)} {{ #{node.anchor} }}")
                if forms and node.anchor in forms:
                    parts.append(str(template.form_link(*forms[node.anchor])).strip())
                walk(node.children)
            else:
                # Blank lines would end Python-Markdown's raw HTML block early.
                rendered = str(macro(node, inline_html))
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
