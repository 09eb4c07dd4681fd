"""The exercise player (DESIGN §12): semantic HTML of every exercise type and one classic script.

``render_exercise`` gives one exercise's fragment, ``render_module_page`` a whole page for one exercise
notebook; ``STATIC_DIR`` holds ``player.js`` and ``player.css``. The same markup serves the self-study
edition (scored in the page) and ``kit workshop serve`` (scored by the server). Jinja is imported only
when something is rendered, so ``import kit.player`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kit.models import Exercise
    from kit.notebook import Module
    from kit.player.render import Mode

STATIC_DIR: Path = Path(__file__).parent / "static"

__all__ = ["STATIC_DIR", "render_exercise", "render_module_page"]


def render_exercise(exercise: Exercise, *, language: str, mode: Mode) -> str:
    """The HTML fragment of one exercise (``data-kit-exercise="ID"``, ``lang``)."""
    from kit.player.render import render_exercise as render

    return render(exercise, language=language, mode=mode)


def render_module_page(
    module: Module, *, mode: Mode, api_base: str | None = None, static_base: str, book_key: str | None = None,
    identity: str | None = None,
) -> str:
    """A complete HTML5 page for one exercise notebook (participant view of its cells); ``identity="hub"``
    when a JupyterHub names the participant, so the page asks for no pseudonym."""
    from kit.player.page import render_module_page as render

    return render(module, mode=mode, api_base=api_base, static_base=static_base, book_key=book_key,
                  identity=identity)
