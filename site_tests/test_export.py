"""Export to Moodle (``policy_portal.export``, ``cli_export``): no MkDocs build, no Moodle.

Moodle publishes no schema for its XML; its importer (``question/format/xml/format.php``) is a
series of path lookups in the parsed file, followed by the checks of ``question/format.php``
(grades from a fixed list) and of the question type (``qtype_multichoice::save_question_options``).
So the Moodle XML is checked by ``moodle_xml_problems`` below, a strict Python restatement of
those lookups and checks, element by element — strict where Moodle is lenient (only the
elements and values this exporter writes), and able to say what no XSD 1.0 can: grades from
Moodle's list, positive grades adding up to 100%, one 100% answer, unique idnumbers. GIFT is
read back by ``read_gift``, a restatement of ``qformat_gift::readquestion``: what Moodle would
import is compared with what the bank says. Both are written from Moodle's source, not from
``export.py``: the grade list is Moodle's own list of fractions.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from policy_portal import cli_export, export
from policy_portal.documents import parse_document, split_front_matter
from policy_portal.quiz import load_bank

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "export"
FIXTURE_BANK = "site_tests/fixtures/export/bank.yaml"
SITE = "https://portal.example/"
REAL_BANKS = ["quizzes/anti-corruption.yaml", "quizzes/personal-data.yaml"]


# --- Moodle's rules, restated from its source -------------------------------------------

# question_bank::ensure_fraction_options_initialised(): p/q for q <= 6, p/10, 1/q for q <= 10
# and 1/20, to 7 decimals; fraction_options_full() adds their negatives, 0, 1 and -1.
_RAW_FRACTIONS = (0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                  0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
MOODLE_FRACTIONS = (1.0, 0.0, -1.0, *_RAW_FRACTIONS, *(-f for f in _RAW_FRACTIONS))
# qformat_xml::trans_format, qtype_multichoice::get_numbering_styles.
TEXT_FORMATS = {"moodle_auto_format", "html", "plain_text", "wiki_like", "markdown"}
NUMBERING = {"abc", "ABCD", "123", "iii", "IIII", "none"}
HEAD = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber"]
# The children of each <question>, in order, as qformat_xml::writequestion writes them.
LAYOUT = {
    "category": ["category"],
    "multichoice": HEAD + ["single", "shuffleanswers", "answernumbering", "showstandardinstruction",
                           "correctfeedback", "partiallycorrectfeedback", "incorrectfeedback", "answer+"],
    "truefalse": HEAD + ["answer", "answer"],
}


# match_grade_options($gradeoptionsfull, $grade, 'error'): within 0.00001 of a listed fraction.
def grade_allowed(percent: str) -> bool:
    return any(abs(float(percent) / 100 - fraction) < 0.00001 for fraction in MOODLE_FRACTIONS)


# qtype_multichoice::save_question_options: round($totalfraction, 2) == 1 (PHP rounds half up).
def positives_add_up(percents: list[str]) -> bool:
    total = sum(Decimal(p) for p in percents if Decimal(p) > 0) / 100
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == 1


# qtype_multichoice_multi_question::grade_response: the ticked grades added up, clamped to 0..1;
# question_state::graded_state_for_fraction: right above 0.999999, wrong below 0.000001.
def moodle_state(percents: list[str], ticked: set[int]) -> str:
    fraction = min(max(Decimal(0), sum(Decimal(percents[i]) for i in ticked) / 100), Decimal(1))
    return "right" if fraction > Decimal("0.999999") else "wrong" if fraction < Decimal("0.000001") else "partial"


def moodle_xml_problems(text: str) -> list[str]:
    """What Moodle 4.x's XML import would refuse or read otherwise; [] when nothing."""
    problems = []
    if not text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n'):
        problems.append("no UTF-8 XML declaration")
    root = ElementTree.fromstring(text.encode("utf-8"))  # xmlize: expat, a well-formed file
    if root.tag != "quiz":
        return problems + [f"root <{root.tag}> (expected <quiz>)"]
    category, idnumbers = None, set()
    for number, question in enumerate(root, 1):
        where = f"question {number}"
        qtype = question.get("type")
        if question.tag != "question" or qtype not in LAYOUT:
            problems.append(f"{where}: <{question.tag} type={qtype!r}> (expected a category, multichoice or truefalse question)")
            continue
        tags = [child.tag for child in question]
        expected = LAYOUT[qtype]
        if expected[-1] == "answer+":
            fits = tags[:len(expected) - 1] == expected[:-1] and len(tags) >= len(expected) and set(tags[len(expected) - 1:]) == {"answer"}
        else:
            fits = tags == expected
        if not fits:
            problems.append(f"{where}: elements {', '.join(tags)} (expected {', '.join(expected)})")
            continue
        if qtype == "category":
            category = _text(question.find("category"), problems, where)
            names = re.split(r"(?<!/)/(?!/)", category)  # qformat_default::split_category_path
            if names[:2] != ["$course$", "top"] or len(names) < 4 or not all(n.replace("//", "/").strip() for n in names):
                problems.append(f"{where}: category {category!r} (expected $course$/top/<bank>/<topic>)")
            continue
        if category is None:
            problems.append(f"{where}: a question before any category (expected a category first)")
        name = _text(question.find("name"), problems, where).strip()
        where = f"{where} ({name})"
        if not name or len(name) > 255:
            problems.append(f"{where}: name of {len(name)} characters (expected 1 to 255)")
        for field in ("questiontext", "generalfeedback"):
            _formatted(question.find(field), problems, f"{where}: {field}")
        if not _text(question.find("questiontext"), problems, where).strip():
            problems.append(f"{where}: empty question text")
        _number(question, "defaultgrade", problems, where, lambda v: v > 0)
        _number(question, "penalty", problems, where, lambda v: 0 <= v <= 1)
        if question.findtext("hidden") not in ("0", "1"):
            problems.append(f"{where}: hidden {question.findtext('hidden')!r} (expected 0 or 1)")
        idnumber = question.findtext("idnumber") or ""  # getpath(..., 'idnumber', 0, '#'): not trimmed
        if not idnumber or idnumber != idnumber.strip() or len(idnumber) > 100 or idnumber in idnumbers:
            problems.append(f"{where}: idnumber {idnumber!r} (expected unique, untrimmed-safe, 1 to 100 characters)")
        idnumbers.add(idnumber)
        answers = question.findall("answer")
        for answer in answers:
            if [child.tag for child in answer] != ["text", "feedback"]:
                problems.append(f"{where}: answer with {[child.tag for child in answer]} (expected text, feedback)")
                continue
            if answer.get("format") not in TEXT_FORMATS:
                problems.append(f"{where}: answer format {answer.get('format')!r} (expected one of {sorted(TEXT_FORMATS)})")
            _formatted(answer.find("feedback"), problems, f"{where}: answer feedback")
            if not grade_allowed(answer.get("fraction", "x")):
                problems.append(f"{where}: fraction {answer.get('fraction')} is not in Moodle's grade list")
        if problems:
            continue
        fractions = [answer.get("fraction") for answer in answers]
        texts = [(answer.findtext("text") or "").strip() for answer in answers]
        if qtype == "truefalse":
            # import_truefalse: answers 'true' and 'false'; the one with fraction 100 is right.
            if sorted(texts) != ["false", "true"] or sorted(fractions) != ["0", "100"]:
                problems.append(f"{where}: true/false answers {list(zip(texts, fractions))} (expected true and false, one at 100)")
            continue
        for field, allowed in (("single", ("true", "false")), ("shuffleanswers", ("true", "false")),
                               ("answernumbering", NUMBERING), ("showstandardinstruction", ("0", "1"))):
            if question.findtext(field) not in allowed:
                problems.append(f"{where}: {field} {question.findtext(field)!r} (expected one of {sorted(allowed)})")
        for field in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _formatted(question.find(field), problems, f"{where}: {field}")
        if len([t for t in texts if t]) < 2 or not all(texts):
            problems.append(f"{where}: answers {texts} (expected at least 2, none empty)")
        if question.findtext("single") == "true" and max(Decimal(f) for f in fractions) != 100:
            problems.append(f"{where}: single answer without a 100% answer (fractionsnomax)")
        if question.findtext("single") == "false" and not positives_add_up(fractions):
            problems.append(f"{where}: positive fractions {fractions} do not add up to 100% (fractionsaddwrong)")
    return problems


