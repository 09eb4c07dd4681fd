"""The scoring rules of DESIGN §4: pure functions of (exercise, answer), no I/O, no widgets.

An answer of the wrong shape gives an ``invalid`` result with a reason; nothing here raises for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

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
from kit.scoring.result import Result, invalid

Grades = Mapping[str, float]
Rule = Callable[[Any, Any, "Grades | None"], Result]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _known(value: Any, known: Mapping[str, Any] | set[str], what: str) -> str | None:
    """A reason why ``value`` is not one of the known ids, or None when it is."""
    if not _is_text(value):
        return f"{what} must be an id in quotes (got {value!r})"
    if value not in known:
        return f"'{value}' is not {what}; expected one of: {', '.join(sorted(known))}"
    return None


def score_single_choice(exercise: SingleChoice, answer: Any, grades: Grades | None = None) -> Result:
    weights = exercise.weights()
    reason = _known(answer, weights, "an option")
    if reason:
        return invalid(reason, exercise.max_score)
    return Result("scored", exercise.points * weights[answer] / 100, exercise.max_score)


def score_multiple_choice(exercise: MultipleChoice, answer: Any, grades: Grades | None = None) -> Result:
    if not isinstance(answer, list):
        return invalid(f"the answer must be a list of option ids (got {answer!r})", exercise.max_score)
    weights = exercise.weights()
    for option_id in answer:
        reason = _known(option_id, weights, "an option")
        if reason:
            return invalid(reason, exercise.max_score)
    if len(set(answer)) != len(answer):
        return invalid("an option is chosen more than once", exercise.max_score)
    total = sum(weights[option_id] for option_id in answer)
    return Result("scored", exercise.points * clamp(total, 0, 100) / 100, exercise.max_score)


def score_ordering(exercise: Ordering, answer: Any, grades: Grades | None = None) -> Result:
    key = exercise.key
    if not isinstance(answer, list) or not all(_is_text(item) for item in answer):
        return invalid(f"the answer must be a list of item ids (got {answer!r})", exercise.max_score)
    if sorted(answer) != sorted(key):
        return invalid(
            "the answer must name every item exactly once (a permutation of: " + ", ".join(key) + ")",
            exercise.max_score,
        )
    position = {item_id: index for index, item_id in enumerate(answer)}
    n = len(key)
    kept = sum(
        1 for i in range(n) for j in range(i + 1, n) if position[key[i]] < position[key[j]]
    )
    return Result("scored", exercise.points * kept / (n * (n - 1) / 2), exercise.max_score)


def score_matching(exercise: Matching, answer: Any, grades: Grades | None = None) -> Result:
    if not isinstance(answer, dict):
        return invalid(f"the answer must map pair ids to pair ids (got {answer!r})", exercise.max_score)
    ids = {pair.id for pair in exercise.pairs}
    for left, right in answer.items():
        reason = _known(left, ids, "a pair") or _known(right, ids, "a pair")
        if reason:
            return invalid(reason, exercise.max_score)
    correct = sum(1 for left, right in answer.items() if left == right)
    return Result("scored", exercise.points * correct / len(ids), exercise.max_score)


def _graded(exercise: FreeText | CaseDiscussion, grades: Grades | None) -> Result:
    awarded = grades or {}
    missing = [criterion.id for criterion in exercise.rubric if criterion.id not in awarded]
    if missing:
        return Result(
            "pending", None, exercise.max_score, "waiting for a grade on: " + ", ".join(missing)
        )
    total = sum(min(awarded[criterion.id], criterion.points) for criterion in exercise.rubric)
    return Result("scored", total, exercise.max_score)


def score_free_text(exercise: FreeText, answer: Any, grades: Grades | None = None) -> Result:
    if not _is_text(answer):
        return invalid(f"the answer must be text (got {answer!r})", exercise.max_score)
    return _graded(exercise, grades)


def score_case_discussion(exercise: CaseDiscussion, answer: Any, grades: Grades | None = None) -> Result:
    if not isinstance(answer, dict):
        return invalid(
            f"the answer must map dimension ids to text (got {answer!r})", exercise.max_score
        )
    dimensions = set(exercise.dimension_ids)
    for dimension, text in answer.items():
        reason = _known(dimension, dimensions, "a dimension")
        if reason:
            return invalid(reason, exercise.max_score)
        if not _is_text(text):
            return invalid(f"the answer for '{dimension}' must be text (got {text!r})", exercise.max_score)
    return _graded(exercise, grades)


def score_likert(exercise: Likert, answer: Any, grades: Grades | None = None) -> Result:
    if not isinstance(answer, dict):
        return invalid(f"the answer must map statement ids to numbers (got {answer!r})", 0.0)
    statements = {statement.id for statement in exercise.statements}
    top = exercise.scale_length
    for statement, value in answer.items():
        reason = _known(statement, statements, "a statement")
        if reason:
            return invalid(reason, 0.0)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            return invalid(f"the answer for '{statement}' must be a whole number from 1 to {top} (got {value!r})", 0.0)
    return Result("recorded", None, 0.0)


def score_scenario(exercise: Scenario, answer: Any, grades: Grades | None = None) -> Result:
    if not isinstance(answer, list):
        return invalid(f"the answer must be the list of choice ids taken (got {answer!r})", exercise.max_score)
    node = exercise.node_by_id[exercise.start]
    competencies: dict[str, int] = {}
    for step, choice_id in enumerate(answer, start=1):
        if node.is_ending:
            return invalid(f"step {step}: the path already ended at '{node.id}'", exercise.max_score)
        choice = next((c for c in node.choices or [] if c.id == choice_id), None)
        if choice is None:
            options = ", ".join(c.id or "" for c in node.choices or [])
            return invalid(
                f"step {step}: {choice_id!r} is not a choice at node '{node.id}' (choices: {options})",
                exercise.max_score,
            )
        for competency, value in choice.score.items():
            competencies[competency] = competencies.get(competency, 0) + value
        node = exercise.node_by_id[choice.goto]
    if not node.is_ending:
        return invalid(f"the path stops at '{node.id}' before an ending", exercise.max_score)
    raw = sum(competencies.values())
    best = exercise.best_total
    return Result(
        "scored",
        exercise.points * clamp(raw, 0, best) / best,
        exercise.max_score,
        competencies=competencies,
        ending=node.id,
        outcome=node.outcome,
    )


RULES: dict[type[Exercise], Rule] = {
    SingleChoice: score_single_choice,
    MultipleChoice: score_multiple_choice,
    Ordering: score_ordering,
    Matching: score_matching,
    FreeText: score_free_text,
    CaseDiscussion: score_case_discussion,
    Likert: score_likert,
    Scenario: score_scenario,
}


def score(exercise: Exercise, answer: Any, grades: Grades | None = None) -> Result:
    """Score one answer to one exercise. ``grades`` (criterion id → points) for rubric types."""
    return RULES[type(exercise)](exercise, answer, grades)
