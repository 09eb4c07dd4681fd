"""``kit guide`` behind the command line: read, report problems, write; returns the exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from kit.errors import InputError
from kit.guide.agenda import clock

OK, PROBLEMS, UNUSABLE = 0, 1, 2


def run_guide(
    notebooks: Sequence[str],
    start: str | None = None,
    roster: str | None = None,
    results: str | None = None,
    responses: Sequence[str] = (),
    session: str | None = None,
    breaks: Sequence[str] = (),
    output: str | None = None,
    auto_breaks: bool = False,
    say: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
) -> int:
    """0 when the guide is complete, 1 when something was reported (the guide still holds the rest),
    2 when the arguments cannot be used (nothing is written)."""
    from kit.guide.day import build_guide
    from kit.guide.render import output_format, render_markdown, write_guide

    try:
        if output is not None:
            output_format(output)
        guide = build_guide(notebooks, start, roster, results, responses, breaks, session, auto_breaks)
    except (InputError, ValueError) as error:
        say(f"kit guide: {error}")
        return UNUSABLE
    for problem in guide.problems:
        say(str(problem))
    for rejection in guide.rejections:
        say(str(rejection))
    if not any(entry.timed for entry in guide.entries):
        say("kit guide: nothing to write: no exercise or agenda item could be read in " + ", ".join(notebooks))
        return PROBLEMS
    try:
        if output is None:
            sys.stdout.write(render_markdown(guide))
        else:
            write_guide(guide, output)
    except OSError as error:
        say(f"kit guide: cannot write {output}: {error.strerror or error}")
        return UNUSABLE
    groups = sum(len(grouping.groups) for grouping in guide.groupings)
    reported = len(guide.problems) + len(guide.rejections)
    say(
        f"kit guide: {len(guide.modules)} module{'s' if len(guide.modules) != 1 else ''}, "
        f"{len(guide.exercises)} exercises, {clock(guide.start)}–{clock(guide.end)}"
        + (f", {len(guide.people)} people in {groups} groups" if guide.groupings else "")
        + (f", {reported} problem{'s' if reported != 1 else ''} reported" if reported else "")
        + (f"; written to {output}" if output else "")
    )
    return PROBLEMS if reported else OK
