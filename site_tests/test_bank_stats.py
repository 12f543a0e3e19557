"""Bank statistics: the cue-following learner, computed exactly, and the build's limits."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from policy_portal import bank_stats
from policy_portal.quiz import Bank, Option, Question
from test_quiz_browser import BANKS



def _single(qid, topic, options, correct="a", type_="single"):
    return Question(id=qid, type=type_, topic=topic, prompt="?", options=tuple(Option(o, t) for o, t in options),
                    correct=(correct,), explanation=".", cites=("p1",), situation="С." if type_ == "scenario" else "")


def _true_false(qid, topic, prompt, correct):
    return Question(id=qid, type="true_false", topic=topic, prompt=prompt,
                    options=(Option("true", "Верно"), Option("false", "Неверно")), correct=(correct,),
                    explanation=".", cites=("p1",))


def _bank(questions, count, quotas=None, pass_mark=80):
    topics = {q.topic: q.topic for q in questions}
    return Bank(id="b", title="B", document="d", version="1", pass_mark=pass_mark, draw_count=count,
                quotas=quotas or {}, topics=topics, questions=tuple(questions), path="b.yaml")


def test_cue_success_per_question_type():
    assert bank_stats.cue_success(_single("q", "t", [("a", "длинный ответ"), ("b", "короткий")])) == 1
    assert bank_stats.cue_success(_single("q", "t", [("a", "короткий"), ("b", "длинный ответ")])) == 0
    # Ties: the learner picks one of the longest at random.
    assert bank_stats.cue_success(_single("q", "t", [("a", "ровно"), ("b", "ровно"), ("c", "ровно")])) == Fraction(1, 3)
    assert bank_stats.cue_success(_true_false("q", "t", "Подарок можно принять только после выписки.", "false")) == 1
    assert bank_stats.cue_success(_true_false("q", "t", "Подарок можно принять только после выписки.", "true")) == 0
    assert bank_stats.cue_success(_true_false("q", "t", "Сообщить можно по номеру 1424.", "true")) == 1
    assert bank_stats.cue_success(_true_false("q", "t", "Сообщить можно по номеру 1424.", "false")) == 0
    multiple = Question(id="m", type="multiple", topic="t", prompt="?", explanation=".", cites=("p1",),
                        options=(Option("a", "длинный вариант"), Option("b", "длинный ответ!"), Option("c", "нет"), Option("d", "да")),
                        correct=("a", "b"))
    assert bank_stats.cue_success(multiple) == 1  # ticks the two at least as long as the median
    assert bank_stats.cue_success(Question(**{**multiple.__dict__, "correct": ("a", "c")})) == 0


def test_absolute_words_are_whole_words():
    assert bank_stats.ABSOLUTE.search("Это допустимо только с согласия")
    assert bank_stats.ABSOLUTE.search("Ни при каких условиях")
    assert bank_stats.ABSOLUTE.search("В любых случаях")
    assert not bank_stats.ABSOLUTE.search("Это нетолькоизменение")


def test_pass_rule_is_the_browsers_rounding():
    assert bank_stats.passes(16, 20, 80)
    assert not bank_stats.passes(15, 20, 80)
    assert bank_stats.passes(159, 200, 80)  # 79.5% rounds to 80, as Math.round does
    assert not bank_stats.passes(158, 200, 80)


def _brute_force(bank, success):
    """P(score = k) by listing every draw quiz.js can make, each (quota picks, rest picks) alike."""
    questions = list(range(len(bank.questions)))
    quota_choices = [itertools.combinations([i for i in questions if bank.questions[i].topic == t], n)
                     for t, n in bank.quotas.items()]
    rest = bank.draw_count - sum(bank.quotas.values())
    draws = []
    for picks in itertools.product(*quota_choices):
        first = {i for pick in picks for i in pick}
        for more in itertools.combinations([i for i in questions if i not in first], rest):
            draws.append(sorted(first | set(more)))
    distribution = [Fraction(0)] * (bank.draw_count + 1)
    for drawn in draws:
        for outcome in itertools.product((0, 1), repeat=len(drawn)):
            weight = Fraction(1, len(draws))
            for i, ok in zip(drawn, outcome):
                weight *= success[i] if ok else 1 - success[i]
            distribution[sum(outcome)] += weight
    return distribution


@pytest.mark.parametrize("quotas", [{}, {"x": 1}, {"x": 2, "y": 1}])
def test_score_distribution_is_exact(quotas):
    questions = [
        _single("x1", "x", [("a", "длинный ответ"), ("b", "короткий")]),
        _single("x2", "x", [("a", "ровно"), ("b", "ровно"), ("c", "ровно")]),
        _true_false("x3", "x", "Всегда можно.", "true"),
        _single("y1", "y", [("a", "нет"), ("b", "длинный ответ")], type_="scenario"),
        _true_false("y2", "y", "Можно по номеру 1424.", "true"),
        _true_false("z1", "z", "Нельзя никогда.", "false"),
        _single("z2", "z", [("a", "а"), ("b", "бб"), ("c", "в"), ("d", "г")]),
    ]
    bank = _bank(questions, count=4, quotas=quotas, pass_mark=75)
    success = [bank_stats.cue_success(q) for q in questions]
    assert [bank_stats.cue_success(q) for q in questions] == [1, Fraction(1, 3), 0, 0, 1, 1, 0]
    expected = _brute_force(bank, success)
    assert bank_stats.score_distribution(bank, success) == expected
    assert sum(expected) == 1
    assert bank_stats.pass_probability(bank, success) == expected[3] + expected[4]


def test_stats_and_limits_of_a_bank():
    questions = [_single(f"q{i}", "t", [("a", "длинный ответ"), ("b", "нет")]) for i in range(4)]
    questions += [_single("s1", "t", [("a", "да"), ("b", "длинный ответ")], type_="scenario")]
    bank = _bank(questions, count=5)
    stats = bank_stats.bank_stats(bank)
    assert (stats.single, stats.longest_key, stats.questions, stats.scenarios) == (5, 4, 5, 1)
    assert stats.cue_pass == 1  # 4 of 5 right every time: 80%
    assert bank_stats.quality_problems(bank, stats, bank_stats.DEFAULT_LIMITS) == [
        "the key is the longest option in 4 of 5 single-choice questions (80%; expected at most 35%)",
        "a learner who follows cues passes 100.00% of attempts (expected at most 1%)",
        "scenarios are 20% of the questions (expected at least 50%)",
    ]
    assert bank_stats.quality_problems(bank, stats, {"max_longest_key": 80, "max_cue_pass": 100, "min_scenarios": 20}) == []


@pytest.mark.parametrize("bank_id", sorted(BANKS))
def test_the_real_banks_cannot_be_passed_on_cues(bank_id):
    bank = BANKS[bank_id]
    stats = bank_stats.bank_stats(bank)
    assert bank_stats.quality_problems(bank, stats, {**bank_stats.DEFAULT_LIMITS, **bank.quality}) == []
    assert stats.longest_key_percent <= 35 and stats.cue_pass_percent < 1 and stats.scenario_percent >= 50
    assert len(bank.questions) >= 60


@pytest.mark.parametrize("language, absolute, plain", [
    ("ru", "Сообщать нужно только руководителю.", "Сообщать нужно руководителю."),
    ("kk", "Тек басшыға ғана хабарлау керек.", "Басшыға хабарлау керек."),
    ("kk", "Кез келген сыйлыққа тыйым салынған.", "Сыйлыққа тыйым салынған."),
    ("en", "Report to your manager only.", "Report to your manager."),
    ("en", "Never accept a gift.", "Do not accept this gift."),
])
def test_absolute_words_are_found_in_each_language(language, absolute, plain):
    from policy_portal.bank_stats import ABSOLUTES

    assert ABSOLUTES[language].search(absolute) and not ABSOLUTES[language].search(plain)
