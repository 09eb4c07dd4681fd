"""Ordering: items written in the correct order; the participant puts them in order."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kit.errors import Issue
from kit.models.base import Exercise, Strict, duplicate_ids


class Item(Strict):
    """One step to put in order."""

    # Required: a default id such as a, b, c would give the order away.
    id: str = Field(min_length=1, description="Names the item in answers (required: default ids a, b, "
                    "c would give the order away).")
    text: str = Field(min_length=1, description="The step as the participant reads it.")


class Ordering(Exercise):
    """Put steps in the right order; every pair kept in order earns a share of the points."""

    type_name = "ordering"
    type: Literal["ordering"]
    items: list[Item] = Field(min_length=2, description="The steps, written in the correct order "
                              "(participants see them shuffled).")

    @property
    def key(self) -> list[str]:
        return [item.id for item in self.items]

    def issues(self) -> list[Issue]:
        return duplicate_ids(self.items, "items")
