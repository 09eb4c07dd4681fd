"""The day's timeline: entries in order, breaks placed among them, clock times computed.

Pure functions over immutable entries. Times are seconds after midnight, so that fractional
``minutes`` (2.5) stay exact; they are printed as HH:MM (HH:MM:SS only when seconds are left over).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from kit.models.base import did_you_mean

Kind = Literal["module", "note", "item", "break", "exercise", "invalid"]
# Entries that take time on the agenda; notes and module headings take none.
TIMED: tuple[Kind, ...] = ("item", "break", "exercise", "invalid")
DEFAULT_START = 9 * 3600
DAY = 24 * 3600

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_BREAK = re.compile(
    r"^\s*(?P<where>(?:after|before):[^=\s]+|\d{1,2}:\d{2})\s*=\s*(?P<minutes>\d+(?:[.,]\d+)?)(?:\s+(?P<title>.*\S))?\s*$"
)


@dataclass(frozen=True)
class Entry:
    """One thing in the guide, in the order of the day.

    ``payload`` carries what the renderer needs (the module's details, the exercise's key…).
    """

    kind: Kind
    title: str = ""
    minutes: float = 0
    module: int = 0
    exercise_id: str | None = None
    cell: int | None = None
    body: str | None = None
    facilitator: bool = False
    start: int | None = None
    payload: Any = None

    @property
    def timed(self) -> bool:
        return self.kind in TIMED

    @property
    def end(self) -> int | None:
        return None if self.start is None else self.start + seconds(self.minutes)


@dataclass(frozen=True)
class BreakSpec:
    """A break asked for on the command line: at a clock time, or after / before an exercise."""

    minutes: float
    title: str | None = None
    at: int | None = None
    after: str | None = None
    before: str | None = None


def seconds(minutes: float) -> int:
    return round(minutes * 60)


def parse_clock(text: str) -> int:
    """``HH:MM`` → seconds after midnight; ValueError with the expected form otherwise."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a clock time; write it as HH:MM, for example 09:00 or 13:30")
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60


