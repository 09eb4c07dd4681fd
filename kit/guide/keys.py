"""The key of each exercise type, as plain data for the guide: one extractor per type, one registry.

Everything here is secret material (DESIGN §8) and meant for trainers only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kit.guide.scenario_map import ScenarioMap, best_to, layout, mermaid
from kit.i18n import default_scale, dimension_prompt
from kit.models import (
    CaseDiscussion,
    Exercise,
    FreeText,
    Likert,
    Matching,
    MultipleChoice,
    Ordering,
    Scenario,
    SingleChoice,
)


@dataclass(frozen=True)
class OptionKey:
    id: str
    text: str
    correct: bool
    weight: float
    feedback: str | None


@dataclass(frozen=True)
class ChoiceKey:
    options: list[OptionKey]
    multiple: bool
    # show the weight column: always for multiple choice, for single choice only with partial credit
    show_weights: bool
    kind: str = "choice"


@dataclass(frozen=True)
class OrderKey:
    items: list[str]
    kind: str = "order"


@dataclass(frozen=True)
class PairsKey:
    pairs: list[tuple[str, str]]
    kind: str = "pairs"


@dataclass(frozen=True)
class RubricKey:
    criteria: list[tuple[str, float]]
    total: float
    min_words: int | None
    dimensions: list[str] = field(default_factory=list)
    kind: str = "rubric"


@dataclass(frozen=True)
class LikertKey:
    statements: list[tuple[str, bool]]
    scale: list[str]
    kind: str = "likert"


@dataclass(frozen=True)
class Step:
    node_id: str
    speaker: str | None
    node_text: str
    choice_id: str
    choice_text: str
    score: dict[str, int]
    total: int
    feedback: str | None


@dataclass(frozen=True)
class EndingKey:
    node_id: str
    text: str
    outcome: str
    best_raw: int  # the largest total of any path that ends here
    score: float  # what that path earns, in points
    best: bool  # the ending of the best path


@dataclass(frozen=True)
class ScenarioKey:
    steps: list[Step]
    totals: dict[str, int]
    best_total: int
    points: float
    endings: list[EndingKey]
    map: ScenarioMap
    mermaid: str
    kind: str = "scenario"


Key = ChoiceKey | OrderKey | PairsKey | RubricKey | LikertKey | ScenarioKey


def _choice(exercise: SingleChoice | MultipleChoice, language: str) -> ChoiceKey:
    weights = exercise.weights()
    multiple = isinstance(exercise, MultipleChoice)
    options = [
        OptionKey(
            str(option.id),
            option.text,
            exercise.is_correct(option) if isinstance(exercise, MultipleChoice) else bool(option.correct),
            weights[str(option.id)],
            option.feedback,
        )
        for option in exercise.options
    ]
    partial = any(not option.correct and option.weight for option in options)
    return ChoiceKey(options, multiple, multiple or partial)


def _ordering(exercise: Ordering, language: str) -> OrderKey:
    return OrderKey([item.text for item in exercise.items])


def _matching(exercise: Matching, language: str) -> PairsKey:
    return PairsKey([(pair.left, pair.right) for pair in exercise.pairs])


def _written(exercise: FreeText | CaseDiscussion, language: str) -> RubricKey:
    dimensions: list[str] = []
    if isinstance(exercise, CaseDiscussion):
        dimensions = (
            [dimension.prompt for dimension in exercise.dimensions]
            if exercise.dimensions
            else [dimension_prompt(d, language) for d in exercise.dimension_ids]
        )
    criteria = [(criterion.criterion, criterion.points) for criterion in exercise.rubric]
    return RubricKey(criteria, exercise.max_score, exercise.min_words, dimensions)


def _likert(exercise: Likert, language: str) -> LikertKey:
    return LikertKey([(s.text, s.reverse) for s in exercise.statements], exercise.scale or default_scale(language))


def _scenario(exercise: Scenario, language: str) -> ScenarioKey:
    path = exercise.best_path()
    steps = []
    node = exercise.node_by_id[exercise.start]
    totals: dict[str, int] = {}
    for choice in path:
        steps.append(Step(node.id, node.speaker, node.text, str(choice.id), choice.text, dict(choice.score),
                          choice.total, choice.feedback))
        for competency, value in choice.score.items():
            totals[competency] = totals.get(competency, 0) + value
        node = exercise.node_by_id[choice.goto]
    best_ending = node.id
    reach = best_to(exercise)
    best = exercise.best_total
    endings = [
        EndingKey(
            ending.id, ending.text, ending.outcome or "", reach[ending.id],
            exercise.points * max(0, min(reach[ending.id], best)) / best, ending.id == best_ending,
        )
        for ending in exercise.endings
    ]
    endings.sort(key=lambda ending: (-ending.best_raw, exercise.nodes.index(exercise.node_by_id[ending.node_id])))
    best_choices = {str(choice.id) for choice in path}
    return ScenarioKey(steps, totals, best, exercise.points, endings, layout(exercise, best_choices),
                       mermaid(exercise, best_choices))


EXTRACTORS: dict[type[Exercise], Callable[[Any, str], Key]] = {
    SingleChoice: _choice,
    MultipleChoice: _choice,
    Ordering: _ordering,
    Matching: _matching,
    FreeText: _written,
    CaseDiscussion: _written,
    Likert: _likert,
    Scenario: _scenario,
}


def exercise_key(exercise: Exercise, language: str = "en") -> Key:
    """The key of one valid exercise: correct options and weights, order, pairs, rubric, best path…"""
    return EXTRACTORS[type(exercise)](exercise, language)
