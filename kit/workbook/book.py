"""The participants' workbook of one day, as data: modules in the given order, each exercise with its paper layout.

Reading is the only I/O; problems in the notebooks are collected (``PATH:CELL: ID: message``) and the
rest of the workbook is still made. Only exercises reach the workbook: no facilitator cell, no
``facilitator`` block, no key (DESIGN §8).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from kit.errors import Problem
from kit.models import Exercise
from kit.notebook import Module, read_module
from kit.workbook.paper import Paper, paper


@dataclass(frozen=True)
class Page:
    """One exercise of the workbook, numbered through the day."""

    number: int
    exercise: Exercise
    paper: Paper
    language: str
    where: str  # PATH:CELL


@dataclass(frozen=True)
class Part:
    module: Module
    pages: list[Page]


@dataclass(frozen=True)
class Workbook:
    language: str
    parts: list[Part]
    problems: list[Problem] = field(default_factory=list)

    @property
    def pages(self) -> list[Page]:
        return [page for part in self.parts for page in part.pages]

    @property
    def title(self) -> str:
        return " · ".join(part.module.title for part in self.parts)


def build_workbook(notebooks: Sequence[str | os.PathLike[str]]) -> Workbook:
    """Read the day's notebooks (InputError when one cannot be found at all)."""
    from kit.guide.day import _notebook_paths  # the guide's reading of NOTEBOOK… arguments, shared

    modules = [read_module(path) for path in _notebook_paths(notebooks)]
    problems = [problem for module in modules for problem in module.problems]
    seen: dict[str, str] = {}
    parts: list[Part] = []
    number = 0
    for module in modules:
        if not module.cells:
            continue
        pages = []
        for cell in module.exercises:
            problems += cell.problems
            if cell.exercise is None:
                continue
            where = f"{cell.path}:{cell.cell}"
            if cell.exercise_id in seen:
                problems.append(Problem(cell.path, cell.cell, cell.exercise_id,
                                        f"the id '{cell.exercise_id}' is already used at {seen[cell.exercise_id]}; "
                                        "ids must be unique across all notebooks of the day"))
                continue
            seen[cell.exercise_id] = where
            number += 1
            language = module.meta.language
            pages.append(Page(number, cell.exercise, paper(cell.exercise, language), language, where))
        parts.append(Part(module, pages))
    language = parts[0].module.meta.language if parts else "en"
    return Workbook(language, parts, problems)
