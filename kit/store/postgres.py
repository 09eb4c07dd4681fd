"""A shared PostgreSQL store, by URL: one database for a whole programme's sessions.

``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`` (also ``postgres://`` and
``postgresql+psycopg://``) is driven by psycopg 3. Each process has one engine per URL
(kit/store/engines.py) that keeps one idle connection: a participant's kernel connects when it shows
its first exercise (kit.store.connect_ahead) and reuses the connection for every answer. An answer
is then one round trip, a lone ``INSERT`` that is its own transaction: no BEGIN, no COMMIT, and no
ping while the connection is busy. A connection idle for a while is pinged before it is used again;
one the server closed within that while (restarted, ``idle_session_timeout``) fails the INSERT,
which is then sent again on a new connection: a reconnect, not a lost answer (kit/store/sql.py).
Who may read or write what is the database's business: roles, grants and row-level security set up
by ``kit store roles`` (kit/store/roles.py).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, SQLAlchemyError

from kit.store.backends import POOL, Backend
from kit.store.errors import StoreError, StoreUnusable
from kit.store.location import shown_location

DRIVER = "postgresql+psycopg"
# pg_advisory_xact_lock key under which a store's schema is created or migrated ("kit store" in ASCII)
SCHEMA_LOCK = 0x6B69_7420_7374_6F72
READ_FIX = "check the URL, that the server is running and that this role may read answers (kit store roles)"
WRITE_FIX = "check the URL, that the server is running and that this role may add answers (kit store roles)"
CONNECT_TIMEOUT_SECONDS = 15
# a pooled connection unused for longer is pinged before it is used (a busy room pings nothing)
PING_AFTER_IDLE_SECONDS = 10.0


def driver_url(location: str) -> URL:
    """The URL with kit's driver, whatever spelling of PostgreSQL it came with."""
    url = make_url(location.strip())
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername=DRIVER)
    elif url.drivername.split("+")[0] == "postgres":
        url = url.set(drivername="postgresql+" + url.drivername.split("+", 1)[1])
    if "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)})
    return url


def engine(location: str, writable: bool) -> tuple[Engine, str]:
    shown = shown_location(location)
    try:
        made = create_engine(driver_url(location), use_native_hstore=False, **POOL)
    except (ImportError, ArgumentError, SQLAlchemyError, ValueError) as error:
        raise (StoreError if writable else StoreUnusable)(
            shown, f"cannot use this database URL ({error})",
            "check the URL and that its database driver (psycopg) is installed") from None
    _ping_when_idle(made)
    return made, shown


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pre-ping, but only for a connection that has been idle: a ping per answer doubled
    the round trips of a kernel submitting back to back."""

    @event.listens_for(engine.pool, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise DisconnectionError(str(error)) from error  # the pool connects anew
            raise


def _lock(connection: Connection) -> None:
    """One creator or migrator at a time; released when the transaction ends."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})


# The schema is looked at once per process: a kernel then adds an answer in one transaction of one
# statement. A store migrated while kernels run is used by them as they found it until they restart.
BACKEND = Backend("postgresql", engine, _lock, READ_FIX, WRITE_FIX, stream=True, check_once=True,
                  lone_statements=True)
