"""Grades for person-scored exercises, from CSV: ``session,participant,exercise,criterion,points``."""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from kit.csvread import csv_reason, csv_rows, read_csv_text
from kit.models import Exercise
from kit.responses import Key, Rejection

COLUMNS = ("session", "participant", "exercise", "criterion", "points")


@dataclass
class Grades:
    points: dict[Key, dict[str, float]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)

    def for_key(self, key: Key) -> dict[str, float] | None:
        return self.points.get(key)


def read_grades(path: str | os.PathLike[str], exercises: Mapping[str, Exercise]) -> Grades:
    """Read a grades CSV; rows naming an unknown exercise or criterion, or bad points, are rejected.

    Points above a criterion's maximum are kept here and capped when scoring; for the same criterion
    the row read last wins.
    """
    name = str(path)
    grades = Grades()
    text = read_csv_text(path, "--grades", "the grades as a CSV file")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        grades.rejections.append(Rejection(name, 1, csv_reason(error)))
        return grades
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        grades.rejections.append(
            Rejection(name, 1, "the header lacks the columns " + ", ".join(missing)
                      + "; the first line must be: " + ",".join(COLUMNS))
        )
        return grades
    for row in csv_rows(reader, name, grades.rejections):
        line = reader.line_num
        reason = _check_row(row, exercises)
        if reason:
            grades.rejections.append(Rejection(name, line, reason))
            continue
        key = (row["session"], row["participant"], row["exercise"])
        grades.points.setdefault(key, {})[row["criterion"]] = float(row["points"])
    return grades


def _check_row(row: dict[str, str | None], exercises: Mapping[str, Exercise]) -> str | None:
    if any(row.get(column) is None for column in COLUMNS):
        return "the row has fewer columns than the header"
    exercise = exercises.get(row["exercise"] or "")
    if exercise is None:
        return f"unknown exercise '{row['exercise']}'"
    rubric = getattr(exercise, "rubric", None)
    if rubric is None:
        return f"exercise '{exercise.id}' is scored automatically ({exercise.type}); it takes no grades"
    criteria = [criterion.id for criterion in rubric]
    if row["criterion"] not in criteria:
        return f"unknown criterion '{row['criterion']}' of '{exercise.id}'; criteria: {', '.join(criteria)}"
    try:
        points = float(row["points"] or "")
    except ValueError:
        return f"points {row['points']!r} is not a number"
    if not math.isfinite(points) or points < 0:
        return f"points must be a number of 0 or more (got {row['points']})"
    return None
