"""Score whole response sets: the latest attempt of each participant on each exercise."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO

from kit.models import Exercise
from kit.responses import Key, Response, latest_attempts
from kit.scoring.result import Result
from kit.scoring.rules import score

COLUMNS = ("session", "participant", "exercise", "status", "score", "max_score", "attempts", "submitted_at",
           "reason")


@dataclass(frozen=True)
class Row:
    key: Key
    result: Result
    attempts: int
    response: Response


def score_responses(
    responses: Iterable[Response],
    exercises: Mapping[str, Exercise],
    grades: Mapping[Key, Mapping[str, float]] | None = None,
) -> list[Row]:
    """One row per (session, participant, exercise), sorted, scored from its latest attempt."""
    rows = []
    for key, (response, attempts) in sorted(latest_attempts(responses).items()):
        exercise = exercises.get(key[2])
        if exercise is None:
            result = Result("invalid", None, None, f"unknown exercise '{key[2]}'")
        else:
            result = score(exercise, response.answer, (grades or {}).get(key))
        rows.append(Row(key, result, attempts, response))
    return rows


def format_number(value: float | None) -> str:
    """At most four decimals, no trailing zeros: 0.6667, 1, 0.5 (DESIGN §6)."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_scores(rows: Iterable[Row], handle: IO[str]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        result = row.result
        writer.writerow(
            [
                *row.key,
                result.status,
                format_number(result.score) if result.status == "scored" else "",
                format_number(result.max_score),
                row.attempts,
                row.response.submitted_at.isoformat(),
                result.reason,
            ]
        )
