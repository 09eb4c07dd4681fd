"""Copy the images that exercises show into a built edition.

An exercise's prompt, case or options may show an image (``![map](images/map.png)``). The page shows
the exercise as HTML that kit renders, which Sphinx does not look into, so Sphinx copies no such
image: it is copied here, beside the page, exactly as the edition's view of the exercise names it
(the participant view names no image that only feedback or facilitator notes show).
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from kit.notebook import Module

_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def shown_images(module: Module, edition: str) -> set[str]:
    """The relative image paths that the module's exercises show in ``edition``."""
    from kit.render import exercise_html

    found: set[str] = set()
    view = "facilitator" if edition == "facilitator" else "participant"
    for exercise in module.valid_exercises:
        page = exercise_html(exercise, module.meta.language, view)  # type: ignore[arg-type]
        for source in _IMG_SRC.findall(page):
            link = html.unescape(source).split("#", 1)[0].split("?", 1)[0]
            if link and not _SCHEME.match(link) and not link.startswith(("/", "\\")):
                found.add(link)
    return found


def copy_exercise_images(root: Path, modules: Iterable[Module], site: Path, edition: str) -> list[str]:
    """Copy each shown image from beside its notebook to beside its page; return the ones not found
    (``PATH: image 'x' not found``), so that the build can name them."""
    missing: list[str] = []
    root = root.resolve()
    for module in modules:
        notebook = Path(module.path).resolve()
        if not notebook.is_relative_to(root):
            continue
        page_folder = site / notebook.parent.relative_to(root)
        for link in sorted(shown_images(module, edition)):
            source = (notebook.parent / link).resolve()
            # an image from outside the book is never copied into a published site
            if not source.is_relative_to(root) or not source.is_file():
                missing.append(f"{module.path}: image '{link}' not found in the book's folder")
                continue
            target = (page_folder / link).resolve()
            if not target.is_relative_to(site.resolve()):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return missing
