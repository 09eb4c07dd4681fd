"""Build one edition: stage, execute, run Jupyter Book (warnings are errors), check for leaks."""

from __future__ import annotations

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
    """Build ``root``'s handbook as ``edition`` into ``root/_build/<edition>/html``; return that folder.

    Incremental: notebooks run only when not in the build cache, Sphinx reads only the pages that
    changed, and nothing runs at all when the staged book is the one last built (kit/build/cache.py).
    """
    from kit.build.cache import BuildCache
    from kit.build.execute import run_notebook
    from kit.build.stage import stage_book, stage_sources
    from kit.build.sync import mirror

    if edition not in EDITIONS:
        raise BuildFailed(f"unknown edition '{edition}'; use one of: {', '.join(EDITIONS)}")
    for required in ("_config.yml", "_toc.yml"):
        if not (root / required).is_file():
            raise BuildFailed(f"{root / required}: not found; run kit build at the root of the book")
    build = root / "_build"
    stage = build / ".stage" / edition
    output = build / edition
    html = output / "html"
    cache = BuildCache.open(root, edition)
    sources = stage_sources(root, build / ".cache" / "sources")
    for path in stage_book(root, stage, edition):
        shown = path.relative_to(stage).as_posix()
        run_notebook(sources, path, edition, shown, cache, say)
    cache.prune()
    site = cache.site_digest(stage, checks=f"leaks={check_leaks}")
    if cache.built_from(site, html):
        say(f"kit build: {edition}: nothing changed since the last build")
        return html
    cache.remember_site(None)
    cache.reset_sphinx_if_settings_changed(stage, output / "_build")
    say(f"kit build: {edition}: Jupyter Book")
    try:
        _jupyter_book(stage, output)
    except BuildFailed:
        cache.reset_sphinx(output / "_build")
        raise
    mirror(output / "_build" / "html", html)
    from kit.build.assets import copy_exercise_images
    from kit.catalog import load_catalog

    folders = [root / name for name in ("book", "exercises") if (root / name).is_dir()]
    catalog = load_catalog(folders)
    missing = copy_exercise_images(root, catalog.modules, html, edition)
    if missing:
        raise BuildFailed("exercises show images that are not in the book:\n" + "\n".join(missing))
    if check_leaks and edition != "facilitator":
        from kit.build.leaks import edition_secrets, find_leaks, page_secrets

        pages = sorted(page for folder in folders for page in folder.rglob("*.md") if "_build" not in page.parts)
        leaks = find_leaks(html, {**page_secrets(pages), **edition_secrets(catalog, edition)})
        if leaks:
            raise BuildFailed(f"the {edition} edition holds material it must not show:\n" + "\n".join(leaks))
    cache.remember_site(site)
    return html


def _jupyter_book(stage: Path, output: Path) -> None:
    from kit.build.execute import WITHOUT_IRI_CHECKER

    command = [
        sys.executable, "-c", f"{WITHOUT_IRI_CHECKER}; from jupyter_book.cli.main import main; main()",
        "build", str(stage),
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
