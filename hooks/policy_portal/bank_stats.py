"""Whether a question bank can be passed without reading the document.

Test designers measure two cues (see the README, "Questions that measure knowledge"):

* the share of single-choice questions whose key is the longest option — a learner who always
  picks the longest option gets those right;
* the pass probability of a *cue-following learner* under the bank's own draw and pass mark:
  the learner picks the longest option (uniformly among ties), ticks in a multiple-choice
  question every option at least as long as the median one, marks a true/false statement
  with an absolute word («только», «никогда», «ни при каких», …) as false and every other
  statement as true.

The probability is exact: the draw of ``quiz.js`` (each topic's quota, then the rest from all
remaining questions, every combination equally likely) is enumerated as a generating
function, with rational arithmetic. A bank's ``quality`` limits (defaults below) make these
figures part of the build's validation.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from fractions import Fraction

from .quiz import Bank, Question
from .yaml_source import load

# Limits a bank may override under `quality:` (percentages).
DEFAULT_LIMITS = {"max_longest_key": 35, "max_cue_pass": 1, "min_scenarios": 50}

# Words that make a statement absolute, per language; cue-followers take such a statement for false.
ABSOLUTE_WORDS = {
    "ru": r"только|всегда|никогда|ни при каких|ни в коем случае|любой|любая|любое|любые|любых|любым|любыми|"
          r"исключительно|все без исключения",
    "kk": r"тек|тек қана|ғана|әрқашан|ешқашан|ешбір жағдайда|ешқандай жағдайда|кез келген|барлық|барлығы|бәрі|"
          r"баршасы|ерекшеліксіз",
    "en": r"only|always|never|under no circumstances|in no case|any|all|every|exclusively|without exception",
}
ABSOLUTES = {language: re.compile(rf"(?<!\w)({words})(?!\w)", re.IGNORECASE) for language, words in ABSOLUTE_WORDS.items()}
ABSOLUTE = ABSOLUTES["ru"]


@dataclass(frozen=True)
class BankStats:
    single: int            # single-choice questions (single, and single-choice scenarios)
    longest_key: int       # of those, how many have the key among the longest options
    questions: int
    scenarios: int
    absolute_true: int     # true/false statements with an absolute word that are true
    absolute_false: int    # … that are false
    cue_pass: Fraction     # pass probability of the cue-following learner

    @property
    def longest_key_percent(self) -> float:
        return 100 * self.longest_key / self.single if self.single else 0.0

    @property
    def scenario_percent(self) -> float:
        return 100 * self.scenarios / self.questions

    @property
    def cue_pass_percent(self) -> float:
        return float(100 * self.cue_pass)


def bank_stats(bank: Bank) -> BankStats:
    single = [q for q in bank.questions if q.type != "true_false" and not q.multiple]
    true_false = [q for q in bank.questions if q.type == "true_false"]
    return BankStats(
        single=len(single),
        longest_key=sum(_key_is_longest(q) for q in single),
        questions=len(bank.questions),
        scenarios=sum(q.type == "scenario" for q in bank.questions),
        absolute_true=sum(bool(_absolute(bank).search(q.prompt)) and q.correct == ("true",) for q in true_false),
        absolute_false=sum(bool(_absolute(bank).search(q.prompt)) and q.correct == ("false",) for q in true_false),
        cue_pass=pass_probability(bank, [cue_success(q, _absolute(bank)) for q in bank.questions]),
    )


def summary(stats: BankStats) -> str:
    """One line for the build log and the coverage page."""
    return (f"{stats.questions} questions, {stats.scenario_percent:.0f}% scenarios; the key is the longest option in "
            f"{stats.longest_key} of {stats.single} single-choice questions ({stats.longest_key_percent:.0f}%); "
            f"absolute statements: {stats.absolute_true} true, {stats.absolute_false} false; "
            f"a learner who follows cues passes {stats.cue_pass_percent:.3f}% of attempts")


def quality_problems(bank: Bank, stats: BankStats, limits: dict[str, int]) -> list[str]:
    """What breaks the bank's limits, one phrase each (empty when the bank is fine)."""
    problems = []
    if stats.longest_key_percent > limits["max_longest_key"]:
        problems.append(f"the key is the longest option in {stats.longest_key} of {stats.single} single-choice questions "
                        f"({stats.longest_key_percent:.0f}%; expected at most {limits['max_longest_key']}%)")
    if stats.cue_pass_percent > limits["max_cue_pass"]:
        problems.append(f"a learner who follows cues passes {stats.cue_pass_percent:.2f}% of attempts "
                        f"(expected at most {limits['max_cue_pass']}%)")
    if stats.scenario_percent < limits["min_scenarios"]:
        problems.append(f"scenarios are {stats.scenario_percent:.0f}% of the questions "
                        f"(expected at least {limits['min_scenarios']}%)")
    return problems


