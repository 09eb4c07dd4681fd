"""The store on SQLAlchemy Core, the same code for a SQLite file and a PostgreSQL database.

Writing never reads: an attempt goes in with ``INSERT … ON CONFLICT DO NOTHING`` (the unique
fingerprint drops a record already stored), and the count of rows inserted says which were new.
That is what lets a participant's PostgreSQL role add answers without being able to read any.
The backends (kit/store/sqlite.py, kit/store/postgres.py) make the engines and hold the locks.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, Insert, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from kit.responses import Rejection, Response, parse_record
from kit.store.backends import Backend, backend_for
from kit.store.errors import StoreError, StoreUnusable
from kit.store.location import resolve_location
from kit.store.schema import HEAD, canonical_json, fingerprint, responses, utc_text
from kit.store.versions import quick_revision, require_usable, store_state

BATCH = 500
STREAM_ROWS = 2000  # rows fetched at a time from a server-side cursor


class Store:
    """An open store. Attempts are only ever added; ``read_all`` gives them back in stored order."""

    def __init__(self, engine: Engine, where: str, writable: bool, backend: Backend, shared: bool = False):
        self.engine = engine
        self.where = where
        self.writable = writable
        self.backend = backend
        self.shared = shared  # the process's engine (kit/store/engines.py), kept when the store closes

    @classmethod
    def connect(cls, location: str | os.PathLike[str] | None, writable: bool) -> Store:
        """A store on an engine of its own, without looking at what it holds (kit store migrate, roles)."""
        resolved = resolve_location(location)
        backend = backend_for(resolved)
        engine, where = backend.engine(resolved, writable)
        return cls(engine, where, writable, backend)

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None, create: bool = True) -> Store:
        """A store to add answers to (``create``: made when it does not exist) or only to read.

        On the process's engine for that store (kit/store/engines.py).
        """
        from kit.store import engines

        resolved = resolve_location(location)
        backend = backend_for(resolved)
        entry = engines.shared(backend, resolved, create)
        store = cls(entry.engine, entry.where, create, backend, shared=True)
        if entry.ready and backend.check_once:
            return store
        try:
            store._prepare()
        except BaseException:
            store.close()
            raise
        entry.ready = True
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self.shared or self.backend.release_on_close:
            # a shared engine keeps its dialect: dispose only closes the pooled connections
            self.engine.dispose()

    # -- writing -------------------------------------------------------------------------------

    def add(self, response: Response) -> bool:
        """Store one attempt; False when the very same record is already stored."""
        stored, _ = self.add_many([response])
        return stored == 1

    def add_many(self, records: Iterable[Response]) -> tuple[int, int]:
        """Store many attempts in their order, in batches; (stored, already stored)."""
        stored = duplicates = 0
        for chunk in _chunks(records, BATCH):
            rows: dict[str, dict[str, Any]] = {}
            for record in chunk:
                row = _row(record)
                if row["fingerprint"] in rows:
                    duplicates += 1
                else:
                    rows[row["fingerprint"]] = row
            now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
            for row in rows.values():
                row["stored_at"] = now
            inserted = self._insert(list(rows.values()))
            stored += inserted
            duplicates += len(rows) - inserted
        return stored, duplicates

    def _insert(self, rows: list[dict[str, Any]]) -> int:
        """Insert ``rows`` (one compiled INSERT, their values as parameters); how many were new."""
        if not self.backend.lone_statements:
            with self.transaction(write=True) as connection:
                return _insert_rows(connection, rows)
        # One answer is one round trip: a lone INSERT is its own transaction. A connection the server
        # closed meanwhile fails it, and it goes again on a new one: the fingerprint refuses a repeat.
        try:
            try:
                return self._insert_on_pooled_connection(rows)
            except DBAPIError as error:
                if not error.connection_invalidated:
                    raise
                return self._insert_on_pooled_connection(rows)  # the pool has dropped the dead one
        except (SQLAlchemyError, OSError) as error:
            raise self._failure(error, write=True) from None

    def _insert_on_pooled_connection(self, rows: list[dict[str, Any]]) -> int:
        with self.engine.connect() as connection:
            if len(rows) == 1:  # no BEGIN and COMMIT round trips; a group stays one transaction
                connection.execution_options(isolation_level="AUTOCOMMIT")
            with connection.begin():
                # the SQL as the driver takes it, compiled once: a Submit skips SQLAlchemy's compiling;
                # many rows go as executemany, which psycopg pipelines in one round trip
                parameters = rows if len(rows) > 1 else rows[0]
                result = connection.exec_driver_sql(_driver_insert(connection.dialect), parameters,
                                                    execution_options={"preserve_rowcount": True})
                return result.rowcount

    # -- reading -------------------------------------------------------------------------------

    def read_all(self) -> Iterator[Response | Rejection]:
        """Every stored attempt in stored order; a row that cannot be read is a Rejection (STORE:ID)."""
        with self.transaction(write=False) as connection:
            if self.backend.stream:
                connection = connection.execution_options(stream_results=True, yield_per=STREAM_ROWS)
            for row in connection.execute(select(responses).order_by(responses.c.id)):
                yield self._record(row)

    def count(self) -> int:
        with self.transaction(write=False) as connection:
            return int(connection.scalar(select(func.count()).select_from(responses)) or 0)

    def _record(self, row: Any) -> Response | Rejection:
        try:
            answer = json.loads(row.answer)
        except (TypeError, ValueError):
            return Rejection(self.where, row.id, "the stored answer is not valid JSON; the row was changed "
                             "outside kit")
        record = {"session": row.session, "participant": row.participant, "exercise": row.exercise,
                  "answer": answer, "submitted_at": row.submitted_at}
        try:
            return parse_record(record, f"{self.where}:{row.id}")
        except ValueError as error:
            return Rejection(self.where, row.id, str(error))

    # -- connections ---------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Create the schema in a new store; make sure an existing one is a kit store this kit can use."""
        with self.transaction(write=False, lone=True) as connection:
            if quick_revision(connection) == HEAD:
                return
            state = store_state(connection)
        if state.empty and self.writable:
            from kit.store.migrate import upgrade

            with self.transaction(write=True) as connection:
                self.backend.lock(connection)
                state = store_state(connection)  # another process may have made it meanwhile
                if state.empty:
                    upgrade(connection, state)
                    state = store_state(connection)
        require_usable(state, self.where, self.writable, self.backend.read_fix)

    @contextmanager
    def transaction(self, write: bool, snapshot: bool = False, lone: bool = False) -> Iterator[Connection]:
        """One transaction; any database error becomes one StoreError that says where and what to do.

        ``snapshot``: every query of the transaction sees the store as it was at its first one, answers
        arriving meanwhile included in none (SQLite's read transactions always do). ``lone``: the
        transaction is one statement, sent on its own where the backend can (``lone_statements``).
        """
        try:
            with self.engine.connect() as connection:
                connection.execution_options(kit_write=write)
                if snapshot and self.backend.name == "postgresql":
                    connection.execution_options(isolation_level="REPEATABLE READ")
                elif lone and self.backend.lone_statements:
                    connection.execution_options(isolation_level="AUTOCOMMIT")
                with connection.begin():
                    yield connection
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            # a store opened to add answers to says so, even when what failed was a look at it first
            raise self._failure(error, write or self.writable) from None

    def _failure(self, error: BaseException, write: bool) -> StoreError:
        original = getattr(error, "orig", None) or error
        reason = (str(original).strip().splitlines() or [type(original).__name__])[0]
        if write:
            return StoreError(self.where, f"cannot write the response store ({reason})", self.backend.write_fix)
        return StoreUnusable(self.where, f"cannot read the response store ({reason})", self.backend.read_fix)


