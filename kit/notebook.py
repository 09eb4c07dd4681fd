"""Find and validate the exercises of notebooks: the bridge between .ipynb files and kit.models."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import ExerciseInvalid, Problem
from kit.models import Exercise, parse_exercise
from kit.models.base import did_you_mean
from kit.models.validation import key_path
from kit.yamlcell import CellYAMLError, guess_id, is_exercise_cell, load_cell

SKIPPED_DIRECTORIES = {"_build", ".ipynb_checkpoints", "node_modules", "__pycache__"}
LOAD_LINES = ("%load_ext kit", "%reload_ext kit")
CELL_TYPES = ("code", "markdown", "raw")


class ModuleMeta(BaseModel):
    """The settings of an exercise notebook (one workshop module), kept in its metadata under kit."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    title: str | None = Field(default=None, description="The module's title in guides, reports and the "
                              "book's navigation (default: the file name).")
    language: Literal["en", "hu", "cs"] = Field(default="en", description="The language of the "
                                                "module: widget labels, default scales and dimension "
                                                "prompts, guide and report headings.")
    objectives: list[str] = Field(default_factory=list, description="Learning objectives, listed at the "
                                  "top of the module and of its guide.")
    audience: str | None = Field(default=None, description="Who the module is for, such as new "
                                 "crisis-line volunteers.")
    group_size: int = Field(default=10, gt=0, description="The largest group the guide forms from a "
                            "roster (case-discussion groups work with at most ten people).")
    # texts that kit check must not flag as personal data (a published service number, say)
    anonymity_allow: list[str] = Field(default_factory=list, description="Texts that kit check must not "
                                       "report as personal data, such as a published service number.")


@dataclass
class ExerciseCell:
    """One ``%%exercise`` cell: where it is and what it holds (``exercise`` is None when invalid)."""

    path: str
    cell: int
    exercise_id: str
    exercise: Exercise | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Module:
    """An exercise notebook read from disk."""

    path: str
    meta: ModuleMeta
    cells: list[Any]
    exercises: list[ExerciseCell]
    problems: list[Problem]

    @property
    def valid_exercises(self) -> list[Exercise]:
        return [cell.exercise for cell in self.exercises if cell.exercise is not None]

    @property
    def title(self) -> str:
        return self.meta.title or Path(self.path).stem


