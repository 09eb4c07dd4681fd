"""The default store: one SQLite file that many participant kernels write at once.

WAL mode (readers never block the writer), a busy timeout (a writer waits for its turn instead of
failing), ``synchronous=FULL`` (a committed attempt survives a killed kernel or a power cut) and
``BEGIN IMMEDIATE`` for writes (a writer takes the write lock before reading, so two writers never
deadlock on an upgrade; the same lock serialises creating and migrating the schema).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from kit.store.backends import POOL, Backend
from kit.store.errors import StoreError, StoreUnusable
from kit.store.location import url_scheme

BUSY_TIMEOUT_SECONDS = 60.0
WRITE_FIX = "check that the folder exists and that you may write to it, or set KIT_DB to another file"
READ_FIX = "give a store file written by kit (or a JSON Lines file)"


def engine(location: str, writable: bool) -> tuple[Engine, str]:
    """The engine of a store file (or ``sqlite:///FILE``); the location is shown as given."""
    path = _path(location, writable)
    _check_path(path, location, writable)
    return _engine(path.resolve(), read_only=not writable), location


def _path(location: str, writable: bool) -> Path:
    if url_scheme(location) is not None:
        database = make_url(location).database
        if database in (None, "", ":memory:"):
            raise (StoreError if writable else StoreUnusable)(
                location, "a store must be a file", "give sqlite:///FILE or the file's path")
        location = database
    return Path(location).expanduser()


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


def _engine(path: Path, read_only: bool) -> Engine:
    def connect() -> sqlite3.Connection:
        # isolation_level=None: SQLAlchemy's "begin" event below emits BEGIN itself (SQLAlchemy's
        # documented recipe for pysqlite), so that writes can use BEGIN IMMEDIATE
        if read_only:
            return _connect_read_only(path)
        return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                               check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, **POOL)

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


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; on a read-only file system (a CD, a read-only mount, a write-protected
    share) SQLite cannot make the WAL's shared-memory file, so the store is opened as immutable."""
    options = {"timeout": BUSY_TIMEOUT_SECONDS, "isolation_level": None, "check_same_thread": False}
    connection = None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, **options)
        connection.execute("PRAGMA schema_version").fetchone()  # opens the file (and the WAL) now
    except sqlite3.OperationalError:
        if connection is not None:
            connection.close()
        if os.access(path.parent, os.W_OK):
            raise
        # nobody can write here, so nobody can change the store while it is read: immutable is true
        return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, **options)
    return connection


def _lock(connection: Connection) -> None:
    """Nothing to do: a write transaction began with BEGIN IMMEDIATE, which is the lock."""


# Connections close with each store: the last one to close folds the WAL back into the file (what a
# trainer copies is then complete), and a file deleted, replaced or made read-only meanwhile is seen
# as such at the next answer (its schema is looked at again: one query on a local file). The engine
# and its dialect stay for the process (kit/store/engines.py).
BACKEND = Backend("sqlite", engine, _lock, READ_FIX, WRITE_FIX, release_on_close=True)
