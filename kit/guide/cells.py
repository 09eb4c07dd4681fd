"""A notebook's cells as guide entries: exercises, facilitator notes and agenda items, in order.

Agenda items (an opening round, a closing debate, lunch) are Markdown cells tagged ``agenda`` whose
cell metadata says how long they take: ``"kit": {"minutes": 15}`` (and optionally ``"title"``).
Tagged ``facilitator`` as well, they are for trainers only; otherwise participants see them too.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import Problem
from kit.guide.agenda import Entry
from kit.notebook import ExerciseCell, Module
from kit.yamlcell import CellYAMLError, load_cell

AGENDA_TAG = "agenda"
FACILITATOR_TAG = "facilitator"
DEFAULT_MINUTES = 5.0
TITLE_LENGTH = 80

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BOLD_LEAD = re.compile(r"^\s*(\*\*|__)(.+?)\1")


class AgendaCellMeta(BaseModel):
    """The metadata of a Markdown cell tagged agenda, under kit: an item of the day's plan."""

    model_config = ConfigDict(extra="forbid")
    minutes: float = Field(gt=0, description="How long the item takes in the agenda.")
    title: str | None = Field(default=None, min_length=1, description="The item's name in the agenda "
                              "(default: the cell's first heading or bold lead).")


def module_entries(module: Module, index: int) -> tuple[list[Entry], list[Problem]]:
    """The entries of one module (its heading first) and the problems of its agenda cells."""
    entries = [Entry("module", module.title, module=index, payload=module)]
    problems: list[Problem] = []
    exercise_cells = {cell.cell: cell for cell in module.exercises}
    for number, cell in enumerate(module.cells, start=1):
        if number in exercise_cells:
            entries.append(_exercise_entry(exercise_cells[number], index, cell.get("source", "")))
        elif cell.get("cell_type") == "markdown":
            tags = cell.get("metadata", {}).get("tags", []) or []
            if AGENDA_TAG in tags:
                entry, problem = _agenda_entry(module.path, number, cell, index, FACILITATOR_TAG in tags)
                entries.append(entry)
                problems += problem
            elif FACILITATOR_TAG in tags:
                entries.append(Entry("note", module=index, cell=number, body=_source(cell), facilitator=True))
    return entries, problems


def _exercise_entry(cell: ExerciseCell, index: int, source: str) -> Entry:
    if cell.exercise is not None:
        exercise = cell.exercise
        return Entry("exercise", exercise.title, exercise.minutes, module=index, exercise_id=exercise.id,
                     cell=cell.cell, payload=exercise)
    # An invalid exercise keeps its place and, where readable, its planned minutes and title.
    title, minutes = _raw_title_and_minutes(source)
    return Entry("invalid", title or cell.exercise_id, minutes, module=index,
                 exercise_id=None if cell.exercise_id == "-" else cell.exercise_id, cell=cell.cell,
                 payload=cell.problems)


def _raw_title_and_minutes(source: str) -> tuple[str | None, float]:
    try:
        data = load_cell(source)
    except CellYAMLError:
        return None, DEFAULT_MINUTES
    if not isinstance(data, dict):
        return None, DEFAULT_MINUTES
    title = data.get("title") if isinstance(data.get("title"), str) else None
    minutes = data.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not minutes > 0:
        minutes = DEFAULT_MINUTES
    return title, float(minutes)


def _agenda_entry(path: str, number: int, cell: Any, index: int, facilitator: bool) -> tuple[Entry, list[Problem]]:
    source = _source(cell)
    raw = cell.get("metadata", {}).get("kit")
    title, body = split_title(source)
    try:
        meta = AgendaCellMeta.model_validate(raw if raw is not None else {})
    except ValidationError as error:
        problems = [Problem(path, number, "-", _agenda_message(e)) for e in error.errors()]
        entry = Entry("item", title or "?", DEFAULT_MINUTES, module=index, cell=number, body=body,
                      facilitator=facilitator)
        return entry, problems
    if meta.title:
        title, body = meta.title, source
    return Entry("item", title or "?", meta.minutes, module=index, cell=number, body=body,
                 facilitator=facilitator), []


def _agenda_message(error: Any) -> str:
    where = "metadata.kit" + "".join(f".{part}" for part in error["loc"])
    hint = 'give the cell "kit": {"minutes": 15} in its metadata (and optionally a "title")'
    if error["type"] == "missing":
        return f"a cell tagged 'agenda' needs {where}; {hint}"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key; an agenda cell's metadata.kit holds only 'minutes' and 'title'"
    if error["type"] == "model_type":
        return f"metadata.kit must be an object; {hint}"
    return f"{where}: {error['msg']} (got {error['input']!r})"


def split_title(source: str) -> tuple[str | None, str]:
    """A short title for an agenda cell and the body to show under it.

    A first heading line becomes the title and leaves the body; a bold lead (``**Lunch.** …``)
    becomes the title and stays in the body; otherwise the first line, shortened.
    """
    lines = source.strip("\n").split("\n")
    first = next((line for line in lines if line.strip()), "")
    heading = _HEADING.match(first)
    if heading:
        rest = lines[lines.index(first) + 1:]
        return heading.group(1), "\n".join(rest).strip("\n")
    bold = _BOLD_LEAD.match(first)
    text = bold.group(2) if bold else first.strip()
    text = text.strip().rstrip(".:").strip()
    if len(text) > TITLE_LENGTH:
        text = text[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
    return (text or None), source.strip("\n")


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)