def find_notebooks(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every notebook under the given files and directories, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            for root, directories, files in os.walk(path):
                directories[:] = sorted(
                    d for d in directories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")
                )
                for name in sorted(files):
                    if name.endswith(".ipynb"):
                        yield Path(root) / name
        else:
            yield path


def read_module(path: str | os.PathLike[str]) -> Module:
    """Read a notebook and validate its metadata and every exercise in it (never raises for content)."""
    from kit.ipynb import notebook_from_json

    shown = str(path)
    problems: list[Problem] = []
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        # kit reports a cell it cannot handle and reads the others
        _repair_cells(shown, data, problems)
        notebook = notebook_from_json(data, path)
    except FileNotFoundError:
        return _unreadable(shown, "no such file; check the path")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return _unreadable(shown, f"cannot read the notebook ({_first_line(error)}); is it a valid .ipynb file?")
    except Exception as error:  # nbformat (older notebooks only) raises a variety of reader errors
        return _unreadable(shown, f"cannot read the notebook ({_first_line(error)})")
    metadata = notebook.get("metadata", {})
    meta = _read_meta(shown, metadata.get("kit", {}) if isinstance(metadata, dict) else None, problems)
    cells = _usable_cells(shown, notebook.get("cells", []), problems)
    exercises: list[ExerciseCell] = []
    loaded = False
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if any(line.strip().startswith(LOAD_LINES) for line in source.splitlines()):
            loaded = True
        if is_exercise_cell(source):
            exercise_cell = read_exercise_cell(shown, number, source)
            if not loaded:
                exercise_cell.problems.append(
                    Problem(shown, number, exercise_cell.exercise_id,
                            "the %%exercise magic is not loaded yet: add a code cell with '%load_ext kit' "
                            "before the first exercise")
                )
                loaded = True  # say it once per notebook
            exercises.append(exercise_cell)
    return Module(shown, meta, cells, exercises, problems)


def _repair_cells(path: str, data: Any, problems: list[Problem]) -> None:
    cells = data.get("cells") if isinstance(data, dict) else None
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") not in CELL_TYPES \
                or not isinstance(cell.get("metadata", {}), dict):
            problems.append(Problem(path, number, "-", "this is not a notebook cell (a JSON object with a "
                                    "cell_type of code, markdown or raw); delete it or recreate it in Jupyter"))
            cells[number - 1] = {"cell_type": "raw", "metadata": {}, "source": ""}
            continue
        cell.setdefault("metadata", {})
        if cell["cell_type"] == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        source = cell.get("source")
        if isinstance(source, list) and not all(isinstance(line, str) for line in source):
            problems.append(Problem(path, number, "-", "the cell's source is a list holding something other "
                                    "than lines of text; open the notebook in Jupyter and save it again, or fix "
                                    "the cell by hand"))
            cell["source"] = ""


def _usable_cells(path: str, raw: Any, problems: list[Problem]) -> list[Any]:
    """The cells, each a mapping whose ``source`` is text; a cell that is not is reported and emptied,
    so that every reader after this one can trust the shape (nbformat's reader does not check it)."""
    if not isinstance(raw, list):
        problems.append(Problem(path, 0, "-", "the notebook's 'cells' is not a list; is it a valid .ipynb file?"))
        return []
    cells: list[Any] = []
    for number, cell in enumerate(raw, start=1):
        if not isinstance(cell, dict):
            problems.append(Problem(path, number, "-", "this cell is not a cell (a JSON object); delete it or "
                                    "recreate it in Jupyter"))
            cell = {"cell_type": "raw", "metadata": {}, "source": ""}
        elif not isinstance(cell.get("source", ""), str):
            problems.append(Problem(path, number, "-", "the cell's source is not text (got "
                                    f"{type(cell['source']).__name__}); open the notebook in Jupyter and save it "
                                    "again, or fix the cell by hand"))
            cell = {**cell, "source": ""}
        cells.append(cell)
    return cells


def read_exercise_cell(path: str, number: int, source: str) -> ExerciseCell:
    try:
        data = load_cell(source)
    except CellYAMLError as error:
        from kit.yamlhints import problems_after_yaml_error

        exercise_id = guess_id(source)
        messages = [str(error), *problems_after_yaml_error(source)]
        return ExerciseCell(path, number, exercise_id, None, [Problem(path, number, exercise_id, m) for m in messages])
    exercise_id = _id_of(data)
    try:
        exercise = parse_exercise(data)
    except ExerciseInvalid as error:
        return ExerciseCell(
            path, number, exercise_id, None,
            [Problem(path, number, exercise_id, str(issue)) for issue in error.issues],
        )
    return ExerciseCell(path, number, exercise.id, exercise)


def _id_of(data: Any) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"].strip():
        return data["id"].strip()
    return "-"


def _read_meta(path: str, raw: Any, problems: list[Problem]) -> ModuleMeta:
    try:
        return ModuleMeta.model_validate(raw if raw is not None else {})
    except ValidationError as error:
        for e in error.errors():
            where = "metadata.kit" + ("." + key_path(tuple(e["loc"])) if e["loc"] else "")
            if e["type"] == "extra_forbidden":
                message = f"unknown key{did_you_mean(str(e['loc'][-1]), set(ModuleMeta.model_fields))}"
            elif e["type"] == "literal_error":
                message = f"must be one of en, hu, cs (got {e['input']!r})"
            else:
                message = f"{e['msg']} (got {e['input']!r})"
            problems.append(Problem(path, 0, "-", f"{where}: {message}"))
        return ModuleMeta()


def _unreadable(path: str, message: str) -> Module:
    return Module(path, ModuleMeta(), [], [], [Problem(path, 0, "-", message)])


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
