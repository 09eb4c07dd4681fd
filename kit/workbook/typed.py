"""A room's paper answers typed into a CSV, read as DESIGN §6 responses (``kit store import --from-workbook``).

Columns: ``participant,exercise,answer`` and optionally ``submitted_at`` (commas, or semicolons as
spreadsheets in Hungarian and Czech write them); the answer is written as on
paper (kit.workbook.answers). The time of a row is its ``submitted_at``, else the file's modification
time, so importing the same file twice stores nothing new (the store keeps one copy of a record).
A row that cannot be used is a Rejection ``FILE:LINE: reason``; the other rows still count.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path

from kit.catalog import Catalog
from kit.models import Exercise
from kit.models.base import did_you_mean
from kit.responses import Rejection, Response, parse_time
from kit.workbook.answers import read_answer
from kit.workbook.paper import Paper, paper

REQUIRED = ("participant", "exercise", "answer")
Sheets = Mapping[str, tuple[Exercise, Paper]]


def workbook_sheets(catalog: Catalog) -> dict[str, tuple[Exercise, Paper]]:
    """Every exercise of the book with the layout it has on paper (in its notebook's language)."""
    return {exercise_id: (exercise, paper(exercise, catalog.language[exercise_id]))
            for exercise_id, exercise in catalog.exercises.items()}


def read_typed_csv(path: str | os.PathLike[str], session: str, sheets: Sheets,
                   shown: str | None = None) -> Iterator[Response | Rejection]:
    """Every data row of the CSV as a Response or a Rejection (blank rows are skipped)."""
    name = shown if shown is not None else str(path)
    file_time = datetime.fromtimestamp(Path(path).stat().st_mtime, tz=timezone.utc)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        # spreadsheets set to Hungarian or Czech write semicolons
        reader = csv.reader(handle, delimiter=";" if first.count(";") > first.count(",") else ",")
        header = [column.strip().lower() for column in next(reader, [])]
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            yield Rejection(name, 1, "the first line must name the columns participant,exercise,answer"
                            "[,submitted_at]; missing " + ", ".join(missing))
            return
        column = {key: header.index(key) for key in (*REQUIRED, "submitted_at") if key in header}
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {key: row[index].strip() if index < len(row) else "" for key, index in column.items()}
            try:
                yield _response(cells, session, sheets, file_time, f"{name}:{start}")
            except ValueError as error:
                yield Rejection(name, start, str(error))


def _response(cells: dict[str, str], session: str, sheets: Sheets, file_time: datetime, source: str) -> Response:
    participant, exercise_id = cells["participant"], cells["exercise"]
    if not participant:
        raise ValueError("the participant column is empty; write the pseudonym from the workbook's cover")
    if exercise_id not in sheets:
        raise ValueError(f"unknown exercise '{exercise_id}'{did_you_mean(exercise_id, set(sheets))}; write the id "
                         "printed beside the exercise's title in the workbook")
    exercise, sheet = sheets[exercise_id]
    try:
        answer = read_answer(exercise, sheet, cells["answer"])
    except ValueError as error:
        raise ValueError(f"{exercise_id}: {error}") from None
    stamp = cells.get("submitted_at", "")
    moment = parse_time(stamp) if stamp else file_time
    return Response(session, participant, exercise_id, answer, moment, source)
