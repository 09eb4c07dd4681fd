"""Scores as the CSV that Moodle's gradebook imports (*Grades* → *Import* → *CSV file*).

One row per participant found in the roster, identified by the roster's ``moodle_id`` (Moodle's
"ID number" of a user) or else its ``email``; one column per exercise that has points, then one
total per module. A score is the latest attempt's, across sessions; an answer that could not be
scored counts 0; a cell stays empty while the answer waits for a trainer's grade, and so does a
module's total. Pseudonyms that the roster does not know are reported and left out.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from kit.catalog import Catalog
from kit.errors import InputError
from kit.scoring.session import Row, format_number

# how Moodle's own grade export names the columns; the import maps them to user fields by these names
ID_COLUMNS = {"moodle_id": "ID number", "email": "Email address"}


@dataclass
class MoodleRoster:
    column: str  # "moodle_id" or "email"
    users: dict[str, str] = field(default_factory=dict)  # pseudonym → Moodle's id number or e-mail
    problems: list[str] = field(default_factory=list)


def read_moodle_roster(path: str | os.PathLike[str]) -> MoodleRoster:
    """The roster's pseudonyms and Moodle identities; InputError when it cannot be used at all."""
    from kit.csvread import csv_rows, read_csv_text

    text = read_csv_text(path, "--roster", "the roster as a CSV file in UTF-8")
    lines = text.splitlines()
    delimiter = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = columns
    if "participant" not in columns:
        raise InputError(f"--roster {path}: needs a 'participant' column with the pseudonyms")
    column = next((name for name in ID_COLUMNS if name in columns), None)
    if column is None:
        raise InputError(f"--roster {path}: needs a 'moodle_id' column (the users' ID number in Moodle) or an "
                         "'email' column, to find each participant in Moodle")
    roster = MoodleRoster(column)
    rejections: list[Any] = []
    for record in csv_rows(reader, str(path), rejections):
        number = reader.line_num
        participant = (record.get("participant") or "").strip()
        identity = (record.get(column) or "").strip()
        if not participant or not identity:
            roster.problems.append(f"{path}:{number}: a row needs both 'participant' and '{column}'; skipped")
        elif participant in roster.users and roster.users[participant] != identity:
            roster.problems.append(f"{path}:{number}: '{participant}' is already in the roster as "
                                   f"{roster.users[participant]}; the first one counts")
        else:
            roster.users.setdefault(participant, identity)
    roster.problems += [str(rejection) for rejection in rejections]
    return roster


def moodle_grade_table(rows: Iterable[Row], catalog: Catalog, roster: MoodleRoster,
                       roster_path: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, rows, reports): the grades of every participant the roster knows."""
    latest: dict[tuple[str, str], Row] = {}
    for row in rows:
        _, participant, exercise = row.key
        known = latest.get((participant, exercise))
        if known is None or row.response.submitted_at >= known.response.submitted_at:
            latest[(participant, exercise)] = row
    answered = {exercise for _, exercise in latest}
    modules = [(module.title, [cell.exercise_id for cell in module.exercises
                               if cell.exercise_id in answered and catalog.exercises.get(cell.exercise_id)
                               and catalog.exercises[cell.exercise_id].max_score > 0])
               for module in catalog.modules]
    modules = [(title, ids) for title, ids in modules if ids]
    columns = [exercise for _, ids in modules for exercise in ids]
    header = [ID_COLUMNS[roster.column]]
    header += [f"{catalog.exercises[exercise].title} [{exercise}]" for exercise in columns]
    header += [f"Total: {title}" for title, _ in modules]
    table, reports = [], []
    for participant in sorted({participant for participant, _ in latest}):
        if participant not in roster.users:
            reports.append(f"{roster_path}: {participant}: pseudonym not found; left out of the Moodle grades")
            continue
        cells = [roster.users[participant]]
        marks = {exercise: _mark(latest.get((participant, exercise))) for exercise in columns}
        cells += [format_number(marks[exercise]) for exercise in columns]
        for _, ids in modules:
            own = [marks[exercise] for exercise in ids if (participant, exercise) in latest]
            waiting = any(latest[(participant, exercise)].result.status == "pending"
                          for exercise in ids if (participant, exercise) in latest)
            cells.append("" if waiting or not own else format_number(sum(mark or 0.0 for mark in own)))
        table.append(cells)
    return header, table, reports


def _mark(row: Row | None) -> float | None:
    if row is None or row.result.status == "pending":
        return None
    if row.result.status == "invalid":
        return 0.0
    return row.result.score


def write_moodle_grades(header: list[str], table: list[list[str]], handle: IO[str]) -> None:
    from kit.csvcells import guard

    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([guard(cell) for cell in header])
    writer.writerows([guard(cell) for cell in row] for row in table)


def run_moodle_grades(inputs: Sequence[str], books: Sequence[str], grades: str | None, roster_path: str | None,
                      output: str | None, say: Callable[[str], None]) -> int:
    """``kit score --format moodle-grades``: 0 when everyone was written, 1 when something was reported,
    2 when the arguments cannot be used (nothing is written)."""
    from kit.outputs import cannot_write, check_output
    from kit.scoring.load import load_scoring_inputs
    from kit.scoring.session import iter_scores

    try:
        if roster_path is None:
            raise InputError("--format moodle-grades needs --roster: a CSV with 'participant' and 'moodle_id' "
                             "(or 'email') columns")
        if output:
            check_output(output, example="moodle-grades.csv")
        roster = read_moodle_roster(roster_path)
        data = load_scoring_inputs(inputs, books, grades, every_attempt=False)
    except InputError as error:
        say(f"kit score: {error}")
        return 2
    reports = [*map(str, data.book_problems), *map(str, data.rejections), *roster.problems]
    header, table, missing = moodle_grade_table(iter_scores(data.latest, data.catalog.exercises, data.grades),
                                                data.catalog, roster, roster_path)
    reports += missing
    for report in reports:
        say(report)
    try:
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                write_moodle_grades(header, table, handle)
        else:
            write_moodle_grades(header, table, sys.stdout)
    except OSError as error:
        say(f"kit score: {cannot_write(output or '-', error)}")
        return 2
    from kit.i18n import english_count as count

    say(f"kit score: {count(len(table), 'participant', 'participants')} with "
        f"{count(len(header) - 1, 'grade column', 'grade columns')} for Moodle"
        + (f" written to {output}" if output else "") + (f"; {len(missing)} not in the roster" if missing else ""))
    return 1 if reports else 0
