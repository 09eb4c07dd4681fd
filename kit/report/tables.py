"""The report's tables as CSV files beside the HTML (UTF-8 with a byte-order mark, for spreadsheets).

``REPORT-items.csv`` and ``REPORT-test.csv`` are the item statistics contract of DESIGN §7; the other
tables repeat what the HTML shows, one row per figure.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from kit.csvcells import guard_row
from kit.report.model import Report, SessionReport
from kit.report.stats import ITEM_COLUMNS, TEST_COLUMNS
from kit.scoring.session import format_number

Cells = list[Any]
Table = tuple[tuple[str, ...], Callable[[SessionReport], Iterable[Cells]]]


def _n(value: float | None) -> str:
    return format_number(value)


def _items(session: SessionReport) -> Iterator[Cells]:
    for item in session.items:
        yield [item.session, item.exercise, item.n, _n(item.facility), _n(item.sd), _n(item.discrimination),
               _n(item.efficiency)]


def _test(session: SessionReport) -> Iterator[Cells]:
    o = session.overall
    yield [o.session, o.n, o.items, _n(o.mean), _n(o.median), _n(o.sd), _n(o.cic), _n(o.error_ratio),
           _n(o.standard_error)]


def _exercises(session: SessionReport) -> Iterator[Cells]:
    for e in session.exercises:
        wrong = e.popular_wrong
        yield [e.session, e.exercise, e.title if e.known else "", e.type, e.answered,
               *(e.statuses.get(status, 0) for status in ("scored", "pending", "recorded", "invalid")),
               _n(e.mean_score), _n(e.max_score), wrong.id if wrong else "", wrong.count if wrong else ""]


def _scores(session: SessionReport) -> Iterator[Cells]:
    for e in session.exercises:
        for tally in e.scores:
            yield [e.session, e.exercise, tally.label, tally.count, _n(tally.share)]


def _options(session: SessionReport) -> Iterator[Cells]:
    for e in session.exercises:
        for option in e.options:
            yield [e.session, e.exercise, option.id, option.text, "yes" if option.correct else "no",
                   _n(option.weight), option.count, _n(option.share)]


def _errors(session: SessionReport) -> Iterator[Cells]:
    for e in session.exercises:
        for tally in e.errors:
            yield [e.session, e.exercise, tally.kind, tally.label, tally.detail, tally.count, _n(tally.share)]


def _endings(session: SessionReport) -> Iterator[Cells]:
    for e in session.exercises:
        for tally in e.endings:
            yield [e.session, e.exercise, tally.detail, tally.label, tally.count, _n(tally.share),
                   "yes" if tally.kind == "correct" else "no"]


def _paths(session: SessionReport) -> Iterator[Cells]:
    for e in session.exercises:
        for tally in e.paths:
            yield [e.session, e.exercise, tally.detail, tally.label, tally.count, _n(tally.share),
                   "yes" if tally.kind == "correct" else "no"]


def _likert(session: SessionReport) -> Iterator[Cells]:
    for e in session.exercises:
        for row in e.likert:
            for value, count in enumerate(row.counts, start=1):
                yield [e.session, e.exercise, row.statement, row.text, "yes" if row.reverse else "no", value,
                       e.scale[value - 1] if value <= len(e.scale) else "", count]


def _participants(session: SessionReport) -> Iterator[Cells]:
    for p in session.participants:
        yield [p.session, p.participant, _n(p.total), _n(p.maximum), _n(p.percent), p.answered, p.pending,
               p.invalid]


def _waiting(session: SessionReport) -> Iterator[Cells]:
    for w in session.waiting:
        yield [w.session, w.participant, w.exercise, w.title, w.reason, w.answer]


def _unscored(session: SessionReport) -> Iterator[Cells]:
    for u in session.unscored:
        yield [u.session, u.participant, u.exercise, u.reason]


TABLES: dict[str, Table] = {
    "items": (ITEM_COLUMNS, _items),
    "test": (TEST_COLUMNS, _test),
    "exercises": (("session", "exercise", "title", "type", "answered", "scored", "pending", "recorded", "invalid",
                   "mean_score", "max_score", "popular_wrong_option", "popular_wrong_count"), _exercises),
    "scores": (("session", "exercise", "score", "count", "share"), _scores),
    "options": (("session", "exercise", "option", "text", "correct", "weight", "chosen", "share"), _options),
    "errors": (("session", "exercise", "kind", "first", "second", "count", "share"), _errors),
    "endings": (("session", "exercise", "ending", "outcome", "count", "share", "best"), _endings),
    "paths": (("session", "exercise", "path", "choices", "count", "share", "best"), _paths),
    "likert": (("session", "exercise", "statement", "text", "reverse", "value", "label", "count"), _likert),
    "participants": (("session", "participant", "total", "maximum", "percent", "answered", "pending", "invalid"),
                     _participants),
    "waiting": (("session", "participant", "exercise", "title", "waiting_for", "answer"), _waiting),
    "unscored": (("session", "participant", "exercise", "reason"), _unscored),
}


def table_rows(report: Report, name: str) -> tuple[tuple[str, ...], list[Cells]]:
    """The columns and rows of one table, as written to its CSV (numbers already formatted)."""
    columns, rows = TABLES[name]
    return columns, [list(row) for session in report.sessions for row in rows(session)]


def base_path(output: str | Path) -> Path:
    """REPORT for REPORT.html (or REPORT.htm); the whole name for any other suffix."""
    path = Path(output)
    return path.with_suffix("") if path.suffix.lower() in (".html", ".htm") else path


def table_path(output: str | Path, name: str) -> Path:
    base = base_path(output)
    return base.with_name(f"{base.name}-{name}.csv")


class TableWriter:
    """Every table's CSV beside ``output``, open together and filled one session at a time (``add``),
    so that a report of any number of sessions is written without holding them all."""

    def __init__(self, output: str | Path):
        self.paths = [table_path(output, name) for name in TABLES]
        self._handles: list[IO[str]] = []
        self._writers: list[tuple[Callable[[SessionReport], Iterable[Cells]], Any]] = []
        try:
            for path, (columns, rows) in zip(self.paths, TABLES.values(), strict=True):
                handle = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
                self._handles.append(handle)
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                self._writers.append((rows, writer))
        except BaseException:
            self.close()
            raise

    def add(self, session: SessionReport) -> None:
        for rows, writer in self._writers:
            # sessions, pseudonyms and option texts are typed by people: no formula in a spreadsheet
            writer.writerows(guard_row(row) for row in rows(session))

    def close(self) -> None:
        for handle in self._handles:
            handle.close()
        self._handles = []

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def write_tables(report: Report, output: str | Path) -> list[Path]:
    """Write every table beside ``output``; return the paths written."""
    with TableWriter(output) as tables:
        for session in report.sessions:
            tables.add(session)
    return tables.paths
