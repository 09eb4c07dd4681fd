"""The participant view of an exercise's YAML (DESIGN §8), and an exercise read back from it.

A JupyterHub participant's notebook holds this view only: no ``correct``, ``weight``, feedback,
choice ``score``, rubric or ``facilitator`` block, and an ordering's items not in the key's order.
The widget in their kernel draws the controls from it and sends the answer to the kit service,
which scores it with the full exercise and answers with the score and feedback.
"""

from __future__ import annotations

import random
from typing import Any

from kit.models import Exercise

# per list of a type: the keys dropped from each item (the key, feedback, scores)
_SECRET_ITEM_KEYS = {"options": ("correct", "weight", "feedback")}
_SECRET_CHOICE_KEYS = ("score", "feedback")
_SECRET_TOP_KEYS = ("facilitator", "rubric")
KEYLESS_CRITERION = "scored by the trainer"  # stands in for a rubric the participant does not see


def participant_view(data: dict[str, Any], exercise: Exercise) -> dict[str, Any]:
    """``data`` (an exercise cell's YAML mapping) without anything a participant must not read."""
    view = {key: value for key, value in data.items() if key not in _SECRET_TOP_KEYS}
    for list_name, dropped in _SECRET_ITEM_KEYS.items():
        if isinstance(view.get(list_name), list):
            view[list_name] = [_without(item, dropped) for item in view[list_name]]
    if isinstance(view.get("nodes"), list):
        view["nodes"] = [_node(node) for node in view["nodes"]]
    if "rubric" in data:
        view["points"] = exercise.max_score  # what the heading shows; the criteria stay with the trainer
    if exercise.type == "ordering" and isinstance(view.get("items"), list):
        view["items"] = _shuffled(view["items"], exercise.id)
    return view


def keyless_exercise(data: Any) -> Exercise:
    """An exercise from its participant view: the structure checked, the rules about the key not.

    Raises ExerciseInvalid as parse_exercise does for a structure that is not an exercise.
    """
    from pydantic import ValidationError

    from kit.errors import ExerciseInvalid, Issue
    from kit.models import EXERCISE_TYPES, parse_exercise

    model = EXERCISE_TYPES.get(str(data.get("type"))) if isinstance(data, dict) else None
    if model is None:
        return parse_exercise(data)  # says what is wrong with the type
    filled = dict(data)
    if "rubric" in model.model_fields and "rubric" not in filled:
        # a person scores it from a rubric kept by the service; one stand-in criterion keeps the points
        filled["rubric"] = [{"id": "trainer", "criterion": KEYLESS_CRITERION,
                             "points": filled.pop("points", 1)}]
    try:
        return model.model_validate(filled)
    except ValidationError as error:
        raise ExerciseInvalid([Issue(".".join(map(str, item["loc"])), item["msg"]) for item in error.errors()]) \
            from None


def _without(item: Any, dropped: tuple[str, ...]) -> Any:
    return {key: value for key, value in item.items() if key not in dropped} if isinstance(item, dict) else item


def _node(node: Any) -> Any:
    if not isinstance(node, dict) or not isinstance(node.get("choices"), list):
        return node
    return {**node, "choices": [_without(choice, _SECRET_CHOICE_KEYS) for choice in node["choices"]]}


def _shuffled(items: list[Any], seed: str) -> list[Any]:
    """A fixed order that is never the key's own (the key of an ordering is the order written)."""
    order = list(items)
    random.Random(seed).shuffle(order)
    if order == items and len(items) > 1:
        order = order[1:] + order[:1]
    return order
