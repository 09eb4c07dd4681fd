"""Score whole response sets: the latest attempt of each participant on each exercise.

Large sets stay fast because only the latest attempts are kept (:class:`kit.responses.Latest`),
identical answers to an automatically scored exercise are scored once (the rules are pure functions
of exercise and answer), and rows are produced and written one at a time.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from kit.csvcells import guard
from kit.models import Exercise
from kit.responses import Key, Latest, Response
from kit.scoring.result import Result
from kit.scoring.rules import score

COLUMNS = ("session", "participant", "exercise", "status", "score", "max_score", "attempts", "submitted_at",
           "reason")
# distinct answers remembered per exercise; beyond that, answers are simply scored again
MEMO_LIMIT = 65_536


@dataclass(frozen=True, slots=True)
class Row:
    key: Key
    result: Result
    attempts: int
    response: Response


def _memo_key(answer: Any) -> Hashable | None:
    """A hashable stand-in for an answer that only equal answers share, or None.

    Types are kept exact (JSON's 1, 1.0 and true are equal in Python but not as answers), so only
    texts, lists of texts and objects of texts or whole numbers are remembered.
    """
    kind = type(answer)
    if kind is str:
        return answer
    if kind is list:
        if all(type(item) is str for item in answer):
            return ("list", *answer)
        return None
    if kind is dict:
        items = tuple(answer.items())
        if all(type(value) is str or type(value) is int for _, value in items):
            return ("dict", items)
    return None


class Scorer:
    """Scores answers like :func:`kit.scoring.rules.score`, remembering results of repeated answers."""

    def __init__(self, exercises: Mapping[str, Exercise], grades: Mapping[Key, Mapping[str, float]] | None):
        self._exercises = exercises
        self._grades = grades or {}
        self._memo: dict[str, dict[Hashable, Result]] = {}
        self._unknown: dict[str, Result] = {}

    def __call__(self, key: Key, answer: Any) -> Result:
        exercise_id = key[2]
        exercise = self._exercises.get(exercise_id)
        if exercise is None:
            result = self._unknown.get(exercise_id)
            if result is None:
                result = self._unknown[exercise_id] = Result("invalid", None, None,
                                                             f"unknown exercise '{exercise_id}'")
            return result
        if exercise.person_scored:
            return score(exercise, answer, self._grades.get(key))
        memo_key = _memo_key(answer)
        if memo_key is None:
            return score(exercise, answer, self._grades.get(key))
        memo = self._memo.get(exercise_id)
        if memo is None:
            memo = self._memo[exercise_id] = {}
        result = memo.get(memo_key)
        if result is None:
            result = score(exercise, answer, self._grades.get(key))
            if len(memo) < MEMO_LIMIT:
                memo[memo_key] = result
        return result


def iter_scores(
    responses: Iterable[Response] | Latest,
    exercises: Mapping[str, Exercise],
    grades: Mapping[Key, Mapping[str, float]] | None = None,
) -> Iterator[Row]:
    """The rows of :func:`score_responses`, one at a time (for large sets)."""
    latest = responses if isinstance(responses, Latest) else Latest(responses)
    scorer = Scorer(exercises, grades)
    for key, response, attempts in latest.attempts():
        yield Row(key, scorer(key, response.answer), attempts, response)


def score_responses(
    responses: Iterable[Response] | Latest,
    exercises: Mapping[str, Exercise],
    grades: Mapping[Key, Mapping[str, float]] | None = None,
) -> list[Row]:
    """One row per (session, participant, exercise), sorted, scored from its latest attempt."""
    return list(iter_scores(responses, exercises, grades))


def format_number(value: float | None) -> str:
    """At most four decimals, no trailing zeros: 0.6667, 1, 0.5 (DESIGN §6)."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_scores(rows: Iterable[Row], handle: IO[str]) -> Counter[str]:
    """Write the scores CSV; return how many rows had each status."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    statuses: Counter[str] = Counter()
    numbers: dict[float | None, str] = {}  # scores repeat a lot: format each value once

    def number(value: float | None) -> str:
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = format_number(value)
        return text

    for row in rows:
        result = row.result
        status = result.status
        statuses[status] += 1
        session, participant, exercise = row.key
        writer.writerow(
            [
                # typed by participants: no formula may reach a trainer's spreadsheet (kit.csvcells)
                guard(session),
                guard(participant),
                guard(exercise),
                status,
                number(result.score) if status == "scored" else "",
                number(result.max_score),
                row.attempts,
                row.response.submitted_at.isoformat(),
                guard(result.reason),
            ]
        )
    return statuses
