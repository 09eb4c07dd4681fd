"""Read the rows of a CSV file that people wrote (rosters, grades, results) without a traceback.

Python's csv module raises ``csv.Error`` for a cell longer than its field limit (128 KB) and for a
few malformed lines; here such a row becomes ``FILE:LINE: reason`` and the rows around it are kept.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from kit.responses import Rejection

# Python's default csv.field_size_limit(): the most one cell may hold (stated in the README)
FIELD_LIMIT = 131072


def csv_reason(error: csv.Error) -> str:
    """What a person can do about a csv.Error, in one sentence."""
    if "field limit" in str(error):
        return (f"a cell is longer than {FIELD_LIMIT // 1024} KB, the most a CSV cell may hold here; "
                "shorten it (is a closing quote missing?)")
    return f"cannot be read as CSV ({error})"


def csv_rows(reader: Any, shown: str, rejections: list[Rejection]) -> Iterator[Any]:
    """The rows of a ``csv.reader`` or ``csv.DictReader``; a row it cannot read becomes a Rejection."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            rejections.append(Rejection(shown, reader.line_num, f"{csv_reason(error)}; the row is left out"))
            continue
        yield row
