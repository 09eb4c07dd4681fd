"""Alembic's environment for the response store: migrations run on a connection kit hands over.

kit runs them itself (``kit store migrate``, or when it creates a store), inside the transaction
that holds the store's lock, via ``config.attributes["connection"]`` (kit/store/migrate.py).
A developer writing a new revision can also use Alembic's own command line with
``-x db=URL`` (for example ``alembic -c kit/store/migrations/alembic.ini -x db=sqlite:///x.db
revision -m "..."``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from kit.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")


def run(connection: object) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the store: alembic -x db=URL ...")
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as own:
        run(own)
    engine.dispose()
