"""A question bank as Moodle imports it: Moodle XML and GIFT, the two text formats of Moodle 4.x.

What Moodle accepts was read from its own importer (moodle/moodle), not guessed:

* ``question/format/xml/format.php`` — the element paths the importer looks up, ``true``/``false``
  for ``<single>`` and ``<shuffleanswers>``, the ``format`` names, truefalse answers whose text
  is ``true`` or ``false``; text is written as Moodle's exporter writes it (CDATA when needed,
  a ``]]>`` inside split across two sections).
* ``question/format/gift/format.php`` — ``\\ ~ = # { } :`` escaped with a backslash, a line
  break as ``\\n`` (a blank line ends a question), ``[html]`` before a text, ``%50%`` weights,
  ``####`` general feedback, ``// [id:…]`` the idnumber.
* ``question/format.php`` — a category path ``$course$/top/…`` whose names are separated by
  ``/`` (a ``/`` inside a name doubled), and every answer grade one of
  ``question_bank::fraction_options_full()`` to within 0.00001 (``match_grade_options``).
* ``question/type/multichoice/questiontype.php`` — a single-answer question needs a 100% answer;
  in a multiple-answer question the positive grades must add up to 100% (rounded to hundredths
  of the mark).

Scoring. The portal scores a question all or nothing: the ticked options must be exactly the
key. Moodle's standard multiple-choice question adds up the grades of the ticked options and
clamps the sum to 0…100% (``qtype_multichoice_multi_question::grade_response``), so it cannot
do the same. The closest it gets: each correct option 100/k % of the mark (k correct options;
Moodle's grade list has 1/k only up to k = 10) and each wrong option −100%. Ticking any wrong
option then scores 0, as in the portal, and ticking everything scores 0, not 100%. The one
difference left: some of the correct options and nothing wrong earns part of the mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .documents import Document
from .quiz import Bank, Question

# question_bank::fraction_options_full() in percent: the only grades an import accepts.
MOODLE_GRADES = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
    "-5", "-10", "-11.11111", "-12.5", "-14.28571", "-16.66667", "-20", "-25", "-30",
    "-33.33333", "-40", "-50", "-60", "-66.66667", "-70", "-75", "-80", "-83.33333", "-90", "-100",
)
# The grade of each correct option when k options are correct: 1/k of the mark, from the list.
SHARE = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571",
         8: "12.5", 9: "11.11111", 10: "10"}
# Each wrong option of a multiple-answer question: any wrong tick scores 0, as in the portal.
WRONG = "-100"
# Moodle's column size of question_bank_entries.idnumber.
MAX_IDNUMBER = 100
# Said in the general feedback before the clauses a question cites (the quiz page says the same).
# The feedback's "Source:" label, in the bank's language.
SOURCE = {"ru": "Источник", "kk": "Дереккөз", "en": "Source"}

# Clause anchor -> its absolute URL on the published site; None: citations without links.
ClauseUrl = Callable[[str], str] | None


class ExportError(Exception):
    """The bank is valid for the portal but Moodle cannot take it as it is."""

    def __init__(self, where: tuple, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


@dataclass(frozen=True)
class Answer:
    html: str
    grade: str  # percent, one of MOODLE_GRADES


def moodle_xml(bank: Bank, document: Document, clause_url: ClauseUrl = None) -> str:
    """The bank as a Moodle XML file: one category per topic, then its questions."""
    check(bank, document)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for topic, questions in _by_topic(bank):
        parts.append(_xml_category(category_path(bank, topic)))
        for question in questions:
            parts.append(_xml_question(bank, document, question, clause_url))
    parts.append("</quiz>\n")
    return "".join(parts)


def gift(bank: Bank, document: Document, clause_url: ClauseUrl = None) -> str:
    """The bank as a GIFT file: a ``$CATEGORY:`` per topic, then its questions."""
    check(bank, document)
    parts = [
        f"// {_comment(bank.title)}\n"
        f"// Банк {_comment(bank.id)}, версия {_comment(bank.version)}; документ «{_comment(document.meta.official_title)}».\n\n"
    ]
    for topic, questions in _by_topic(bank):
        parts.append(f"$CATEGORY: {_gift_category(category_path(bank, topic))}\n\n")
        for question in questions:
            parts.append(_gift_question(bank, document, question, clause_url))
    return "".join(parts)


def check(bank: Bank, document: Document) -> None:
    """Raise ExportError for anything the portal takes and Moodle's import would not."""
    for where, title in [(("title",), bank.title), *((("topics", topic), title) for topic, title in bank.topics.items())]:
        problem = _category_problem(title)
        if problem:
            raise ExportError(where, problem)
    for index, question in enumerate(bank.questions):
        here = ("questions", index)
        identifier = idnumber(bank, question)
        if len(identifier) > MAX_IDNUMBER or _unsafe_id(identifier):
            raise ExportError(("version",), f"идентификатор вопроса в Moodle «{_visible(identifier)}» — {_id_problem(identifier)} "
                                            f"(ожидается версия без пробелов по краям и управляющих символов, "
                                            f"не длиннее {MAX_IDNUMBER} символов вместе с id банка и вопроса)")
        if question.type != "true_false":
            if len(question.options) < 2:
                raise ExportError(here + ("options",), f"вариантов ответа: {len(question.options)}, "
                                                       "а Moodle принимает вопрос с выбором не меньше чем из двух (ожидается 2 и больше)")
            for position, option in enumerate(question.options):
                if not option.text.strip():
                    raise ExportError(here + ("options", position, "text"), "пустой вариант: Moodle его пропустит (ожидается текст)")
            keys = len(set(question.correct))
            if question.multiple and keys not in SHARE:
                raise ExportError(here + ("correct",), f"верных вариантов: {keys}, а в списке оценок Moodle доля верного варианта — "
                                                       f"от 1/1 до 1/{max(SHARE)} (ожидается не больше {max(SHARE)})")
        for field, text in _texts(question):
            bad = _not_xml(text)
            if bad:
                raise ExportError(here + field, f"символ U+{ord(bad):04X} нельзя записать в XML (ожидается текст без управляющих символов)")


