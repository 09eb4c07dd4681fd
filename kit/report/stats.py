"""Item and test statistics of DESIGN §7, as Moodle's quiz statistics define them: pure functions.

Per session, rows are the participants with at least one response and items are the automatically
scored exercises that at least one of them answered. A mark is the score of the latest attempt (0
when there is none or it is invalid); X is a participant's total and X_i = X − x_i.

The moments are computed exactly: every mark is a float, that is an integer over a power of two, so
the marks of a session are scaled to integers over one common power of two and all sums of squares
and products are integers. A variance that is 0 in theory is then 0 in practice too, and "empty where
a denominator is 0" never turns into a huge number divided by a rounding error.

As in Moodle, the facility and the mean need one participant, everything built on sample moments
(N − 1 in the denominator) needs two, and cic needs two items.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from kit.models import Exercise
from kit.scoring.session import Row

ITEM_COLUMNS = ("session", "exercise", "n", "facility", "sd", "discrimination", "efficiency")
TEST_COLUMNS = ("session", "n", "items", "mean", "median", "sd", "cic", "error_ratio", "standard_error")


@dataclass(frozen=True)
class MarkTable:
    """The marks of one session: ``marks[p][i]`` of participant p on item i."""

    session: str
    participants: tuple[str, ...]
    items: tuple[str, ...]
    maxima: tuple[float, ...]
    marks: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class ItemStatistics:
    session: str
    exercise: str
    n: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None


@dataclass(frozen=True)
class OverallStatistics:
    session: str
    n: int
    items: int
    mean: float | None
    median: float | None
    sd: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


def mark_tables(rows: Iterable[Row], exercises: Mapping[str, Exercise]) -> list[MarkTable]:
    """One table per session (sorted), from scored rows (any order)."""
    people: dict[str, set[str]] = {}
    marks: dict[str, dict[tuple[str, str], float]] = {}
    answered: dict[str, set[str]] = {}
    for row in rows:
        session, participant, exercise_id = row.key
        people.setdefault(session, set()).add(participant)
        exercise = exercises.get(exercise_id)
        if exercise is None or not exercise.auto_scored:
            continue
        answered.setdefault(session, set()).add(exercise_id)
        if row.result.status == "scored" and row.result.score is not None:
            marks.setdefault(session, {})[(participant, exercise_id)] = row.result.score
    tables = []
    for session in sorted(people):
        participants = tuple(sorted(people[session]))
        items = tuple(sorted(answered.get(session, ())))
        given = marks.get(session, {})
        tables.append(
            MarkTable(
                session,
                participants,
                items,
                tuple(exercises[item].max_score for item in items),
                tuple(tuple(given.get((p, item), 0.0) for item in items) for p in participants),
            )
        )
    return tables


def _scaled(values: Iterable[float]) -> tuple[list[int], int]:
    """Integers and one common denominator (a power of two) that represent the floats exactly."""
    ratios = [float(value).as_integer_ratio() for value in values]
    denominator = max((d for _, d in ratios), default=1)
    return [n * (denominator // d) for n, d in ratios], denominator


def _comoment(xs: Sequence[int], ys: Sequence[int]) -> int:
    """N·Σxy − Σx·Σy: the sample covariance times N·(N − 1), exactly."""
    return len(xs) * sum(x * y for x, y in zip(xs, ys, strict=True)) - sum(xs) * sum(ys)


def _percent(part: Fraction | None, whole: float) -> float | None:
    return None if part is None or whole == 0 else float(100 * part / Fraction(whole))


def item_statistics(table: MarkTable) -> list[ItemStatistics]:
    n = len(table.participants)
    flat, scale = _scaled(mark for marks in table.marks for mark in marks)
    width = len(table.items)
    columns = [flat[i::width] for i in range(width)] if width else []
    totals = [sum(flat[p * width:(p + 1) * width]) for p in range(n)]
    statistics = []
    for i, item in enumerate(table.items):
        x = columns[i]
        rest = [total - mark for total, mark in zip(totals, x, strict=True)]
        maximum = table.maxima[i]
        facility = _percent(Fraction(sum(x), n * scale), maximum) if n else None
        sd = discrimination = efficiency = None
        if n >= 2:
            var_x, var_rest, cov = _comoment(x, x), _comoment(rest, rest), _comoment(x, rest)
            # var_x and friends are N(N−1)·scale² times the sample moments; the factor cancels in ratios
            sd = 100 * math.sqrt(var_x / (n * (n - 1))) / scale / maximum
            if var_x and var_rest:
                discrimination = 100 * cov / (math.sqrt(var_x) * math.sqrt(var_rest))
            cov_max = _comoment(sorted(x), sorted(rest))
            if cov_max:
                efficiency = float(Fraction(100 * cov, cov_max))
        statistics.append(ItemStatistics(table.session, item, n, facility, sd, discrimination, efficiency))
    return statistics


def overall_statistics(table: MarkTable) -> OverallStatistics:
    n, p = len(table.participants), len(table.items)
    if not p or not n:
        return OverallStatistics(table.session, n, p, None, None, None, None, None, None)
    flat, scale = _scaled(mark for marks in table.marks for mark in marks)
    totals = [sum(flat[k * p:(k + 1) * p]) for k in range(n)]
    whole = sum(table.maxima)
    mean = _percent(Fraction(sum(totals), n * scale), whole)
    ordered = sorted(totals)
    middle = Fraction(ordered[n // 2] + ordered[(n - 1) // 2], 2 * scale)
    median = _percent(middle, whole)
    sd = cic = error_ratio = standard_error = None
    if n >= 2:
        var_total = _comoment(totals, totals)
        sd = 100 * math.sqrt(var_total / (n * (n - 1))) / scale / whole
        if p >= 2 and var_total:
            item_variances = sum(_comoment(flat[i::p], flat[i::p]) for i in range(p))
            consistency = 100 * Fraction(p, p - 1) * (1 - Fraction(item_variances, var_total))
            cic = float(consistency)
            # var X ≤ P·Σ var x_i (Cauchy–Schwarz), so cic ≤ 100 and, computed exactly, the root is
            # real; the guard keeps "empty, not an error" should that ever change
            remainder = 1 - consistency / 100
            if remainder >= 0:
                error_ratio = 100 * math.sqrt(remainder)
                standard_error = error_ratio / 100 * sd
    return OverallStatistics(table.session, n, p, mean, median, sd, cic, error_ratio, standard_error)


def session_statistics(
    rows: Iterable[Row], exercises: Mapping[str, Exercise]
) -> tuple[list[ItemStatistics], list[OverallStatistics]]:
    """Item and test statistics of every session, sorted by session (and exercise id)."""
    items: list[ItemStatistics] = []
    tests: list[OverallStatistics] = []
    for table in mark_tables(rows, exercises):
        items += item_statistics(table)
        tests.append(overall_statistics(table))
    return items, tests
