"""``kit workbook`` behind the command line: read, report problems, write the PDF; returns the exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kit.errors import InputError

OK, PROBLEMS, UNUSABLE = 0, 1, 2


def run_workbook(
    notebooks: Sequence[str],
    output: str,
    say: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
) -> int:
    """0 when every exercise is in the workbook, 1 when something was reported (the workbook holds the
    rest), 2 when the arguments cannot be used (nothing is written)."""
    from kit.workbook.book import build_workbook
    from kit.workbook.render import write_workbook

    if Path(output).suffix.lower() != ".pdf":
        say(f"kit workbook: {output}: the workbook is a PDF; end the file name with .pdf")
        return UNUSABLE
    try:
        workbook = build_workbook(notebooks)
    except InputError as error:
        say(f"kit workbook: {error}")
        return UNUSABLE
    for problem in workbook.problems:
        say(str(problem))
    if not workbook.pages:
        say("kit workbook: nothing to print: no exercise could be read in " + ", ".join(notebooks))
        return PROBLEMS
    try:
        write_workbook(workbook, output)
    except OSError as error:
        say(f"kit workbook: cannot write {output}: {error.strerror or error}")
        return UNUSABLE
    reported = len(workbook.problems)
    say(f"kit workbook: {len(workbook.parts)} module{'s' if len(workbook.parts) != 1 else ''}, "
        f"{len(workbook.pages)} exercises"
        + (f", {reported} problem{'s' if reported != 1 else ''} reported" if reported else "")
        + f"; written to {output}")
    return PROBLEMS if reported else OK
