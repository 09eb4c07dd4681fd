"""One exception hierarchy for everything an author, trainer or participant can get wrong.

The command line turns these into one line per problem (``PATH:CELL: ID: message``) and an exit
code; no traceback reaches a user for a mistake in their own input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# characters that would break a message's one line (or the terminal that shows it): shown escaped
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """The text on one line: line breaks, control characters and lone surrogates written as escapes."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    """One problem found in a notebook: where it is and what to do about it.

    ``cell`` counts from 1; 0 means the whole file. ``exercise`` is ``"-"`` when no id is known.
    """

    path: str
    cell: int
    exercise: str
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.path}:{self.cell}: {self.exercise}: {self.message}")


@dataclass(frozen=True)
class Issue:
    """A problem in an exercise definition, before it is tied to a file: a key path and a message."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class KitError(Exception):
    """Base class of every error kit reports to its users."""


class ExerciseInvalid(KitError):
    """An exercise definition broke one or more rules of the exercise format."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues))


class InputError(KitError):
    """A file given on the command line cannot be used at all (missing, unreadable, wrong kind)."""
