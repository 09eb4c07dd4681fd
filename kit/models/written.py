"""Written answers scored by a person from a rubric: free text and structured case discussion."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kit.errors import Issue
from kit.models.base import Exercise, Strict, duplicate_ids

# The dimensions of reflection of the case-discussion-group method (seed 000), in DESIGN §4's order.
DEFAULT_DIMENSIONS = (
    "problem",
    "client",
    "helper",
    "environment",
    "relationship",
    "resources",
    "limits",
    "interventions",
    "dilemmas",
)


class Criterion(Strict):
    id: str = Field(min_length=1)
    criterion: str = Field(min_length=1)
    points: float = Field(gt=0)


class Dimension(Strict):
    id: str = Field(min_length=1)
    prompt: str = Field(min_length=1)


class _Written(Exercise):
    person_scored = True
    auto_scored = False
    secret_keys = ("rubric",)
    rubric: list[Criterion] = Field(min_length=1)
    min_words: int | None = Field(default=None, ge=0)

    @property
    def max_score(self) -> float:
        return sum(criterion.points for criterion in self.rubric)

    def issues(self) -> list[Issue]:
        return duplicate_ids(self.rubric, "rubric")


class FreeText(_Written):
    type_name = "free-text"
    type: Literal["free-text"]


class CaseDiscussion(_Written):
    type_name = "case-discussion"
    type: Literal["case-discussion"]
    dimensions: list[Dimension] | None = Field(default=None, min_length=1)

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        if self.dimensions is None:
            return DEFAULT_DIMENSIONS
        return tuple(dimension.id for dimension in self.dimensions)

    def issues(self) -> list[Issue]:
        issues = super().issues()
        if self.dimensions is not None:
            issues += duplicate_ids(self.dimensions, "dimensions")
        return issues
