"""Session results as pandas DataFrames, for analysis notebooks.

    from kit.analysis import analyse, load_responses

    responses = load_responses("data/responses.jsonl")          # every attempt, one row each
    results = analyse(responses, book="../exercises/first-slice.ipynb")
    results.scores          # one row per session, participant and exercise
    results.items           # item statistics (DESIGN §7), per session and exercise
    results.sessions        # test statistics, per session

This is the one module of kit that uses pandas; ``import kit`` does not load it. The figures are the
ones ``kit report`` writes (the same functions compute them); here numbers stay numbers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from kit.catalog import DEFAULT_PATHS, Catalog, load_catalog
from kit.errors import InputError
from kit.grades import read_grades
from kit.inputs import load_inputs
from kit.report.data import build_report
from kit.report.model import Report
from kit.responses import Key, Response
from kit.scoring.session import Row, score_responses

PathLike = str | os.PathLike[str]
RESPONSE_COLUMNS = ("session", "participant", "exercise", "answer", "submitted_at", "source")


def _paths(value: PathLike | Iterable[PathLike]) -> list[PathLike]:
    return [value] if isinstance(value, (str, os.PathLike)) else list(value)


def load_responses(*inputs: PathLike) -> pd.DataFrame:
    """Every attempt in JSON Lines files and/or stores, one row each, in reading order.

    ``submitted_at`` is a time-zone aware timestamp in UTC. Lines that could not be read are listed
    (as ``FILE:LINE: reason``) in ``frame.attrs["rejections"]``.
    """
    loaded = load_inputs(inputs)
    frame = pd.DataFrame(
        [(r.session, r.participant, r.exercise, r.answer, r.submitted_at, r.source) for r in loaded.responses],
        columns=list(RESPONSE_COLUMNS),
    )
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    frame.attrs["rejections"] = [str(rejection) for rejection in loaded.rejections]
    return frame


def _responses_of(frame: pd.DataFrame) -> list[Response]:
    missing = [column for column in RESPONSE_COLUMNS[:5] if column not in frame.columns]
    if missing:
        raise InputError("the responses frame lacks the columns " + ", ".join(missing)
                         + "; make it with kit.analysis.load_responses")
    sources = frame["source"] if "source" in frame.columns else [""] * len(frame)
    return [
        Response(str(s), str(p), str(e), a, pd.Timestamp(t).to_pydatetime(), str(src))
        for s, p, e, a, t, src in zip(frame["session"], frame["participant"], frame["exercise"], frame["answer"],
                                      frame["submitted_at"], sources, strict=True)
    ]


@dataclass
class Analysis:
    """Scored results of one or more sessions, with every table of the report as a DataFrame."""

    rows: list[Row]
    catalog: Catalog
    report: Report

    @cached_property
    def scores(self) -> pd.DataFrame:
        """One row per (session, participant, exercise): the latest attempt, scored."""
        records = []
        for row in self.rows:
            exercise = self.catalog.exercises.get(row.key[2])
            result = row.result
            records.append({
                "session": row.key[0], "participant": row.key[1], "exercise": row.key[2],
                "type": exercise.type if exercise else None, "status": result.status,
                "score": result.score if result.status == "scored" else None, "max_score": result.max_score,
                "attempts": row.attempts, "submitted_at": row.response.submitted_at, "reason": result.reason,
                "ending": result.ending, "answer": row.response.answer,
            })
        frame = pd.DataFrame.from_records(records, columns=[
            "session", "participant", "exercise", "type", "status", "score", "max_score", "attempts",
            "submitted_at", "reason", "ending", "answer"])
        frame["score"] = frame["score"].astype("float64")
        frame["max_score"] = frame["max_score"].astype("float64")
        frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
        return frame

    def _frame(self, records: Iterable[Any], columns: Sequence[str]) -> pd.DataFrame:
        return pd.DataFrame.from_records([asdict(record) for record in records], columns=list(columns))

    @property
    def items(self) -> pd.DataFrame:
        """Item statistics per session and exercise (facility, sd, discrimination, efficiency)."""
        return self._frame((item for s in self.report.sessions for item in s.items),
                           ("session", "exercise", "n", "facility", "sd", "discrimination", "efficiency"))

    @property
    def sessions(self) -> pd.DataFrame:
        """Test statistics per session (mean, median, sd, cic, error ratio, standard error)."""
        return self._frame((s.overall for s in self.report.sessions),
                           ("session", "n", "items", "mean", "median", "sd", "cic", "error_ratio",
                            "standard_error"))

    @property
    def participants(self) -> pd.DataFrame:
        """Each participant's total per session."""
        frame = self._frame((p for s in self.report.sessions for p in s.participants),
                            ("session", "participant", "total", "maximum", "answered", "pending", "invalid"))
        frame["percent"] = 100 * frame["total"] / frame["maximum"].where(frame["maximum"] > 0)
        return frame

    @property
    def waiting(self) -> pd.DataFrame:
        """Written answers still waiting for a grade, with the criteria that lack one."""
        return self._frame((w for s in self.report.sessions for w in s.waiting),
                           ("session", "participant", "exercise", "title", "reason", "answer"))

    @property
    def options(self) -> pd.DataFrame:
        """How often each option of the choice exercises was chosen (share in % of valid answers)."""
        records = [
            {"session": e.session, "exercise": e.exercise, "option": o.id, "text": o.text, "correct": o.correct,
             "weight": o.weight, "chosen": o.count, "share": o.share,
             "popular_wrong": e.popular_wrong is not None and e.popular_wrong.id == o.id}
            for s in self.report.sessions for e in s.exercises for o in e.options
        ]
        return pd.DataFrame.from_records(records, columns=[
            "session", "exercise", "option", "text", "correct", "weight", "chosen", "share", "popular_wrong"])

    def _tallies(self, attribute: str, columns: Sequence[str]) -> pd.DataFrame:
        records = [
            {"session": e.session, "exercise": e.exercise, "label": t.label, "detail": t.detail, "kind": t.kind,
             "count": t.count, "share": t.share}
            for s in self.report.sessions for e in s.exercises for t in getattr(e, attribute)
        ]
        return pd.DataFrame.from_records(records, columns=list(columns))

    @property
    def errors(self) -> pd.DataFrame:
        """Ordering and matching errors, most frequent first within each exercise."""
        return self._tallies("errors", ("session", "exercise", "label", "detail", "kind", "count", "share"))

    @property
    def endings(self) -> pd.DataFrame:
        """Scenario endings reached (``detail`` is the node id; ``kind`` "correct" marks the best one)."""
        return self._tallies("endings", ("session", "exercise", "label", "detail", "kind", "count", "share"))

    @property
    def paths(self) -> pd.DataFrame:
        """Scenario paths taken, most common first (``detail`` holds the choice ids)."""
        return self._tallies("paths", ("session", "exercise", "label", "detail", "kind", "count", "share"))

    @property
    def likert(self) -> pd.DataFrame:
        """Likert answers per statement and scale point, reverse statements flipped."""
        records = [
            {"session": e.session, "exercise": e.exercise, "statement": row.statement, "text": row.text,
             "reverse": row.reverse, "value": value,
             "label": e.scale[value - 1] if value <= len(e.scale) else "", "count": count}
            for s in self.report.sessions for e in s.exercises for row in e.likert
            for value, count in enumerate(row.counts, start=1)
        ]
        return pd.DataFrame.from_records(records, columns=[
            "session", "exercise", "statement", "text", "reverse", "value", "label", "count"])

    def write_report(self, path: PathLike) -> list[Path]:
        """Write the HTML report and its CSV tables, as ``kit report`` does; return the files written."""
        from kit.report.html import report_html
        from kit.report.tables import write_tables

        target = Path(path)
        target.write_text(report_html(self.report), encoding="utf-8")
        return [target, *write_tables(self.report, target)]


def analyse(
    responses: pd.DataFrame | PathLike | Iterable[PathLike],
    book: PathLike | Iterable[PathLike] = DEFAULT_PATHS,
    grades: PathLike | None = None,
) -> Analysis:
    """Score responses (a frame from :func:`load_responses`, or files) against the exercises in ``book``."""
    books = _paths(book)
    for path in books:
        if not Path(path).exists():
            raise InputError(f"book {path}: no such file or folder")
    catalog = load_catalog(books)
    if isinstance(responses, pd.DataFrame):
        attempts = _responses_of(responses)
        rejections: list[Any] = list(responses.attrs.get("rejections", []))
        lines = len(attempts) + len(rejections)
    else:
        loaded = load_inputs(_paths(responses), every_attempt=False)
        attempts, rejections, lines = loaded.latest, list(loaded.rejections), loaded.lines  # type: ignore[assignment]
    points: dict[Key, dict[str, float]] = {}
    if grades is not None:
        read = read_grades(grades, catalog.exercises)
        points, rejections = read.points, rejections + read.rejections
    rows = score_responses(attempts, catalog.exercises, points)
    return Analysis(rows, catalog, build_report(rows, catalog, lines, rejections, points))
