"""Keep a folder equal to a set of wanted files, touching only what differs.

Sphinx rebuilds a page when its source is newer than its last read, so the staging folder of an
incremental build must keep the files that did not change exactly as they are (same mtime), give a
changed file a new mtime, and drop what the book no longer has.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

IGNORED = ("_build", ".ipynb_checkpoints", "__pycache__", ".*")


def ignored(name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in IGNORED)


def tree_files(folder: Path) -> dict[str, Path]:
    """Relative POSIX path → file, for every file under ``folder`` that a build uses."""
    found: dict[str, Path] = {}
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if not ignored(d))
        for name in sorted(files):
            if not ignored(name):
                path = Path(directory) / name
                found[path.relative_to(folder).as_posix()] = path
    return found


def write_if_changed(target: Path, content: bytes) -> bool:
    """Write ``content`` unless ``target`` already holds it; True when written."""
    try:
        if target.stat().st_size == len(content) and target.read_bytes() == content:
            return False
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.kit-tmp")
    temporary.write_bytes(content)
    os.replace(temporary, target)
    return True


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy ``source`` over ``target`` unless they are equal; the copy gets a new mtime."""
    try:
        same = target.stat().st_size == source.stat().st_size and _digest(target) == _digest(source)
    except OSError:
        same = False
    if same:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def remove_others(folder: Path, keep: Iterable[str]) -> list[str]:
    """Delete every file under ``folder`` whose relative path is not in ``keep``, then empty folders."""
    kept = set(keep)
    removed = []
    for relative, path in _all_files(folder).items():
        if relative not in kept:
            path.unlink()
            removed.append(relative)
    for directory, _, _ in sorted(os.walk(folder), reverse=True):  # the deepest folders first
        if Path(directory) != folder and not any(Path(directory).iterdir()):
            Path(directory).rmdir()
    return removed


def mirror(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly the files of ``source`` (a built site into ``html/``)."""
    files = {path.relative_to(source).as_posix(): path for path in source.rglob("*") if path.is_file()}
    for relative, path in files.items():
        copy_if_changed(path, target / relative)
    remove_others(target, files)


def _all_files(folder: Path) -> dict[str, Path]:
    if not folder.exists():
        return {}
    return {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}


def _digest(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()
