"""The staff site's Training section: navigation, quiz pages, the coverage page."""

from __future__ import annotations

import html
import re

from conftest import search_docs
from policy_portal.quiz_page import coverage
from test_quiz_browser import BANKS, documents


def _primary_nav(html_text: str) -> str:
    # The primary navigation, up to the table of contents.
    return html_text.split('class="md-nav md-nav--primary"', 1)[1].split('class="md-nav md-nav--secondary"', 1)[0]


def test_training_section_lists_every_quiz_and_the_coverage_page(staff_site):
    # Elsewhere the section is one link (navigation.prune, no navigation.sections: with hundreds
    # of policies every page listed every test); on its own pages it lists them all.
    home = _primary_nav((staff_site / "index.html").read_text(encoding="utf-8"))
    assert re.search(r'<a href="training/" class="md-nav__link">\s*(<[^>]+>\s*)*Обучение', home)
    assert not any(f'href="training/{bank_id}/"' in home for bank_id in BANKS)
    nav = _primary_nav((staff_site / "training" / "index.html").read_text(encoding="utf-8"))
    for bank_id in BANKS:
        assert f'href="{bank_id}/"' in nav
        page = (staff_site / "training" / bank_id / "index.html").read_text(encoding="utf-8")
        assert page.count('data-module="quiz"') == 1
        assert '<meta name="portal-audience" content="staff">' in page
    assert 'href="coverage/"' in nav


def test_a_quiz_page_is_searchable_as_its_task_not_its_questions(staff_site):
    locations = [entry["location"] for entry in search_docs(staff_site)]
    assert "anti-corruption/#p14" in locations
    for bank_id in BANKS:
        assert [location for location in locations if location.startswith(f"training/{bank_id}/")] == [f"training/{bank_id}/"]


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


# What an employee must do at work, as the annual test has to ask it (the banks' size, scenario
# share and cue statistics are checked in test_bank_stats.py).
MUST_ASK = {
    "anti-corruption": {
        "p14-6": "inflated or fictitious payments",
        "p14-7": "gifts",
        "p31": "conflict of interest",
        "p43": "where and how to report (1424, the compliance officer)",
        "p16-1": "acting in the hospital's interest",
    },
    "personal-data": {
        "p5-d": "transfer to third parties only with written consent",
        "p4-para2": "colleagues get only the data their functions need",
        "p8-v": "an employee's rights to their own data",
    },
}


def test_real_banks_ask_in_scenarios_what_staff_must_do():
    assert set(BANKS) == set(MUST_ASK)
    for bank_id, anchors in MUST_ASK.items():
        scenarios = [q for q in BANKS[bank_id].questions if q.type == "scenario"]
        cited = {anchor for q in BANKS[bank_id].questions for anchor in q.cites}
        for anchor, what in anchors.items():
            assert anchor in cited, f"{bank_id}: no question on {what} ({anchor})"
        assert any(q.multiple for q in scenarios) and any(not q.multiple for q in scenarios)
        assert any(q.type == "true_false" for q in BANKS[bank_id].questions)
