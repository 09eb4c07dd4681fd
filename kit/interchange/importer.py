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
    text = _read_text(source)
    cells, notes = reader(text, str(source), language)
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
    raise UnusableArguments(
        f"{source}: kit imports GIFT ({', '.join(GIFT_SUFFIXES)}) and Twee ({', '.join(TWEE_SUFFIXES)}) "
        "files; rename the file if it is one of those"
    )


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
