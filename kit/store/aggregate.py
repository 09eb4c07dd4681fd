"""Scores and item statistics straight from a store: ``kit report`` over a whole programme's database.

Reading every attempt into memory (what ``kit score`` does with files) does not scale to a national
programme's million answers. Here the database does the heavy part:

- it picks the attempt that counts per (session, participant, exercise) with a window function
  (latest ``submitted_utc``, an instant in UTC that sorts as text; on a tie the row stored last,
  the highest id: DESIGN §6's rule) and counts the attempts in the same pass. The index of
  revision 0003 holds the rows in exactly that order, so nothing is sorted;
- it hands the results back ordered by session (by code point, as Python orders them), through a
  server-side cursor on PostgreSQL, so Python holds one session at a time: memory stays flat
  whatever the number of sessions;
- for the item statistics of DESIGN §7 on PostgreSQL it goes further (``mark_tables``): the
  distinct answers of the automatically scored exercises come back grouped (a few hundred, not a
  million), Python scores each once, and the database returns one row per participant with the
  marks of their items, grouped in SQL. SQLite files take the streamed path.

The statistics themselves are kit.report.stats' pure functions over the same mark tables, so the
numbers equal those of the in-memory path (tests/test_postgres_aggregate.py checks both agree).

A row changed outside kit so that it cannot be read (broken JSON, a time without zone) is reported
when it is the attempt that counts, and the grouped statistics count it as an invalid answer;
``kit score`` on the store reports every such row and skips it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from itertools import groupby
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, bindparam, case, func, literal, select, text

from kit.models import Exercise
from kit.responses import Key, Rejection, Response, parse_record
from kit.scoring.result import Result
from kit.scoring.session import Row, Scorer
from kit.store.schema import responses
from kit.store.sql import STREAM_ROWS, Store

if TYPE_CHECKING:
    from kit.report.model import Report
    from kit.report.spool import SessionSpool
    from kit.report.stats import ItemStatistics, MarkTable, OverallStatistics
    from kit.scoring.load import ScoringInputs

CACHE_LIMIT = 200_000  # distinct (exercise, answer) texts remembered; beyond, they are parsed again


def latest_attempts(connection: Connection, answers_of: list[str] | None = None) -> Select:
    """The attempt that counts per key, with the number of attempts, sorted by key (code point order).

    ``answers_of``: send the answer only for these exercises (NULL for the others), when the caller
    needs no more.
    """
    key = [_ordered(connection, column) for column in (responses.c.session, responses.c.participant,
                                                       responses.c.exercise)]
    answer = responses.c.answer
    if answers_of is not None:
        answer = case((responses.c.exercise.in_(bindparam("items", answers_of, expanding=True)), answer),
                      else_=literal(None))
    # one window for both (the whole partition as the frame), so the database computes them in one pass
    window = {"partition_by": key, "order_by": (responses.c.submitted_utc.desc(), responses.c.id.desc()),
              "rows": (None, None)}
    ranked = select(
        responses.c.id, responses.c.session, responses.c.participant, responses.c.exercise,
        answer.label("answer"), responses.c.submitted_at,
        func.row_number().over(**window).label("rank"), func.count().over(**window).label("attempts"),
    ).subquery("ranked")
    return select(ranked.c.id, ranked.c.session, ranked.c.participant, ranked.c.exercise, ranked.c.answer,
                  ranked.c.submitted_at, ranked.c.attempts).where(ranked.c.rank == 1).order_by(
        *(_ordered(connection, ranked.c[name]) for name in ("session", "participant", "exercise")))


def _ordered(connection: Connection, column: Any) -> Any:
    """The column compared as code points: PostgreSQL's "C" collation (a no-op on a store at revision 0003)."""
    return column.collate("C") if connection.dialect.name == "postgresql" else column


