"""Write the exercises of notebooks as one GIFT file (with categories and kept raw cells)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kit.interchange.gift_export import category_line, exercise_gift
from kit.interchange.report import UnusableArguments
from kit.notebook import Module
from kit.yamlcell import is_exercise_cell

if TYPE_CHECKING:
    from kit.interchange.exporter import ExportResult


def write_gift(modules: list[Module], output: Path, result: ExportResult) -> None:
    from kit.interchange.exporter import cells, write_text

    if output.is_dir():
        raise UnusableArguments(f"{output}: is a folder; GIFT export writes one file (for example -o questions.gift)")
    if not output.parent.is_dir():
        raise UnusableArguments(f"{output.parent}: no such folder")
    blocks = [f"// Written by kit export from: {', '.join(module.path for module in modules)}"]
    for module in modules:
        by_number = {cell.cell: cell for cell in module.exercises}
        for number, cell in cells(module):
            meta = cell.get("metadata", {}).get("kit", {})
            if cell.get("cell_type") == "markdown" and isinstance(meta, dict) and meta.get("gift-category"):
                blocks.append(category_line(str(meta["gift-category"])))
            elif cell.get("cell_type") == "raw" and isinstance(meta, dict) and meta.get("format") == "gift":
                blocks.append(cell.get("source", "").strip("\n"))
            elif cell.get("cell_type") == "code" and is_exercise_cell(cell.get("source", "")):
                text = result.export(module, by_number[number], partial(exercise_gift, language=module.meta.language))
                if text is not None:
                    blocks.append(text)
    if len(blocks) > 1:  # more than the heading comment
        write_text(output, "\n\n".join(blocks) + "\n")
        result.written.append(output)
