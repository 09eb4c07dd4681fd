"""``kit export``: the exercises of notebooks as a GIFT or Moodle XML file, or as Twee stories."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import Problem
from kit.interchange.report import NotWritable, UnusableArguments
from kit.models import Exercise
from kit.notebook import ExerciseCell, Module, find_notebooks, read_module

FORMATS = ("gift", "twee", "moodle-xml")


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    exercises: int = 0
    problems: list[Problem] = field(default_factory=list)

    def export(self, module: Module, cell: ExerciseCell, write: Callable[[Exercise], str]) -> str | None:
        """The exercise as ``write`` writes it; None after naming, as a problem, why it cannot be."""
        if cell.exercise is None:
            reason = cell.problems[0].message if cell.problems else "it is not valid"
            self.problems.append(Problem(module.path, cell.cell, cell.exercise_id,
                                         f"not exported: {reason} (run kit check)"))
            return None
        try:
            text = write(cell.exercise)
        except NotWritable as error:
            self.problems.append(Problem(module.path, cell.cell, cell.exercise_id, f"not exported: {error}"))
            return None
        self.exercises += 1
        return text


@dataclass
class Item:
    """One cell worth exporting: an exercise, a kept raw cell, or a GIFT category heading."""

    module: Module
    number: int
    cell: Any


def export_notebooks(paths: list[str], to: str, output: str | Path) -> ExportResult:
    """Write the exercises of the notebooks under ``paths`` to ``output`` in the format ``to``."""
    if to not in FORMATS:
        raise UnusableArguments(f"--to {to!r}: choose one of {', '.join(FORMATS)}")
    if not paths:
        raise UnusableArguments("name at least one notebook (or folder of notebooks) to export")
    for path in paths:
        if not Path(path).exists():
            raise UnusableArguments(f"{path}: no such file or folder; check the path")
    modules = [read_module(path) for path in find_notebooks(paths)]
    if not modules:
        raise UnusableArguments(f"no notebooks (.ipynb) found under: {', '.join(paths)}")
    result = ExportResult()
    for module in modules:
        result.problems += module.problems
    if to == "gift":
        from kit.interchange.gift_write import write_gift

        write_gift(modules, Path(output), result)
    elif to == "moodle-xml":
        from kit.interchange.moodle_write import write_moodle_xml

        write_moodle_xml(modules, Path(output), result)
    else:
        from kit.interchange.twee_write import write_twee

        write_twee(modules, Path(output), result)
    if not result.written:
        what = "scenario" if to == "twee" else "question"
        result.problems.append(Problem(modules[0].path, 0, "-", f"nothing written: no {what} in "
                                       f"{', '.join(module.path for module in modules)} can be written to {to}"))
    return result


def cells(module: Module) -> Iterator[tuple[int, Any]]:
    """(cell number from 1, cell) of a module."""
    yield from enumerate(module.cells, start=1)


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file, so that a failed write leaves no half-written file."""
    temporary = path.with_name(f".{path.name}.kit-tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
