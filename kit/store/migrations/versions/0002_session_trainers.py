"""Which trainer runs which session: what row-level security on PostgreSQL lets a trainer read.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_trainers",
        sa.Column("session", sa.Text(), nullable=False),
        sa.Column("trainer", sa.Text(), nullable=False),
        sa.Column("assigned_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("session", "trainer", name="pk_session_trainers"),
    )


def downgrade() -> None:
    op.drop_table("session_trainers")
