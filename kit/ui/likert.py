"""Likert self-checks: each statement with the scale's labels as radio buttons (nothing chosen at first).

Radio buttons, not toggle buttons: a browser tells a screen reader which one is chosen (ipywidgets'
ToggleButtons mark it with a CSS class only), and the statement is the group's label.

Reverse-scored statements look like any other: ``reverse`` matters only in reports.
"""

from __future__ import annotations

from typing import Any

from ipywidgets import HTML, Layout, RadioButtons, VBox, Widget

from kit.i18n import DEFAULT_SCALE
from kit.models import Likert
from kit.ui.body import Body, NotAnswered, unknown
from kit.ui.registry import register
from kit.ui.text import esc, inline


@register("likert")
class LikertBody(Body):
    exercise: Likert

    def build(self) -> Widget:
        scale = self.exercise.scale or [self._(label) for label in DEFAULT_SCALE]
        self.scale = scale
        self.ratings: list[tuple[str, RadioButtons]] = []
        rows: list[Widget] = [HTML(f'<em style="color:#3d4852">{esc(self._("Rate each statement:"))}</em>')]
        for statement in self.exercise.statements:
            buttons = RadioButtons(options=[(label, value) for value, label in enumerate(scale, start=1)],
                                   value=None, orientation="horizontal", description=inline(statement.text),
                                   description_allow_html=True,
                                   layout=Layout(width="100%", border_bottom="1px solid #e3e8ed",
                                                 padding="0 0 0.3em 0"))
            buttons.add_class("kit-field")
            buttons.add_class("kit-likert")
            self.ratings.append((statement.id, buttons))
            rows.append(buttons)
        return VBox(rows)

    def controls(self) -> list[Any]:
        return [buttons for _, buttons in self.ratings]

    def answer(self) -> Any:
        rated = {statement: buttons.value for statement, buttons in self.ratings if buttons.value is not None}
        if not rated:
            raise NotAnswered(self._("Rate at least one statement first."))
        return rated

    def show(self, answer: Any) -> None:
        ids = [statement for statement, _ in self.ratings]
        if not isinstance(answer, dict):
            raise ValueError(f"a Likert answer maps statement ids to numbers (got {answer!r})")
        for statement, value in answer.items():
            if statement not in ids:
                raise unknown(statement, "a statement", ids)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(self.scale):
                raise ValueError(f"the rating of {statement!r} must be a whole number from 1 to {len(self.scale)}")
        for statement, buttons in self.ratings:
            buttons.value = answer.get(statement)
