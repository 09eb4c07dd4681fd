"""Read notebooks as plain JSON: what kit needs from a v4 notebook, without nbformat on the hot path.

``nbformat.read`` validates every notebook against its JSON schema, and importing it loads
jsonschema with its format checkers (``rfc3987_syntax`` builds a grammar at import: about a second
of CPU). kit only needs the cells and the metadata, so a v4 notebook is read with ``json`` and
checked for exactly that; older notebooks still go through nbformat, which converts them.
"""

from __future__ import annotations

import json
import os
from typing import Any

CURRENT = 4


class NotebookUnreadable(ValueError):
    """The file is JSON but not a notebook kit can read; the message says what is wrong."""


def read_notebook(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The notebook at ``path`` as plain dicts, cell sources joined into strings (as nbformat gives them).

    Raises OSError, UnicodeDecodeError, ValueError (invalid JSON) or NotebookUnreadable.
    """
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return notebook_from_json(data, path)


def notebook_from_json(data: Any, path: str | os.PathLike[str] = "") -> dict[str, Any]:
    """A v4 notebook from parsed JSON (cells as they are, sources joined); an older one converted."""
    if not isinstance(data, dict):
        raise NotebookUnreadable("the file holds JSON but not a notebook (no top-level object)")
    version = data.get("nbformat")
    if not isinstance(version, int):
        raise NotebookUnreadable("no 'nbformat' version number at the top level")
    if version > CURRENT:
        raise NotebookUnreadable(f"nbformat {version} is newer than this kit reads (up to {CURRENT})")
    if version < CURRENT:
        return _converted(path)
    cells = data.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        # a list of lines becomes one text, as nbformat reads it; any other shape is left for the
        # caller to report by cell (kit.notebook), so that one bad cell does not hide the others
        if isinstance(cell, dict) and isinstance(cell.get("source"), list) \
                and all(isinstance(line, str) for line in cell["source"]):
            cell["source"] = "".join(cell["source"])
    return data


def _converted(path: str | os.PathLike[str]) -> dict[str, Any]:
    """An nbformat 3 (or older) notebook, upgraded to v4 by nbformat (rare: the slow path is fine)."""
    import nbformat

    with open(path, encoding="utf-8") as handle:
        notebook = nbformat.read(handle, as_version=CURRENT)
    return notebook_from_json(json.loads(nbformat.writes(notebook)), path)  # plain dicts again
