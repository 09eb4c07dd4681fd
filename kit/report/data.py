"""A session report as data: pure functions from scored rows and the catalog to a Report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import groupby
from typing import Any

from kit.catalog import Catalog
from kit.report.exercises import summarise
from kit.report.model import ParticipantTotal, Report, SessionReport, Unscored, Waiting
from kit.report.stats import item_statistics, mark_tables, overall_statistics
from kit.responses import Key
from kit.scoring.session import Row

EXCERPT = 600  # characters of a waiting answer shown in the report


def dominant_language(exercise_ids: Iterable[str], languages: Mapping[str, str]) -> str:
    """The language of more than half of the exercises, else English."""
    counts = Counter(languages[exercise_id] for exercise_id in set(exercise_ids) if exercise_id in languages)
    if counts:
        language, count = counts.most_common(1)[0]
        if 2 * count > sum(counts.values()):
            return language
    return "en"


def answer_text(answer: Any) -> str:
    """A written answer as one text: free text as it is, a case discussion dimension by dimension."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, dict):
        return "\n".join(f"{key}: {value}" for key, value in answer.items())
    return str(answer)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _participants(session: str, rows: Sequence[Row], maximum: float,
                  known: Mapping[str, Any]) -> list[ParticipantTotal]:
    totals = []
    # one pass over each participant's rows: this runs for every participant of a whole programme
    for participant, own in groupby(rows, key=lambda row: row.key[1]):
        total: float = 0  # as sum() starts: the same additions in the same order, the same figure
        answered, pending, invalid = 0, 0, 0
        for row in own:
            status = row.result.status
            if row.key[2] in known:
                answered += 1
                if status == "scored":
                    total += row.result.score or 0.0
            if status == "pending":
                pending += 1
            elif status == "invalid":
                invalid += 1
        totals.append(ParticipantTotal(session, participant, total, maximum, answered, pending, invalid))
    return totals


def waiting_for(exercise: Any, grades: Mapping[str, float] | None) -> str:
    """The rubric criteria of a written answer that have no grade yet."""
    given = grades or {}
    return ", ".join(criterion.criterion for criterion in exercise.rubric if criterion.id not in given)


def module_titles(exercise_ids: Iterable[str], catalog: Catalog) -> list[str]:
    """The titles of the modules that hold any of ``exercise_ids``, in the catalog's order."""
    wanted = set(exercise_ids)
    return [module.title for module in catalog.modules
            if any(cell.exercise_id in wanted for cell in module.exercises)]


def answer_days(rows: Iterable[Row]) -> tuple[date, date] | None:
    days = [row.response.submitted_at.date() for row in rows]
    return (min(days), max(days)) if days else None


def session_report(session: str, rows: Sequence[Row], catalog: Catalog, language: str,
                   grades: Mapping[Key, Mapping[str, float]] | None = None) -> SessionReport:
    """The report of one session from its rows."""
    rows = sorted(rows, key=lambda row: row.key)
    exercises = catalog.exercises
    order = {exercise_id: index for index, exercise_id in enumerate(exercises)}
    by_exercise: dict[str, list[Row]] = {}
    for row in rows:
        by_exercise.setdefault(row.key[2], []).append(row)
    # exercises in the order of the notebooks, unknown ids last
    ids = sorted(by_exercise, key=lambda exercise_id: (order.get(exercise_id, len(order)), exercise_id))
    table = mark_tables(rows, exercises)[0]
    items = item_statistics(table)
    by_item = {item.exercise: item for item in items}
    reports = []
    for exercise_id in ids:
        # an exercise's default Likert scale is the one its participants saw: its notebook's language
        report = summarise(session, exercise_id, exercises.get(exercise_id), by_exercise[exercise_id],
                           catalog.language.get(exercise_id, language))
        report.item = by_item.get(exercise_id)
        reports.append(report)
    maximum = sum(exercises[exercise_id].max_score for exercise_id in ids if exercise_id in exercises)
    waiting = [
        Waiting(session, row.key[1], row.key[2], exercises[row.key[2]].title,
                waiting_for(exercises[row.key[2]], (grades or {}).get(row.key)),
                excerpt(answer_text(row.response.answer)))
        for row in rows if row.result.status == "pending"
    ]
    unscored = [Unscored(session, row.key[1], row.key[2], row.result.reason)
                for row in rows if row.result.status == "invalid"]
    return SessionReport(session, _participants(session, rows, maximum, exercises), reports, waiting, unscored,
                         items, overall_statistics(table), module_titles(ids, catalog), answer_days(rows))


def build_report(rows: Iterable[Row], catalog: Catalog, lines: int = 0, rejections: Sequence[object] = (),
                 grades: Mapping[Key, Mapping[str, float]] | None = None) -> Report:
    """The whole report: one section per session, in the dominant language of the exercises."""
    rows = list(rows)
    language = dominant_language((row.key[2] for row in rows), catalog.language)
    sessions = [
        session_report(session, list(group), catalog, language, grades)
        for session, group in groupby(sorted(rows, key=lambda row: row.key), key=lambda row: row.key[0])
    ]
    return Report(language, sessions, lines, len(rejections), [str(rejection) for rejection in rejections])
