"""``kit check``: every problem of every notebook under the given paths, in one run."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from kit.anonymity import exercise_texts, find_personal_data
from kit.catalog import load_catalog
from kit.errors import Problem
from kit.notebook import Module


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Problem]:
    catalog = load_catalog(paths)
    problems = list(catalog.problems)
    for module in catalog.modules:
        problems += personal_data_problems(module)
    return sorted(problems, key=lambda problem: (problem.path, problem.cell))


def personal_data_problems(module: Module) -> Iterator[Problem]:
    """What looks like a real person's data in the exercises and Markdown cells of a module."""
    allowed = set(module.meta.anonymity_allow)
    for cell in module.exercises:
        if cell.exercise is None:
            continue
        for where, text in exercise_texts(cell.exercise.model_dump(exclude_none=True)):
            for finding in find_personal_data(text):
                if finding.text not in allowed:
                    yield Problem(module.path, cell.cell, cell.exercise_id, f"{where}: {finding.advice()}")
    for number, cell in enumerate(module.cells, start=1):
        if cell.get("cell_type") == "markdown":
            for finding in find_personal_data(cell.get("source", "")):
                if finding.text not in allowed:
                    yield Problem(module.path, number, "-", finding.advice())
