"""Create a store's schema or bring it up to date with Alembic: ``kit store migrate``.

The migrations live in kit/store/migrations/versions/ and run on the caller's connection, inside
the one write transaction that holds the store's lock (BEGIN IMMEDIATE on SQLite, an advisory
lock on PostgreSQL), so two kit processes never migrate a store at once and a failed migration
leaves the store as it was (both databases change their schema inside transactions).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from kit.store.errors import StoreError
from kit.store.schema import FIRST, HEAD
from kit.store.versions import StoreState, require_usable, store_state

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Migration:
    where: str
    before: str | None  # None: the store was new (empty)
    after: str

    def __str__(self) -> str:
        if self.before == self.after:
            return f"{self.where}: already at the newest revision ({self.after}); nothing to do"
        if self.before is None:
            return f"{self.where}: created at revision {self.after}"
        return f"{self.where}: migrated from revision {self.before} to {self.after}"


def _config(connection: Connection):  # -> alembic.config.Config (imported lazily: Alembic is heavy)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, state: StoreState) -> None:
    """Bring the store on ``connection`` (in a write transaction, locked) to the newest revision."""
    from alembic import command

    config = _config(connection)
    if state.revision is None and not state.empty:
        command.stamp(config, FIRST)  # written before revisions existed: it is revision 0001
    command.upgrade(config, "head")


def script_head() -> str:
    """The newest revision among the migration files (tests check it equals schema.HEAD)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head() or ""


def migrate(location: str | os.PathLike[str] | None = None) -> Migration:
    """Create the store at ``location`` or migrate it to the newest revision; says what it did."""
    from kit.store.sql import Store

    with Store.connect(location, writable=True) as store, store.transaction(write=True) as connection:
        store.backend.lock(connection)
        state = store_state(connection)
        if not state.empty and (state.newer or state.missing or "responses" not in state.tables):
            require_usable(state, store.where, True, store.backend.read_fix)  # a newer kit's, or not kit's
        before = None if state.empty else state.effective
        if state.current and state.revision is not None:
            return Migration(store.where, before, HEAD)
        upgrade(connection, state)
        after = store_state(connection).revision
        if after != HEAD:
            raise StoreError(store.where, f"the migration stopped at revision {after}, not {HEAD}",
                             "report this to whoever maintains kit")
        if store.backend.name == "postgresql":
            from kit.store import roles

            if roles.is_set_up(connection):  # new tables get the same grants and row-level security
                roles.apply_grants(connection)
        return Migration(store.where, before, HEAD)
