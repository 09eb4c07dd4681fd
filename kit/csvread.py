"""Read the rows of a CSV file that people wrote (rosters, grades, results) without a traceback.

Python's csv module raises ``csv.Error`` for a cell longer than its field limit (128 KB) and for a
few malformed lines; here such a row becomes ``FILE:LINE: reason`` and the rows around it are kept.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.responses import Rejection

# Python's default csv.field_size_limit(): the most one cell may hold (stated in the README)
FIELD_LIMIT = 131072
# a byte that is not UTF-8, as decoded with "surrogateescape" (and any other surrogate: not text)
_NOT_UTF8 = re.compile("[\ud800-\udfff]")


def csv_reason(error: csv.Error) -> str:
    """What a person can do about a csv.Error, in one sentence."""
    if "field limit" in str(error):
        return (f"a cell is longer than {FIELD_LIMIT // 1024} KB, the most a CSV cell may hold here; "
                "shorten it (is a closing quote missing?)")
    return f"cannot be read as CSV ({error})"


def read_csv_text(path: str | os.PathLike[str], option: str, wanted: str) -> str:
    """A CSV file's text (a byte-order mark dropped); bytes that are not UTF-8 are kept as escapes, so
    that only the rows holding them are rejected (``csv_rows``). InputError when it cannot be read."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{option} {shown}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{option} {shown}: is a folder; give {wanted}") from None
    except OSError as error:
        raise InputError(f"{option} {shown}: cannot be read ({error.strerror or error})") from None
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")


def csv_rows(reader: Any, shown: str, rejections: list[Rejection]) -> Iterator[Any]:
    """The rows of a ``csv.reader`` or ``csv.DictReader``; a row it cannot read becomes a Rejection."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # a DictReader updates its own line_num only after a row was read: ask the reader inside it
            line = getattr(reader, "reader", reader).line_num
            rejections.append(Rejection(shown, line, f"{csv_reason(error)}; the row is left out"))
            continue
        cells = row.values() if isinstance(row, dict) else row
        if any(isinstance(cell, str) and _NOT_UTF8.search(cell) for cell in cells):
            rejections.append(Rejection(shown, reader.line_num, "holds bytes that are not UTF-8 text; save the "
                                                                "file as CSV UTF-8; the row is left out"))
            continue
        yield row
