"""Build one edition: stage, execute, run Jupyter Book (warnings are errors), check for leaks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from kit.errors import KitError

EDITIONS = ("participant", "facilitator", "self-study")


class BuildFailed(KitError):
    pass


def build_edition(
    root: Path, edition: str, say: Callable[[str], None] = print, check_leaks: bool = True
) -> Path:
    """Build ``root``'s handbook as ``edition`` into ``root/_build/<edition>/html``; return that folder."""
    import nbformat

    from kit.build.execute import execute_notebook
    from kit.build.stage import prepare_notebook, seal_notebook, stage_book

    if edition not in EDITIONS:
        raise BuildFailed(f"unknown edition '{edition}'; use one of: {', '.join(EDITIONS)}")
    for required in ("_config.yml", "_toc.yml"):
        if not (root / required).is_file():
            raise BuildFailed(f"{root / required}: not found; run kit build at the root of the book")
    build = root / "_build"
    stage = build / ".stage" / edition
    notebooks = stage_book(root, stage, edition)
    for path in notebooks:
        shown = str(path.relative_to(stage))
        say(f"kit build: {edition}: running {shown}")
        notebook = nbformat.read(path, as_version=4)
        prepare_notebook(notebook, edition)
        execute_notebook(notebook, path, edition, shown)
        seal_notebook(notebook, edition)
        nbformat.write(notebook, path)
    output = build / edition
    say(f"kit build: {edition}: Jupyter Book")
    _jupyter_book(stage, output)
    html = output / "html"
    if html.exists():
        shutil.rmtree(html)
    shutil.move(str(output / "_build" / "html"), str(html))
    if check_leaks and edition != "facilitator":
        from kit.build.leaks import edition_secrets, find_leaks
        from kit.catalog import load_catalog

        catalog = load_catalog([root / name for name in ("book", "exercises") if (root / name).is_dir()])
        leaks = find_leaks(html, edition_secrets(catalog, edition))
        if leaks:
            raise BuildFailed(f"the {edition} edition holds material it must not show:\n" + "\n".join(leaks))
    return html


def _jupyter_book(stage: Path, output: Path) -> None:
    command = [
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(stage),
        "--path-output", str(output), "--warningiserror", "--keep-going", "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        log = (done.stdout + "\n" + done.stderr).strip().splitlines()
        problems = [_plain(line) for line in log if "WARNING" in line or "ERROR" in line]
        raise BuildFailed("Jupyter Book reported problems:\n" + "\n".join(problems or log[-40:]))


def _plain(line: str) -> str:
    """The line without terminal colour codes."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", line)
