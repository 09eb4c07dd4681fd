"""How the room answered: full scores from the scores CSV, answer patterns from the responses.

The scores CSV written by ``kit score`` gives each participant's status and score; the share of full
scores comes from it. What people chose (the most chosen wrong option, the endings reached) needs
the answers themselves, so it comes from the responses (JSON Lines or a store). With responses
alone, scores are computed from them (written answers then stay ``pending``).
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kit.csvcells import unguard
from kit.csvread import csv_reason, csv_rows, read_csv_text
from kit.errors import InputError
from kit.models import Exercise, Likert, Matching, MultipleChoice, Ordering, Scenario, SingleChoice
from kit.responses import Rejection, Response, latest_attempts
from kit.scoring.rules import score

REQUIRED = ("session", "participant", "exercise", "status", "score", "max_score")
STATUSES = ("scored", "pending", "recorded", "invalid")
FULL = 1e-6  # tolerance when comparing a score with the maximum (the CSV holds four decimals)


@dataclass(frozen=True)
class ScoreRow:
    session: str
    participant: str
    exercise: str
    status: str
    score: float | None
    max_score: float | None


@dataclass(frozen=True)
class Count:
    """``count`` of ``of`` answers; ``label`` is the author's text, ``ref`` its id."""

    label: str
    count: int
    of: int
    ref: str = ""

    @property
    def percent(self) -> float:
        return 100 * self.count / self.of if self.of else 0.0


@dataclass(frozen=True)
class Room:
    """One exercise, as the room answered it."""

    rows: int = 0
    scorable: bool = False  # Likert exercises record answers but have no score to share
    scored: int = 0
    full: int = 0
    pending: int = 0
    invalid: int = 0
    recorded: int = 0
    mean_percent: float | None = None
    answers: int = 0
    wrong_option: Count | None = None
    missed_option: Count | None = None
    exact: Count | None = None
    misplaced: Count | None = None
    wrong_pair: Count | None = None
    endings: list[Count] = field(default_factory=list)
    likert: list[tuple[str, list[int]]] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        """Answers that could earn a score: scored ones and those of the wrong shape."""
        return self.scored + self.invalid

    @property
    def full_share(self) -> Count | None:
        return Count("", self.full, self.attempted) if self.scorable and self.attempted else None


@dataclass(frozen=True)
class Results:
    rooms: dict[str, Room]
    sessions: list[str]
    participants: int


def read_scores(path: str | os.PathLike[str]) -> tuple[list[ScoreRow], list[Rejection]]:
    """The scores CSV of ``kit score``; InputError when it cannot be used at all."""
    shown = str(path)
    text = read_csv_text(path, "--results", "the CSV written by kit score")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = reader.fieldnames or []
    except csv.Error as error:
        raise InputError(f"--results {shown}:1: {csv_reason(error)}") from None
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise InputError(f"--results {shown}: no column {', '.join(missing)}; give the CSV written by kit score "
                         f"(columns {','.join(REQUIRED)})")
    rows: list[ScoreRow] = []
    rejections: list[Rejection] = []
    for record in csv_rows(reader, shown, rejections):
        try:
            rows.append(_score_row(record))
        except ValueError as error:
            rejections.append(Rejection(shown, reader.line_num, f"{error}; the row is left out"))
    return rows, rejections


def _score_row(record: Mapping[str, str | None]) -> ScoreRow:
    # kit score put an apostrophe before texts a spreadsheet would run as formulas (kit.csvcells)
    values = {key: unguard(record.get(key) or "").strip() for key in REQUIRED}
    if values["status"] not in STATUSES:
        raise ValueError(f"status '{values['status']}' is not one of {', '.join(STATUSES)}")
    if not values["exercise"]:
        raise ValueError("no exercise id")
    return ScoreRow(values["session"], values["participant"], values["exercise"], values["status"],
                    _number(values["score"], "score"), _number(values["max_score"], "max_score"))


