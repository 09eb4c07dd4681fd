"""Read the YAML body of an ``%%exercise`` cell safely, reporting errors by line of the cell."""

from __future__ import annotations

import re
from typing import Any

import yaml

MAGIC = "%%exercise"
DUPLICATE = "is written twice in the same block"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice in one mapping (the second would win silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' {DUPLICATE}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class CellYAMLError(ValueError):
    def __init__(self, line: int, message: str, text: str = "", cause: str = ""):
        self.line = line
        self.duplicate_key = DUPLICATE in message
        shown = f" ({_shorten(text.rstrip())!r})" if text.strip() else ""
        hint = f"; likely cause: {cause}" if cause else ""
        super().__init__(f"YAML syntax error on line {line} of the cell{shown}: {message}{hint}")


def is_exercise_cell(source: str) -> bool:
    return source.lstrip().startswith(MAGIC)


def split_cell(source: str) -> tuple[int, str]:
    """(number of the cell line where the YAML starts, the YAML text) of an exercise cell."""
    lines = source.split("\n")
    magic_line = next(index for index, line in enumerate(lines) if line.strip())
    return magic_line + 2, "\n".join(lines[magic_line + 1 :])


def load_cell(source: str) -> Any:
    """The YAML of an exercise cell as Python data; CellYAMLError names the line of the cell."""
    first_line, body = split_cell(source)
    try:
        return yaml.load(body, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = error.problem or error.context or "cannot be read"
        context = error.context_mark
        if error.context and context is not None and mark is not None and context.line != mark.line:
            problem += f" ({error.context} on line {first_line + context.line})"
        from kit.yamlhints import likely_cause

        text = _line(source, line)
        raise CellYAMLError(line, problem, text, likely_cause(problem, text)) from None
    except yaml.YAMLError as error:
        raise CellYAMLError(first_line, str(error)) from None


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line(source: str, number: int) -> str:
    lines = source.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


_ID_LINE = re.compile(r"^id:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


def guess_id(source: str) -> str:
    """The exercise id as written, for messages about a cell whose YAML cannot be read."""
    match = _ID_LINE.search(source)
    return match.group(1) if match else "-"
