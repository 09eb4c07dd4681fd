"""Pick the latest attempts without sorting: one index in the order kit reads, keys compared as code points.

Revision ID: 0003
Revises: 0002
Create Date: 2026-01-12

``kit report`` over a programme's database picks, per (session, participant, exercise), the attempt
with the latest ``submitted_utc`` (the highest id on a tie). An index on exactly that order lets the
database read the attempts that count straight off the index instead of sorting a million rows.
On PostgreSQL the three key columns also take the "C" collation: they are identifiers, kit orders
them by code point as Python does, and comparing bytes is much faster than a language's collation.
(SQLite's default collation already compares bytes.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEY = ("session", "participant", "exercise")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in KEY:
            op.alter_column("responses", column, type_=sa.Text(collation="C"), existing_nullable=False,
                            postgresql_using=f'{column} COLLATE "C"')
    op.drop_index("ix_responses_key", table_name="responses")
    op.create_index("ix_responses_latest", "responses",
                    [*KEY, sa.column("submitted_utc").desc(), sa.column("id").desc()])


def downgrade() -> None:
    op.drop_index("ix_responses_latest", table_name="responses")
    op.create_index("ix_responses_key", "responses", list(KEY))
    if op.get_bind().dialect.name == "postgresql":
        for column in KEY:
            op.alter_column("responses", column, type_=sa.Text(), existing_nullable=False)
