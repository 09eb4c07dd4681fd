"""Which revision of the schema a store is at, and whether this kit can use it (no Alembic needed).

Opening a store only reads ``alembic_version``; Alembic itself loads only to create or migrate a
store (kit/store/migrate.py), so that a participant's answer stays quick to save.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from kit.store.errors import StoreError, StoreUnusable
from kit.store.schema import FIRST, HEAD, REVISIONS, responses

VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class StoreState:
    tables: frozenset[str]
    revision: str | None  # None: no alembic_version (empty, or written before revisions existed)
    missing: tuple[str, ...] = ()  # columns of ``responses`` that a kit store has and this one lacks

    @property
    def empty(self) -> bool:
        return responses.name not in self.tables and VERSION_TABLE not in self.tables

    @property
    def effective(self) -> str | None:
        """The revision the store is at: an unstamped store with responses is at the first one."""
        if self.revision is None and responses.name in self.tables:
            return FIRST
        return self.revision

    @property
    def current(self) -> bool:
        return self.effective == HEAD

    @property
    def older(self) -> bool:
        return self.effective in REVISIONS and not self.current

    @property
    def newer(self) -> bool:
        return self.effective is not None and self.effective not in REVISIONS


def quick_revision(connection: Connection) -> str | None:
    """The store's revision in one query, or None when it has none (look closer with store_state).

    Opening a store for each answer (kit.ui) then costs one query, not a look at the whole catalogue.
    """
    alone = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    try:
        # in a transaction a savepoint keeps a missing table from aborting it; alone there is none
        with nullcontext() if alone else connection.begin_nested():
            return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    except DBAPIError:
        return None


def store_state(connection: Connection) -> StoreState:
    inspector = inspect(connection)
    tables = frozenset(inspector.get_table_names())
    revision = None
    if VERSION_TABLE in tables:
        revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    missing: tuple[str, ...] = ()
    if responses.name in tables:
        columns = {column["name"] for column in inspector.get_columns(responses.name)}
        missing = tuple(sorted(set(responses.c.keys()) - columns))
    return StoreState(tables, revision, missing)


def require_usable(state: StoreState, where: str, writable: bool, read_fix: str) -> None:
    """Raise when this kit cannot use the store; reading an older store is fine (nothing it reads changed).

    Adding answers to an older store is not: it needs ``kit store migrate`` first, run once by
    whoever looks after the store, instead of by every participant's kernel at once.
    """
    error = StoreError if writable else StoreUnusable
    if state.empty:
        raise StoreUnusable(where, "holds no kit responses (it has no 'responses' table)", read_fix)
    if state.newer:
        raise error(where, f"was written by a newer kit (store revision {state.effective}; this kit knows "
                    f"revisions up to {HEAD})", "upgrade casework-kit (pip install -U casework-kit)")
    if responses.name not in state.tables or state.missing:
        missing = state.missing or tuple(responses.c.keys())
        raise error(where, "its 'responses' table is not a kit store's (no column " + ", ".join(missing) + ")",
                    read_fix)
    if writable and state.older:
        raise StoreError(where, f"was made by an older kit (store revision {state.effective}, this kit "
                         f"needs {HEAD})", f"run `kit store migrate --db {where}` once, then try again")