def _text(element, problems: list[str], where: str) -> str:
    children = list(element) if element is not None else None
    if not children or [child.tag for child in children] != ["text"] or list(children[0]):
        problems.append(f"{where}: <{getattr(element, 'tag', None)}> without exactly one plain <text>")
        return ""
    return children[0].text or ""


def _formatted(element, problems: list[str], where: str) -> None:
    if element is None or element.get("format") not in TEXT_FORMATS:
        problems.append(f"{where}: format {getattr(element, 'get', lambda _: None)('format')!r} (expected one of {sorted(TEXT_FORMATS)})")
    else:
        _text(element, problems, where)


def _number(question, field: str, problems: list[str], where: str, valid) -> None:
    try:
        ok = valid(float(question.findtext(field)))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        problems.append(f"{where}: {field} {question.findtext(field)!r}")


# qformat_gift::escapedchar_pre / escapedchar_post.
_ESCAPES = (("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"), ("\\{", "&&123;"), ("\\}", "&&125;"),
            ("\\~", "&&126;"), ("\\n", "&&010"))
_UNESCAPED = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}", "&&126;": "~", "&&010": "\n"}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def read_gift(text: str) -> list[dict]:
    """The questions Moodle's GIFT import would make of the file (readquestions + readquestion)."""
    questions, block = [], []
    for line in [*text.split("\n"), ""]:
        line = line.strip()
        if line:
            block.append(line)
        elif block:
            question = _gift_question(block)
            if question is not None:
                questions.append(question)
            block = []
    return questions


