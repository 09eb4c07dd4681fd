"""The cells an import produces, and the exercise YAML written into them (tidy, stable key order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from kit.models import Exercise
from kit.models.choice import default_option_id

# Common keys first, then the type's own keys, the facilitator block last (it is the longest).
FIRST_KEYS = ("id", "type", "title", "prompt", "case", "points", "minutes", "competencies")
LAST_KEYS = ("facilitator",)


@dataclass
class Cell:
    """One cell of an imported notebook. ``origin`` goes to the cell's ``metadata.kit``."""

    kind: Literal["exercise", "markdown", "raw"]
    source: str
    origin: dict[str, Any] = field(default_factory=dict)


def exercise_data(exercise: Exercise) -> dict[str, Any]:
    """The exercise as YAML-ready data: defaults and default ids left out, keys in a readable order."""
    data = exercise.model_dump(mode="json", exclude_defaults=True)
    for index, option in enumerate(data.get("options", [])):
        if option.get("id") == default_option_id(index):
            del option["id"]
    for node in data.get("nodes", []):
        for number, choice in enumerate(node.get("choices") or [], start=1):
            if choice.get("id") == f"{node['id']}-{number}":
                del choice["id"]
    data = _whole_numbers(data)
    ordered = {key: data[key] for key in FIRST_KEYS if key in data}
    ordered.update({key: value for key, value in data.items() if key not in FIRST_KEYS + LAST_KEYS})
    ordered.update({key: data[key] for key in LAST_KEYS if key in data})
    return ordered


def _whole_numbers(value: Any) -> Any:
    """2.0 → 2, so that the YAML reads as an author would write it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Safe YAML with multi-line text as literal blocks, as authors write it."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_Dumper.add_representer(str, _represent_text)


def exercise_source(exercise: Exercise) -> str:
    """The source of a ``%%exercise`` cell holding this exercise."""
    return cell_source(exercise_data(exercise))


def cell_source(data: dict[str, Any]) -> str:
    """The source of a ``%%exercise`` cell holding this data (safe YAML)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    # the last line break stays: it may belong to a block scalar's text
    return "%%exercise\n" + body
