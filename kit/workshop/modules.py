"""The modules a workshop serves, and the participant copies of their notebooks that Voilà runs.

Voilà runs a notebook's code cells in the participant's kernel, so the copy keeps every
``%%exercise`` cell whole (the kernel needs the YAML to score). Everything the page would show
and a participant must not see goes: cells tagged ``facilitator`` (DESIGN §8), raw cells (they
render verbatim, and ``kit import`` keeps whole GIFT questions with their answers in them),
outputs saved by the author and metadata beyond the kernel and the module's title and language.
The copies live in a folder of their own, so that the server can reach nothing else.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from kit.catalog import Catalog, load_catalog
from kit.errors import Problem
from kit.models import Exercise

SECRET_TAG = "facilitator"
KEPT_METADATA = ("kernelspec", "language_info")
KEPT_KIT_METADATA = ("title", "language")
# images a Markdown cell may show; Voilà inlines them into the page from the copy's folder
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


@dataclass(frozen=True)
class ServedModule:
    """One exercise notebook as the room sees it: its place on the server, title and exercises."""

    source: Path
    name: str  # the copy's path under the served folder, with "/" (also its place in the URL)
    title: str
    language: str
    exercises: tuple[Exercise, ...]

    @property
    def minutes(self) -> float:
        return sum(exercise.minutes for exercise in self.exercises)

    @property
    def url_path(self) -> str:
        return "/voila/render/" + quote(self.name)


@dataclass(frozen=True)
class Workshop:
    modules: tuple[ServedModule, ...]
    catalog: Catalog
    root: Path  # the folder the module names are relative to

    def module(self, name: str) -> ServedModule | None:
        return next((module for module in self.modules if module.name == name), None)

    @property
    def language(self) -> str:
        """The language of the pages around the modules: the first module's (as kit guide does)."""
        return self.modules[0].language if self.modules else "en"


def find_workshop(paths: Iterable[str | os.PathLike[str]]) -> tuple[Workshop, list[Problem]]:
    """The notebooks under ``paths`` that hold at least one valid exercise, and every problem found.

    A notebook with problems is still served (its broken exercises say so on the page); one that
    cannot be read, or holds no exercise, is reported and left out.
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
        ServedModule(source, source.relative_to(root).as_posix(), module.title, module.meta.language, exercises)
        for source, (module, exercises) in zip(sources, readable, strict=True)
    )
    return Workshop(modules, catalog, root), problems


def participant_notebook(notebook: Any, kernelspec: dict[str, str] | None = None) -> Any:
    """A copy of ``notebook`` holding only what a participant's page may show (and its code to run).

    A last, silent cell warms the kernel up for the first Submit (kit.workshop.kernel);
    ``kernelspec``, when given, names the kernel to run it in.
    """
    import copy

    import nbformat

    result = nbformat.v4.new_notebook()
    metadata = notebook.get("metadata", {})
    for key in KEPT_METADATA:
        if key in metadata:
            result.metadata[key] = copy.deepcopy(metadata[key])
    if kernelspec is not None:
        result.metadata["kernelspec"] = dict(kernelspec)
    kit_meta = metadata.get("kit")
    if isinstance(kit_meta, dict):
        result.metadata["kit"] = {key: kit_meta[key] for key in KEPT_KIT_METADATA if key in kit_meta}
    for cell in notebook.get("cells", []):
        tags = list(cell.get("metadata", {}).get("tags", []))
        if SECRET_TAG in tags or cell.get("cell_type") not in ("markdown", "code"):
            continue
        if cell["cell_type"] == "markdown":
            kept = nbformat.v4.new_markdown_cell(without_facilitator_blocks(cell.get("source", "")))
            if cell.get("attachments"):
                kept.attachments = copy.deepcopy(cell["attachments"])
        else:
            kept = nbformat.v4.new_code_cell(cell.get("source", ""))
        if cell.get("id"):
            kept.id = cell["id"]
        if tags:
            kept.metadata["tags"] = tags
        result.cells.append(kept)
    from kit.workshop.kernel import WARM_UP_CELL

    result.cells.append(nbformat.v4.new_code_cell(WARM_UP_CELL))
    return result


def without_facilitator_blocks(markdown: str) -> str:
    """Markdown without its MyST ``{facilitator}`` blocks (``:::{facilitator}`` or ```` ```{facilitator} ````).

    The book drops them in the participant edition (kit.sphinx_ext); Voilà knows no MyST and would
    show them as text. Blocks inside other directives (``::::{note}``) go too.
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


def stage(workshop: Workshop, folder: Path) -> None:
    """Write the participant copy of every module (and the images beside them) under ``folder``.

    The copies run in kit's workshop kernel (kit.workshop.kernel.write_kernelspec).
    """
    import nbformat

    from kit.workshop.kernel import KERNELSPEC

    for module in workshop.modules:
        target = folder / PurePosixPath(module.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(module.source, encoding="utf-8") as handle:
            notebook = nbformat.read(handle, as_version=4)
        nbformat.write(participant_notebook(notebook, KERNELSPEC), str(target))
        _copy_images(module.source.parent, target.parent)


def _copy_images(source: Path, target: Path) -> None:
    """The images in the notebook's folder and below it (never notebooks or other files)."""
    from kit.notebook import SKIPPED_DIRECTORIES

    for folder, directories, files in os.walk(source):
        directories[:] = sorted(d for d in directories if d not in SKIPPED_DIRECTORIES and not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() not in IMAGE_SUFFIXES:
                continue
            copy = target / Path(folder).relative_to(source) / name
            if not copy.exists():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(folder) / name, copy)
