"""Single and multiple choice: options, correct ones and percentage weights (as Moodle's GIFT)."""

from __future__ import annotations

import string
from typing import Literal

from pydantic import Field, model_validator

from kit.errors import Issue
from kit.models.base import Exercise, Strict, duplicate_ids

WEIGHT_TOLERANCE = 0.01  # so that Moodle's thirds (33.33333 %) add up to 100


class Option(Strict):
    """One answer the participant can choose."""

    id: str | None = Field(default=None, min_length=1, description="Names the option in answers; "
                           "defaults to a, b, c… in written order.")
    text: str = Field(min_length=1, description="The option as the participant reads it (Markdown).")
    correct: bool | None = Field(default=None, description="true marks a right answer. Single choice: "
                                 "exactly one option. Multiple choice: at least one, unless weights are "
                                 "given.")
    weight: float | None = Field(default=None, description="A percentage, as in Moodle. Single choice: "
                                 "partial credit for a wrong option, 0 to 99. Multiple choice: -100 to "
                                 "100; the positive weights add up to 100, and an option with a positive "
                                 "weight counts as correct.")
    feedback: str | None = Field(default=None, description="Shown to the participant after answering, "
                                 "when this option was chosen: say why it helps or harms.")


def default_option_id(index: int) -> str:
    """``a``, ``b``… ``z``, then ``aa``… ``zz``, ``aaa``… as spreadsheet columns go, for any length."""
    letters = string.ascii_lowercase
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, len(letters))
        name = letters[rest] + name
    return name


class _ChoiceExercise(Exercise):
    secret_keys = ("correct", "weight", "feedback")
    options: list[Option] = Field(min_length=2, description="The answers to choose from, in the order "
                                  "shown.")

    @model_validator(mode="after")
    def _default_ids(self):
        for index, option in enumerate(self.options):
            if option.id is None:
                option.id = default_option_id(index)
        return self

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)


class SingleChoice(_ChoiceExercise):
    """One right answer; a wrong option may earn partial credit through its weight."""

    type_name = "single-choice"
    type: Literal["single-choice"]

    def weights(self) -> dict[str, float]:
        """Percentage of the points each option earns: 100 for the correct one."""
        return {
            option.id: 100.0 if option.correct else (option.weight or 0.0) for option in self.options
        }

    @property
    def correct_option(self) -> Option:
        return next(option for option in self.options if option.correct)

    def issues(self) -> list[Issue]:
        issues = duplicate_ids(self.options, "options")
        correct = [index for index, option in enumerate(self.options) if option.correct]
        if not correct:
            issues.append(Issue("options", "no option is marked 'correct: true'; mark exactly one"))
        elif len(correct) > 1:
            marked = ", ".join(f"options[{index}]" for index in correct)
            issues.append(
                Issue(
                    "options",
                    f"{len(correct)} options are marked correct ({marked}); a single-choice exercise has "
                    "exactly one (use multiple-choice for more, or a weight for partial credit)",
                )
            )
        for index, option in enumerate(self.options):
            if option.weight is None:
                continue
            if option.correct and option.weight != 100:
                issues.append(
                    Issue(
                        f"options[{index}].weight",
                        "the correct option always weighs 100; remove its weight",
                    )
                )
            elif not option.correct and not 0 <= option.weight <= 99:
                issues.append(
                    Issue(
                        f"options[{index}].weight",
                        f"a wrong option's weight is partial credit from 0 to 99 (got {option.weight:g})",
                    )
                )
        return issues


class MultipleChoice(_ChoiceExercise):
    """Several right answers; each chosen option adds or subtracts its weight."""

    type_name = "multiple-choice"
    type: Literal["multiple-choice"]

    @property
    def weighted(self) -> bool:
        return any(option.weight is not None for option in self.options)

    def is_correct(self, option: Option) -> bool:
        if self.weighted:
            return (option.weight or 0) > 0
        return bool(option.correct)

    def weights(self) -> dict[str, float]:
        """Percentage weight of each option: the author's, or +100/k and −100/k (k correct options)."""
        if self.weighted:
            return {option.id: option.weight or 0.0 for option in self.options}
        k = sum(1 for option in self.options if option.correct)
        if k == 0:
            return {option.id: 0.0 for option in self.options}
        return {option.id: (100.0 if option.correct else -100.0) / k for option in self.options}

    def issues(self) -> list[Issue]:
        issues = duplicate_ids(self.options, "options")
        if not self.weighted:
            if not any(option.correct for option in self.options):
                issues.append(
                    Issue("options", "no option is marked 'correct: true'; mark at least one")
                )
            return issues
        for index, option in enumerate(self.options):
            weight = option.weight
            if weight is not None and not -100 <= weight <= 100:
                issues.append(
                    Issue(f"options[{index}].weight", f"a weight is a percentage from -100 to 100 (got {weight:g})")
                )
            if option.correct is True and (weight is not None and weight <= 0):
                issues.append(
                    Issue(
                        f"options[{index}]",
                        f"is marked correct but weighs {weight:g}; a correct option needs a positive weight",
                    )
                )
            if option.correct is False and weight is not None and weight > 0:
                issues.append(
                    Issue(
                        f"options[{index}]",
                        f"is marked 'correct: false' but weighs {weight:g}; a positive weight makes it correct",
                    )
                )
        positive = sum(option.weight for option in self.options if option.weight and option.weight > 0)
        if abs(positive - 100) > WEIGHT_TOLERANCE:
            issues.append(
                Issue(
                    "options",
                    f"the positive weights add up to {positive:g}, not 100; "
                    "adjust them so that a full answer earns 100 %",
                )
            )
        return issues