def _gift_question(lines: list[str]) -> dict | None:
    comments = "".join(line + "\n" for line in lines if line.startswith("//"))
    text = "\n".join(" " if line.startswith("//") else line for line in lines).strip()
    if not text:
        return None
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES:
        text = text.replace(escaped, placeholder)
    text = text.replace("&&092;", "\\")
    if text.startswith("$CATEGORY:"):
        return {"type": "category", "category": text[10:].strip()}
    assert text.startswith("::") and "::" in text[2:], f"no ::name:: in {text[:60]!r}"
    end = text.index("::", 2)
    name, text = _post(text[2:end]), text[end + 2:].strip()
    start, finish = text.find("{"), text.find("}")
    assert start >= 0 and finish >= 0 and text.endswith("}"), f"{name}: answers not in one {{…}} at the end"
    answer = text[start + 1:finish].strip()
    question_format, question_text = _with_format(text[:start], "moodle")
    feedback_format, feedback = ("", "")
    if "####" in answer:
        split = answer.rindex("####")
        feedback_format, feedback = _with_format(answer[split + 4:], question_format)
        answer = answer[:split].strip()
    found = re.search(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)\]", comments)
    question = {"name": name, "idnumber": found.group(1).strip().replace("\\]", "]") if found else "",
                "format": question_format, "text": question_text, "feedback_format": feedback_format, "feedback": feedback}
    if "~" in answer:
        question.update(type="multichoice", single="=" in answer, answers=[])
        parts = answer.replace("=", "~=").split("~")
        parts = parts[1:] if not parts[0].strip() else parts
        for part in parts:
            part = part.strip()
            if part.startswith("="):
                weight, part = "100", part[1:]
            elif _WEIGHT.match(part):
                weight, part = part[1:part.index("%", 1)], part[part.index("%", 1) + 1:]
            else:
                weight = "0"
            assert "#" not in part, f"{name}: answer feedback in {part!r}"
            question["answers"].append((*_with_format(part, question_format), weight))
        return question
    assert answer in ("T", "TRUE", "F", "FALSE"), f"{name}: {answer!r} would import as another question type"
    question.update(type="truefalse", correct=answer in ("T", "TRUE"))
    return question


# qformat_gift::parse_text_with_format.
def _with_format(text: str, default: str) -> tuple[str, str]:
    text, text_format = text.strip(), default
    if text.startswith("[") and "]" in text and text[1:text.index("]")] in ("moodle", "html", "plain", "markdown"):
        text_format, text = text[1:text.index("]")], text[text.index("]") + 1:]
    return text_format, _post(text).strip()


def _post(text: str) -> str:
    for placeholder, char in _UNESCAPED.items():
        text = text.replace(placeholder, char)
    return text


# --- Helpers ----------------------------------------------------------------------------


def _load(bank_path: str, docs: Path):
    documents = {}
    for page in sorted(docs.glob("*.md")):
        source = page.read_text(encoding="utf-8")
        front, _, _ = split_front_matter(source)
        if front and "document" in (meta := yaml.safe_load(front) or {}) and "translation" not in meta:
            document = parse_document(source, page.name)
            documents[document.meta.id] = (document, page.stem)
    bank = load_bank((ROOT / bank_path).read_text(encoding="utf-8"), bank_path, {k: d for k, (d, _) in documents.items()})
    document, page = documents[bank.document]
    return bank, document, (lambda anchor: f"{SITE}{page}/#{anchor}")


