"""Interactive exercises for JupyterLab and Voilà (ipywidgets 8): the only place kit uses widgets.

``%%exercise`` calls :func:`show_exercise`. Each exercise type has its body in a module of its own
(``choice``, ``ordering``, ``matching``, ``written``, ``likert``, ``scenario``), registered by type
name in :mod:`kit.ui.registry`; :mod:`kit.ui.exercise` is the frame they share.
"""

from __future__ import annotations

from typing import Any

from kit.models import Exercise
from kit.ui import choice, likert, matching, ordering, scenario, written  # noqa: F401 - fill the registry
from kit.ui.body import NotAnswered
from kit.ui.exercise import ExerciseWidget
from kit.ui.identity import Identity, current_identity
from kit.ui.registry import BODIES

__all__ = ["BODIES", "ExerciseWidget", "Identity", "NotAnswered", "current_identity", "exercise_widget",
           "show_exercise", "shown"]

# the widget last shown for each exercise id in this kernel, for unattended runs (shown(id).submit(...))
_shown: dict[str, ExerciseWidget] = {}


def exercise_widget(exercise: Exercise, language: str = "en", **options: Any) -> ExerciseWidget:
    """Build the widget of one exercise (``identity``, ``db`` and ``clock`` may be given, for tests)."""
    return ExerciseWidget(exercise, language, **options)


def show_exercise(exercise: Exercise, *, language: str = "en", shell: Any = None, **options: Any) -> ExerciseWidget:
    """Display the exercise's widget below the cell and remember it under the exercise id."""
    from IPython.display import display

    widget = exercise_widget(exercise, language, **options)
    _shown[exercise.id] = widget
    display(widget)
    return widget


def shown(exercise_id: str) -> ExerciseWidget:
    """The widget last shown for ``exercise_id`` in this kernel (KeyError naming the ids shown)."""
    try:
        return _shown[exercise_id]
    except KeyError:
        raise KeyError(f"no exercise '{exercise_id}' has been shown in this kernel yet; shown: "
                       + (", ".join(sorted(_shown)) or "none")) from None
