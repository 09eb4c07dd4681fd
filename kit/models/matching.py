"""Matching: each left side goes with the right side of the same pair."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kit.errors import Issue
from kit.models.base import Exercise, Strict, duplicate_ids


class Pair(Strict):
    """A left side and the right side that belongs to it."""

    id: str = Field(min_length=1, description="Names the pair in answers (required: default ids "
                    "would give the answer away).")
    left: str = Field(min_length=1, description="What the participant matches, such as a situation.")
    right: str = Field(min_length=1, description="What belongs to it, such as the service to call. The "
                       "participant picks it from all the right sides, listed in another order.")


class Matching(Exercise):
    """Match each left side with its right side."""

    type_name = "matching"
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, description="The pairs, each written with its right "
                              "match.")

    def issues(self) -> list[Issue]:
        return duplicate_ids(self.pairs, "pairs")
