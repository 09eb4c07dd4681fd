"""Matching: each left side goes with the right side of the same pair."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kit.errors import Issue
from kit.models.base import Exercise, Strict, duplicate_ids


class Pair(Strict):
    id: str = Field(min_length=1)
    left: str = Field(min_length=1)
    right: str = Field(min_length=1)


class Matching(Exercise):
    type_name = "matching"
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2)

    def issues(self) -> list[Issue]:
        return duplicate_ids(self.pairs, "pairs")
