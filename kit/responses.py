"""Responses as JSON Lines (DESIGN §6): read, reject malformed lines, pick the latest attempt.

Scoring only needs the attempt that counts per (session, participant, exercise), so large files are
read straight into :class:`Latest`, which keeps one small entry per key instead of an object per line
(``read_jsonl_into``). ``read_jsonl`` and ``latest_attempts`` give every attempt, for the store.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kit.errors import one_line
from kit.jsonline import LineError, decode_line, numbered_lines

KEYS = ("session", "participant", "exercise", "answer", "submitted_at")
Key = tuple[str, str, str]
# how often (in lines) the fast reader reports its progress
PROGRESS_EVERY = 8192


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Rejection:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return one_line(f"{self.file}:{self.line}: {self.reason}")


def parse_time(text: Any) -> datetime:
    """An ISO 8601 instant with a time zone; ValueError with a reason otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"submitted_at must be an ISO 8601 text such as 2026-11-24T09:31:02+01:00 (got {text!r})")
    stamp = text.strip()
    if stamp.endswith("z"):  # RFC 3339 allows a lower-case zone designator; Python does not
        stamp = stamp[:-1] + "Z"
    try:
        moment = datetime.fromisoformat(stamp)
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
    with open(path, "rb") as handle:
        for number, line in numbered_lines(handle):
            if not line.strip():
                continue
            try:
                record = decode_line(line)
            except LineError as error:
                yield Rejection(name, number, str(error))
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


# An entry of Latest: [submitted_at, answer, origin, line, attempts]. The source "FILE:LINE" is only
# built for the attempts that count (origin is the whole source when line is 0).
_Entry = list[Any]


class Latest(Mapping[Key, tuple[Response, int]]):
    """The attempt that counts per (session, participant, exercise) and how many there were.

    Filled while reading, so that earlier attempts are dropped as soon as a later one arrives; the
    same rule as :func:`latest_attempts` (latest instant wins, on a tie the one read last). Iterates
    in sorted key order. Keys are kept in a tree (session → participant → exercise) so that sorting
    them is many small sorts rather than one large one.
    """

    def __init__(self, responses: Iterable[Response] = ()) -> None:
        self._tree: dict[str, dict[str, dict[str, _Entry]]] = {}
        self._size = 0
        for response in responses:
            self.add(response)

    def add(self, response: Response) -> None:
        self._add(response.session, response.participant, response.exercise, response.answer,
                  response.submitted_at, response.source, 0)

    def _add(self, session: str, participant: str, exercise: str, answer: Any, moment: datetime,
             origin: str, line: int) -> None:
        people = self._tree.get(session)
        if people is None:
            people = self._tree[session] = {}
        exercises = people.get(participant)
        if exercises is None:
            exercises = people[participant] = {}
        entry = exercises.get(exercise)
        if entry is None:
            exercises[exercise] = [moment, answer, origin, line, 1]
            self._size += 1
        elif moment >= entry[0]:
            entry[0:5] = (moment, answer, origin, line, entry[4] + 1)
        else:
            entry[4] += 1

    @staticmethod
    def _response(key: Key, entry: _Entry) -> Response:
        moment, answer, origin, line, _ = entry
        return Response(*key, answer, moment, f"{origin}:{line}" if line else origin)

    def __getitem__(self, key: Key) -> tuple[Response, int]:
        entry = self._tree[key[0]][key[1]][key[2]]
        return self._response(key, entry), entry[4]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 3:
            return False
        return key[2] in self._tree.get(key[0], {}).get(key[1], {})

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Key]:
        for key, _ in self.entries():
            yield key

    def entries(self) -> Iterator[tuple[Key, _Entry]]:
        """(key, raw entry) in sorted key order, without building a Response."""
        for session in sorted(self._tree):
            people = self._tree[session]
            for participant in sorted(people):
                exercises = people[participant]
                for exercise in sorted(exercises):
                    yield (session, participant, exercise), exercises[exercise]

    def attempts(self) -> Iterator[tuple[Key, Response, int]]:
        """(key, the attempt that counts, number of attempts) in sorted key order."""
        for key, entry in self.entries():
            yield key, self._response(key, entry), entry[4]

    def sessions(self) -> list[str]:
        return sorted(self._tree)


def read_jsonl_into(
    path: str | os.PathLike[str],
    latest: Latest,
    rejections: list[Rejection],
    shown: str | None = None,
    every: list[Response] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Read a JSON Lines file into ``latest`` (and ``every`` attempt, when a list is given).

    The same reading and the same rejections as :func:`read_jsonl`, faster: a record of plain texts
    with a readable time takes a fast path; anything else goes through :func:`parse_record`, whose
    reason is the one reported. ``progress`` is called with the bytes read so far. Returns the number
    of non-blank lines read.
    """
    name = shown if shown is not None else str(path)
    fromisoformat = datetime.fromisoformat
    add = latest._add
    lines = 0
    with open(path, "rb") as handle:
        for number, line in numbered_lines(handle):
            if progress is not None and not number % PROGRESS_EVERY:
                progress(handle.tell())
            try:
                record = decode_line(line)  # rejects as DESIGN §6 says: keep it whatever parses JSON
            except LineError as error:
                if line.strip():
                    lines += 1
                    rejections.append(Rejection(name, number, str(error)))
                continue
            lines += 1
            if type(record) is dict and len(record) >= 5:
                session = record.get("session")
                participant = record.get("participant")
                exercise = record.get("exercise")
                stamp = record.get("submitted_at")
                # the fast path: exact texts, none blank (strip() == "" exactly when isspace() or ""),
                # and a time that reads as an aware instant without stripping it
                if (
                    type(session) is str and type(participant) is str and type(exercise) is str
                    and type(stamp) is str and "answer" in record
                    and session and participant and exercise
                    and not session.isspace() and not participant.isspace() and not exercise.isspace()
                ):
                    try:
                        moment = fromisoformat(stamp)
                    except ValueError:
                        moment = None
                    if moment is not None and moment.tzinfo is not None:
                        answer = record["answer"]
                        add(session, participant, exercise, answer, moment, name, number)
                        if every is not None:
                            every.append(Response(session, participant, exercise, answer, moment,
                                                  f"{name}:{number}"))
                        continue
            try:
                response = parse_record(record, f"{name}:{number}")
            except ValueError as error:
                rejections.append(Rejection(name, number, str(error)))
                continue
            add(response.session, response.participant, response.exercise, response.answer,
                response.submitted_at, name, number)
            if every is not None:
                every.append(response)
    if progress is not None:
        progress(os.path.getsize(path))
    return lines
