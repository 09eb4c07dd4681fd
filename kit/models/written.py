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
    """One thing the trainer looks for in a written answer."""

    id: str = Field(min_length=1, description="Names the criterion in the grades CSV.")
    criterion: str = Field(min_length=1, description="What a good answer does, as the trainer reads "
                           "it when grading.")
    points: float = Field(gt=0, description="The most this criterion can earn.")


class Dimension(Strict):
    """One question of a structured case discussion."""

    id: str = Field(min_length=1, description="Names the dimension in answers.")
    prompt: str = Field(min_length=1, description="The question the participant answers for this "
                        "dimension.")


class _Written(Exercise):
    person_scored = True
    auto_scored = False
    secret_keys = ("rubric",)
    rubric: list[Criterion] = Field(min_length=1, description="What the trainer grades; the maximum "
                                    "score is the sum of the criteria's points.")
    min_words: int | None = Field(default=None, ge=0, description="A length the widget asks for; it "
                                  "never changes a score.")

    @property
    def max_score(self) -> float:
        return sum(criterion.points for criterion in self.rubric)

    def issues(self) -> list[Issue]:
        return duplicate_ids(self.rubric, "rubric")


class FreeText(_Written):
    """A written answer, graded by a trainer against a rubric."""

    type_name = "free-text"
    type: Literal["free-text"]


class CaseDiscussion(_Written):
    """Structured reflection on a case along dimensions of the case-discussion-group method."""

    type_name = "case-discussion"
    type: Literal["case-discussion"]
    dimensions: list[Dimension] | None = Field(default=None, min_length=1, description="The questions "
                                               "to answer. Without it, the method's nine: "
                                               + ", ".join(DEFAULT_DIMENSIONS) + ".")

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
