"""The store's one table, in SQLAlchemy Core and backend-neutral (SQLite now, PostgreSQL by URL later).

Every attempt is one row, never updated or deleted. Texts only, so that every backend keeps them
exactly: the answer as canonical JSON, times as ISO 8601 with a zone. ``fingerprint`` makes a
record that is already stored impossible to store twice (``kit store import`` run twice, an export
imported back): it is the SHA-256 of the record's identity, (session, participant, exercise, the
``submitted_at`` instant, the canonical answer JSON), under a unique index. A hash keeps that
index small whatever the length of an answer.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

SCHEMA_VERSION = 1

metadata = MetaData()

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # the stored order
    Column("session", Text, nullable=False),
    Column("participant", Text, nullable=False),
    Column("exercise", Text, nullable=False),
    Column("answer", Text, nullable=False),  # canonical JSON
    Column("submitted_at", Text, nullable=False),  # ISO 8601 with a zone, as submitted
    Column("submitted_utc", Text, nullable=False),  # the same instant in UTC: sorts as text
    Column("stored_at", Text, nullable=False),  # ISO 8601, UTC
    Column("fingerprint", Text, nullable=False),
    Index("ux_responses_fingerprint", "fingerprint", unique=True),
    Index("ix_responses_key", "session", "participant", "exercise"),
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
