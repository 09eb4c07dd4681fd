"""Write the exercises of notebooks as one Moodle XML file (categories, descriptions, kept raw cells)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.interchange.moodle_export import category_xml, description_xml, document, exercise_xml
from kit.interchange.report import UnusableArguments
from kit.notebook import Module
from kit.yamlcell import is_exercise_cell

if TYPE_CHECKING:
    from kit.interchange.exporter import ExportResult


def write_moodle_xml(modules: list[Module], output: Path, result: ExportResult) -> None:
    from kit.interchange.exporter import cells, write_text

    if output.is_dir():
        raise UnusableArguments(f"{output}: is a folder; Moodle XML export writes one file "
                                "(for example -o questions.xml)")
    if not output.parent.is_dir():
        raise UnusableArguments(f"{output.parent}: no such folder")
    questions: list[str] = []
    for module in modules:
        by_number = {cell.cell: cell for cell in module.exercises}
        for number, cell in cells(module):
            meta = _kit(cell)
            source = cell.get("source", "")
            if cell.get("cell_type") == "markdown" and "moodle-category" in meta:
                questions.append(category_xml(str(meta["moodle-category"])))
            elif cell.get("cell_type") == "markdown" and "moodle-description" in meta:
                questions.append(description_xml(str(meta["moodle-description"]), source))
            elif cell.get("cell_type") == "raw" and meta.get("format") == "moodle-xml":
                questions.append(source.strip("\n"))
            elif cell.get("cell_type") == "code" and is_exercise_cell(source):
                settings = meta.get("moodle") if isinstance(meta.get("moodle"), dict) else None
                write = partial(exercise_xml, language=module.meta.language,
                                moodle={str(k): str(v) for k, v in (settings or {}).items()})
                text = result.export(module, by_number[number], write)
                if text is not None:
                    questions.append(text)
    if questions:
        write_text(output, document(questions))
        result.written.append(output)


def _kit(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("kit", {})
    return meta if isinstance(meta, dict) else {}
