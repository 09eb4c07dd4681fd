"""A whole page for one exercise notebook: its Markdown cells and its exercises in the player.

The participant view only: cells tagged ``facilitator``, MyST ``{facilitator}`` blocks, raw cells
and code are left out. No inline script or style, so the page runs under a strict CSP.
"""

from __future__ import annotations

import re
from typing import Any

from kit.notebook import Module
from kit.player.render import Mode, render_exercise, unavailable

# ```{facilitator} … ``` or :::{facilitator} … ::: (any fence length, closed by the same fence)
_FACILITATOR_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{facilitator\}[^\n]*\n.*?^(?P=fence)[ \t]*$\n?", re.MULTILINE | re.DOTALL
)
_HEADING = re.compile(r"^#\s", re.MULTILINE)


# [text](../book/chapter.md) or (other.ipynb#part): a page of the book, which a room's server does not serve
_BOOK_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:)[^()\s]+\.(?:md|ipynb)(?:#[^()\s]*)?\)")


def participant_markdown(source: str) -> str:
    """A Markdown cell without its facilitator blocks."""
    return _FACILITATOR_BLOCK.sub("", source)


def without_book_links(source: str) -> str:
    """Links to the handbook's own pages as their words: a workshop page cannot lead to them (no 404)."""
    return _BOOK_LINK.sub(r"\g<text>", source)


def render_module_page(
    module: Module, *, mode: Mode, api_base: str | None = None, static_base: str, book_key: str | None = None,
    identity: str | None = None,
) -> str:
    """The page; ``identity="hub"`` when a JupyterHub names the participant (the page asks for no pseudonym)."""
    from kit.i18n import translator
    from kit.render import environment, markdown

    language = module.meta.language
    by_cell = {cell.cell: cell for cell in module.exercises}
    blocks: list[Any] = []
    has_title = False
    for number, cell in enumerate(module.cells, start=1):
        kind = cell.get("cell_type")
        tags = cell.get("metadata", {}).get("tags", [])
        if kind == "markdown" and "facilitator" not in tags:
            source = participant_markdown(cell.get("source", ""))
            if mode == "workshop":
                source = without_book_links(source)
            has_title = has_title or bool(_HEADING.search(source))
            blocks.append(markdown(source))
        elif kind == "code" and number in by_cell:
            exercise_cell = by_cell[number]
            if exercise_cell.exercise is None:
                detail = "; ".join(problem.message for problem in exercise_cell.problems)
                blocks.append(unavailable(exercise_cell.exercise_id, language, detail))
            else:
                blocks.append(render_exercise(exercise_cell.exercise, language=language, mode=mode))
    template = environment().get_template("player/page.html.j2")
    return template.render(
        title=module.title, language=language, mode=mode, api_base=api_base, static_base=static_base,
        book_key=book_key or "", identity=identity or "", blocks=blocks, has_title=has_title, _=translator(language),
    )
