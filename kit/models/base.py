"""What every exercise has in common: the common keys of DESIGN §4 and the strict model base."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from kit.errors import Issue

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"


class Strict(BaseModel):
    """A model that rejects unknown keys, so that a misspelt key is never silently ignored."""

    # allow_inf_nan=False: points, weights and minutes must be real numbers (".inf" in YAML is not one)
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, validate_assignment=False,
                              allow_inf_nan=False)


NonEmpty = Field(min_length=1)

TYPE_DESCRIPTION = (
    "The exercise type: single-choice, multiple-choice, ordering, matching, free-text, case-discussion, "
    "likert or scenario."
)


class Facilitator(Strict):
    """Material for trainers only: guides and the facilitator edition, never participants."""

    notes: str | None = Field(
        default=None,
        description="Markdown for the trainer: the point of the exercise, what to watch for, what the "
        "answer key rests on.",
    )
    debrief: list[str] = Field(
        default_factory=list, description="Questions to ask the room after the exercise, one per item."
    )
    pitfalls: list[str] = Field(
        default_factory=list, description="Mistakes participants often make here, one per item."
    )


class Exercise(Strict):
    """The common keys. Each type adds its own keys, rules and maximum score."""

    type_name: ClassVar[str] = ""
    # Scored by a person from a rubric (free-text, case-discussion)?
    person_scored: ClassVar[bool] = False
    # Scored automatically, and so part of item statistics?
    auto_scored: ClassVar[bool] = True
    # Keys whose values are secret (DESIGN §8), besides the facilitator block.
    secret_keys: ClassVar[tuple[str, ...]] = ()

    id: str = Field(
        pattern=ID_PATTERN,
        description="Names the exercise in responses, scores and reports: 3 to 64 lower-case letters a-z, "
        "digits and hyphens, unique across every notebook checked together. Do not change it once "
        "participants have answered.",
    )
    type: str = Field(description=TYPE_DESCRIPTION)
    title: str = Field(min_length=1, description="A short title, shown above the exercise and in guides "
                       "and reports.")
    prompt: str = Field(min_length=1, description="Markdown shown to the participant: the question or "
                        "the task.")
    case: str | None = Field(default=None, description="Markdown case vignette shown above the prompt. "
                             "Invent the case; never use a real client's details.")
    points: float = Field(default=1, gt=0, description="The maximum score of an automatically scored "
                          "exercise (person-scored types take theirs from the rubric).")
    minutes: float = Field(default=5, gt=0, description="Time planned for the exercise in the guide's "
                           "agenda.")
    competencies: list[str] = Field(default_factory=list, description="Tags for what the exercise "
                                    "trains, such as risk-assessment or active-listening.")
    facilitator: Facilitator | None = Field(default=None, description="Material for trainers: in guides "
                                            "and the facilitator edition only, never shown to "
                                            "participants.")

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


# Suggestions cost a comparison with every valid name: a word longer than any id gets none, and one
# check suggests at most MAX_SUGGESTIONS times (2,000 broken gotos once took 97 s).
MAX_SUGGESTED_WORD = 64
MAX_SUGGESTIONS = 20


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest valid name, or an empty string."""
    if len(word) > MAX_SUGGESTED_WORD:
        return ""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Suggestions:
    """``did_you_mean`` over one set of names, for many words: after ``budget`` suggestions the
    messages go on without one, so that thousands of broken names stay cheap to report."""

    def __init__(self, choices: Iterable[str], budget: int = MAX_SUGGESTIONS) -> None:
        self.choices = sorted(choices)
        self.left = budget

    def __call__(self, word: str) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        return did_you_mean(word, self.choices)
