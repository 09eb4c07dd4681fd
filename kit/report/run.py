"""``kit report``: read, score, build the report, write the HTML page and its CSV tables."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kit.errors import InputError
from kit.i18n import english_count as count
from kit.inputs import track
from kit.outputs import check_output
from kit.report.data import build_report
from kit.report.html import report_html, write_report_html
from kit.report.model import Report
from kit.report.spool import SessionSpool
from kit.report.tables import TableWriter, write_tables
from kit.scoring.load import ScoringInputs, load_scoring_inputs
from kit.scoring.session import iter_scores
from kit.store.location import is_database_url


def run_report(
    inputs: Iterable[str | os.PathLike[str]],
    books: Iterable[str | os.PathLike[str]],
    grades: str | os.PathLike[str] | None,
    output: str | os.PathLike[str],
    say: Callable[[str], None] = print,
) -> int:
    """Write the report; return the exit status of DESIGN §7 (0 all valid, 1 some rejected or invalid).

    InputError when an argument cannot be used at all (exit status 2).
    """
    target = check_output(output, example="report.html")
    inputs = list(inputs)
    # one PostgreSQL store: the database picks the latest attempts; read a session at a time (kit.store.aggregate)
    url = str(inputs[0]) if len(inputs) == 1 and is_database_url(str(inputs[0])) else None
    data = load_scoring_inputs([] if url else inputs, books, grades, every_attempt=False)
    for problem in data.book_problems:
        say(str(problem))
    for rejection in data.rejections:
        say(str(rejection))
    if url:
        with _writing(output):  # the report is written while the store is read
            report, statuses, tables = _store_report(url, data, target, say)
    else:
        rows = list(track(iter_scores(data.latest, data.catalog.exercises, data.grades), len(data.latest), "scoring"))
        report = build_report(rows, data.catalog, data.lines, data.rejections, data.grades)
        statuses = Counter(row.result.status for row in rows)
        with _writing(output):
            # encoded before the file is opened: a failure never leaves an empty report behind
            target.write_bytes(report_html(report).encode("utf-8"))
            tables = write_tables(report, target)
    say(
        f"kit report: {count(data.lines, 'response', 'responses')} read, {len(data.rejections)} rejected; "
        f"{count(len(report.sessions), 'session', 'sessions')}, {count(statuses.total(), 'result', 'results')} "
        f"({statuses['invalid']} invalid, {statuses['pending']} waiting for a grade); "
        f"written to {target} and {count(len(tables), 'CSV table', 'CSV tables')} beside it ({tables[0].name}, …)"
    )
    return 1 if data.rejections or statuses["invalid"] else 0


@contextmanager
def _writing(output: str | os.PathLike[str]) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise InputError(f"-o {output}: cannot write the report ({error.strerror or error})") from None


def _store_report(url: str, data: ScoringInputs, target: Path, say: Callable[[str], None]
                  ) -> tuple[Report, Counter[str], list[Path]]:
    """A store's report, streamed: each session's CSV rows are written and its report spooled to disk as
    soon as it is built, then the page is drawn reading one session back at a time (flat memory)."""
    from kit.store.aggregate import store_report

    with TableWriter(target) as tables, SessionSpool(target.parent, also=tables.add) as spool:
        report, statuses = store_report(url, data, say, sessions=spool)
        write_report_html(report, target)
    return report, statuses, tables.paths
