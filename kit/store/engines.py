"""One engine (and connection pool) per process for each store, shared by every ``open_store``.

A participant's kernel opens the store at every Submit (kit.ui). Making a new engine each time set
up the dialect again and looked at the schema again: for PostgreSQL nine statements and a new
server connection per answer. Here the engine is made once per process and location; for a
PostgreSQL store, once its schema was found usable, opening it again checks nothing. A forked child
never uses its parent's connections: it starts with an empty registry.
"""

from __future__ import annotations

import atexit
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kit.store.backends import Backend


@dataclass
class Shared:
    engine: Engine
    where: str
    # this process found the store's schema usable (backends that check once skip looking again)
    ready: bool = False


_SHARED: dict[tuple[str, str, bool], Shared] = {}
_LOCK = threading.Lock()


def shared(backend: Backend, location: str, writable: bool) -> Shared:
    """This process's engine for ``location`` (made on first use; StoreError when it cannot be)."""
    key = (backend.name, location, writable)
    with _LOCK:
        entry = _SHARED.get(key)
        if entry is None:
            engine, where = backend.engine(location, writable)
            entry = _SHARED[key] = Shared(engine, where)
        return entry


def dispose_all() -> None:
    """Close every pooled connection of this process (at exit; tests that start over)."""
    with _LOCK:
        for entry in _SHARED.values():
            entry.engine.dispose()
        _SHARED.clear()


def _forget_in_child() -> None:
    global _LOCK
    _LOCK = threading.Lock()  # another thread of the parent may have held it at the fork
    # the parent's connections belong to the parent: close=False leaves them to it
    for entry in _SHARED.values():
        entry.engine.dispose(close=False)
    _SHARED.clear()


atexit.register(dispose_all)
os.register_at_fork(after_in_child=_forget_in_child)
