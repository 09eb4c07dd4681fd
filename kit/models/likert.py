"""Likert self-checks: recorded, never scored; reports show distributions."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kit.errors import Issue
from kit.models.base import Exercise, Strict, duplicate_ids

DEFAULT_SCALE_LENGTH = 5


class Statement(Strict):
    """One statement the participant rates on the scale."""

    id: str = Field(min_length=1, description="Names the statement in answers and reports.")
    text: str = Field(min_length=1, description="The statement as the participant reads it.")
    reverse: bool = Field(default=False, description="true for a statement worded the other way round "
                          "(agreeing means less of what is measured); reports flip its ratings.")


class Likert(Exercise):
    """A self-check of attitudes or confidence: recorded, never scored; reports show distributions."""

    type_name = "likert"
    auto_scored = False
    type: Literal["likert"]
    statements: list[Statement] = Field(min_length=1, description="The statements to rate.")
    # None: the default 5-point agreement scale in the notebook's language (kit.i18n).
    scale: list[str] | None = Field(default=None, min_length=2, description="The labels of the scale, "
                                    "from the lowest rating to the highest. Without it: a 5-point "
                                    "agreement scale in the notebook's language.")

    @property
    def scale_length(self) -> int:
        return len(self.scale) if self.scale is not None else DEFAULT_SCALE_LENGTH

    @property
    def max_score(self) -> float:
        return 0.0

    def issues(self) -> list[Issue]:
        return duplicate_ids(self.statements, "statements")
