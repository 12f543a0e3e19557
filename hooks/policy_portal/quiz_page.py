"""Quiz and coverage pages: the data a quiz page carries, and the coverage of each bank.

A quiz page embeds its bank as JSON for ``assets/javascripts/quiz.js``: the questions with
their answers and explanations, and for every cited clause its citation, link and the
SHA-256 of its text from the clause registry (the receipt records which text the attempt
was taken against).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Callable

from jinja2 import Environment
from markupsafe import Markup

from . import bank_stats
from .documents import Document
from .legal_text import KIND_CLAUSE, full_text
from .quiz import Bank
from .registry import text_sha256

UNTRANSLATED_TEMPLATE = "partials/untranslated.html"
QUIZ_TEMPLATE = "partials/quiz.html"
COVERAGE_TEMPLATE = "partials/coverage.html"


def quiz_data(bank: Bank, document: Document, href: Callable[[str], str], shown: Document | None = None) -> dict:
    """What quiz.js needs; ``href(anchor)`` links a clause from the quiz page.

    ``shown`` is the document in the quiz's language (a translation) for titles and citations;
    the clause hashes a receipt records are always the original's, which the register checks.
    """
    blocks = {block.anchor: block for block in document.anchored()}
    cited = {block.anchor: block.citation for block in (shown or document).anchored()}
    meta = (shown or document).meta
    return {
        # The language the test is shown in (its original's on a page it has no translation for).
        "language": bank.language,
        "bank": {
            "id": bank.id, "title": bank.title, "version": bank.version, "passMark": bank.pass_mark,
            "drawCount": bank.draw_count, "quotas": bank.quotas, "topics": bank.topics,
            "failedTestReview": bank.failed_test_review,
        },
        "document": {
            "id": meta.id, "title": meta.official_title, "shortTitle": meta.title,
            "number": meta.number, "date": meta.date.isoformat(), "issuer": meta.issuer,
        },
        "questions": [
            {
                "id": q.id, "type": q.type, "multiple": q.multiple, "topic": q.topic,
                "situation": q.situation, "prompt": q.prompt,
                "options": [{"id": o.id, "text": o.text} for o in q.options],
                "correct": list(q.correct), "explanation": q.explanation,
                "cites": [
                    {"anchor": a, "citation": cited[a], "href": href(a),
                     "sha256": text_sha256(full_text(blocks[a]))}
                    for a in q.cites
                ],
            }
            for q in bank.questions
        ],
    }


def json_for_html(data: dict) -> Markup:
    """JSON safe inside <script>: no '<', '>' or '&' that could end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_quiz(bank: Bank, data_src: str, env: Environment, language: str) -> str:
    """The quiz in the page's language, or whole in the bank's original when it lacks that language.

    ``data_src`` is the address of its data script (``data_script``) from the page.
    """
    html = env.get_template(QUIZ_TEMPLATE).render(bank=bank, data_src=data_src, i18n_page_locale=bank.language)
    return in_language(html, bank.language, language, env)


def data_script(bank_id: str, language: str, data: dict) -> tuple[str, str]:
    """(file name, content) of the script that gives quiz.js the quiz data.

    The name carries the bank, the language and a digest of the content, so a changed bank is a
    new file and the deployment may cache it for a long time (deploy/nginx.conf).
    """
    content = (f"(window.PolicyPortal = window.PolicyPortal || {{}}).quizData = window.PolicyPortal.quizData || {{}};\n"
               f"window.PolicyPortal.quizData[{json.dumps(bank_id)}] = {json_for_html(data)};\n")
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return f"quiz-{bank_id}.{language}.{digest}.js", content


def in_language(html: str, content: str, page: str, env: Environment) -> str:
    """HTML in the ``content`` language on a page in ``page``: as it is, or marked up with ``lang``
    and preceded by a notice in the page's language that no translation exists."""
    if content == page:
        return html
    notice = env.get_template(UNTRANSLATED_TEMPLATE).render(i18n_page_locale=page, content_language=content)
    return f'{notice}\n<div lang="{content}">\n{html}\n</div>'



@dataclass(frozen=True)
class ClauseCoverage:
    anchor: str
    citation: str
    questions: tuple[str, ...]  # ids of questions citing the clause or anything inside it


def coverage(bank: Bank, document: Document) -> list[ClauseCoverage]:
    """Every numbered clause of the document with the questions that test it."""
    cited = bank.cited()
    rows = []
    for block in document.anchored():
        if block.kind != KIND_CLAUSE:
            continue
        questions = dict.fromkeys(q for inner in block.walk() if inner.anchor for q in cited.get(inner.anchor, []))
        rows.append(ClauseCoverage(block.anchor, block.citation, tuple(questions)))
    return rows


def render_coverage(banks: list[tuple[Bank, Document, Callable[[str], str]]], env: Environment, language: str) -> str:
    reports = [
        {"bank": bank, "document": document, "rows": coverage(bank, document), "href": href,
         "cited": sorted(bank.cited().items(), key=lambda item: _order(document, item[0])),
         "stats": bank_stats.bank_stats(bank), "limits": {**bank_stats.DEFAULT_LIMITS, **bank.quality}}
        for bank, document, href in banks
    ]
    return env.get_template(COVERAGE_TEMPLATE).render(reports=reports, i18n_page_locale=language)


def _order(document: Document, anchor: str) -> int:
    return next(i for i, block in enumerate(document.anchored()) if block.anchor == anchor)
