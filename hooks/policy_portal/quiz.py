"""Question banks: load a YAML bank, validate it, and model it for the quiz page.

The structure is checked against ``schemas/bank.schema.json`` (package data) — the same file editors
use while typing — and the rules a schema cannot say (ids unique, correct answers among the
options, citations of existing clauses, a draw the bank can satisfy) are checked here. Every
problem is one ``file:line:col: where: what (expected …)`` line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from . import localise, schema_check
from .documents import Document
from .errors import SourceError
from .schema_check import type_name
from .yaml_source import Located, load

# Package data, so a regular (non-editable) install finds it; editors use the same file.
SCHEMA = files("policy_portal") / "schemas" / "bank.schema.json"
DEFAULT_PASS_MARK = 80
# The two options of a true/false question, in each language a bank may have.
TRUE_FALSE_LABELS = {
    "ru": (("true", "Верно"), ("false", "Неверно")),
    "kk": (("true", "Дұрыс"), ("false", "Дұрыс емес")),
    "en": (("true", "True"), ("false", "False")),
}
TRUE_FALSE_OPTIONS = TRUE_FALSE_LABELS["ru"]


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    topic: str
    prompt: str
    options: tuple[Option, ...]
    correct: tuple[str, ...]
    explanation: str
    cites: tuple[str, ...]
    situation: str = ""
    choice: str = "single"

    @property
    def multiple(self) -> bool:
        """Whether the learner may tick several options (checkboxes, not radio buttons)."""
        return self.type == "multiple" or (self.type == "scenario" and self.choice == "multiple")


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    document: str
    version: str
    pass_mark: int
    draw_count: int
    quotas: dict[str, int]
    topics: dict[str, str]
    questions: tuple[Question, ...]
    path: str
    # What a failed test shows: "mistakes" (which questions were wrong) or "answers" (the keys too).
    failed_test_review: str = "mistakes"
    # Limits of bank_stats (percentages) the build enforces.
    quality: dict[str, float] = field(default_factory=dict)
    # The bank's languages (original first) and the one this model's texts are in.
    languages: tuple[str, ...] = ("ru",)
    language: str = "ru"

    def cited(self) -> dict[str, list[str]]:
        """Anchor -> ids of the questions citing it, in bank order."""
        cited: dict[str, list[str]] = {}
        for question in self.questions:
            for anchor in question.cites:
                cited.setdefault(anchor, []).append(question.id)
        return cited


def load_bank(text: str, path: str, documents: dict[str, Document], language: str | None = None) -> Bank:
    """Parse and validate a bank; ``documents`` maps document ids to parsed documents.

    Its texts are in ``language`` when the bank has it, else in its original language
    (``localise``); every translation of every text is checked either way.
    """
    raw, original = _checked(text, path)
    languages = localise.languages_of(raw)
    located = localise.edition(raw, original, language, localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)
    data = located.data
    _check_rules(located, documents)
    chosen = language if language in languages else languages[0]
    questions = tuple(_question(q, chosen) for q in data["questions"])
    return Bank(
        id=data["id"], title=data["title"], document=data["document"], version=data["version"],
        pass_mark=data.get("pass_mark", DEFAULT_PASS_MARK), draw_count=data["draw"]["count"],
        quotas=dict(data["draw"].get("quotas", {})), topics=dict(data["topics"]),
        questions=questions, path=path, failed_test_review=data.get("failed_test_review", "mistakes"),
        quality=dict(data.get("quality", {})), languages=languages,
        language=language if language in languages else languages[0],
    )


# ---------------------------------------------------------------------------------------


# The bank as written and in its original language, its translations and its schema checked:
# once per text (lru_cache; an error is raised again, never kept), however many languages it
# is read in (one after the other: a few entries suffice, and the positions of a whole bank
# are large to keep). The schema takes the per-language mappings as they are
# (schemas/bank.schema.json); resolve() copies what it returns, so the cached data is never
# changed, and nothing changes what it returned.
@lru_cache(maxsize=2)
def _checked(text: str, path: str) -> tuple[Located, Located]:
    raw = load(text, path)
    original = localise.resolve(raw, localise.languages_of(raw)[0], localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)
    schema_check.check(raw, SCHEMA, _bank_message)
    return raw, original


# How a bank's schema violations read better than the generic wording.
def _bank_message(located: Located, error) -> SourceError | None:
    where = tuple(error.absolute_path)
    value = error.instance
    if error.validator in ("minimum", "maximum") and where == ("pass_mark",):
        return located.error(where, f"{value} is outside 1–100 (expected a percentage from 1 to 100)")
    if error.validator == "oneOf" and where[-1:] == ("correct",):
        return located.error(where, f"{value!r} is {type_name(value)} (expected a list of option ids, or true/false for a true_false question)")
    if error.validator == "not" and isinstance(value, dict):
        if value.get("type") == "true_false":
            return located.error(where + ("options",), "a true_false question has no options (expected only 'correct: true' or 'correct: false')", key=True)
        extra = "situation" if "situation" in value else "choice"
        return located.error(where + (extra,), f"'{extra}' is only for scenario questions (expected type: scenario)", key=True)
    return None


# The rules a schema cannot express.
def _check_rules(located: Located, documents: dict[str, Document]) -> None:
    data = located.data
    document = documents.get(data["document"])
    if document is None:
        raise located.error(("document",), f"no document '{data['document']}' (expected one of: {', '.join(sorted(documents))})")
    anchors = {block.anchor for block in document.anchored()}
    topics = data["topics"]
    seen: dict[str, int] = {}
    for index, question in enumerate(data["questions"]):
        here = ("questions", index)
        if question["id"] in seen:
            first = located.at(("questions", seen[question["id"]], "id"))[0]
            raise located.error(here + ("id",), f"duplicate question id '{question['id']}' (first on line {first}; expected unique ids)")
        seen[question["id"]] = index
        if question["topic"] not in topics:
            raise located.error(here + ("topic",), f"unknown topic '{question['topic']}' (expected one of: {', '.join(topics)})")
        _check_answers(located, here, question)
        for position, anchor in enumerate(question["cites"]):
            if anchor not in anchors:
                raise located.error(here + ("cites", position),
                                    f"no clause '{anchor}' in document '{data['document']}' (expected an anchor such as {_example(anchors)})")
    total = len(data["questions"])
    count = data["draw"]["count"]
    if count > total:
        raise located.error(("draw", "count"), f"draws {count} questions from a bank of {total} (expected at most {total})")
    quotas = data["draw"].get("quotas", {})
    for topic, quota in quotas.items():
        if topic not in topics:
            raise located.error(("draw", "quotas", topic), f"unknown topic '{topic}' (expected one of: {', '.join(topics)})", key=True)
        available = sum(q["topic"] == topic for q in data["questions"])
        if quota > available:
            raise located.error(("draw", "quotas", topic), f"asks for {quota} questions of topic '{topic}', which has {available} (expected at most {available})")
    if sum(quotas.values()) > count:
        raise located.error(("draw", "quotas"), f"quotas add up to {sum(quotas.values())} (expected at most draw.count, {count})")


def _check_answers(located: Located, here: tuple, question: dict) -> None:
    if question["type"] == "true_false":
        return
    options = [option["id"] for option in question["options"]]
    for position, option in enumerate(options):
        if option in options[:position]:
            raise located.error(here + ("options", position, "id"), f"duplicate option id '{option}' (expected unique option ids in a question)")
    for position, answer in enumerate(question["correct"]):
        if answer not in options:
            raise located.error(here + ("correct", position), f"'{answer}' is not an option (expected one of: {', '.join(options)})")
    multiple = question["type"] == "multiple" or (question["type"] == "scenario" and question.get("choice") == "multiple")
    if not multiple and len(question["correct"]) != 1:
        raise located.error(here + ("correct",), f"a single-choice question with {len(question['correct'])} correct answers (expected exactly 1)")
    if multiple and len(options) < 2:
        raise located.error(here + ("options",), f"a multiple-choice question with {len(options)} option (expected at least 2)")


def _example(anchors: set[str]) -> str:
    return "p14-3" if "p14-3" in anchors else sorted(anchors)[0]


def _question(data: dict, language: str = "ru") -> Question:
    if data["type"] == "true_false":
        options = tuple(Option(id_, text) for id_, text in TRUE_FALSE_LABELS.get(language, TRUE_FALSE_OPTIONS))
        correct = ("true",) if data["correct"] else ("false",)
    else:
        options = tuple(Option(o["id"], o["text"]) for o in data["options"])
        correct = tuple(data["correct"])
    return Question(
        id=data["id"], type=data["type"], topic=data["topic"], prompt=data["prompt"], options=options,
        correct=correct, explanation=data["explanation"], cites=tuple(data["cites"]),
        situation=data.get("situation", ""), choice=data.get("choice", "single"),
    )
