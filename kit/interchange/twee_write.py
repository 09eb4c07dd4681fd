"""Write the scenarios of notebooks as Twee stories: one file, or a folder of <exercise-id>.twee."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kit.interchange.report import UnusableArguments
from kit.interchange.slug import Slugger
from kit.interchange.twee_export import exercise_twee
from kit.interchange.twee_parse import read_twee
from kit.notebook import Module
from kit.yamlcell import is_exercise_cell

if TYPE_CHECKING:
    from kit.interchange.exporter import ExportResult

SUFFIXES = (".twee", ".tw")


def write_twee(modules: list[Module], output: Path, result: ExportResult) -> None:
    from kit.interchange.exporter import cells, write_text

    stories: list[tuple[str, str]] = []  # (file name stem, text)
    names = Slugger()
    for module in modules:
        by_number = {cell.cell: cell for cell in module.exercises}
        for number, cell in cells(module):
            meta = cell.get("metadata", {}).get("kit", {})
            if cell.get("cell_type") == "raw" and isinstance(meta, dict) and meta.get("format") == "twee":
                source = cell.get("source", "")
                stories.append((names.from_title(_story_title(source), "story"), source.rstrip("\n") + "\n"))
            elif cell.get("cell_type") == "code" and is_exercise_cell(cell.get("source", "")):
                exercise_cell = by_number[number]
                text = result.export(module, exercise_cell, exercise_twee)
                if text is not None and exercise_cell.exercise is not None:
                    stories.append((names.unique(exercise_cell.exercise.id), text))
    if not stories:
        return
    for path, text in _targets(output, stories):
        write_text(path, text)
        result.written.append(path)


def _targets(output: Path, stories: list[tuple[str, str]]) -> list[tuple[Path, str]]:
    """One story: the file ``output`` (or ``output/<id>.twee`` when it is a folder); several: a folder."""
    if len(stories) == 1 and not output.is_dir():
        if not output.parent.is_dir():
            raise UnusableArguments(f"{output.parent}: no such folder")
        return [(output, stories[0][1])]
    if output.exists() and not output.is_dir():
        raise UnusableArguments(f"{output}: is a file, but there are {len(stories)} stories; give -o a folder")
    if not output.exists():
        if output.suffix.lower() in SUFFIXES:
            raise UnusableArguments(f"{output}: there are {len(stories)} stories, one file each; give -o a folder")
        if not output.parent.is_dir():
            raise UnusableArguments(f"{output.parent}: no such folder")
        output.mkdir()
    return [(output / f"{stem}.twee", text) for stem, text in stories]


def _story_title(source: str) -> str:
    passage = next((p for p in read_twee(source) if p.name == "StoryTitle"), None)
    return passage.source.strip().splitlines()[0] if passage and passage.source.strip() else "story"
