"""CSV cells that a spreadsheet will not run as formulas (formula or CSV injection).

Pseudonyms, sessions and option texts are typed by participants and authors; a trainer opens kit's
CSV files in Excel or LibreOffice, which run a cell that begins with ``=``, ``+``, ``-`` or ``@``
(and, after a tab or a carriage return, whatever follows) as a formula. Every CSV kit writes puts
the usual leading apostrophe before such a text; numbers (``-0.5``, ``+3``) stay numbers. kit's own
readers of its CSV files (``kit guide --results``) take the apostrophe off again with ``unguard``.

A text that already begins with apostrophes before such a character gets one more, so that
``unguard(guard(text)) == text`` for every text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the first characters after which a cell may need a look (apostrophes: see the module's docstring)
_SUSPECT_FIRST = frozenset((*FORMULA_START, "'"))
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def guard(cell: Any) -> Any:
    """The cell as a spreadsheet should show it: an apostrophe before a would-be formula."""
    if cell.__class__ is str and cell[:1] in _SUSPECT_FIRST and _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def guard_row(row: Iterable[Any]) -> list[Any]:
    return [guard(cell) for cell in row]


def unguard(text: str) -> str:
    """The text as it was before ``guard`` (for kit's readers of the CSV files kit wrote)."""
    return text[1:] if text[:1] == "'" and _GUARDED.match(text) else text


class CsvWriter:
    """``csv.writer`` with ``lineterminator="\\n"`` that guards every cell and also quotes a cell holding
    a carriage return (Python's writer quotes only the characters of its line terminator), so that
    any reader reads each row back whole."""

    def __init__(self, handle: IO[str]) -> None:
        self._plain = csv.writer(handle, lineterminator="\n")
        self._quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> None:
        cells = guard_row(row)
        if any(cell.__class__ is str and "\r" in cell for cell in cells):
            self._quoted.writerow(cells)
        else:
            self._plain.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
