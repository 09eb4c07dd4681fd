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

import re
from collections.abc import Iterable
from typing import Any

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