def answers(question: Question) -> list[Answer]:
    """Every option with its grade: 100/0 for one answer, 100/k and −100 for several."""
    if question.multiple:
        share = SHARE[len(set(question.correct))]
        return [Answer(_inline(o.text), share if o.id in question.correct else WRONG) for o in question.options]
    return [Answer(_inline(o.text), "100" if o.id in question.correct else "0") for o in question.options]


def category_path(bank: Bank, topic: str) -> str:
    """``$course$/top/<bank title>/<topic title>``, each name written as Moodle writes it."""
    return "/".join(["$course$", "top", _category_name(bank.title), _category_name(bank.topics[topic])])


def idnumber(bank: Bank, question: Question) -> str:
    """Unique per bank version, so a new version's questions never pass for the old ones."""
    return f"{bank.id}/{question.id}/{bank.version}"


def question_html(question: Question) -> str:
    """The situation (scenarios), then the prompt."""
    return _paragraphs(question.situation) + _paragraphs(question.prompt)


def feedback_html(question: Question, document: Document, clause_url: ClauseUrl) -> str:
    """The explanation, then the clauses it rests on, each linked to the site when it can be."""
    cites = []
    for anchor in question.cites:
        citation = _escape(document.find(anchor).citation)
        cites.append(f'<a href="{_escape(clause_url(anchor), quote=True)}">{citation}</a>' if clause_url else citation)
    source = f"<p>{SOURCE.get(document.meta.language, SOURCE['ru'])}: {_escape(_clean(document.meta.title))} — {'; '.join(cites)}</p>"
    return _paragraphs(question.explanation) + source


# ---------------------------------------------------------------------------------------


# Topics in the bank's order, each with its questions in the bank's order; empty topics left out.
def _by_topic(bank: Bank) -> list[tuple[str, list[Question]]]:
    groups = [(topic, [q for q in bank.questions if q.topic == topic]) for topic in bank.topics]
    return [(topic, questions) for topic, questions in groups if questions]


def _xml_category(path: str) -> str:
    return ("  <question type=\"category\">\n"
            "    <category>\n"
            f"      <text>{_xml_text(path)}</text>\n"
            "    </category>\n"
            "  </question>\n\n")


# The elements and their order are those of Moodle's own exporter (qformat_xml::writequestion).
def _xml_question(bank: Bank, document: Document, question: Question, clause_url: ClauseUrl) -> str:
    truefalse = question.type == "true_false"
    lines = [
        f"  <question type=\"{'truefalse' if truefalse else 'multichoice'}\">",
        "    <name>",
        f"      <text>{_xml_text(question.id)}</text>",
        "    </name>",
        '    <questiontext format="html">',
        f"      <text>{_xml_text(question_html(question))}</text>",
        "    </questiontext>",
        '    <generalfeedback format="html">',
        f"      <text>{_xml_text(feedback_html(question, document, clause_url))}</text>",
        "    </generalfeedback>",
        "    <defaultgrade>1</defaultgrade>",
        # Moodle's own defaults: a wrong true/false answer costs the whole mark on a retry.
        f"    <penalty>{'1' if truefalse else '0.3333333'}</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{_escape(idnumber(bank, question), quote=True)}</idnumber>",
    ]
    if truefalse:
        right = question.correct[0]
        for value in ("true", "false"):
            lines += _xml_answer("100" if value == right else "0", value, "moodle_auto_format")
    else:
        lines += [
            f"    <single>{'false' if question.multiple else 'true'}</single>",
            # The portal shuffles the options of every attempt too.
            "    <shuffleanswers>true</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
            # "Select one:" / "Select one or more:": says a question takes several answers.
            "    <showstandardinstruction>1</showstandardinstruction>",
        ]
        for field in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            lines += [f'    <{field} format="html">', "      <text></text>", f"    </{field}>"]
        for answer in answers(question):
            lines += _xml_answer(answer.grade, answer.html, "html")
    lines += ["  </question>", "", ""]
    return "\n".join(lines)