class StoreRows:
    """The scored attempts that count in a store, one session at a time (``sessions()``).

    ``lines`` (every stored attempt) and ``rejections`` fill in as the sessions are read.
    """

    def __init__(self, store: Store, exercises: Mapping[str, Exercise],
                 grades: Mapping[Key, Mapping[str, float]] | None = None):
        self.store = store
        self.exercises = exercises
        self.grades = grades or {}
        self.scorer = Scorer(exercises, grades)
        self.rejections: list[Rejection] = []
        self.lines = 0
        self._cache: dict[tuple[str, str], tuple[Any, Result]] = {}

    def exercise_ids(self) -> list[str]:
        with self.store.transaction(write=False) as connection:
            return list(connection.scalars(select(responses.c.exercise).distinct()))

    def sessions(self) -> Iterator[tuple[str, list[Row]]]:
        """(session, the scored rows of its latest attempts, sorted by key), one session at a time."""
        where = self.store.where
        graded = self.grades
        exercises = self.exercises
        for session, records in self._stream(answers_of=None):
            rows = []
            for row_id, _, participant, exercise_id, text_, stamp, attempts in records:
                moment = self._time(row_id, stamp, session, participant, exercise_id)
                if moment is None:
                    continue
                key = (session, participant, exercise_id)
                exercise = exercises.get(exercise_id)
                if exercise is not None and exercise.person_scored and key in graded:  # this key's own grades
                    answer = self._parse(row_id, text_)
                    result = _NOTHING if answer is _UNREADABLE else self.scorer(key, answer)
                else:
                    answer, result = self._scored(row_id, exercise_id, text_)
                if answer is _UNREADABLE:
                    continue
                rows.append(Row(key, result, attempts, Response(*key, answer, moment, f"{where}:{row_id}")))
            if rows:
                yield session, rows

    def mark_tables(self) -> Iterator[MarkTable]:
        """kit.report.stats.mark_tables of the store, one session at a time."""
        if self.store.backend.name == "postgresql":
            return self._grouped_mark_tables()
        return self._streamed_mark_tables()

    def _grouped_mark_tables(self) -> Iterator[MarkTable]:
        """PostgreSQL: distinct answers scored once, marks gathered per participant by the database."""
        items = self._items()
        with self.store.transaction(write=False, snapshot=True) as connection:  # both queries see one state
            marks: dict[str, dict[str, float]] = {}
            distinct = select(responses.c.exercise, responses.c.answer).distinct().where(
                responses.c.exercise.in_(bindparam("items", items, expanding=True)))
            for exercise_id, text_ in connection.execute(distinct, {"items": items}):
                marks.setdefault(exercise_id, {})[text_] = self._mark(exercise_id, text_)
            grouped = connection.execution_options(stream_results=True, yield_per=STREAM_ROWS).execute(
                _GROUPED_MARKS, {"marks": json.dumps(marks, ensure_ascii=False)})
            for session, participants in groupby(grouped, key=lambda row: row[0]):
                people: list[str] = []
                given: dict[tuple[str, str], float] = {}
                for _, participant, exercise_ids, values in participants:
                    people.append(participant)
                    for exercise_id, value in zip(exercise_ids or (), values or (), strict=True):
                        given[(participant, exercise_id)] = value
                yield self._table(session, people, given)

    def _streamed_mark_tables(self) -> Iterator[MarkTable]:
        """Any store: the attempts that count streamed a session at a time, with only the answers needed."""
        for session, records in self._stream(answers_of=self._items()):
            people: list[str] = []
            given: dict[tuple[str, str], float] = {}
            for row_id, _, participant, exercise_id, text_, stamp, _ in records:
                if self._time(row_id, stamp, session, participant, exercise_id) is None:
                    continue
                exercise = self.exercises.get(exercise_id)
                if exercise is not None and exercise.auto_scored:
                    answer, result = self._scored(row_id, exercise_id, text_)
                    if answer is _UNREADABLE:
                        continue
                    given[(participant, exercise_id)] = _mark_of(result)
                people.append(participant)
            if people:
                yield self._table(session, people, given)

    # -- inside ---------------------------------------------------------------------------------

    def _items(self) -> list[str]:
        return sorted(exercise_id for exercise_id, exercise in self.exercises.items() if exercise.auto_scored)

    def _mark(self, exercise_id: str, answer_text: str) -> float:
        """The mark of an answer to an item: its score when scored, else 0 (invalid, unreadable)."""
        try:
            answer = json.loads(answer_text)
        except (TypeError, ValueError):
            return 0.0
        return _mark_of(self.scorer(("", "", exercise_id), answer))

    def _table(self, session: str, people: list[str], given: dict[tuple[str, str], float]) -> MarkTable:
        """The session's MarkTable; ``given`` holds a mark for every (participant, item) answered."""
        from kit.report.stats import MarkTable

        participants = tuple(sorted(set(people)))
        columns = tuple(sorted({item for _, item in given}))
        return MarkTable(session, participants, columns, tuple(self.exercises[item].max_score for item in columns),
                         tuple(tuple(given.get((p, item), 0.0) for item in columns) for p in participants))

    def _stream(self, answers_of: list[str] | None) -> Iterator[tuple[str, list[Any]]]:
        """(session, its rows) in session order, from one query; counts ``lines`` on the way.

        A row is (id, session, participant, exercise, answer, submitted_at, attempts).
        """
        with self.store.transaction(write=False, snapshot=True) as connection:
            self.lines = int(connection.scalar(select(func.count()).select_from(responses)) or 0)
            if self.store.backend.stream:
                connection = connection.execution_options(stream_results=True, yield_per=STREAM_ROWS)
            result = connection.execute(latest_attempts(connection, answers_of))
            current: str | None = None
            batch: list[Any] = []
            for chunk in result.partitions(STREAM_ROWS):  # fetched in blocks: far less overhead per row
                for record in chunk:
                    if record[1] != current:
                        if batch:
                            yield current, batch  # type: ignore[misc]
                        current, batch = record[1], []
                    batch.append(record)
            if batch:
                yield current, batch  # type: ignore[misc]

    def _scored(self, row_id: int, exercise_id: str, text_: str) -> tuple[Any, Result]:
        """The parsed answer and its result, each distinct (exercise, answer text) worked out once.

        Only for answers whose result depends on nothing else (not for a key with grades).
        """
        known = self._cache.get((exercise_id, text_))
        if known is not None:
            return known
        answer = self._parse(row_id, text_)
        if answer is _UNREADABLE:
            return answer, _NOTHING
        result = self.scorer(("", "", exercise_id), answer)
        if len(self._cache) < CACHE_LIMIT:
            self._cache[(exercise_id, text_)] = (answer, result)
        return answer, result

    def _parse(self, row_id: int, text_: str) -> Any:
        try:
            return json.loads(text_)
        except (TypeError, ValueError):
            self.rejections.append(Rejection(self.store.where, row_id, "the stored answer is not valid JSON; "
                                             "the row was changed outside kit"))
            return _UNREADABLE

    def _time(self, row_id: int, stamp: str, session: str, participant: str, exercise_id: str) -> datetime | None:
        """The attempt's ``submitted_at``, or None and a rejection when it cannot be read."""
        try:
            moment = datetime.fromisoformat(stamp)
            if moment.tzinfo is not None:
                return moment
        except (TypeError, ValueError):
            pass
        record = {"session": session, "participant": participant, "exercise": exercise_id, "answer": None,
                  "submitted_at": stamp}
        try:
            return parse_record(record).submitted_at  # only to find the reason: it fails here
        except ValueError as error:
            self.rejections.append(Rejection(self.store.where, row_id, str(error)))
            return None


