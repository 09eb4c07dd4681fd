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

__all__ = ["StoreError", "StoreUnusable", "open_store", "resolve_location"]


def open_store(location: str | os.PathLike[str] | None = None, create: bool = True) -> Store:
    """Open the store at ``location`` (a file or a database URL; None: KIT_DB, _config.yml, responses.db).

    With ``create=False`` the store must already exist (InputError otherwise) and is only read.
    Use it as a context manager so that its connections are closed.
    """
    from kit.store.sql import Store

    return Store.open(location, create=create)
