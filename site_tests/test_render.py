"""Unit tests of rendering a parsed document into the Markdown/HTML MkDocs receives."""

from __future__ import annotations

from pathlib import Path


import markdown
import pytest

from policy_portal import templates
from policy_portal.documents import parse_document
from policy_portal.render import inline_html, render_body, restore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "documents"


@pytest.fixture(scope="module")
def env():
    # Like MkDocs' theme environment: no autoescaping, so the template must escape.
    return templates.environment()


@pytest.fixture(scope="module")
def rendered(env):
    document = parse_document((FIXTURES / "valid.md").read_text(encoding="utf-8"), "valid.md")
    return render_body(document.blocks, env)


def test_headings_stay_markdown_with_their_anchor(rendered):
    assert rendered.startswith("## 1. Раздел { #s1 }\n\n")


def test_clause_markup_has_number_anchor_and_permalink(rendered):
    assert (
        '<div class="clause clause--clause" id="p1">\n'
        '<p class="clause__text"><span class="clause__number">1.</span> '
        "Пункт &lt;script&gt;alert(1)&lt;/script&gt; <strong>важно</strong>."
        '<a class="clause__permalink" href="#p1" aria-label="Ссылка на п. 1" title="Ссылка на п. 1">#</a></p>\n'
        '<div class="clause clause--subitem" id="p1-1">'
    ) in rendered


def test_html_blocks_have_no_blank_lines(rendered):
    html_part = rendered.split("\n\n", 1)[1]
    assert "\n\n" not in html_part.strip()


def test_markdown_keeps_numbers_and_never_makes_lists(rendered):
    html = markdown.markdown(rendered, extensions=["attr_list", "toc"])
    assert "<ol" not in html and "<li" not in html
    assert '<h2 id="s1">1. Раздел</h2>' in html
    assert '<span class="clause__number">1.</span>' in html
    assert "<script>" not in html


def test_inline_html_escapes_then_formats():
    assert str(inline_html("a < b **c**\nd")) == "a &lt; b <strong>c</strong><br>\nd"


def test_tables_render_header_and_blank_rows(env):
    from policy_portal.legal_text import parse_body

    blocks = parse_body("## Форма {#f}\n\n№\tНаименование {rows=2}", "t.md")
    html = render_body(blocks, env)
    assert '<th scope="col">№</th><th scope="col">Наименование</th>' in html
    assert html.count('<tr class="legal-table__blank"><td></td><td></td></tr>') == 2


def test_html_blocks_kept_out_of_markdown_come_back_unchanged(env):
    document = parse_document((ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8"), "anti-corruption.md")
    links = {"app1": ("../checklists/ac-consent/", "Согласие")}
    convert = lambda text: markdown.markdown(text, extensions=["attr_list", "toc"])  # noqa: E731
    stash: list[str] = []
    placeholders = render_body(document.blocks, env, links, stash=stash)
    assert len(stash) > 60 and "<div" not in placeholders
    assert restore(convert(placeholders), stash) == convert(render_body(document.blocks, env, links))


def test_a_lost_placeholder_stops_the_build(env):
    stash: list[str] = []
    placeholders = render_body(parse_document((FIXTURES / "valid.md").read_text(encoding="utf-8"), "valid.md").blocks,
                               env, stash=stash)
    html = markdown.markdown(placeholders, extensions=["attr_list", "toc"])
    with pytest.raises(ValueError, match=r"^1 of \d+ HTML blocks lost their placeholder"):
        restore(html.replace("<p>policyportalhtmlblock0x</p>", "<p><em>policyportalhtmlblock0x</em></p>"), stash)
