"""Unit tests of the legal-text dialect parser (no MkDocs)."""

from __future__ import annotations

import textwrap

import pytest

from policy_portal.errors import SourceError
from policy_portal.legal_text import full_text, inline_text, parse_body

SAMPLE = textwrap.dedent("""\
    Приложение №2
    утверждено приказом {.stamp}

    ## 6. Требования {#s6}

    14. При реализации Политики запрещается: {#p14}

    1) предлагать **взятки**; {#p14-1}

    3) требовать; {#p14-3}

    Продолжение подпункта. {#p14-3-para2}

    16. Работники обязаны: {#p16}

    ## 7. Комплекс мер {#s7}

    ### 7.1 Подраздел {#s7-1}

    16. Второй пункт 16. {#p16b}

    - первый абзац; {#p16b-d1}

    ж) копия полиса; {#p16b-zh}

    № п/п\tНаименование\tКоличество {rows=2}
    """)


def _anchors(blocks):
    return [(b.anchor, b.kind, b.number, b.parent.anchor if b.parent else None)
            for top in blocks for b in top.walk() if b.anchor]


def test_tree_follows_headings_and_anchor_prefixes():
    blocks = parse_body(SAMPLE, "doc.md")
    assert _anchors(blocks) == [
        ("s6", "heading", "", None),
        ("p14", "clause", "14.", "s6"),
        ("p14-1", "subitem", "1)", "p14"),
        ("p14-3", "subitem", "3)", "p14"),
        ("p14-3-para2", "paragraph", "", "p14-3"),
        ("p16", "clause", "16.", "s6"),
        ("s7", "heading", "", None),
        ("s7-1", "heading", "", "s7"),
        ("p16b", "clause", "16.", "s7-1"),
        ("p16b-d1", "item", "-", "p16b"),
        ("p16b-zh", "subitem", "ж)", "p16b"),
    ]


def test_numbers_are_kept_as_printed_even_when_repeated_or_skipped():
    blocks = parse_body(SAMPLE, "doc.md")
    numbers = [b.number for top in blocks for b in top.walk() if b.kind == "clause"]
    assert numbers == ["14.", "16.", "16."]


def test_unanchored_blocks_belong_to_the_heading_and_keep_classes_and_line_breaks():
    first = parse_body(SAMPLE, "doc.md")[0]
    assert (first.kind, first.classes, first.text) == ("paragraph", ("stamp",), "Приложение №2\nутверждено приказом")
    table = parse_body(SAMPLE, "doc.md")[2].children[0].children[-1]
    assert (table.kind, table.rows, table.empty_rows) == ("table", (("№ п/п", "Наименование", "Количество"),), 2)


def test_citations_read_as_legal_references():
    blocks = {b.anchor: b for top in parse_body(SAMPLE, "doc.md") for b in top.walk() if b.anchor}
    assert blocks["p14"].citation == "п. 14"
    assert blocks["p14-3"].citation == "п. 14, пп. 3)"
    assert blocks["p14-3-para2"].citation == "п. 14, пп. 3), абзац 2"
    assert blocks["p16b-zh"].citation == "п. 16, пп. ж)"


def test_full_text_includes_nested_blocks_with_their_numbers():
    p14 = parse_body(SAMPLE, "doc.md")[1].children[0]
    assert full_text(p14) == (
        "При реализации Политики запрещается:\n"
        "1) предлагать взятки;\n"
        "3) требовать;\nПродолжение подпункта."
    )


def test_inline_text_drops_bold_markers_and_line_breaks():
    assert inline_text("**конфликт\nинтересов** – это") == "конфликт интересов – это"


@pytest.mark.parametrize(("body", "message"), [
    ("14. Пункт без якоря.",
     "doc.md:1:21: clause '14.' without an anchor (expected '{#…}' at the end of the block, like {#p14} or {#p14-3})"),
    ("1) подпункт {#P1}",
     "doc.md:1:13: anchor 'P1' is not a stable ASCII anchor (expected lowercase letters, digits and '-', like p14-3)"),
    ("14. Пункт. {#p14}\n\n15. Пункт. {#p14}",
     "doc.md:3:1: duplicate anchor 'p14' (first used on line 1; expected each anchor once)"),
    ("14. Пункт. {#p14}\n\n3) подпункт {#p15-3}",
     "doc.md:3:1: anchor 'p15-3' has no parent (expected a block anchored 'p15' before it)"),
    ("## 1. Раздел {#s1}\n\n14. Пункт. {#p14}\n\n## 2. Раздел {#s2}\n\n3) подпункт {#p14-3}",
     "doc.md:7:1: anchor 'p14-3' is outside its parent 'p14' (expected it right after the blocks of 'p14')"),
    ("## 1. Раздел",
     "doc.md:1:13: heading without an anchor (expected '{#s1}' at its end)"),
    ("# Заголовок {#top}",
     "doc.md:1:1: heading of level 1 (expected ## to ####; the page title comes from the front matter)"),
    ("**Форма согласия\nо принятии",
     "doc.md:1:1: unpaired '**' (expected **bold** with both markers)"),
    ("14. Пункт {#p14} и текст. {#x}",
     "doc.md:1:11: attribute list '{#p14}' inside the text (expected one, at the very end of the block)"),
    ("14. Пункт. {#p14 data=1}",
     "doc.md:1:12: unknown attribute 'data=1' (expected #anchor, .class, rows=N or sha256=…)"),
    ("{#p14}",
     "doc.md:1:1: attribute list without text (expected it at the end of a block, like '… {#p14}')"),
])
def test_bad_input_stops_with_one_exact_line(body, message):
    with pytest.raises(SourceError) as error:
        parse_body(body, "doc.md")
    assert str(error.value) == message


def test_line_numbers_count_from_the_first_body_line():
    with pytest.raises(SourceError) as error:
        parse_body("\n\n14. Пункт без якоря.", "doc.md", first_line=10)
    assert str(error.value).startswith("doc.md:12:")
