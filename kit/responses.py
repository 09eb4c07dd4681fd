"""Responses as JSON Lines (DESIGN §6): read, reject malformed lines, pick the latest attempt."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

KEYS = ("session", "participant", "exercise", "answer", "submitted_at")
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Response:
    session: str
    participant: str
    exercise: str
    answer: Any
    submitted_at: datetime
    # "FILE:LINE" where it was read, for messages
    source: str = ""

    @property
    def key(self) -> Key:
        return (self.session, self.participant, self.exercise)


@dataclass(frozen=True)
class Rejection:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


def parse_time(text: Any) -> datetime:
    """An ISO 8601 instant with a time zone; ValueError with a reason otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"submitted_at must be an ISO 8601 text such as 2026-11-24T09:31:02+01:00 (got {text!r})")
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"submitted_at {text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"submitted_at {text!r} has no time zone; add one such as +01:00 or Z")
    return moment


def _identifier(record: dict[str, Any], key: str) -> str:
    value = record[key]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"{key} must be a text (got {json.dumps(value, ensure_ascii=False)})")
    text = str(value)
    if not text.strip():
        raise ValueError(f"{key} is empty")
    return text


def parse_record(record: Any, source: str = "") -> Response:
    """One decoded JSON value as a Response; ValueError with the reason for rejecting it."""
    if not isinstance(record, dict):
        kind = "a list" if isinstance(record, list) else f"{json.dumps(record)[:40]}"
        raise ValueError(f"a response must be a JSON object {{...}} (got {kind})")
    missing = [key for key in KEYS if key not in record]
    if missing:
        raise ValueError("missing " + ", ".join(f"'{key}'" for key in missing))
    return Response(
        _identifier(record, "session"),
        _identifier(record, "participant"),
        _identifier(record, "exercise"),
        record["answer"],
        parse_time(record["submitted_at"]),
        source,
    )


def read_jsonl(path: str | os.PathLike[str], shown: str | None = None) -> Iterator[Response | Rejection]:
    """Every line of a JSON Lines file, as a Response or a Rejection (blank lines are skipped)."""
    name = shown if shown is not None else str(path)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                yield Rejection(name, number, f"not valid JSON ({error.args[0] if error.args else error})")
                continue
            try:
                yield parse_record(record, f"{name}:{number}")
            except ValueError as error:
                yield Rejection(name, number, str(error))


def latest_attempts(responses: Iterable[Response]) -> dict[Key, tuple[Response, int]]:
    """The attempt that counts per (session, participant, exercise), with the number of attempts.

    The latest ``submitted_at`` as an instant wins; on a tie the one read last.
    """
    latest: dict[Key, tuple[Response, int]] = {}
    for response in responses:
        current = latest.get(response.key)
        if current is None:
            latest[response.key] = (response, 1)
        elif response.submitted_at >= current[0].submitted_at:
            latest[response.key] = (response, current[1] + 1)
        else:
            latest[response.key] = (current[0], current[1] + 1)
    return latest