def _mark_of(result: Result) -> float:
    return result.score if result.status == "scored" and result.score is not None else 0.0


# PostgreSQL: the attempt that counts per key (DISTINCT ON over the index of revision 0003), its mark
# looked up in the marks Python worked out per distinct answer ({exercise: {answer JSON: mark}},
# NULL for an exercise that is not an item), gathered into one row per participant.
_GROUPED_MARKS = text("""
WITH given AS (SELECT CAST(:marks AS jsonb) AS marks),
latest AS (
    SELECT DISTINCT ON (session COLLATE "C", participant COLLATE "C", exercise COLLATE "C")
           session, participant, exercise, answer
    FROM responses
    ORDER BY session COLLATE "C", participant COLLATE "C", exercise COLLATE "C", submitted_utc DESC, id DESC
),
marked AS (
    SELECT latest.session, latest.participant, latest.exercise,
           CAST(given.marks -> latest.exercise ->> latest.answer AS float8) AS mark
    FROM latest CROSS JOIN given
)
SELECT session COLLATE "C" AS session, participant COLLATE "C" AS participant,
       array_agg(exercise ORDER BY exercise COLLATE "C") FILTER (WHERE mark IS NOT NULL) AS items,
       array_agg(mark ORDER BY exercise COLLATE "C") FILTER (WHERE mark IS NOT NULL) AS marks
FROM marked
GROUP BY 1, 2
ORDER BY 1, 2
""")

_UNREADABLE = object()
_NOTHING = Result("invalid", None, None, "unreadable")


def session_statistics(
    location: str | os.PathLike[str] | None, exercises: Mapping[str, Exercise]
) -> tuple[list[ItemStatistics], list[OverallStatistics]]:
    """The item and test statistics of every session in a store, as kit.report.stats.session_statistics
    gives them for the same answers read into memory."""
    from kit.report.stats import item_statistics, overall_statistics

    items: list[ItemStatistics] = []
    tests: list[OverallStatistics] = []
    with Store.open(location, create=False) as store:
        for table in StoreRows(store, exercises).mark_tables():
            items += item_statistics(table)
            tests.append(overall_statistics(table))
    return items, tests


def store_report(location: str, data: ScoringInputs, say: Callable[[str], None] = print,
                 sessions: SessionSpool | None = None) -> tuple[Report, Counter[str]]:
    """``kit report`` of one store, a session at a time; adds the store's lines and rejections to ``data``.

    Returns the report and how many results had each status. Each session's report is appended to
    ``sessions`` as soon as it is built: a kit.report.spool.SessionSpool keeps them on disk (flat
    memory whatever the number of sessions); by default they are kept in a list.
    """
    from kit.report.data import dominant_language, session_report
    from kit.report.model import Report

    catalog = data.catalog
    statuses: Counter[str] = Counter()
    kept: Any = [] if sessions is None else sessions
    with Store.open(location, create=False) as store:
        source = StoreRows(store, catalog.exercises, data.grades)
        language = dominant_language(source.exercise_ids(), catalog.language)
        for session, rows in source.sessions():
            statuses.update(row.result.status for row in rows)
            kept.append(session_report(session, rows, catalog, language, data.grades))
    for rejection in source.rejections:
        say(str(rejection))
    data.lines += source.lines
    data.rejections += source.rejections
    report = Report(language, kept, data.lines, len(data.rejections),
                    [str(rejection) for rejection in data.rejections])
    return report, statuses
