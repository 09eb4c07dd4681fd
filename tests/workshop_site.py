"""A workshop served in a test: modules written to a folder, a real store, the server's state, its app.

Used by the API and page tests (tornado.testing drives the application in-process over real HTTP
on loopback); ``close`` stops the writer thread and closes the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from kit.store import open_store
from kit.workshop.server import Options, open_site
from kit.workshop.site import Site
from tests.conftest import exercise_cell, module_notebook
from tests.exercises import sample_yaml

TYPES = ("single", "multiple", "ordering", "matching", "free", "case", "likert", "scenario")


def image_cell(markdown: str, *tags: str) -> Any:
    cell = nbformat.v4.new_markdown_cell(markdown)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write_modules(folder: Path, language: str = "en") -> Path:
    """Two modules: every sample type in one (with images), a Czech one with a single choice."""
    modules = folder / "modules"
    (modules / "day one" / "img").mkdir(parents=True, exist_ok=True)
    for name in ("shown.png", "trainer-only.png", "unused.png", "in-case.svg"):
        (modules / "day one" / "img" / name).write_bytes(b"\x89PNG\r\n\x1a\n" + name.encode())
    cells = [image_cell("# Night shift\n\n![a map](img/shown.png)"),
             image_cell("![plan](img/trainer-only.png)", "facilitator"),
             image_cell(":::{facilitator}\n![also](img/unused.png)\n:::"),
             *[exercise_cell(sample_yaml(kind)) for kind in TYPES]]
    nbformat.write(module_notebook(*cells, title="Éjszakai ügyelet", language=language),
                   modules / "day one" / "ügyelet č.ipynb")
    czech = module_notebook(exercise_cell(sample_yaml("weighted")), title="Plán", language="cs")
    (modules / "day two").mkdir(exist_ok=True)
    nbformat.write(czech, modules / "day two" / "plan.ipynb")
    return modules


def make_site(folder: Path, options: Options | None = None, language: str = "en") -> Site:
    from kit.workshop.modules import find_workshop

    modules = write_modules(folder, language)
    workshop, problems = find_workshop([modules])
    assert problems == []
    db = folder / "room.db"
    store = open_store(db)
    return open_site(workshop, store, str(db), options or Options(session="room-1"), lambda text: None)


def close(site: Site) -> None:
    site.close()
