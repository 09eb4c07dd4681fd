"""The modules a workshop serves: their places on the server, their exercises and the images they show.

A module is one exercise notebook, named by its path below the folder common to all served
notebooks; its page lives at ``modules/<name>`` and the images its participant-visible cells
show sit beside it at ``modules/<their path>``. Only those images are served: an image used only
in a facilitator cell (or lying in the folder unused) is not reachable by guessing its name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from kit.catalog import Catalog, load_catalog
from kit.errors import Problem
from kit.models import Exercise, Scenario
from kit.notebook import Module

SECRET_TAG = "facilitator"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
PAGES = "modules/"  # where module pages and their images live, below the server's base
HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class ServedModule:
    """One exercise notebook as the room sees it: its place on the server, title and exercises."""

    source: Path
    name: str  # the notebook's path below the workshop's root, with "/" (also its place in the URL)
    title: str
    language: str
    exercises: tuple[Exercise, ...]
    notebook: Module | None = field(default=None, compare=False, repr=False)

    @property
    def minutes(self) -> float:
        return sum(exercise.minutes for exercise in self.exercises)

    @property
    def url_path(self) -> str:
        """The page's address relative to the server's base (no leading slash)."""
        return PAGES + quote(self.name)

    @property
    def depth(self) -> int:
        """How many folders below the base the page sits (for relative links back to the base)."""
        return len(PurePosixPath(self.url_path).parts) - 1


@dataclass(frozen=True)
class Workshop:
    modules: tuple[ServedModule, ...]
    catalog: Catalog
    root: Path  # the folder the module names are relative to
    # image path below ``root`` (with "/") → the file; only what participant-visible cells show
    images: dict[str, Path] = field(default_factory=dict)

    def module(self, name: str) -> ServedModule | None:
        return next((module for module in self.modules if module.name == name), None)

    def module_of(self, exercise_id: str) -> ServedModule | None:
        found = self.served_exercise(exercise_id)
        return found[0] if found else None

    def served_exercise(self, exercise_id: str) -> tuple[ServedModule, Exercise] | None:
        """The exercise with this id and the module serving it (the first, should two share it)."""
        return self._by_exercise_id.get(exercise_id)

    @cached_property
    def _by_exercise_id(self) -> dict[str, tuple[ServedModule, Exercise]]:
        # looked up at every answer: a room's Submits should not walk every module's exercises
        found: dict[str, tuple[ServedModule, Exercise]] = {}
        for module in self.modules:
            for exercise in module.exercises:
                found.setdefault(exercise.id, (module, exercise))
        return found

    @property
    def language(self) -> str:
        """The language of the pages around the modules: the first module's (as kit guide does)."""
        return self.modules[0].language if self.modules else "en"


def find_workshop(paths: Iterable[str | os.PathLike[str]]) -> tuple[Workshop, list[Problem]]:
    """The notebooks under ``paths`` that hold at least one valid exercise, and every problem found.

    A notebook with problems is still served (its broken exercises are left out); one that cannot
    be read, or holds no exercise, is reported and left out.
    """
    catalog = load_catalog(list(paths))
    problems = list(catalog.problems)
    readable = []
    for module in catalog.modules:
        exercises = tuple(catalog.exercises[cell.exercise_id] for cell in module.exercises
                          if catalog.origin.get(cell.exercise_id) == f"{module.path}:{cell.cell}")
        if exercises:
            readable.append((module, exercises))
        elif not module.problems:
            problems.append(Problem(module.path, 0, "-", "holds no valid exercise, so it is not served"))
    sources = [Path(module.path).resolve() for module, _ in readable]
    root = Path(os.path.commonpath([source.parent for source in sources])) if sources else Path.cwd()
    modules = tuple(
        ServedModule(source, source.relative_to(root).as_posix(), module.title, module.meta.language, exercises,
                     module)
        for source, (module, exercises) in zip(sources, readable, strict=True)
    )
    images = {name: path for module in modules for name, path in shown_images(module, root)}
    return Workshop(modules, catalog, root, images), problems


def shown_images(module: ServedModule, root: Path) -> Iterator[tuple[str, Path]]:
    """(path below ``root``, file) of every image file the module's participant-visible text shows."""
    folder = module.source.parent
    for reference in _image_references(module):
        target = (folder / unquote(reference)).resolve()
        if target.suffix.lower() not in IMAGE_SUFFIXES or not target.is_file():
            continue
        try:
            name = target.relative_to(root).as_posix()
        except ValueError:  # outside the served folder: its address would climb above the pages
            continue
        yield name, target


def _image_references(module: ServedModule) -> Iterator[str]:
    texts = [without_facilitator_blocks(_source(cell)) for cell in (module.notebook.cells if module.notebook else [])
             if cell.get("cell_type") == "markdown" and SECRET_TAG not in cell.get("metadata", {}).get("tags", [])]
    for exercise in module.exercises:
        texts += [exercise.prompt or "", getattr(exercise, "case", None) or ""]
        if isinstance(exercise, Scenario):
            texts += [node.text for node in exercise.nodes]
    for text in texts:
        for reference in _references(text):
            parts = urlsplit(reference)
            if not parts.scheme and not parts.netloc and parts.path and not parts.path.startswith("/"):
                yield parts.path


def _references(markdown: str) -> Iterator[str]:
    tokens = _parser().parse(markdown)
    for token in tokens:
        for child in [token, *(token.children or [])]:
            if child.type == "image" and child.attrs.get("src"):
                yield str(child.attrs["src"])
            if child.type in ("html_block", "html_inline"):
                yield from HTML_IMAGE.findall(child.content)


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def without_facilitator_blocks(markdown: str) -> str:
    """Markdown without its MyST ``{facilitator}`` blocks (``:::{facilitator}`` or ```` ```{facilitator} ````).

    The book drops them in the participant edition (kit.sphinx_ext); blocks inside other
    directives (``::::{note}``) go too.
    """
    if "{facilitator}" not in markdown:
        return markdown
    return "\n".join(_without_blocks(markdown.split("\n")))


def _without_blocks(lines: list[str]) -> list[str]:
    tokens = _myst_fences().parse("\n".join(lines))
    kept = list(lines)
    fences = [token for token in tokens if token.type in ("fence", "colon_fence") and token.map]
    for token in sorted(fences, key=lambda token: token.map[0], reverse=True):  # bottom up: lines keep places
        start, end = token.map
        name = token.info.strip()
        if name.startswith("{facilitator}"):
            del kept[start:end]
        elif name.startswith("{") and end - start > 2:  # another directive: its content is Markdown too
            kept[start + 1:end - 1] = _without_blocks(kept[start + 1:end - 1])
    return kept


@cache
def _myst_fences() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin

    return MarkdownIt("commonmark").use(colon_fence_plugin)