def _xml_answer(grade: str, text: str, text_format: str) -> list[str]:
    return [
        f'    <answer fraction="{grade}" format="{text_format}">',
        f"      <text>{_xml_text(text)}</text>",
        '      <feedback format="html">',
        "        <text></text>",
        "      </feedback>",
        "    </answer>",
    ]


# qformat_xml::xml_escape: CDATA when htmlspecialchars (ENT_COMPAT) would change the text.
def _xml_text(raw: str) -> str:
    if raw and _escape(raw, quote=True) != raw:
        return "<![CDATA[" + raw.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return raw


# One question of GIFT: the idnumber comment, then the question up to its closing brace.
def _gift_question(bank: Bank, document: Document, question: Question, clause_url: ClauseUrl) -> str:
    head = (f"// [id:{idnumber(bank, question).replace(']', chr(92) + ']')}]\n"
            f"::{_gift_text(question.id)}::{_gift_html(question_html(question))}")
    feedback = "####" + _gift_html(feedback_html(question, document, clause_url))
    if question.type == "true_false":
        return f"{head}{{{'TRUE' if question.correct[0] == 'true' else 'FALSE'}{feedback}}}\n\n"
    lines = [head + "{"]
    for answer in answers(question):
        if question.multiple:
            mark = f"~%{answer.grade}%"
        else:
            mark = "=" if answer.grade == "100" else "~"
        lines.append(f"\t{mark}{_gift_html(answer.html)}")
    lines += [f"\t{feedback}", "}", "", ""]
    return "\n".join(lines)


# "[html]" first: the text's own opening bracket can then never be read as a format name.
def _gift_html(html: str) -> str:
    return "[html]" + _gift_text(html)


# qformat_gift::repchar: the reserved characters escaped, a line break as \n.
def _gift_text(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


# A category line is not unescaped by the importer except for "\\" (escapedchar_pre).
def _gift_category(path: str) -> str:
    return path.replace("\\", "\\\\")


# qformat_default::assemble_category_path: "/" doubled; a name is trimmed and on one line.
def _category_name(title: str) -> str:
    name = _clean(title).replace("/", "//")
    if name.startswith("/"):
        name = " " + name
    if name.endswith("/"):
        name += " "
    return name


# Why a title cannot name a Moodle category, or "".
def _category_problem(title: str) -> str:
    if not _clean(title):
        return "пустое название: из него делается категория Moodle (ожидается текст)"
    if _not_xml(title):
        return f"символ U+{ord(_not_xml(title)):04X} нельзя записать в XML (ожидается текст без управляющих символов)"
    if "<" in title or ">" in title:
        # split_category_path cleans each name with PARAM_TEXT, which strips anything tag-like.
        return "в названии есть «<» или «>»: Moodle вырезает из названий категорий всё, похожее на теги HTML (ожидается название без угловых скобок)"
    return ""


# A comment line of GIFT: one line whatever the text.
def _comment(text: str) -> str:
    return _clean(text)


def _clean(text: str) -> str:
    return " ".join(text.split())


# Blank lines separate paragraphs; a single line break is kept as <br>.
def _paragraphs(text: str) -> str:
    blocks = [block for block in re.split(r"\n[ \t]*\n", text.strip()) if block.strip()]
    return "".join(f"<p>{_inline(block)}</p>" for block in blocks)


def _inline(text: str) -> str:
    return "<br>".join(_escape(line.strip()) for line in text.strip().split("\n"))


# htmlspecialchars: no numeric entities, whose "#" GIFT would have to escape.
def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _texts(question: Question):
    yield ("prompt",), question.prompt
    yield ("situation",), question.situation
    yield ("explanation",), question.explanation
    if question.type != "true_false":
        for position, option in enumerate(question.options):
            yield ("options", position, "text"), option.text


# The first character XML 1.0 cannot carry (https://www.w3.org/TR/xml/#charsets), or "".
def _not_xml(text: str) -> str:
    match = re.search("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", text)
    return match.group(0) if match else ""


# Moodle trims the GIFT comment's id and ends it at "]": no spaces at the ends, no "\\" last.
def _unsafe_id(identifier: str) -> bool:
    return identifier != identifier.strip() or identifier.endswith("\\") or any(not ch.isprintable() for ch in identifier)


# A text safe for one terminal line: control characters shown as escapes.
def _visible(text: str) -> str:
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _id_problem(identifier: str) -> str:
    if len(identifier) > MAX_IDNUMBER:
        return f"{len(identifier)} символов, а Moodle хранит не больше {MAX_IDNUMBER}"
    return "с пробелами по краям, управляющими символами или «\\» в конце: Moodle прочтёт его иначе"
