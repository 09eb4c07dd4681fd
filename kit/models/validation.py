"""Turn a YAML mapping into an exercise model, or into issues that name the key path and the fix."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from kit.errors import ExerciseInvalid, Issue
from kit.models.base import did_you_mean


def validate(data: Any) -> Any:
    from kit.models import EXERCISE_TYPES

    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ExerciseInvalid([Issue("", f"the exercise must be a YAML mapping of keys (got {kind})")])
    kind = data.get("type")
    if kind is None:
        raise ExerciseInvalid(
            [Issue("type", "is required; one of: " + ", ".join(EXERCISE_TYPES))]
        )
    model = EXERCISE_TYPES.get(str(kind))
    if model is None:
        raise ExerciseInvalid(
            [Issue("type", f"'{kind}' is not an exercise type{did_you_mean(str(kind), set(EXERCISE_TYPES))}; "
                   "one of: " + ", ".join(EXERCISE_TYPES))]
        )
    try:
        exercise = model.model_validate(data)
    except ValidationError as error:
        raise ExerciseInvalid([_issue(model, e) for e in error.errors()]) from None
    issues = exercise.issues()
    if issues:
        raise ExerciseInvalid(issues)
    return exercise


def key_path(loc: tuple[Any, ...]) -> str:
    """``('nodes', 3, 'choices', 1, 'goto')`` → ``nodes[3].choices[1].goto``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _issue(model: type[BaseModel], error: dict[str, Any]) -> Issue:
    loc = tuple(error["loc"])
    where = key_path(loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        key = str(loc[-1])
        hint = did_you_mean(key, known) or (f"; valid keys here: {', '.join(sorted(known))}" if known else "")
        return Issue(where, f"unknown key '{key}'{hint}")
    if kind == "missing":
        return Issue(where, "is required" + _why_required(loc))
    if kind == "string_pattern_mismatch" and loc[-1] == "id":
        return Issue(
            where,
            f"'{value}' is not a valid id: use 3 to 64 characters, lower-case letters a-z, digits and "
            "hyphens, starting with a letter or a digit (for example 'night-call-01')",
        )
    if kind == "too_short" and isinstance(value, list):
        minimum = error.get("ctx", {}).get("min_length")
        return Issue(where, f"needs at least {minimum} entries (got {len(value)})")
    if kind == "string_too_short":
        return Issue(where, "must not be empty")
    if kind in ("greater_than", "greater_than_equal"):
        bound = error.get("ctx", {}).get("gt", error.get("ctx", {}).get("ge"))
        relation = "greater than" if kind == "greater_than" else "at least"
        shown = f"{bound:g}" if isinstance(bound, (int, float)) else bound
        return Issue(where, f"must be {relation} {shown} (got {value!r})")
    if kind == "model_type" or kind == "dict_type":
        return Issue(where, f"must be a mapping of keys (got {_describe(value)})")
    if kind == "list_type":
        return Issue(where, f"must be a list, written with '- ' items (got {_describe(value)})")
    if kind == "string_type":
        return Issue(where, f"must be text (got {_describe(value)})")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return Issue(where, f"must be a whole number (got {value!r})")
    if kind == "finite_number":
        return Issue(where, f"must be a finite number (got {value!r})")
    if kind in ("float_type", "float_parsing"):
        return Issue(where, f"must be a number (got {value!r})")
    if kind in ("bool_type", "bool_parsing"):
        return Issue(where, f"must be true or false (got {value!r})")
    return Issue(where, f"{error['msg']} (got {value!r})")


def _why_required(loc: tuple[Any, ...]) -> str:
    if loc[-1] == "id" and len(loc) >= 3 and loc[-3] in ("items", "pairs"):
        return f": {loc[-3]} need ids, since default ids would give the answer away"
    return ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The keys that the model expects at ``loc`` (so that a typo can be matched to one)."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part)
            annotation = field.annotation if field else None
        else:
            return set()
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set(annotation.model_fields)
    return set()


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation
