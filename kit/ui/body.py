"""The part of an exercise widget that differs by type: its controls and how to read the answer.

A body puts into widgets only what the participant may see before answering: texts, labels and
ids that give nothing away. Keys, weights, feedback, choice scores and rubrics stay in the kernel
(on ``self.exercise``) and reach the browser only through ``details()``, after the answer is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from ipywidgets import Widget

from kit.i18n import Translator
from kit.models import Exercise
from kit.scoring import Result


class NotAnswered(Exception):
    """The participant has not answered enough to submit; the message says what to do."""


class Body:
    # the body shows the case itself (beside a form) instead of the frame showing it above
    shows_case: ClassVar[bool] = False
    # the body completes itself (a scenario ends) and then asks the frame to submit
    submits_itself: ClassVar[bool] = False

    def __init__(self, exercise: Any, _: Translator):
        self.exercise: Exercise = exercise
        self._ = _
        self.on_complete: Callable[[], Any] | None = None
        self.widget: Widget = self.build()

    def build(self) -> Widget:
        raise NotImplementedError

    def answer(self) -> Any:
        """The answer in DESIGN §4's shape, or NotAnswered with what is missing."""
        raise NotImplementedError

    def show(self, answer: Any) -> None:
        """Put a given answer into the controls (unattended runs); ValueError when it does not fit."""
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        """Freeze the controls after a saved answer (they keep showing it), or free them again."""
        for control in self.controls():
            control.disabled = locked

    def controls(self) -> list[Any]:
        return []

    def restart(self) -> None:
        """Try again: most types keep the last answer to change it; a scenario starts over."""

    def details(self, result: Result, answer: Any) -> list[str]:
        """HTML shown after the answer is saved, below the score: the feedback of what was chosen."""
        return []


def unknown(value: Any, what: str, known: list[str]) -> ValueError:
    return ValueError(f"{value!r} is not {what}; expected one of: {', '.join(known)}")