def _number(text: str, column: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{column} '{text}' is not a number") from None


def scores_from_responses(responses: Iterable[Response], exercises: Mapping[str, Exercise]) -> list[ScoreRow]:
    """Score the latest attempts, as ``kit score`` would without grades."""
    rows = []
    for (session, participant, exercise_id), (response, _) in sorted(latest_attempts(responses).items()):
        exercise = exercises.get(exercise_id)
        if exercise is None:
            continue
        result = score(exercise, response.answer)
        rows.append(ScoreRow(session, participant, exercise_id, result.status, result.score, result.max_score))
    return rows


def summarise(
    exercises: Mapping[str, Exercise],
    rows: Iterable[ScoreRow] = (),
    responses: Iterable[Response] = (),
    session: str | None = None,
) -> Results:
    """Per exercise of the guide: scores from ``rows``, answer patterns from ``responses``."""
    rows = [row for row in rows if row.exercise in exercises and session in (None, row.session)]
    latest = [
        response
        for (s, _, exercise_id), (response, _) in latest_attempts(responses).items()
        if exercise_id in exercises and session in (None, s)
    ]
    rooms = {exercise_id: _from_rows([r for r in rows if r.exercise == exercise_id]) for exercise_id in exercises}
    answers: dict[str, list[Any]] = {}
    for response in latest:
        exercise = exercises[response.exercise]
        if score(exercise, response.answer).status != "invalid":
            answers.setdefault(response.exercise, []).append(response.answer)
    for exercise_id, given in answers.items():
        exercise = exercises[exercise_id]
        pattern = PATTERNS.get(type(exercise))
        extra = pattern(exercise, given) if pattern else {}
        rooms[exercise_id] = replace(rooms[exercise_id], answers=len(given), **extra)
    sessions = sorted({row.session for row in rows} | {response.session for response in latest})
    people = {(row.session, row.participant) for row in rows} | {(r.session, r.participant) for r in latest}
    return Results({k: v for k, v in rooms.items() if v.rows or v.answers}, sessions, len(people))


def _from_rows(rows: list[ScoreRow]) -> Room:
    statuses = Counter(row.status for row in rows)
    scored = [row for row in rows if row.status == "scored" and row.score is not None]
    full = sum(1 for row in scored if row.max_score and row.score is not None and row.score >= row.max_score - FULL)
    percents = [100 * (row.score or 0) / row.max_score for row in scored if row.max_score]
    return Room(
        rows=len(rows), scorable=any((row.max_score or 0) > 0 for row in rows), scored=len(scored), full=full,
        pending=statuses["pending"], invalid=statuses["invalid"],
        recorded=statuses["recorded"], mean_percent=sum(percents) / len(percents) if percents else None,
    )


def _most(counter: Counter[str], order: list[str], of: int, labels: Mapping[str, str]) -> Count | None:
    """The most frequent id of ``counter`` (the first in ``order`` on a tie), or None when none occurs."""
    present = [key for key in order if counter[key] > 0]
    if not present:
        return None
    top = max(present, key=lambda key: (counter[key], -order.index(key)))
    return Count(labels[top], counter[top], of, top)


def _single(exercise: SingleChoice, answers: list[Any]) -> dict[str, Any]:
    correct = exercise.correct_option.id
    counter = Counter(answer for answer in answers if answer != correct)
    labels = {str(option.id): option.text for option in exercise.options}
    return {"wrong_option": _most(counter, list(labels), len(answers), labels)}


def _multiple(exercise: MultipleChoice, answers: list[Any]) -> dict[str, Any]:
    labels = {str(option.id): option.text for option in exercise.options}
    right = [str(option.id) for option in exercise.options if exercise.is_correct(option)]
    wrong = [option_id for option_id in labels if option_id not in right]
    chosen = Counter(option_id for answer in answers for option_id in set(answer))
    missed = Counter({option_id: sum(1 for answer in answers if option_id not in answer) for option_id in right})
    return {
        "wrong_option": _most(chosen, wrong, len(answers), labels),
        "missed_option": _most(missed, right, len(answers), labels),
    }


def _ordering(exercise: Ordering, answers: list[Any]) -> dict[str, Any]:
    key = exercise.key
    labels = {item.id: item.text for item in exercise.items}
    misplaced = Counter(item for answer in answers for index, item in enumerate(answer) if key[index] != item)
    exact = sum(1 for answer in answers if list(answer) == key)
    return {"exact": Count("", exact, len(answers)), "misplaced": _most(misplaced, key, len(answers), labels)}


def _matching(exercise: Matching, answers: list[Any]) -> dict[str, Any]:
    right = {pair.id: pair.right for pair in exercise.pairs}
    order, labels = [], {}
    for pair in exercise.pairs:
        for other in exercise.pairs:
            if other.id != pair.id:
                ref = f"{pair.id}→{other.id}"
                order.append(ref)
                labels[ref] = f"{pair.left} → {right[other.id]}"
    wrong = Counter(f"{left}→{chosen}" for answer in answers for left, chosen in answer.items() if left != chosen)
    exact = sum(1 for answer in answers if all(answer.get(pair.id) == pair.id for pair in exercise.pairs))
    return {"exact": Count("", exact, len(answers)), "wrong_pair": _most(wrong, order, len(answers), labels)}


def _scenario(exercise: Scenario, answers: list[Any]) -> dict[str, Any]:
    reached = Counter(score(exercise, answer).ending for answer in answers)
    return {"endings": [Count(node.outcome or node.id, reached[node.id], len(answers), node.id)
                        for node in exercise.endings]}


def _likert(exercise: Likert, answers: list[Any]) -> dict[str, Any]:
    rows = []
    for statement in exercise.statements:
        counts = [0] * exercise.scale_length
        for answer in answers:
            value = answer.get(statement.id)
            if isinstance(value, int) and 1 <= value <= exercise.scale_length:
                counts[value - 1] += 1
        rows.append((statement.text, counts))
    return {"likert": rows}


PATTERNS: dict[type[Exercise], Callable[[Any, list[Any]], dict[str, Any]]] = {
    SingleChoice: _single,
    MultipleChoice: _multiple,
    Ordering: _ordering,
    Matching: _matching,
    Scenario: _scenario,
    Likert: _likert,
}