@pytest.fixture(scope="module")
def sample():
    return _load(FIXTURE_BANK, FIXTURES / "docs")


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="policy-portal")
    cli_export.add_parser(parser.add_subparsers(dest="command"))
    return cli_export.run(parser.parse_args(["export", *argv]))


def _xml_questions(text: str) -> list[dict]:
    """The same fields as read_gift, from the Moodle XML, as the importer reads them."""
    questions = []
    for element in ElementTree.fromstring(text.encode("utf-8")):
        if element.get("type") == "category":
            questions.append({"type": "category", "category": element.findtext("category/text").strip()})
            continue
        question = {"type": element.get("type"), "name": element.findtext("name/text").strip(),
                    "idnumber": element.findtext("idnumber"), "format": element.find("questiontext").get("format"),
                    "text": element.findtext("questiontext/text").strip(),
                    "feedback_format": element.find("generalfeedback").get("format"),
                    "feedback": element.findtext("generalfeedback/text").strip()}
        answers = [(a.get("format"), a.findtext("text").strip(), a.get("fraction")) for a in element.findall("answer")]
        if question["type"] == "truefalse":
            question["correct"] = dict((t, f) for _, t, f in answers)["true"] == "100"
        else:
            question.update(single=element.findtext("single") == "true", answers=answers)
        questions.append(question)
    return questions


def _expected_questions(bank, document, clause_url) -> list[dict]:
    """What Moodle must end up with, worked out from the bank."""
    expected, current = [], None
    for question in sorted(bank.questions, key=lambda q: list(bank.topics).index(q.topic)):
        if question.topic != current:
            current = question.topic
            expected.append({"type": "category", "category": export.category_path(bank, current)})
        entry = {"type": "truefalse" if question.type == "true_false" else "multichoice", "name": question.id,
                 "idnumber": f"{bank.id}/{question.id}/{bank.version}", "format": "html",
                 "text": export.question_html(question), "feedback_format": "html",
                 "feedback": export.feedback_html(question, document, clause_url)}
        if question.type == "true_false":
            entry["correct"] = question.correct == ("true",)
        else:
            entry.update(single=not question.multiple,
                         answers=[("html", a.html, a.grade) for a in export.answers(question)])
        expected.append(entry)
    return expected


# --- The small bank: exact files --------------------------------------------------------


@pytest.mark.parametrize(("name", "writer"), [("expected.xml", export.moodle_xml), ("expected.gift.txt", export.gift)])
def test_fixture_bank_exports_exactly(sample, name, writer):
    bank, document, clause_url = sample
    assert writer(bank, document, clause_url) == (FIXTURES / name).read_text(encoding="utf-8")


def test_fixture_xml_passes_the_structure_check(sample):
    assert moodle_xml_problems(export.moodle_xml(*sample)) == []


@pytest.mark.parametrize("reader", ["xml", "gift"])
def test_moodle_reads_back_what_the_bank_says(sample, reader):
    bank, document, clause_url = sample
    writer, read = (export.moodle_xml, _xml_questions) if reader == "xml" else (export.gift, read_gift)
    assert read(writer(bank, document, clause_url)) == _expected_questions(bank, document, clause_url)


def test_every_special_character_reaches_moodle_as_text(sample):
    bank, document, clause_url = sample
    first = bank.questions[0]
    for questions in (_xml_questions(export.moodle_xml(*sample)), read_gift(export.gift(*sample))):
        options = [html.unescape(text) for _, text, _ in questions[1]["answers"]]
        assert options == [o.text for o in first.options]
        assert html.unescape(re.sub("<[^>]+>", "", questions[1]["text"])) == " ".join(first.prompt.split("\n"))
        assert questions[1]["text"] == ("<p>Что значит &lt;b&gt;«подарок»&lt;/b&gt; &amp; кто решает? "
                                        "Ответ ]]&gt; \"в кавычках\" и 'апострофах'</p>")
        assert questions[0]["category"] == "$course$/top/Обучение & проверка: подарки/Правила // исключения"
        assert questions[3]["category"] == "$course$/top/Обучение & проверка: подарки/Случаи: {разбор} #1 \\ итог"


