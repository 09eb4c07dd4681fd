"""Ordering: the items in a shuffled order, each with Move up and Move down buttons.

The items are written in the correct order, so the widget never starts in that order: it starts
from a shuffle fixed by the exercise id (the same every time the cell runs) that differs from it.
"""

from __future__ import annotations

import random
from typing import Any

from ipywidgets import HTML, Button, HBox, Layout, VBox, Widget

from kit.models import Ordering
from kit.ui.body import Body
from kit.ui.registry import register
from kit.ui.text import esc, md


def starting_order(exercise: Ordering) -> list[str]:
    """A fixed shuffle of the item ids that is never the key (for two items: reversed)."""
    key = exercise.key
    order = list(key)
    random.Random(exercise.id).shuffle(order)
    if order == key:
        order = order[1:] + order[:1]
    return order


@register("ordering")
class OrderingBody(Body):
    exercise: Ordering

    def build(self) -> Widget:
        self.text = {item.id: item.text for item in self.exercise.items}
        self.order = starting_order(self.exercise)
        self.locked = False
        self.rows = VBox()
        self._draw()
        return VBox([HTML(f'<em style="color:#3d4852">{esc(self._("Put these in order."))}</em>'), self.rows])

    def move(self, position: int, step: int) -> None:
        """Move the item at ``position`` one place up (step -1) or down (+1)."""
        target = position + step
        if self.locked or not 0 <= target < len(self.order):
            return
        self.order[position], self.order[target] = self.order[target], self.order[position]
        self._draw()

    def _draw(self) -> None:
        rows = []
        last = len(self.order) - 1
        for position, item_id in enumerate(self.order):
            up = Button(icon="arrow-up", tooltip=self._("Move up"), layout=Layout(width="2.6em"),
                        disabled=self.locked or position == 0)
            down = Button(icon="arrow-down", tooltip=self._("Move down"), layout=Layout(width="2.6em"),
                          disabled=self.locked or position == last)
            up.on_click(lambda _b, p=position: self.move(p, -1))
            down.on_click(lambda _b, p=position: self.move(p, +1))
            label = HTML(f'<div style="display:flex;gap:0.5em"><strong>{position + 1}.</strong>'
                         f"{md(self.text[item_id])}</div>", layout=Layout(flex="1 1 auto"))
            rows.append(HBox([up, down, label], layout=Layout(align_items="center",
                                                              border_bottom="1px solid #e3e8ed")))
        self.rows.children = rows

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self._draw()

    def answer(self) -> Any:
        return list(self.order)

    def show(self, answer: Any) -> None:
        if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(self.text):
            raise ValueError("an ordering answer names every item id exactly once: " + ", ".join(sorted(self.text)))
        self.order = list(answer)
        self._draw()
