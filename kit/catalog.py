"""All exercises checked together: ids unique across every notebook (DESIGN §4)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from kit.errors import Problem
from kit.models import Exercise
from kit.notebook import Module, find_notebooks, read_module

DEFAULT_PATHS = ("book", "exercises")


@dataclass
class Catalog:
    modules: list[Module] = field(default_factory=list)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    # where each id was first defined, as "PATH:CELL"
    origin: dict[str, str] = field(default_factory=dict)
    language: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_catalog(paths: Iterable[str | os.PathLike[str]] = DEFAULT_PATHS) -> Catalog:
    """Read every notebook under ``paths``; collect valid exercises and every problem found."""
    catalog = Catalog()
    first_cell: dict[str, str] = {}
    for notebook in find_notebooks(paths):
        module = read_module(notebook)
        catalog.modules.append(module)
        catalog.problems += module.problems
        for cell in module.exercises:
            catalog.problems += cell.problems
            if cell.exercise_id == "-":
                continue
            where = f"{cell.path}:{cell.cell}"
            if cell.exercise_id in first_cell:
                catalog.problems.append(
                    Problem(cell.path, cell.cell, cell.exercise_id,
                            f"the id '{cell.exercise_id}' is already used at {first_cell[cell.exercise_id]}; "
                            "ids must be unique across all notebooks checked together")
                )
                continue
            first_cell[cell.exercise_id] = where
            if cell.exercise is not None:
                catalog.exercises[cell.exercise_id] = cell.exercise
                catalog.origin[cell.exercise_id] = where
                catalog.language[cell.exercise_id] = module.meta.language
    return catalog
