"""What an editor should know about a YAML error in an ``%%exercise`` cell, and what else is wrong there.

PyYAML says "mapping values are not allowed here"; an editor needs "this line is indented further
than the key above it, or its text holds a colon: put the text in quotes". When a likely fix (quoting
the text, aligning the line with its neighbour, spaces for a tab) makes the cell readable, the cell is
checked as if so fixed, so that one run of ``kit check`` reports its other problems too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

MAX_GUESSES = 5  # YAML errors fixed by guessing in one cell before giving up
MAX_COLUMNS = 6  # columns tried for a misindented line, nearest first
# Each guess parses the cell again; beyond this many lines (exercises are far shorter) do not guess.
MAX_LINES = 1500

# key: value on one line, possibly as a list item ("- text: …"); the value is plain (unquoted) text
_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s#'\"\[{&*!|>%@`-][^:]*?):[ \t]+(?P<value>.+)$")
_PLAIN_START = re.compile(r"^[^'\"\[{|>&*!%@`#]")

INDENTATION = (
    "this line is indented differently from the lines of its block: the keys of one mapping, and the "
    "'- ' of one list, must start in the same column"
)
COLON = "the text holds a colon followed by a space, which YAML reads as a new key: put the whole text in quotes"


def likely_cause(problem: str, line: str) -> str:
    """The likely cause of a PyYAML problem on ``line`` (a line of the cell), in an editor's words."""
    if "mapping values are not allowed" in problem:
        match = _KEY_VALUE.match(line)
        if match and _colon_in_text(match.group("value")):
            return COLON
        return INDENTATION + "; or a colon followed by a space in unquoted text (put that text in quotes)"
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return INDENTATION
    if "expected '-' indicator" in problem:
        return "the '- ' items of one list must start in the same column"
    if "'\\t'" in problem or "\t" in problem:
        return "a tab character: indent YAML with spaces only"
    if "could not find expected ':'" in problem:
        return "a key without its ':' or a text that goes on to the next line: put long texts in quotes or after '|'"
    if "end of stream" in problem and "quoted" in problem:
        return "a quote that is opened and never closed"
    if "flow" in problem or "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "a text that starts with '[' or '{' is read as a list or mapping: put the text in quotes"
    if "alias" in problem or "anchor" in problem:
        return "a text that starts with '*' or '&' must be in quotes"
    return ""


def _colon_in_text(value: str) -> bool:
    if not _PLAIN_START.match(value):
        return False
    return ": " in value or value.rstrip().endswith(":")


def guessed_fixes(lines: list[str], index: int) -> Iterator[tuple[list[str], str]]:
    """Likely fixes of the YAML error on ``lines[index]``: (the fixed lines, what was changed)."""
    line = lines[index]
    match = _KEY_VALUE.match(line)
    if match and _colon_in_text(match.group("value")):
        value = match.group("value").rstrip()
        fixed = f"{match.group('lead')}{match.group('key')}: {json.dumps(value, ensure_ascii=False)}"
        yield _replaced(lines, index, fixed), f"line {index + 1} read with its text in quotes"
    if "\t" in line[: len(line) - len(line.lstrip())]:
        fixed = line.replace("\t", "  ")
        yield _replaced(lines, index, fixed), f"line {index + 1} read with spaces for its tabs"
    current = len(line) - len(line.lstrip(" "))
    for column in _columns_above(lines, index):
        if column != current:
            fixed = " " * column + line.lstrip(" ")
            yield _replaced(lines, index, fixed), f"line {index + 1} read as {fixed!r}"


def _columns_above(lines: list[str], index: int) -> list[int]:
    """Columns where the line could start, nearest first: the key and the indentation of lines above."""
    columns: list[int] = []
    for above in reversed(lines[1:index]):  # line 0 is %%exercise
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        indent = len(above) - len(above.lstrip(" "))
        item = re.match(r"^(\s*-\s+)", above)
        for column in ((len(item.group(1)),) if item else ()) + (indent,):
            if column not in columns:
                columns.append(column)
        if len(columns) >= MAX_COLUMNS:
            break
    return columns[:MAX_COLUMNS]


def _replaced(lines: list[str], index: int, line: str) -> list[str]:
    return [*lines[:index], line, *lines[index + 1 :]]


def problems_after_yaml_error(source: str) -> list[str]:
    """The cell's further problems, found by reading it with likely fixes of its YAML errors.

    Further YAML errors come first (each with its likely cause); then the exercise's own problems,
    each saying which fixes it was found with. Empty when no likely fix makes the cell readable
    far enough to say anything certain.
    """
    if source.count("\n") > MAX_LINES:
        return []
    try:
        return _problems_after_guesses(source)
    except RecursionError:  # a guess must never turn a clear message into a crash
        return []


def _problems_after_guesses(source: str) -> list[str]:
    from kit.errors import ExerciseInvalid
    from kit.models import parse_exercise
    from kit.yamlcell import CellYAMLError, load_cell

    lines = source.split("\n")
    fixes: list[str] = []
    further: list[str] = []
    for _ in range(MAX_GUESSES):
        try:
            data = load_cell("\n".join(lines))
        except CellYAMLError as error:
            if fixes:
                further.append(str(error))
            if error.duplicate_key:
                data = _load_allowing_duplicates("\n".join(lines))
                if data is None:
                    return further
                fixes.append("the key written twice read as its last value")
                break
            best = _best_fix(lines, error.line - 1)
            if best is None:
                return further
            lines, fix = best
            fixes.append(fix)
            continue
        break
    else:
        return further
    try:
        parse_exercise(data)
    except ExerciseInvalid as error:
        found = "; ".join(fixes)
        return further + [f"{issue} (found with {found}; check again after fixing the YAML)" for issue in error.issues]
    return further


def _best_fix(lines: list[str], index: int) -> tuple[list[str], str] | None:
    """The guessed fix that lets the reader get furthest past ``index`` (or read the whole cell)."""
    from kit.yamlcell import CellYAMLError, load_cell

    if not 0 < index < len(lines):  # the error is past the last line (an unclosed quote): nothing to fix
        return None
    best: tuple[list[str], str] | None = None
    best_reach = index + 1  # a fix must at least move the error past this line
    for fixed, fix in guessed_fixes(lines, index):
        try:
            load_cell("\n".join(fixed))
        except CellYAMLError as error:
            reach = error.line if not error.duplicate_key else len(lines) + 1
        else:
            return fixed, fix
        if reach > best_reach:
            best, best_reach = (fixed, fix), reach
    return best


def _load_allowing_duplicates(source: str) -> Any:
    import yaml

    from kit.yamlcell import split_cell

    try:
        return yaml.safe_load(split_cell(source)[1])
    except yaml.YAMLError:
        return None
