"""The staff site's Training section: navigation, quiz pages, the coverage page."""

from __future__ import annotations

import html
import re

from policy_portal.quiz_page import coverage
from test_quiz_browser import BANKS, documents


def test_training_section_lists_every_quiz_and_the_coverage_page(staff_site):
    home = (staff_site / "index.html").read_text(encoding="utf-8")
    # The primary navigation, up to the table of contents.
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split('class="md-nav md-nav--secondary"', 1)[0]
    assert "Обучение" in nav
    for bank_id in BANKS:
        assert f'href="training/{bank_id}/"' in nav
        page = (staff_site / "training" / bank_id / "index.html").read_text(encoding="utf-8")
        assert page.count('data-module="quiz"') == 1
        assert '<meta name="portal-audience" content="staff">' in page
    assert 'href="training/coverage/"' in nav


def test_quiz_pages_are_not_searchable(staff_site):
    index = (staff_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for bank_id in BANKS:
        assert f'"location":"training/{bank_id}/' not in index


def test_coverage_page_lists_uncovered_clauses_of_each_bank(staff_site):
    page = (staff_site / "training" / "coverage" / "index.html").read_text(encoding="utf-8")
    models = documents()
    for bank in BANKS.values():
        section = page.split(f'<section class="coverage" aria-labelledby="coverage-{bank.id}">', 1)[1].split("</section>", 1)[0]
        rows = coverage(bank, models[bank.document])
        uncovered = [row.citation for row in rows if not row.questions]
        listed = re.findall(r"<li><a [^>]*>([^<]*)</a></li>", section.split('class="coverage__table"')[0])
        assert [html.unescape(text) for text in listed] == uncovered
        counts = re.findall(r"<tr class=\"[^\"]*\"><td><a [^>]*>[^<]*</a></td><td>(\d+)</td>", section)
        assert [int(n) for n in counts] == [len(row.questions) for row in rows]


def test_real_banks_are_big_enough_and_a_third_scenarios():
    sizes = {"anti-corruption": 40, "personal-data": 25}
    assert set(BANKS) == set(sizes)
    for bank_id, minimum in sizes.items():
        questions = BANKS[bank_id].questions
        assert len(questions) >= minimum
        assert 3 * sum(q.type == "scenario" for q in questions) >= len(questions)
        assert {"single", "multiple", "true_false", "scenario"} <= {q.type for q in questions}


def test_banks_together_cite_every_section_of_bothdocuments():
    cited = {anchor for bank in BANKS.values() for question in bank.questions for anchor in question.cites}
    for document in documents().values():
        for section in document.blocks:
            if section.kind != "heading":
                continue
            inside = {block.anchor for block in section.walk() if block.anchor}
            assert inside & cited, f"{document.meta.id}: no question cites section {section.anchor}"
