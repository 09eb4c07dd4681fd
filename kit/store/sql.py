"""The store on SQLAlchemy Core: one SQLite file by default, or any database given by URL.

SQLite is set up for many writers at once: WAL mode (readers never block the writer), a busy
timeout (a writer waits for its turn instead of failing), ``synchronous=FULL`` (a committed
attempt survives a killed kernel or a power cut) and ``BEGIN IMMEDIATE`` for writes (a writer
takes the write lock before reading, so two writers never deadlock on an upgrade).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from kit.responses import Rejection, Response, parse_record
from kit.store.errors import StoreError, StoreUnusable
from kit.store.location import is_url
from kit.store.schema import canonical_json, fingerprint, metadata, responses, utc_text

BUSY_TIMEOUT_SECONDS = 60.0
BATCH = 500
WRITE_FIX = "check that the folder exists and that you may write to it, or set KIT_DB to another file"
READ_FIX = "give a store file written by kit (or a JSON Lines file)"


class Store:
    """An open store. Attempts are only ever added; ``read_all`` gives them back in stored order."""

    def __init__(self, engine: Engine, where: str, writable: bool):
        self.engine = engine
        self.where = where
        self.writable = writable

    @classmethod
    def open(cls, location: str, create: bool = True) -> Store:
        if is_url(location):
            url = make_url(location)
            if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
                return cls.open(url.database, create)
            where = url.render_as_string(hide_password=True)
            try:
                engine = create_engine(url, poolclass=NullPool)
            except (ImportError, SQLAlchemyError) as error:
                raise (StoreError if create else StoreUnusable)(
                    where, f"cannot use this database URL ({error})",
                    "check the URL and that its database driver is installed") from None
            store = cls(engine, where, create)
        else:
            path = Path(location).expanduser()
            _check_path(path, location, create)
            store = cls(_sqlite_engine(path.resolve(), read_only=not create), location, create)
        store._prepare()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
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
            with self._transaction(write=True) as connection:
                known = set(connection.scalars(
                    select(responses.c.fingerprint).where(responses.c.fingerprint.in_(list(rows)))
                ))
                new = [row for key, row in rows.items() if key not in known]
                now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
                for row in new:
                    row["stored_at"] = now
                if new:
                    connection.execute(insert(responses), new)
            stored += len(new)
            duplicates += len(rows) - len(new)
        return stored, duplicates

    # -- reading -------------------------------------------------------------------------------

    def read_all(self) -> Iterator[Response | Rejection]:
        """Every stored attempt in stored order; a row that cannot be read is a Rejection (STORE:ID)."""
        with self._transaction(write=False) as connection:
            for row in connection.execute(select(responses).order_by(responses.c.id)):
                yield self._record(row)

    def count(self) -> int:
        with self._transaction(write=False) as connection:
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
        """Create the table in a new store; make sure an existing file is a kit store."""
        with self._transaction(write=self.writable) as connection:
            inspector = inspect(connection)
            if not inspector.has_table(responses.name):
                if not self.writable:
                    raise StoreUnusable(self.where, "holds no kit responses (it has no 'responses' table)",
                                        READ_FIX)
                metadata.create_all(connection)
                return
            columns = {column["name"] for column in inspector.get_columns(responses.name)}
            missing = sorted(set(responses.c.keys()) - columns)
            if missing:
                error = StoreUnusable if not self.writable else StoreError
                raise error(self.where, "its 'responses' table is not a kit store's (no column "
                            + ", ".join(missing) + ")", READ_FIX)

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                connection.execution_options(kit_write=write)
                with connection.begin():
                    yield connection
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            raise self._failure(error, write) from None

    def _failure(self, error: BaseException, write: bool) -> StoreError:
        original = getattr(error, "orig", None) or error
        reason = (str(original).strip().splitlines() or [type(original).__name__])[0]
        if write:
            return StoreError(self.where, f"cannot write the response store ({reason})", WRITE_FIX)
        return StoreUnusable(self.where, f"cannot read the response store ({reason})", READ_FIX)


def _check_path(path: Path, shown: str, create: bool) -> None:
    """Clear messages for the usual mistakes, before SQLite says 'unable to open database file'."""
    if path.is_dir():
        raise (StoreError if create else StoreUnusable)(shown, "is a folder, not a store file",
                                                        "give a file name such as responses.db")
    if not create:
        if not path.exists():
            raise StoreUnusable(shown, "no such store file", "check the path (KIT_DB, --db)")
        return
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise StoreError(shown, f"cannot write the response store (the folder {parent} does not exist)",
                         WRITE_FIX)
    if not parent.is_dir():
        raise StoreError(shown, f"cannot write the response store ({parent} is a file, not a folder)",
                         WRITE_FIX)


def _sqlite_engine(path: Path, read_only: bool) -> Engine:
    def connect() -> sqlite3.Connection:
        # isolation_level=None: SQLAlchemy's "begin" event below emits BEGIN itself (SQLAlchemy's
        # documented recipe for pysqlite), so that writes can use BEGIN IMMEDIATE
        if read_only:
            return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS,
                                   isolation_level=None, check_same_thread=False)
        return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                               check_same_thread=False)

    # NullPool: one connection per transaction, nothing kept open between a participant's answers
    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("kit_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


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
