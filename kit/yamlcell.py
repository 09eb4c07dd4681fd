"""Read the YAML body of an ``%%exercise`` cell safely, reporting errors by line of the cell."""

from __future__ import annotations

import re
from typing import Any

import yaml

MAGIC = "%%exercise"
DUPLICATE = "is written twice in the same block"


# Limits of what an exercise cell may hold; beyond them the YAML is refused with its line, before
# PyYAML's recursive composer or Python's int() would stop with a traceback.
MAX_DEPTH = 64
MAX_DIGITS = 100


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice in one mapping (the second would win silently),
    a key that is a list or a mapping (``? [a, b]``), nesting deeper than ``MAX_DEPTH`` and a number
    longer than ``MAX_DIGITS`` digits."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"the lists and blocks nest deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_int(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> int:
    if len(str(node.value)) > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of more than {MAX_DIGITS} digits is not one kit can use", node.start_mark)
    return loader.construct_yaml_int(node)


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain name such as 'title', not a list or a block", key_node.start_mark)
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' {DUPLICATE}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


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
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as a control character
        line = first_line + body.count("\n", 0, error.position)
        raise CellYAMLError(line, f"the character {error.character!r} is not allowed in YAML; delete it") from None
    except yaml.YAMLError as error:
        raise CellYAMLError(first_line, " ".join(str(error).split())) from None


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