def clock(moment: int | None) -> str:
    """Seconds after midnight → ``HH:MM`` (``HH:MM:SS`` when not on a whole minute; wraps at midnight)."""
    if moment is None:
        return ""
    moment %= DAY
    hours, rest = divmod(moment, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def parse_break(text: str) -> BreakSpec:
    """``10:30=15 Coffee``, ``after:ID=15 Coffee`` or ``before:ID=45 Lunch``; ValueError otherwise."""
    match = _BREAK.match(text)
    if not match:
        raise ValueError(
            f"cannot read the break '{text}'; write WHEN=MINUTES TITLE, where WHEN is a clock time or "
            "after:EXERCISE-ID or before:EXERCISE-ID, for example \"10:30=15 Coffee\" or "
            "\"after:night-call=45 Lunch\""
        )
    minutes = float(match.group("minutes").replace(",", "."))
    if not minutes > 0 or math.isinf(minutes):
        raise ValueError(f"the break '{text}' must last more than 0 minutes")
    where, title = match.group("where"), match.group("title")
    if where.startswith("after:"):
        return BreakSpec(minutes, title, after=where[len("after:"):])
    if where.startswith("before:"):
        return BreakSpec(minutes, title, before=where[len("before:"):])
    return BreakSpec(minutes, title, at=parse_clock(where))


def schedule(entries: list[Entry], start: int = DEFAULT_START) -> list[Entry]:
    """Give every entry its start: each timed entry begins when the one before it ends.

    Notes and headings get the time of whatever follows them.
    """
    timed: list[Entry] = []
    moment = start
    for entry in entries:
        timed.append(replace(entry, start=moment))
        if entry.timed:
            moment += seconds(entry.minutes)
    return timed


def insert_breaks(
    entries: list[Entry], breaks: list[BreakSpec], start: int = DEFAULT_START, default_title: str = "Break"
) -> list[Entry]:
    """The entries with every break in place, scheduled from ``start``.

    ``after:ID`` goes right after the exercise; ``before:ID`` right after the timed entry that
    precedes the exercise (so the facilitator notes written above an exercise stay with it);
    a clock time goes to the boundary between two timed entries nearest to it (the earlier on a tie),
    since an exercise in progress is not cut in two. Clock breaks are placed last, earliest first,
    each after the others are in. ValueError names an unknown exercise id.
    """
    result = list(entries)
    known = [entry.exercise_id for entry in result if entry.exercise_id]
    for spec in breaks:
        if spec.at is not None:
            continue
        target = spec.after if spec.after is not None else spec.before
        if target not in known:
            raise ValueError(f"the break '{'after' if spec.after else 'before'}:{target}' names no exercise "
                             f"of the guide{did_you_mean(str(target), set(known))}")
        index = next(i for i, entry in enumerate(result) if entry.exercise_id == target)
        position = index + 1 if spec.after is not None else _after_previous_timed(result, index)
        result.insert(position, _break_entry(spec, result, position, default_title))
    for spec in sorted((spec for spec in breaks if spec.at is not None), key=lambda spec: spec.at or 0):
        timed = schedule(result, start)
        position = _nearest_boundary(timed, spec.at or 0, start)
        result.insert(position, _break_entry(spec, result, position, default_title))
    return schedule(result, start)


def _after_previous_timed(entries: list[Entry], index: int) -> int:
    """The position right after the last timed entry (or module heading) before ``index``."""
    position = index
    while position > 0 and not entries[position - 1].timed and entries[position - 1].kind != "module":
        position -= 1
    return position


def _nearest_boundary(entries: list[Entry], moment: int, start: int) -> int:
    first_module = next((i for i, entry in enumerate(entries) if entry.kind == "module"), -1)
    boundaries = [(start, first_module + 1)]
    boundaries += [(entry.end or 0, index + 1) for index, entry in enumerate(entries) if entry.timed]
    return min(boundaries, key=lambda boundary: (abs(boundary[0] - moment), boundary[0]))[1]


def _break_entry(spec: BreakSpec, entries: list[Entry], position: int, default_title: str) -> Entry:
    # the break belongs to the module of the entry before it
    module = entries[position - 1].module if position > 0 and entries else 0
    return Entry("break", spec.title or default_title, spec.minutes, module=module)


def total_minutes(entries: list[Entry]) -> float:
    return sum(entry.minutes for entry in entries if entry.timed)


# --breaks auto: a break of AUTO_MINUTES about every AUTO_EVERY minutes of work, at the boundary
# between activities nearest to it. A stretch without a break (from the start, or from the end of
# a break, to the next break or the end of the day) gets one only when it is longer than
# AUTO_EVERY + AUTO_TAIL minutes, so no break falls in the last AUTO_TAIL minutes before the end or
# the next break; none comes sooner than AUTO_EVERY / 2 after the one before. A break given on the
# command line or in the notebook counts as one.
AUTO_EVERY, AUTO_MINUTES, AUTO_TAIL = 90, 15, 30


def insert_auto_breaks(entries: list[Entry], start: int, title: str) -> list[Entry]:
    """``entries`` scheduled, with a coffee break wherever a stretch without one runs too long."""
    result = schedule(entries, start)
    every, tail = seconds(AUTO_EVERY), seconds(AUTO_TAIL)
    while True:
        placed = False
        for since, until in _stretches(result, start):
            if until - since <= every + tail:
                continue
            due = since + every
            boundaries = [(entry.end or 0, index + 1) for index, entry in enumerate(result)
                          if entry.timed and entry.kind != "break"
                          and since + every // 2 <= (entry.end or 0) <= until - tail]
            if boundaries:
                position = min(boundaries, key=lambda boundary: (abs(boundary[0] - due), boundary[0]))[1]
                result.insert(position, _break_entry(BreakSpec(AUTO_MINUTES, title), result, position, title))
                result = schedule(result, start)
                placed = True
                break  # the stretches have changed: look again
        if not placed:  # every stretch is short enough, or has no boundary where a break may go
            return result


def _stretches(entries: list[Entry], start: int) -> list[tuple[int, int]]:
    """(from, to) of each stretch of the day between breaks."""
    stretches, since = [], start
    for entry in entries:
        if entry.kind == "break":
            stretches.append((since, entry.start or since))
            since = entry.end or since
    last = max((entry.end or 0 for entry in entries if entry.timed), default=start)
    stretches.append((since, last))
    return stretches


def duration(minutes: float, translate: Any) -> str:
    """103 → "1 h 43 min" (in the guide's language): the length of the day, said plainly."""
    whole = round(minutes)
    hours, rest = divmod(whole, 60)
    if not hours:
        return translate("{minutes} min").format(minutes=rest)
    if not rest:
        return translate("{hours} h").format(hours=hours)
    return translate("{hours} h {minutes} min").format(hours=hours, minutes=rest)
