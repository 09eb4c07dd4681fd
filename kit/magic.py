"""The ``%%exercise`` cell magic: validate the cell's YAML and show the exercise.

In a book build (``KIT_EDITION`` set by ``kit build``) it shows the static view of that edition;
in JupyterLab or Voilà it shows the interactive widget when kit.ui is available.
"""

from __future__ import annotations

import os
from typing import Any

from kit.errors import ExerciseInvalid
from kit.models import parse_exercise
from kit.yamlcell import MAGIC, CellYAMLError, load_cell


class ExerciseProblem:
    """What a broken exercise cell shows instead of a traceback: the problems and how to fix them."""

    def __init__(self, lines: list[str]):
        self.lines = lines

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from html import escape

        items = "".join(f"<li>{escape(line)}</li>" for line in self.lines)
        return {
            "text/plain": "This exercise cannot be shown:\n" + "\n".join(f"  {line}" for line in self.lines),
            "text/html": (
                f'<div class="kit-exercise-problem"><p>This exercise cannot be shown:</p><ul>{items}</ul></div>'
            ),
        }


def notebook_language(shell: Any) -> str:
    """The module's language, as set by ``kit build`` or the widget runtime (default English)."""
    return os.environ.get("KIT_LANGUAGE") or getattr(shell, "kit_language", None) or "en"


def exercise_magic(line: str, cell: str, shell: Any = None) -> Any:
    from IPython.display import display

    try:
        exercise = parse_exercise(load_cell(f"{MAGIC}\n{cell}"))
    except CellYAMLError as error:
        display(ExerciseProblem([str(error)]))
        return None
    except ExerciseInvalid as error:
        display(ExerciseProblem([str(issue) for issue in error.issues]))
        return None
    language = notebook_language(shell)
    edition = os.environ.get("KIT_EDITION")
    if edition in ("participant", "facilitator"):
        from kit.render import StaticExercise

        display(StaticExercise(exercise, language, edition))  # type: ignore[arg-type]
        return None
    try:
        from kit.ui import show_exercise
    except ImportError:
        from kit.render import StaticExercise

        display(StaticExercise(exercise, language, "participant"))
        return None
    show_exercise(exercise, language=language, shell=shell)
    return None


def register(ipython: Any) -> None:
    def magic(line: str, cell: str) -> Any:
        return exercise_magic(line, cell, ipython)

    ipython.register_magic_function(magic, magic_kind="cell", magic_name="exercise")
