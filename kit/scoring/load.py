"""Everything ``kit score`` and ``kit report`` read before scoring: exercises, responses, grades."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kit.catalog import Catalog, load_catalog
from kit.errors import InputError, Problem
from kit.grades import read_grades
from kit.inputs import load_inputs
from kit.responses import Key, Latest, Rejection, Response


@dataclass
class ScoringInputs:
    catalog: Catalog
    responses: list[Response]
    rejections: list[Rejection]
    lines: int
    grades: dict[Key, dict[str, float]] = field(default_factory=dict)
    book_problems: list[Problem] = field(default_factory=list)
    # the attempt that counts per key (all that scoring needs); ``responses`` holds every attempt
    # unless load_scoring_inputs(..., every_attempt=False) was asked to save the memory
    latest: Latest = field(default_factory=Latest)


def load_scoring_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    books: Iterable[str | os.PathLike[str]],
    grades_path: str | os.PathLike[str] | None = None,
    every_attempt: bool = True,
) -> ScoringInputs:
    """Read all inputs; InputError when a path cannot be used at all."""
    books = list(books)
    for book in books:
        if not Path(book).exists():
            raise InputError(f"--book {book}: no such file or folder")
    if not books:
        raise InputError("no exercises to score against: give --book with a notebook or a folder of notebooks")
    catalog = load_catalog(books)
    if not catalog.exercises and not catalog.problems:
        raise InputError("no %%exercise cells found under " + ", ".join(map(str, books)))
    loaded = load_inputs(inputs, every_attempt)
    data = ScoringInputs(catalog, loaded.responses, loaded.rejections, loaded.lines,
                         book_problems=list(catalog.problems), latest=loaded.latest)
    if grades_path is not None:
        if not Path(grades_path).is_file():
            raise InputError(f"--grades {grades_path}: no such file")
        grades = read_grades(grades_path, catalog.exercises)
        data.grades = grades.points
        data.rejections += grades.rejections
    return data
