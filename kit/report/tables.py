"""The report's tables as CSV files beside the HTML (UTF-8 with a byte-order mark, for spreadsheets).

``REPORT-items.csv`` and ``REPORT-test.csv`` are the item statistics contract of DESIGN §7; the other
tables repeat what the HTML shows, one row per figure.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kit.report.model import Report
from kit.report.stats import ITEM_COLUMNS, TEST_COLUMNS
from kit.scoring.session import format_number

Cells = list[Any]
Table = tuple[tuple[str, ...], Callable[[Report], Iterable[Cells]]]
# tables whose texts are copied as they are (contract files); elsewhere a text that a spreadsheet
# would run as a formula is prefixed with an apostrophe
CONTRACT = ("items", "test")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _n(value: float | None) -> str:
    return format_number(value)


def _items(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for item in session.items:
            yield [item.session, item.exercise, item.n, _n(item.facility), _n(item.sd), _n(item.discrimination),
                   _n(item.efficiency)]


def _test(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        o = session.overall
        yield [o.session, o.n, o.items, _n(o.mean), _n(o.median), _n(o.sd), _n(o.cic), _n(o.error_ratio),
               _n(o.standard_error)]


def _exercises(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for e in session.exercises:
            wrong = e.popular_wrong
            yield [e.session, e.exercise, e.title if e.known else "", e.type, e.answered,
                   *(e.statuses.get(status, 0) for status in ("scored", "pending", "recorded", "invalid")),
                   _n(e.mean_score), _n(e.max_score), wrong.id if wrong else "", wrong.count if wrong else ""]


def _scores(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for e in session.exercises:
            for tally in e.scores:
                yield [e.session, e.exercise, tally.label, tally.count, _n(tally.share)]


def _options(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for e in session.exercises:
            for option in e.options:
                yield [e.session, e.exercise, option.id, option.text, "yes" if option.correct else "no",
                       _n(option.weight), option.count, _n(option.share)]


def _errors(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for e in session.exercises:
            for tally in e.errors:
                yield [e.session, e.exercise, tally.kind, tally.label, tally.detail, tally.count, _n(tally.share)]


def _endings(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for e in session.exercises:
            for tally in e.endings:
                yield [e.session, e.exercise, tally.detail, tally.label, tally.count, _n(tally.share),
                       "yes" if tally.kind == "correct" else "no"]


def _paths(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for e in session.exercises:
            for tally in e.paths:
                yield [e.session, e.exercise, tally.detail, tally.label, tally.count, _n(tally.share),
                       "yes" if tally.kind == "correct" else "no"]


def _likert(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for e in session.exercises:
            for row in e.likert:
                for value, count in enumerate(row.counts, start=1):
                    yield [e.session, e.exercise, row.statement, row.text, "yes" if row.reverse else "no", value,
                           e.scale[value - 1] if value <= len(e.scale) else "", count]


def _participants(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for p in session.participants:
            yield [p.session, p.participant, _n(p.total), _n(p.maximum), _n(p.percent), p.answered, p.pending,
                   p.invalid]


def _waiting(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
        for w in session.waiting:
            yield [w.session, w.participant, w.exercise, w.title, w.reason, w.answer]


def _unscored(report: Report) -> Iterator[Cells]:
    for session in report.sessions:
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
    return columns, [list(row) for row in rows(report)]


def _safe(cell: Any) -> Any:
    """Keep a spreadsheet from running participant text as a formula (numbers stay numbers)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def base_path(output: str | Path) -> Path:
    """REPORT for REPORT.html (or REPORT.htm); the whole name for any other suffix."""
    path = Path(output)
    return path.with_suffix("") if path.suffix.lower() in (".html", ".htm") else path


def table_path(output: str | Path, name: str) -> Path:
    base = base_path(output)
    return base.with_name(f"{base.name}-{name}.csv")


def write_tables(report: Report, output: str | Path) -> list[Path]:
    """Write every table beside ``output``; return the paths written."""
    written = []
    for name in TABLES:
        columns, rows = table_rows(report, name)
        path = table_path(output, name)
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(row if name in CONTRACT else [_safe(cell) for cell in row])
        written.append(path)
    return written
