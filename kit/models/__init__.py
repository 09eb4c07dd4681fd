"""The exercise models of DESIGN §4: one module per type, one registry, one factory."""

from __future__ import annotations

from typing import Any

from kit.models.base import Exercise, Facilitator
from kit.models.choice import MultipleChoice, Option, SingleChoice
from kit.models.likert import Likert
from kit.models.matching import Matching, Pair
from kit.models.ordering import Item, Ordering
from kit.models.scenario import Choice, Node, Scenario
from kit.models.written import DEFAULT_DIMENSIONS, CaseDiscussion, Criterion, FreeText

EXERCISE_TYPES: dict[str, type[Exercise]] = {
    model.type_name: model
    for model in (SingleChoice, MultipleChoice, Ordering, Matching, FreeText, CaseDiscussion, Likert, Scenario)
}

__all__ = [
    "DEFAULT_DIMENSIONS",
    "EXERCISE_TYPES",
    "CaseDiscussion",
    "Choice",
    "Criterion",
    "Exercise",
    "Facilitator",
    "FreeText",
    "Item",
    "Likert",
    "Matching",
    "MultipleChoice",
    "Node",
    "Option",
    "Ordering",
    "Pair",
    "Scenario",
    "SingleChoice",
    "parse_exercise",
]


def parse_exercise(data: Any) -> Exercise:
    """Validate one exercise definition (the YAML of a ``%%exercise`` cell), or raise ExerciseInvalid."""
    from kit.models.validation import validate

    return validate(data)
