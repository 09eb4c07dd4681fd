"""The two kinds of store and how to reach them: a registry keyed by the location's kind.

A location is a file path (SQLite), a ``sqlite:///`` URL or a PostgreSQL URL. Each backend
says how to make the engine, what to tell a user who cannot read or write it, and how to hold
the one lock under which a store is created or migrated (so that twenty kernels opening a new
store at once make it once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine
from sqlalchemy.pool import QueuePool

# One connection reused by the transactions of the process's engine (kit/store/engines.py), a few
# more only while a read is still being iterated.
POOL = {"poolclass": QueuePool, "pool_size": 1, "max_overflow": 4}


@dataclass(frozen=True)
class Backend:
    name: str
    # (location, writable) -> (engine, how to name the store in messages); raises StoreError
    engine: Callable[[str, bool], tuple[Engine, str]]
    # taken inside a write transaction before the schema is created or migrated
    lock: Callable[[Connection], None]
    read_fix: str
    write_fix: str
    # read everything through a server-side cursor (flat memory) rather than fetching it all
    stream: bool = False
    # look at the schema only the first time a process opens the store (kit/store/engines.py)
    check_once: bool = False
    # close the pooled connections whenever a store is closed (SQLite: see kit/store/sqlite.py)
    release_on_close: bool = False
    # send an INSERT, or the quick look at the schema, alone as its own transaction (no BEGIN and
    # COMMIT round trips); an INSERT goes again once on a new connection when the server closed the
    # pooled one meanwhile
    lone_statements: bool = False


def backend_for(location: str) -> Backend:
    """The backend of a location; StoreError/StoreUnusable for a URL of any other database."""
    from kit.store import postgres, sqlite
    from kit.store.location import url_scheme

    scheme = url_scheme(location)
    if scheme is None or scheme.split("+")[0] == "sqlite":
        return sqlite.BACKEND
    if scheme.split("+")[0] in ("postgresql", "postgres"):
        return postgres.BACKEND
    return _unsupported(scheme)


def _unsupported(scheme: str) -> Backend:
    def engine(location: str, writable: bool) -> tuple[Engine, str]:
        from kit.store.errors import StoreError, StoreUnusable
        from kit.store.location import shown_location

        raise (StoreError if writable else StoreUnusable)(
            shown_location(location),
            f"cannot use this database URL (kit keeps answers in SQLite files or PostgreSQL, not '{scheme}')",
            "give a store file, sqlite:///FILE or postgresql://USER@HOST/DATABASE")

    return Backend(scheme, engine, lambda connection: None, "", "")
