"""Read the YAML body of an ``%%exercise`` cell safely, reporting errors by line of the cell."""

from __future__ import annotations

import re
from typing import Any

import yaml

MAGIC = "%%exercise"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice in one mapping (the second would win silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' is written twice in the same block", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

if getattr(yaml, "__with_libyaml__", False):

    class _FastUniqueKeyLoader(yaml.CSafeLoader):
        """The same loader on libyaml's parser (about 8x faster); errors are worded by the one above."""

    _FastUniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FAST: type | None = _FastUniqueKeyLoader
else:  # PyYAML built without libyaml
    _FAST = None


class CellYAMLError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(f"YAML syntax error on line {line} of the cell: {message}")


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
    if _FAST is not None:
        try:
            return yaml.load(body, Loader=_FAST)  # a CSafeLoader subclass: safe
        except yaml.YAMLError:
            pass  # read again below, so that authors get PyYAML's own wording and line
    try:
        return yaml.load(body, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = error.problem or error.context or "cannot be read"
        context = error.context_mark
        if error.context and context is not None and mark is not None and context.line != mark.line:
            problem += f" ({error.context} on line {first_line + context.line})"
        raise CellYAMLError(line, problem) from None
    except yaml.YAMLError as error:
        raise CellYAMLError(first_line, str(error)) from None


_ID_LINE = re.compile(r"^id:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


def guess_id(source: str) -> str:
    """The exercise id as written, for messages about a cell whose YAML cannot be read."""
    match = _ID_LINE.search(source)
    return match.group(1) if match else "-"