def _insert_rows(connection: Connection, rows: list[dict[str, Any]]) -> int:
    """The rows as parameters of one compiled INSERT (executemany), not as a VALUES list, which
    SQLAlchemy compiled anew for every count of rows."""
    result = connection.execute(_insert_new(connection.dialect), rows, execution_options={"preserve_rowcount": True})
    return result.rowcount


@functools.cache
def _driver_insert(dialect: Dialect) -> str:
    """_insert_new compiled for ``dialect`` with the columns of _row: named parameters for the driver."""
    return str(_insert_new(dialect).compile(dialect=dialect, column_keys=list(ROW_COLUMNS)))


def _insert_new(dialect: Dialect) -> Insert:
    """INSERT that skips a record already stored, without reading the table (no conflict target:
    naming one would need SELECT on it in PostgreSQL)."""
    if dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(responses).inline().on_conflict_do_nothing()  # inline: no RETURNING id (no SELECT)


# what _row gives, with stored_at set by add_many
ROW_COLUMNS = ("session", "participant", "exercise", "answer", "submitted_at", "submitted_utc", "stored_at",
               "fingerprint")


def _row(record: Response) -> dict[str, Any]:
    answer = canonical_json(record.answer)
    return {
        "session": record.session,
        "participant": record.participant,
        "exercise": record.exercise,
        "answer": answer,
        "submitted_at": _iso(record.submitted_at),
        "submitted_utc": utc_text(record.submitted_at),
        "fingerprint": fingerprint(record.session, record.participant, record.exercise,
                                   record.submitted_at, answer),
    }


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("submitted_at needs a time zone")
    return moment.isoformat()


def _chunks(items: Iterable[Response], size: int) -> Iterator[list[Response]]:
    chunk: list[Response] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