def test_without_site_url_the_feedback_cites_without_links(sample):
    bank, document, _ = sample
    assert export.feedback_html(bank.questions[3], document, None) == (
        "<p>Пункт 2 требует сообщить руководителю.</p><p>Источник: Образец политики — п. 2; 1. Подарки</p>")
    assert "<a " not in export.moodle_xml(bank, document) + export.gift(bank, document)


# --- Both real banks --------------------------------------------------------------------


@pytest.fixture(scope="module", params=REAL_BANKS, ids=lambda p: Path(p).stem)
def real(request):
    return _load(request.param, ROOT / "docs")


def test_real_bank_xml_passes_the_structure_check(real):
    text = export.moodle_xml(*real)
    assert moodle_xml_problems(text) == []
    bank = real[0]
    assert len(ElementTree.fromstring(text.encode("utf-8")).findall("question[@type='category']")) == len({q.topic for q in bank.questions})


@pytest.mark.parametrize("reader", ["xml", "gift"])
def test_real_bank_reads_back_whole(real, reader):
    bank, document, clause_url = real
    got = _xml_questions(export.moodle_xml(*real)) if reader == "xml" else read_gift(export.gift(*real))
    assert got == _expected_questions(bank, document, clause_url)


def test_real_bank_grades_are_moodles_and_score_like_the_portal(real):
    for question in real[0].questions:
        if question.type == "true_false":
            continue
        grades = [answer.grade for answer in export.answers(question)]
        assert all(grade_allowed(grade) for grade in grades), question.id
        right = {i for i, o in enumerate(question.options) if o.id in question.correct}
        assert moodle_state(grades, right) == "right", question.id
        if question.multiple:
            assert positives_add_up(grades), question.id
            assert moodle_state(grades, set(range(len(grades)))) == "wrong", question.id


# --- Grades -----------------------------------------------------------------------------


def _question(options: int, correct: int, multiple: bool = True):
    from policy_portal.quiz import Option, Question
    ids = [f"o{i}" for i in range(options)]
    return Question(id="q", type="multiple" if multiple else "single", topic="t", prompt="?",
                    options=tuple(Option(i, i) for i in ids), correct=tuple(ids[:correct]), explanation="", cites=())


@pytest.mark.parametrize("correct", range(1, 11))
@pytest.mark.parametrize("wrong", range(0, 4))
def test_multiple_answer_grades_are_in_moodles_list_and_add_up(correct, wrong):
    grades = [answer.grade for answer in export.answers(_question(correct + wrong, correct))]
    assert all(grade_allowed(grade) for grade in grades)
    assert positives_add_up(grades)
    assert moodle_state(grades, set(range(correct))) == "right"
    assert moodle_state(grades, set(range(correct + wrong))) == ("wrong" if wrong else "right")
    if wrong:
        assert moodle_state(grades, {0, correct}) == "wrong"  # one wrong tick: nothing, as in the portal
    if correct > 1:
        assert moodle_state(grades, {0}) == "partial"  # the one difference from the portal


def test_the_grades_written_for_thirds_and_sevenths():
    assert [a.grade for a in export.answers(_question(4, 3))] == ["33.33333", "33.33333", "33.33333", "-100"]
    assert [a.grade for a in export.answers(_question(8, 7))] == ["14.28571"] * 7 + ["-100"]
    assert [a.grade for a in export.answers(_question(3, 1, multiple=False))] == ["100", "0", "0"]


def test_the_checks_catch_grades_moodle_refuses():
    assert not grade_allowed("33.3") and not grade_allowed("7.69231") and grade_allowed("-14.28571")
    assert not positives_add_up(["33.33333", "33.33333"]) and positives_add_up(["16.66667"] * 6)


def test_eleven_correct_options_cannot_be_graded_in_moodle(sample):
    bank, document, _ = sample
    question = _question(12, 11)
    broken = type(bank)(**{**bank.__dict__, "questions": (question,), "topics": {"t": "Тема"}})
    with pytest.raises(export.ExportError) as error:
        export.moodle_xml(broken, document)
    assert (error.value.where, error.value.message) == (
        ("questions", 0, "correct"),
        "верных вариантов: 11, а в списке оценок Moodle доля верного варианта — от 1/1 до 1/10 (ожидается не больше 10)")


