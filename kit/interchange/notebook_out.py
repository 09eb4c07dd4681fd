"""Write imported cells as an exercise notebook (DESIGN §5): metadata.kit, ``%load_ext kit``, cells."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kit.interchange.cells import Cell

# Raw cells hold questions verbatim, keys and all: trainers only (kit build leaves them out of the
# participant edition).
RAW_TAGS = ["facilitator"]


def build_notebook(cells: list[Cell], title: str, language: str) -> Any:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kit"] = {"title": title, "language": language}
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("%load_ext kit")]
    for cell in cells:
        if cell.kind == "exercise":
            # the settings of the source format that kit has no use for ride along for export
            metadata = {"kit": cell.origin} if cell.origin else {}
            notebook.cells.append(nbformat.v4.new_code_cell(cell.source, metadata=metadata))
        elif cell.kind == "markdown":
            notebook.cells.append(nbformat.v4.new_markdown_cell(cell.source, metadata={"kit": cell.origin}))
        else:
            notebook.cells.append(
                nbformat.v4.new_raw_cell(cell.source, metadata={"tags": list(RAW_TAGS), "kit": cell.origin})
            )
    return notebook


def write_notebook(notebook: Any, path: Path) -> None:
    """Write through a temporary file, so that a failed write never leaves half a notebook."""
    import nbformat

    temporary = path.with_name(f".{path.name}.kit-tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        nbformat.write(notebook, handle)
    os.replace(temporary, path)
