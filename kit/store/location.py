"""Where the response store is: an argument, ``KIT_DB``, the book's ``_config.yml``, or responses.db.

``_config.yml`` is the Jupyter Book configuration at the book's root; kit reads its own block::

    kit:
      db: responses.db          # relative to the folder of _config.yml
      session: bekes-2026-11-24 # the session participants answer in (kit.ui)

It is looked up from the working directory upwards, since a notebook's kernel runs in the
notebook's folder (``exercises/``) while the configuration sits at the root.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

DEFAULT_FILE = "responses.db"
CONFIG_FILE = "_config.yml"
MAX_LEVELS = 6  # how far up from the working directory to look for _config.yml


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^:/@]*):[^@/]*@")


def is_url(location: str) -> bool:
    return "://" in location


def url_scheme(location: str) -> str | None:
    """``postgresql+psycopg`` of ``postgresql+psycopg://…``, lower-cased; None for a file path."""
    match = _SCHEME.match(location.strip())
    return match.group(1).lower() if match else None


def is_database_url(location: str) -> bool:
    """A PostgreSQL URL (``postgresql://``, ``postgresql+psycopg://``, ``postgres://``)."""
    scheme = url_scheme(str(location))
    return scheme is not None and scheme.split("+")[0] in ("postgresql", "postgres")


def shown_location(location: str) -> str:
    """The location as messages show it: a URL's password replaced by ***."""
    return _PASSWORD.sub(r"\1:***@", location.strip())


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``_config.yml`` at or above ``start`` (default: the working directory)."""
    folder = (start or Path.cwd()).resolve()
    for _ in range(MAX_LEVELS):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def kit_config(start: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The ``kit:`` block of the nearest _config.yml and that file ({} and None when there is none).

    An unreadable configuration counts as none: the book build reports it, and a participant
    must still be able to answer.
    """
    import yaml

    path = find_config(start)
    if path is None:
        return {}, None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}, path
    block = data.get("kit") if isinstance(data, dict) else None
    return (block if isinstance(block, dict) else {}), path


def resolve_location(location: str | os.PathLike[str] | None = None, start: Path | None = None) -> str:
    """The store to use, as a file path or a database URL (first found wins).

    1. ``location`` given by the caller (``--db``, a widget's ``db=``);
    2. the environment variable ``KIT_DB``;
    3. ``kit: {db: ...}`` in the book's ``_config.yml`` (relative to that file's folder);
    4. ``responses.db`` in the working directory.
    """
    if location is not None and str(location).strip():
        return str(location)
    from_env = os.environ.get("KIT_DB", "").strip()
    if from_env:
        return from_env
    block, config = kit_config(start)
    configured = block.get("db")
    if isinstance(configured, str) and configured.strip() and config is not None:
        text = configured.strip()
        if is_url(text):
            return text
        return str(config.parent / Path(text).expanduser())
    return str((start or Path.cwd()) / DEFAULT_FILE)