@pytest.mark.parametrize(("change", "where", "message"), [
    ({"title": "Обучение <b>2026</b>"}, ("title",),
     "в названии есть «<» или «>»: Moodle вырезает из названий категорий всё, похожее на теги HTML (ожидается название без угловых скобок)"),
    ({"topics": {"rules": " ", "cases": "Случаи"}}, ("topics", "rules"), "пустое название: из него делается категория Moodle (ожидается текст)"),
    ({"version": "1 "}, ("version",),
     "идентификатор вопроса в Moodle «sample/rules-01/1 » — с пробелами по краям, управляющими символами или «\\» в конце: "
     "Moodle прочтёт его иначе (ожидается версия без пробелов по краям и управляющих символов, не длиннее 100 символов "
     "вместе с id банка и вопроса)"),
    ({"version": "v" * 90}, ("version",),
     f"идентификатор вопроса в Moodle «sample/rules-01/{'v' * 90}» — 106 символов, а Moodle хранит не больше 100 "
     "(ожидается версия без пробелов по краям и управляющих символов, не длиннее 100 символов вместе с id банка и вопроса)"),
])
def test_what_moodle_cannot_take_is_named(sample, change, where, message):
    bank, document, _ = sample
    broken = dataclasses.replace(bank, **change)
    with pytest.raises(export.ExportError) as error:
        export.gift(broken, document)
    assert (error.value.where, error.value.message) == (where, message)


def test_a_single_choice_question_needs_two_options(sample):
    bank, document, _ = sample
    question = dataclasses.replace(bank.questions[3], options=bank.questions[3].options[:1])
    with pytest.raises(export.ExportError) as error:
        export.moodle_xml(dataclasses.replace(bank, questions=(question,)), document)
    assert (error.value.where, error.value.message) == (
        ("questions", 0, "options"),
        "вариантов ответа: 1, а Moodle принимает вопрос с выбором не меньше чем из двух (ожидается 2 и больше)")


# --- The checks can fail ----------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "problem"), [
    ('<answer fraction="33.33333"', '<answer fraction="33.3"', "question 3 (rules-02): fraction 33.3 is not in Moodle's grade list"),
    ('<answer fraction="50"', '<answer fraction="25"',
     "question 7 (cases-03): positive fractions ['25', '50', '-100', '-100'] do not add up to 100% (fractionsaddwrong)"),
    ('<answer fraction="100" format="html">\n      <text>~', '<answer fraction="0" format="html">\n      <text>~',
     "question 2 (rules-01): single answer without a 100% answer (fractionsnomax)"),
    ("<single>true</single>", "<single>yes</single>", "question 2 (rules-01): single 'yes' (expected one of ['false', 'true'])"),
    ("<text>true</text>", "<text>True</text>",
     "question 5 (cases-01): true/false answers [('True', '0'), ('false', '100')] (expected true and false, one at 100)"),
    ("<idnumber>sample/rules-02/1</idnumber>", "<idnumber>sample/rules-01/1</idnumber>",
     "question 3 (rules-02): idnumber 'sample/rules-01/1' (expected unique, untrimmed-safe, 1 to 100 characters)"),
    ("    <hidden>0</hidden>\n    <idnumber>sample/rules-01/1", "    <idnumber>sample/rules-01/1",
     "question 2: elements name, questiontext, generalfeedback, defaultgrade, penalty, idnumber, single, shuffleanswers, "
     "answernumbering, showstandardinstruction, correctfeedback, partiallycorrectfeedback, incorrectfeedback, answer, answer, answer "
     "(expected name, questiontext, generalfeedback, defaultgrade, penalty, hidden, idnumber, single, shuffleanswers, "
     "answernumbering, showstandardinstruction, correctfeedback, partiallycorrectfeedback, incorrectfeedback, answer+)"),
    ("<text><![CDATA[$course$/top/", "<text><![CDATA[$course$/",
     "question 1: category '$course$/Обучение & проверка: подарки/Правила // исключения' (expected $course$/top/<bank>/<topic>)"),
])
def test_the_structure_check_finds_each_mistake(sample, old, new, problem):
    text = export.moodle_xml(*sample)
    assert old in text
    assert moodle_xml_problems(text.replace(old, new, 1)) == [problem]


