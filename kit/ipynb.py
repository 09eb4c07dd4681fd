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
    """A v4 notebook from parsed JSON; an older one converted by nbformat."""
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
    if not isinstance(cells, list):
        raise NotebookUnreadable("'cells' is not a list")
    metadata = data.get("metadata", {})
    if not isinstance(metadata, dict):
        raise NotebookUnreadable("'metadata' is not an object")
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise NotebookUnreadable(f"cell {number} is not a notebook cell (no 'cell_type')")
        cell["source"] = _joined(cell.get("source", ""), number)
        if not isinstance(cell.setdefault("metadata", {}), dict):
            raise NotebookUnreadable(f"cell {number}: 'metadata' is not an object")
    return data


def _joined(source: Any, number: int) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    raise NotebookUnreadable(f"cell {number}: 'source' is neither text nor a list of lines")


def _converted(path: str | os.PathLike[str]) -> dict[str, Any]:
    """An nbformat 3 (or older) notebook, upgraded to v4 by nbformat (rare: the slow path is fine)."""
    import nbformat

    with open(path, encoding="utf-8") as handle:
        notebook = nbformat.read(handle, as_version=CURRENT)
    return notebook_from_json(json.loads(nbformat.writes(notebook)), path)  # plain dicts again
