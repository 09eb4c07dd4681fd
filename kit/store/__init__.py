"""The response store (DESIGN §6): every attempt of every participant, in one SQLite file by default.

Many participant kernels write to one file at once (WAL mode, a busy timeout and one short
``BEGIN IMMEDIATE`` transaction per attempt), or to one PostgreSQL database given by URL
(``postgresql://…``) for a whole programme; ``kit score`` reads either like a JSON Lines file::

    with open_store("responses.db") as store:
        store.add(response)
        for record in store.read_all():   # Response, or Rejection for a row that cannot be read
            ...

SQLAlchemy loads only when a store is opened, so that importing this package stays light.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kit.store.errors import StoreError, StoreUnusable
from kit.store.location import resolve_location

if TYPE_CHECKING:
    from kit.store.sql import Store

__all__ = ["StoreError", "StoreUnusable", "connect_ahead", "open_store", "resolve_location"]


def open_store(location: str | os.PathLike[str] | None = None, create: bool = True) -> Store:
    """Open the store at ``location`` (a file or a database URL; None: KIT_DB, _config.yml, responses.db).

    With ``create=False`` the store must already exist (InputError otherwise) and is only read.
    Use it as a context manager so that its connections are closed.
    """
    from kit.store.sql import Store

    return Store.open(location, create=create)


_CONNECTING: set[str] = set()


def connect_ahead(location: str | os.PathLike[str] | None = None) -> None:
    """Connect to a database store in the background, so that the first Submit does not wait for it.

    A kernel shows its exercises long before the first answer: connecting then (once per process,
    kit/store/engines.py) leaves the Submit one INSERT. A store that cannot be reached says so at
    that Submit, where the participant sees it; a store file needs no connecting.
    """
    import threading

    from kit.store.location import is_database_url

    resolved = resolve_location(location)
    if not is_database_url(resolved) or resolved in _CONNECTING:
        return
    _CONNECTING.add(resolved)  # a notebook's many widgets: one connection, made once
    threading.Thread(target=_connect, args=(resolved,), name="kit-store-connect", daemon=True).start()


def _connect(location: str) -> None:
    import contextlib

    with contextlib.suppress(Exception):  # said at the Submit instead, where a participant reads it
        open_store(location).close()
