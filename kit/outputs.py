"""Check an ``-o FILE`` before the work starts, so that a typo in it costs one line, not a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from kit.errors import InputError


def check_output(output: str | os.PathLike[str], option: str = "-o", example: str = "out.csv") -> Path:
    """The path to write; InputError (exit 2) when its folder is missing or it names a folder."""
    target = Path(output)
    if target.is_dir():
        raise InputError(f"{option} {output}: is a folder; name the file to write, such as {example}")
    if not target.parent.is_dir():
        raise InputError(f"{option} {output}: the folder {target.parent} does not exist; create it first")
    return target


def cannot_write(output: str | os.PathLike[str], error: OSError, option: str = "-o") -> InputError:
    """The one-line message for a file that could not be written after all (full disk, permissions)."""
    return InputError(f"{option} {output}: cannot write it ({error.strerror or error})")
