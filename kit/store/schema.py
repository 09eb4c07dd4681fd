"""The store's tables, in SQLAlchemy Core and backend-neutral: one schema for SQLite and PostgreSQL.

Every attempt is one row of ``responses``, never updated or deleted. Texts only, so that every backend keeps them
exactly: the answer as canonical JSON, times as ISO 8601 with a zone. ``fingerprint`` makes a
record that is already stored impossible to store twice (``kit store import`` run twice, an export
imported back): it is the SHA-256 of the record's identity, (session, participant, exercise, the
``submitted_at`` instant, the canonical answer JSON), under a unique index. A hash keeps that
index small whatever the length of an answer.

``session_trainers`` says which trainer (a PostgreSQL role) runs which session; on PostgreSQL,
row-level security lets a trainer read only those sessions (kit/store/roles.py). A SQLite file
carries the same table, unused: its file permissions are its access control.

The schema changes only through the migrations in kit/store/migrations/versions/ (Alembic):
``REVISIONS`` is their history, oldest first, and the tables below are what the last one makes.
A store records its revision in Alembic's ``alembic_version`` table; a store written before
revisions existed (kit 0.1) has ``responses`` only, as revision 0001 makes it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, PrimaryKeyConstraint, Table, Text

REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
FIRST = REVISIONS[0]  # what a store written before revisions existed is, unstamped

# SQLite keeps INTEGER (the rowid alias that numbers rows itself); PostgreSQL gets a 64-bit sequence
ROW_ID = BigInteger().with_variant(Integer(), "sqlite")
# identifiers compared as code points, as Python sorts them (SQLite's default already is)
KEY_TEXT = Text().with_variant(Text(collation="C"), "postgresql")

metadata = MetaData()

responses = Table(
    "responses",
    metadata,
    Column("id", ROW_ID, primary_key=True, autoincrement=True),  # the stored order
    Column("session", KEY_TEXT, nullable=False),
    Column("participant", KEY_TEXT, nullable=False),
    Column("exercise", KEY_TEXT, nullable=False),
    Column("answer", Text, nullable=False),  # canonical JSON
    Column("submitted_at", Text, nullable=False),  # ISO 8601 with a zone, as submitted
    Column("submitted_utc", Text, nullable=False),  # the same instant in UTC: sorts as text
    Column("stored_at", Text, nullable=False),  # ISO 8601, UTC
    Column("fingerprint", Text, nullable=False),
    Index("ux_responses_fingerprint", "fingerprint", unique=True),
)
# the order in which the attempt that counts comes first per key (revision 0003)
Index("ix_responses_latest", responses.c.session, responses.c.participant, responses.c.exercise,
      responses.c.submitted_utc.desc(), responses.c.id.desc())

session_trainers = Table(
    "session_trainers",
    metadata,
    Column("session", Text, nullable=False),
    Column("trainer", Text, nullable=False),  # a PostgreSQL role name
    Column("assigned_at", Text, nullable=False),  # ISO 8601, UTC
    PrimaryKeyConstraint("session", "trainer", name="pk_session_trainers"),
)


def canonical_json(value: Any) -> str:
    """One text per JSON value: keys sorted, no spaces, non-ASCII letters kept."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def fingerprint(session: str, participant: str, exercise: str, submitted_at: datetime, answer_json: str) -> str:
    identity = json.dumps([session, participant, exercise, utc_text(submitted_at), answer_json],
                          ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()
