"""Read a text file named on the command line, or say in one line why it cannot be used."""

from __future__ import annotations

import os
from pathlib import Path

from kit.errors import InputError


def read_utf8(path: str | os.PathLike[str], option: str, wanted: str) -> str:
    """The file's text (a byte-order mark dropped); InputError names ``option`` and what it wants."""
    shown = str(path)
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{option} {shown}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{option} {shown}: is a folder; give {wanted}") from None
    except UnicodeDecodeError:
        raise InputError(f"{option} {shown}: is not UTF-8 text; give {wanted}") from None
