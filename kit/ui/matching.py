"""Matching: one dropdown per left side, offering every right side (sorted, so no order gives it away)."""

from __future__ import annotations

from typing import Any

from ipywidgets import HTML, Dropdown, Layout, VBox, Widget

from kit.models import Matching
from kit.ui.body import Body, NotAnswered, unknown
from kit.ui.registry import register
from kit.ui.text import esc, inline

NOTHING = ""  # the value of the "— choose —" entry


@register("matching")
class MatchingBody(Body):
    exercise: Matching

    def build(self) -> Widget:
        rights = sorted(self.exercise.pairs, key=lambda pair: (pair.right.casefold(), pair.id))
        choices = [(self._("— choose —"), NOTHING)] + [(pair.right, pair.id) for pair in rights]
        self.dropdowns: list[tuple[str, Dropdown]] = []
        for pair in self.exercise.pairs:
            # the left side is the dropdown's own <label>, so the <select> is named by it
            dropdown = Dropdown(options=choices, value=NOTHING, description=inline(pair.left),
                                description_allow_html=True,
                                layout=Layout(width="100%", border_bottom="1px solid #e3e8ed"))
            dropdown.add_class("kit-pair")
            self.dropdowns.append((pair.id, dropdown))
        instruction = self._("Match each item on the left with one on the right.")
        return VBox([HTML(f'<em style="color:#3d4852">{esc(instruction)}</em>'),
                     *(dropdown for _, dropdown in self.dropdowns)])

    def controls(self) -> list[Any]:
        return [dropdown for _, dropdown in self.dropdowns]

    def answer(self) -> Any:
        chosen = {left: dropdown.value for left, dropdown in self.dropdowns if dropdown.value != NOTHING}
        if not chosen:
            raise NotAnswered(self._("Choose a match for at least one item first."))
        return chosen

    def show(self, answer: Any) -> None:
        ids = [left for left, _ in self.dropdowns]
        if not isinstance(answer, dict):
            raise ValueError(f"a matching answer maps pair ids to pair ids (got {answer!r})")
        for left, right in answer.items():
            if left not in ids:
                raise unknown(left, "a pair", ids)
            if right not in ids:
                raise unknown(right, "a pair", ids)
        for left, dropdown in self.dropdowns:
            dropdown.value = answer.get(left, NOTHING)