def test_unescaped_xml_is_not_well_formed(sample):
    text = export.moodle_xml(*sample).replace("<![CDATA[<p>Что значит &lt;b&gt;", "<![CDATA[<p>Что значит <b>", 1)
    assert moodle_xml_problems(text) == []  # inside CDATA, markup is text: still well-formed
    with pytest.raises(ElementTree.ParseError):
        moodle_xml_problems(text.replace("<![CDATA[<p>Что значит", "<p>Что значит", 1))


def test_unescaped_gift_changes_what_moodle_imports(sample):
    text = export.gift(*sample)
    assert read_gift(text)[4]["correct"] is False
    assert "\\{TRUE\\}" in text and "=[html]\\~ тильда \\= равно" in text
    # An unescaped brace in the text ends the question text early and flips the key.
    assert read_gift(text.replace("\\{TRUE\\}", "{TRUE}", 1))[4]["correct"] is True
    # An unescaped "=" in an option makes a second correct answer.
    answers = read_gift(text.replace("=[html]\\~ тильда \\= равно", "=[html]\\~ тильда = равно", 1))[1]["answers"]
    assert [weight for _, _, weight in answers] == ["100", "100", "0", "0"]


# --- The command ------------------------------------------------------------------------


@pytest.fixture
def project(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_command_writes_the_file_and_says_so(project, tmp_path, capsys):
    out = tmp_path / "sample.xml"
    assert _run("moodle", FIXTURE_BANK, "-o", str(out), "--site-url", "https://portal.example") == 0
    assert out.read_text(encoding="utf-8") == (FIXTURES / "expected.xml").read_text(encoding="utf-8")
    assert capsys.readouterr().out == f"Moodle XML: 5 вопросов банка sample (версия 1), категорий: 2 → {out}\n"


def test_command_without_site_url_says_links_are_missing(project, tmp_path, capsys):
    out = tmp_path / "sample.txt"
    assert _run("gift", FIXTURE_BANK, "-o", str(out)) == 0
    assert capsys.readouterr().out == (
        f"GIFT: 5 вопросов банка sample (версия 1), категорий: 2 → {out}\n"
        "Ссылок на пункты нет: чтобы пояснения вели на сайт, укажите --site-url, например https://portal.example/\n")
    assert "Источник\\: Образец политики — п. 2; 1. Подарки" in out.read_text(encoding="utf-8")


def test_command_refuses_to_overwrite_without_force(project, tmp_path, capsys):
    out = tmp_path / "sample.xml"
    out.write_text("прежний файл", encoding="utf-8")
    assert _run("moodle", FIXTURE_BANK, "-o", str(out)) == 2
    assert capsys.readouterr().err == (f"policy-portal: {out}: файл уже есть и не будет перезаписан — укажите другое имя "
                                       "или добавьте --force, чтобы заменить его\n")
    assert out.read_text(encoding="utf-8") == "прежний файл"
    assert _run("moodle", FIXTURE_BANK, "-o", str(out), "--force") == 0
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')


@pytest.mark.parametrize(("argv", "message"), [
    (["pdf", FIXTURE_BANK], "неизвестный формат «pdf» — укажите moodle (Moodle XML) или gift (GIFT)"),
    (["moodle", "site_tests/fixtures/export/bad-bank.yaml"],
     "site_tests/fixtures/export/bad-bank.yaml:18:15: questions[0].correct[0]: 'e' is not an option (expected one of: a, b)"),
    (["moodle", "site_tests/fixtures/export/missing.yaml"],
     "site_tests/fixtures/export/missing.yaml: файла нет — укажите банк вопросов, например quizzes/anti-corruption.yaml"),
    (["moodle", FIXTURE_BANK, "--site-url", "portal.example"],
     "--site-url «portal.example»: ожидается адрес опубликованного сайта, например https://portal.example/"),
    (["moodle", FIXTURE_BANK, "--docs", "site_tests/fixtures/banks"],
     "site_tests/fixtures/banks: нет ни одной страницы документа (document: в front matter) — укажите папку страниц сайта: --docs ПАПКА"),
])
def test_command_stops_with_one_line(project, tmp_path, capsys, argv, message):
    out = tmp_path / "out.xml"
    assert _run(*argv, "-o", str(out)) == 2
    assert capsys.readouterr().err == f"policy-portal: {message}\n"
    assert not out.exists()


def test_command_points_at_what_moodle_cannot_take(project, tmp_path, capsys):
    # rules-02 with eleven options, all correct: Moodle's grade list has no 1/11.
    letters = "abcdefghijk"
    text = (FIXTURES / "bank.yaml").read_text(encoding="utf-8")
    start, end = text.index("      - {id: a, text: Деньги}"), text.index("    correct: [a, b, e]\n")
    options = "".join(f"      - {{id: {letter}, text: Вариант {letter}}}\n" for letter in letters)
    bank = tmp_path / "wide.yaml"
    bank.write_text(text[:start] + options + f"    correct: [{', '.join(letters)}]\n" + text[end + len("    correct: [a, b, e]\n"):],
                    encoding="utf-8")
    line = bank.read_text(encoding="utf-8").splitlines().index("    correct: [a, b, c, d, e, f, g, h, i, j, k]") + 1
    assert _run("moodle", str(bank), "-o", str(tmp_path / "out.xml"), "--docs", "site_tests/fixtures/export/docs") == 2
    assert capsys.readouterr().err == (
        f"policy-portal: {bank}:{line}:14: questions[1].correct: верных вариантов: 11, а в списке оценок Moodle доля "
        "верного варианта — от 1/1 до 1/10 (ожидается не больше 10)\n")


def test_command_finds_the_project_from_the_bank(tmp_path, monkeypatch, capsys):
    # From another folder: mkdocs.yml above the bank gives the documents and their URLs.
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "sample.xml"
    assert _run("moodle", str(FIXTURES / "bank.yaml"), "-o", str(out), "--site-url", SITE) == 0
    assert out.read_text(encoding="utf-8") == (FIXTURES / "expected.xml").read_text(encoding="utf-8")


def test_command_uses_the_history_like_the_build(project, tmp_path, capsys):
    folder = tmp_path / "quizzes"
    shutil.copytree(FIXTURES / "docs", tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nuse_directory_urls: false\n", encoding="utf-8")
    (folder / "history").mkdir(parents=True)
    shutil.copy(FIXTURES / "bank.yaml", folder / "sample.yaml")
    (folder / "history" / "sample.json").write_text(
        '{"bank": "sample", "versions": {"1": {"pass_mark": 75, "draw_count": 3, "quotas": {}, "questions": {}}}}', encoding="utf-8")
    assert _run("gift", str(folder / "sample.yaml"), "-o", str(tmp_path / "out.txt"), "--site-url", SITE) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"policy-portal: {folder / 'sample.yaml'}:6:10: version: version '1' was recorded in history/sample.json with other ")
    (folder / "history" / "sample.json").unlink()
    assert _run("gift", str(folder / "sample.yaml"), "-o", str(tmp_path / "out.txt"), "--site-url", SITE) == 0
    assert "https\\://portal.example/sample.html\\#p1" in (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert not (folder / "history" / "sample.json").exists()  # export never records a version


def test_command_declares_its_arguments():
    parser = argparse.ArgumentParser(prog="policy-portal")
    cli_export.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", "gift", "b.yaml", "-o", "b.txt"])
    assert (args.command, args.format, args.bank, args.out, args.site_url, args.docs, args.force, args.lang) == (
        "export", "gift", Path("b.yaml"), Path("b.txt"), None, None, False, "ru")


def test_a_translated_bank_exports_in_its_language_with_the_translations_citations_and_links(tmp_path):
    out = tmp_path / "ac-kk.xml"
    result = subprocess.run([sys.executable, "-m", "policy_portal.cli", "export", "moodle", str(ROOT / "quizzes" / "anti-corruption.yaml"),
                             "-o", str(out), "--lang", "kk", "--site-url", "https://portal.example/"],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    xml = out.read_text(encoding="utf-8")
    assert "<text>$course$/top/Сыбайлас жемқорлыққа қарсы іс-қимыл саясаты бойынша" in xml
    assert 'Дереккөз: Сыбайлас жемқорлыққа қарсы іс-қимыл саясаты — <a href="https://portal.example/kk/anti-corruption/#p14-3">14-т. 3) тт.</a>' in xml
    missing = subprocess.run([sys.executable, "-m", "policy_portal.cli", "export", "gift", str(ROOT / "quizzes" / "personal-data.yaml"),
                              "-o", str(tmp_path / "pd.txt"), "--lang", "kk"], capture_output=True, text=True, check=False, timeout=120)
    assert (missing.returncode, missing.stderr) == (2, "policy-portal: в банке personal-data нет текстов на языке kk (языки банка: ru, en)\n")
