"""A shared PostgreSQL store, by URL: one database for a whole programme's sessions.

``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`` (also ``postgres://`` and
``postgresql+psycopg://``) is driven by psycopg 3. Each process has one engine per URL
(kit/store/engines.py) that keeps one idle connection: a participant's kernel connects at its first
answer and reuses the connection for the next ones, checked with a ping first (a server restarted or
an ``idle_session_timeout`` that closed it costs a reconnect, not an answer). Who may read or write
what is the database's business: roles, grants and row-level security set up by ``kit store roles``
(kit/store/roles.py).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kit.store.backends import POOL, Backend
from kit.store.errors import StoreError, StoreUnusable
from kit.store.location import shown_location

DRIVER = "postgresql+psycopg"
# pg_advisory_xact_lock key under which a store's schema is created or migrated ("kit store" in ASCII)
SCHEMA_LOCK = 0x6B69_7420_7374_6F72
READ_FIX = "check the URL, that the server is running and that this role may read answers (kit store roles)"
WRITE_FIX = "check the URL, that the server is running and that this role may add answers (kit store roles)"
CONNECT_TIMEOUT_SECONDS = 15


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
        return create_engine(driver_url(location), pool_pre_ping=True, **POOL), shown
    except (ImportError, ArgumentError, SQLAlchemyError, ValueError) as error:
        raise (StoreError if writable else StoreUnusable)(
            shown, f"cannot use this database URL ({error})",
            "check the URL and that its database driver (psycopg) is installed") from None


def _lock(connection: Connection) -> None:
    """One creator or migrator at a time; released when the transaction ends."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})


# The schema is looked at once per process: a kernel then adds an answer in one transaction of one
# statement. A store migrated while kernels run is used by them as they found it until they restart.
BACKEND = Backend("postgresql", engine, _lock, READ_FIX, WRITE_FIX, stream=True, check_once=True)
