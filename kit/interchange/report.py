"""What an import or export could not carry: one line per note, ``FILE:LINE: message``."""

from __future__ import annotations

from dataclasses import dataclass

from kit.errors import InputError, one_line


@dataclass(frozen=True)
class Note:
    """Something an import reports: where it is in the source file and what happened to it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.path}:{self.line}: {self.message}")


class UnusableArguments(InputError):
    """The command cannot start at all (a missing file, an unknown format…): exit code 2."""


class NotWritable(Exception):
    """An exercise that the target format cannot carry; the message says why."""
