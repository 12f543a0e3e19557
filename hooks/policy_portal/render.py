"""Render a parsed document into the Markdown MkDocs receives.

Headings stay Markdown (so the table of contents and Material's search sections work);
every other block becomes HTML from the ``partials/legal-text.html`` template, which
Python-Markdown passes through untouched, so no number is ever renumbered.

The build hands Python-Markdown a placeholder paragraph per HTML block (``stash``) and puts the
blocks back into its output (``restore``): Python-Markdown reads raw HTML with an HTML parser
to find where it ends, which was a third of a document page's build time, for HTML it keeps
as it is anyway.
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
                language: str = "ru", original: Original | None = None, stash: list[str] | None = None) -> str:
    """Markdown for the page body: Markdown headings, HTML blocks between them.

    ``forms`` maps an appendix anchor to the (URL, title) of its fill-in form in this build
    (``checklist.form_links``); the appendix heading links to it. ``language`` is the page's
    (template strings); ``original`` is given for a translation. With ``stash``, each HTML
    block is appended to it and the Markdown has a placeholder paragraph instead (``restore``).
    """
    template = env.get_template(TEMPLATE).make_module({"i18n_page_locale": language})
    macro = template.block
    parts: list[str] = []

    def html_block(markup: str) -> None:
        if stash is None:
            parts.append(markup)
        else:
            parts.append(_PLACEHOLDER.format(len(stash)))
            stash.append(markup)

    def walk(nodes: list[Block]) -> None:
        for node in nodes:
            if node.kind == KIND_HEADING:
                parts.append(f"{'#' * node.level} {_markdown_escape(node.text)} {{ #{node.anchor} }}")
                if original is not None and original.status(node.anchor) == "stale":
                    html_block(str(template.stale_note(node, original)).strip())
                if forms and node.anchor in forms:
                    html_block(str(template.form_link(*forms[node.anchor])).strip())
                walk(node.children)
            else:
                # Blank lines would end Python-Markdown's raw HTML block early.
                rendered = str(macro(node, inline_html, original))
                html_block("\n".join(line for line in rendered.splitlines() if line.strip()))

    walk(blocks)
    return "\n\n".join(parts) + "\n"


def restore(html: str, stash: list[str]) -> str:
    """Python-Markdown's output of a body rendered with ``stash``, with the HTML blocks put back."""
    found = 0

    def block(match: re.Match) -> str:
        nonlocal found
        found += 1
        # Python-Markdown writes a blank line after a raw HTML block, one newline after a paragraph.
        return stash[int(match.group(1))] + "\n" + match.group(2)

    restored = _PLACED.sub(block, html)
    if not html.endswith("\n"):  # Python-Markdown strips the end of its output
        restored = restored.rstrip("\n")
    if found != len(stash):
        raise ValueError(f"{len(stash) - found} of {len(stash)} HTML blocks lost their placeholder in Markdown's output "
                         "(expected each as its own paragraph: a Markdown extension changed them)")
    return restored


# A word no text has, that Markdown leaves as a paragraph of its own.
_PLACEHOLDER = "policyportalhtmlblock{}x"
_PLACED = re.compile(r"<p>policyportalhtmlblock(\d+)x</p>(\n?)")


def inline_html(text: str) -> Markup:
    """Escape the text, then turn ``**bold**`` into <strong> and line breaks into <br>."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped, flags=re.S)
    return Markup(escaped.replace("\n", "<br>\n"))


# Heading text goes through Markdown: neutralise HTML and inline markup characters.
def _markdown_escape(text: str) -> str:
    text = html.escape(text.replace("**", ""), quote=False)
    return re.sub(r"([\\`*_\[\]{}])", r"\\\1", text)
