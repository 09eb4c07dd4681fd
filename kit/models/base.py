"""What every exercise has in common: the common keys of DESIGN §4 and the strict model base."""

from __future__ import annotations

import difflib
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from kit.errors import Issue

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"


class Strict(BaseModel):
    """A model that rejects unknown keys, so that a misspelt key is never silently ignored."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, validate_assignment=False)


NonEmpty = Field(min_length=1)


class Facilitator(Strict):
    """Material for trainers only: guides and the facilitator edition, never participants."""

    notes: str | None = None
    debrief: list[str] = Field(default_factory=list)
    pitfalls: list[str] = Field(default_factory=list)


class Exercise(Strict):
    """The common keys. Each type adds its own keys, rules and maximum score."""

    type_name: ClassVar[str] = ""
    # Scored by a person from a rubric (free-text, case-discussion)?
    person_scored: ClassVar[bool] = False
    # Scored automatically, and so part of item statistics?
    auto_scored: ClassVar[bool] = True
    # Keys whose values are secret (DESIGN §8), besides the facilitator block.
    secret_keys: ClassVar[tuple[str, ...]] = ()

    id: str = Field(pattern=ID_PATTERN)
    type: str
    title: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    case: str | None = None
    points: float = Field(default=1, gt=0)
    minutes: float = Field(default=5, gt=0)
    competencies: list[str] = Field(default_factory=list)
    # false: the key stays out of the self-study edition, which then shows the exercise read-only
    self_study: bool = True
    facilitator: Facilitator | None = None

    @property
    def max_score(self) -> float:
        return self.points

    def issues(self) -> list[Issue]:
        """Rules that span several keys; structural rules are the model's own."""
        return []


def duplicate_ids(items: list[Any], list_name: str, attribute: str = "id") -> list[Issue]:
    """Report every item whose id was already used earlier in the same list."""
    seen: dict[str, int] = {}
    issues = []
    for index, item in enumerate(items):
        value = getattr(item, attribute)
        if value in seen:
            issues.append(
                Issue(
                    f"{list_name}[{index}].{attribute}",
                    f"'{value}' is already the id of {list_name}[{seen[value]}]; ids must be unique",
                )
            )
        else:
            seen[value] = index
    return issues


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest valid name, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
