"""The responses table, as kit 0.1 wrote it before stores carried a revision.

Revision ID: 0001
Revises:
Create Date: 2026-01-10

Self-contained on purpose: a migration describes the schema of its time, not today's schema.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "responses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("session", sa.Text(), nullable=False),
        sa.Column("participant", sa.Text(), nullable=False),
        sa.Column("exercise", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.Text(), nullable=False),
        sa.Column("submitted_utc", sa.Text(), nullable=False),
        sa.Column("stored_at", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
    )
    op.create_index("ux_responses_fingerprint", "responses", ["fingerprint"], unique=True)
    op.create_index("ix_responses_key", "responses", ["session", "participant", "exercise"])


def downgrade() -> None:
    op.drop_table("responses")
