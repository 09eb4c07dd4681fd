"""``kit import``: a GIFT or Twee file becomes an exercise notebook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kit.i18n import LANGUAGES
from kit.interchange.cells import Cell
from kit.interchange.report import Note, UnusableArguments

GIFT_SUFFIXES = (".gift", ".txt")
TWEE_SUFFIXES = (".twee", ".tw")
MOODLE_XML_SUFFIXES = (".xml",)


@dataclass
class ImportResult:
    output: Path
    cells: list[Cell]
    notes: list[Note] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for cell in self.cells if cell.kind == kind)


def import_file(
    source: str | Path, output: str | Path | None = None, language: str = "en", force: bool = False
) -> ImportResult:
    """Read ``source`` (GIFT or Twee, by its suffix) and write the notebook ``output``.

    Raises UnusableArguments when nothing can be done; everything else is reported in the notes.
    """
    from kit.interchange.notebook_out import build_notebook, write_notebook

    source = Path(source)
    reader = _reader(source)
    if language not in LANGUAGES:
        raise UnusableArguments(f"--language {language!r} is not one of: {', '.join(LANGUAGES)}")
    target = Path(output) if output else source.with_suffix(".ipynb")
    if target.suffix != ".ipynb":
        raise UnusableArguments(f"{target}: the notebook's name must end in .ipynb")
    if target.exists() and not force:
        raise UnusableArguments(f"{target}: already exists; choose another name with -o, or add --force "
                                "to replace it")
    if not target.parent.is_dir():
        raise UnusableArguments(f"{target.parent}: no such folder")
    if source.suffix.lower() in MOODLE_XML_SUFFIXES:
        cells, notes = _read_moodle_xml(source, language)
    else:
        cells, notes = reader(_read_text(source), str(source), language)
    write_notebook(build_notebook(cells, source.stem, language), target)
    return ImportResult(target, cells, notes)


def _reader(source: Path) -> Callable[[str, str, str], tuple[list[Cell], list[Note]]]:
    suffix = source.suffix.lower()
    if suffix in GIFT_SUFFIXES:
        from kit.interchange.gift_import import import_gift

        return import_gift
    if suffix in TWEE_SUFFIXES:
        from kit.interchange.twee_import import import_twee

        return import_twee
    if suffix in MOODLE_XML_SUFFIXES:
        return _unused_text_reader
    raise UnusableArguments(
        f"{source}: kit imports GIFT ({', '.join(GIFT_SUFFIXES)}), Twee ({', '.join(TWEE_SUFFIXES)}) and "
        f"Moodle XML ({', '.join(MOODLE_XML_SUFFIXES)}) files; rename the file if it is one of those"
    )


def _unused_text_reader(text: str, path: str, language: str) -> tuple[list[Cell], list[Note]]:
    raise AssertionError("Moodle XML is read as bytes (its own declaration names the encoding)")


def _read_moodle_xml(source: Path, language: str) -> tuple[list[Cell], list[Note]]:
    from kit.interchange.moodle_import import import_moodle_xml
    from kit.interchange.moodle_parse import MoodleXmlError

    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise UnusableArguments(f"{source}: no such file; check the path") from None
    except OSError as error:
        raise UnusableArguments(f"{source}: cannot be read ({error.strerror or error})") from None
    try:
        return import_moodle_xml(data, str(source), language)
    except MoodleXmlError as error:
        raise UnusableArguments(f"{source}: {error}") from None


def _read_text(source: Path) -> str:
    try:
        return source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UnusableArguments(f"{source}: no such file; check the path") from None
    except IsADirectoryError:
        raise UnusableArguments(f"{source}: is a folder, not a file") from None
    except UnicodeDecodeError as error:
        raise UnusableArguments(f"{source}: is not UTF-8 text ({error.reason} at byte {error.start}); "
                                "save it as UTF-8 and try again") from None
    except OSError as error:
        raise UnusableArguments(f"{source}: cannot be read ({error.strerror})") from None
