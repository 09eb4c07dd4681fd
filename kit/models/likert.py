"""Likert self-checks: recorded, never scored; reports show distributions."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kit.errors import Issue
from kit.models.base import Exercise, Strict, duplicate_ids

DEFAULT_SCALE_LENGTH = 5


class Statement(Strict):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    reverse: bool = False


class Likert(Exercise):
    type_name = "likert"
    auto_scored = False
    type: Literal["likert"]
    statements: list[Statement] = Field(min_length=1)
    # None: the default 5-point agreement scale in the notebook's language (kit.i18n).
    scale: list[str] | None = Field(default=None, min_length=2)

    @property
    def scale_length(self) -> int:
        return len(self.scale) if self.scale is not None else DEFAULT_SCALE_LENGTH

    @property
    def max_score(self) -> float:
        return 0.0

    def issues(self) -> list[Issue]:
        return duplicate_ids(self.statements, "statements")
