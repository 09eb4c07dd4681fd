"""The ``%%exercise`` cell magic: validate the cell's YAML and show the exercise.

In a book build (``KIT_EDITION`` set by ``kit build``) it shows the static view of that edition (the
player in the self-study edition);
in JupyterLab or Voilà it shows the interactive widget when kit.ui is available.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

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
    """The module's language: ``KIT_LANGUAGE`` (set by ``kit build``), ``shell.kit_language``, else
    ``metadata.kit.language`` of the notebook this kernel runs, else English."""
    language = os.environ.get("KIT_LANGUAGE") or getattr(shell, "kit_language", None)
    if language:
        return language
    from kit.i18n import LANGUAGES

    path = notebook_path(shell)
    found = _language_of(path) if path else None
    if found is None:
        found = _folder_language()
    return found if found in LANGUAGES else "en"


def notebook_path(shell: Any = None) -> Path | None:
    """The notebook this kernel runs, as far as the front end tells the kernel.

    JupyterLab (jupyter_server 2) sets ``JPY_SESSION_NAME`` to the notebook's path, which ipykernel
    also puts in ``__session__``; VS Code sets ``__vsc_ipynb_file__``; Voilà starts the kernel in
    the notebook's folder with ``SCRIPT_NAME`` set to the request path, which ends in the notebook's
    name when Voilà serves a folder.
    """
    user_ns = getattr(shell, "user_ns", None) or {}
    candidates = [os.environ.get("JPY_SESSION_NAME"), user_ns.get("__session__"), user_ns.get("__vsc_ipynb_file__")]
    script = os.environ.get("SCRIPT_NAME", "")
    if script.endswith(".ipynb"):
        candidates.append(unquote(script.rsplit("/", 1)[-1]))
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate.endswith(".ipynb"):
            continue
        path = Path(candidate)
        for option in (path, Path.cwd() / path, Path.cwd() / path.name):
            if option.is_file():
                return option
    return None


def _language_of(path: Path) -> str | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return _metadata_language(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=64)
def _metadata_language(path: str, mtime_ns: int, size: int) -> str | None:
    """``metadata.kit.language`` of a notebook file (cached until the file changes)."""
    try:
        with open(path, encoding="utf-8") as handle:
            metadata = json.load(handle).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return None
    kit_meta = metadata.get("kit") if isinstance(metadata, dict) else None
    language = kit_meta.get("language", "en") if isinstance(kit_meta, dict) else "en"
    return language if isinstance(language, str) else None


def _folder_language() -> str | None:
    """Voilà serving one notebook gives no name: the language all notebooks of the folder share."""
    try:
        notebooks = sorted(Path.cwd().glob("*.ipynb"))
    except OSError:
        return None
    languages = {_language_of(path) for path in notebooks[:50]}
    return languages.pop() if len(languages) == 1 else None


def exercise_magic(line: str, cell: str, shell: Any = None) -> Any:
    from IPython.display import display

    # on a hub with the kit service the cell holds the participant view only (no key to check)
    service_mode = bool(os.environ.get("KIT_SERVICE_URL", "").strip())
    try:
        data = load_cell(f"{MAGIC}\n{cell}")
        if service_mode:
            from kit.participant_view import keyless_exercise

            exercise = keyless_exercise(data)
        else:
            exercise = parse_exercise(data)
    except CellYAMLError as error:
        from kit.yamlhints import problems_after_yaml_error

        display(ExerciseProblem([str(error), *problems_after_yaml_error(f"{MAGIC}\n{cell}")]))
        return None
    except ExerciseInvalid as error:
        display(ExerciseProblem([str(issue) for issue in error.issues]))
        return None
    language = notebook_language(shell)
    edition = os.environ.get("KIT_EDITION")
    if edition == "self-study":
        from kit.player.render import PlayerExercise

        display(PlayerExercise(exercise, language))
        return None
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
    if service_mode:
        from kit.ui.service import Service

        show_exercise(exercise, language=language, shell=shell, service=Service.from_environment())
        return None
    show_exercise(exercise, language=language, shell=shell)
    return None


def register(ipython: Any) -> None:
    def magic(line: str, cell: str) -> Any:
        return exercise_magic(line, cell, ipython)

    ipython.register_magic_function(magic, magic_kind="cell", magic_name="exercise")
