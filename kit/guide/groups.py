"""The room split into groups: everybody in exactly one, at most ``group_size`` each, sizes within one.

The roster is a CSV with a ``participant`` column (the pseudonym used in responses) and optionally
``name``; names are for the trainer's eyes only and are shown where the roster has them.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass

from kit.csvread import csv_reason, csv_rows, read_csv_text
from kit.errors import InputError
from kit.responses import Rejection

DELIMITERS = ",;\t"  # spreadsheets in Hungarian and Czech locales save CSV with semicolons


@dataclass(frozen=True)
class Person:
    participant: str
    name: str | None = None

    @property
    def shown(self) -> str:
        return self.name or self.participant


@dataclass(frozen=True)
class Roster:
    people: list[Person]
    rejections: list[Rejection]


def split_groups(people: list[Person], size: int) -> list[list[Person]]:
    """As few groups as ``size`` allows, dealt round-robin in roster order (so that neighbours on a
    sign-in sheet, often colleagues, end up in different groups); the first groups are the larger ones.

    23 people, size 10 → 3 groups of 8, 8 and 7. Deterministic: the same roster gives the same groups.
    """
    if size < 1:
        raise ValueError(f"a group size must be at least 1 (got {size})")
    if not people:
        return []
    count = math.ceil(len(people) / size)
    groups: list[list[Person]] = [[] for _ in range(count)]
    for index, person in enumerate(people):
        groups[index % count].append(person)
    return groups


def parse_roster(text: str, shown: str = "roster") -> Roster:
    """Read roster CSV text; InputError when there is no ``participant`` column at all."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count) if any(d in first_line for d in DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise InputError(f"{shown}:1: {csv_reason(error)}") from None
    columns = [column.strip().lower() for column in header or []]
    if "participant" not in columns:
        raise InputError(
            f"{shown}: the roster has no 'participant' column (found: {', '.join(columns) or 'nothing'}); "
            "the first line must name the columns, for example: participant,name"
        )
    p_col = columns.index("participant")
    n_col = columns.index("name") if "name" in columns else None
    people: list[Person] = []
    rejections: list[Rejection] = []
    seen: dict[str, int] = {}
    for row in csv_rows(reader, shown, rejections):
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        participant = row[p_col].strip() if p_col < len(row) else ""
        if not participant:
            rejections.append(Rejection(shown, line, "no participant id on this line; the row is left out"))
            continue
        if participant in seen:
            rejections.append(Rejection(shown, line, f"participant '{participant}' is already on line "
                                        f"{seen[participant]}; the repeated row is left out"))
            continue
        seen[participant] = line
        name = row[n_col].strip() if n_col is not None and n_col < len(row) else ""
        people.append(Person(participant, name or None))
    return Roster(people, rejections)


def read_roster(path: str | os.PathLike[str]) -> Roster:
    text = read_csv_text(path, "--roster", "the roster as a CSV file in UTF-8")
    return parse_roster(text, str(path))