def check_quality(bank: Bank, text: str) -> BankStats:
    """The bank's statistics; SourceError (at its ``quality`` or ``questions``) past its limits."""
    stats = bank_stats(bank)
    problems = quality_problems(bank, stats, {**DEFAULT_LIMITS, **bank.quality})
    if problems:
        where = ("quality",) if bank.quality else ("questions",)
        shown = f"[{bank.language}] " if len(bank.languages) > 1 else ""
        raise load(text, bank.path).error(where, shown + "; ".join(problems) + " — rewrite the questions (README: Questions that "
                                                 "measure knowledge) or set the limit under 'quality'", key=True)
    return stats


# The absolute words of the bank's language.
def _absolute(bank: Bank) -> re.Pattern:
    return ABSOLUTES.get(bank.language, ABSOLUTE)


def cue_success(question: Question, absolute: re.Pattern = ABSOLUTE) -> Fraction:
    """Probability that the cue-following learner answers this question correctly."""
    if question.type == "true_false":
        answer = ("false",) if absolute.search(question.prompt) else ("true",)
        return Fraction(question.correct == answer)
    lengths = {option.id: len(option.text) for option in question.options}
    if question.multiple:
        median = statistics.median(lengths.values())
        ticked = {option for option, length in lengths.items() if length >= median}
        return Fraction(ticked == set(question.correct))
    longest = [option for option, length in lengths.items() if length == max(lengths.values())]
    return Fraction(1, len(longest)) if question.correct[0] in longest else Fraction(0)


def passes(correct: int, total: int, pass_mark: int) -> bool:
    """The browser's rule: Math.round(100 * correct / total) >= pass mark."""
    return math.floor(Fraction(100 * correct, total) + Fraction(1, 2)) >= pass_mark


def score_distribution(bank: Bank, success: list[Fraction]) -> list[Fraction]:
    """P(number of correct answers = k) for k = 0…draw count, over the bank's random draw.

    ``success[i]`` is the probability of answering ``bank.questions[i]`` correctly, given it
    is drawn. The draw picks ``quotas[t]`` questions of each quota topic t, then the rest from
    all questions not yet picked. Every (quota picks, rest picks) pair is equally likely, so
    we sum, over all such pairs, the product of each drawn question's ``(1 - p) + p·x`` and
    divide by the number of pairs. Per topic, the sum runs over the subsets of its questions
    that are drawn (by size and score); a subset of k questions is C(k, quota) pairs, as any
    ``quota`` of them may be the quota's.

    Exact, in whole numbers: every p is written over one common denominator ``d`` (p = n/d),
    so a drawn question multiplies the weight by ``d - n`` or ``n``. Every complete draw has
    ``count`` questions, so the weights are the probabilities times ``d ** count`` (Fractions
    throughout were most of a large build's time).
    """
    count = bank.draw_count
    rest = count - sum(bank.quotas.values())
    scale = math.lcm(*(p.denominator for p in success)) if success else 1
    numerators = [p.numerator * (scale // p.denominator) for p in success]
    # Combined over topics: (questions in the rest, score) -> weight.
    combined: dict[tuple[int, int], int] = {(0, 0): 1}
    topics = dict.fromkeys(q.topic for q in bank.questions)
    for topic in topics:
        quota = bank.quotas.get(topic, 0)
        # (questions drawn of this topic, score) -> weight; which of them went to the quota is
        # counted afterwards: C(drawn, quota) ways, the same for every such subset.
        states: dict[tuple[int, int], int] = {(0, 0): 1}
        for question, right in zip(bank.questions, numerators):
            if question.topic != topic:
                continue
            wrong = scale - right
            following: dict[tuple[int, int], int] = dict(states)  # not drawn
            for (k, s), weight in states.items():
                if k == quota + rest:
                    continue
                if wrong:
                    _add(following, (k + 1, s), weight * wrong)
                if right:
                    _add(following, (k + 1, s + 1), weight * right)
            states = following
        merged: dict[tuple[int, int], int] = {}
        for (b1, s1), w1 in combined.items():
            for (k, s2), w2 in states.items():
                b2 = k - quota
                if b2 >= 0 and b1 + b2 <= rest:
                    _add(merged, (b1 + b2, s1 + s2), w1 * w2 * math.comb(k, quota))
        combined = merged
    pairs = math.prod(math.comb(sum(q.topic == t for q in bank.questions), n) for t, n in bank.quotas.items())
    pairs *= math.comb(len(bank.questions) - sum(bank.quotas.values()), rest)
    totals = [0] * (count + 1)
    for (b, s), weight in combined.items():
        if b == rest:
            totals[s] += weight
    return [Fraction(total, pairs * scale ** count) for total in totals]


def pass_probability(bank: Bank, success: list[Fraction]) -> Fraction:
    return sum((p for k, p in enumerate(score_distribution(bank, success)) if passes(k, bank.draw_count, bank.pass_mark)),
               Fraction(0))


def _key_is_longest(question: Question) -> bool:
    lengths = {option.id: len(option.text) for option in question.options}
    return lengths[question.correct[0]] == max(lengths.values())


def _add(table: dict, key: tuple, weight: int) -> None:
    table[key] = table.get(key, 0) + weight
