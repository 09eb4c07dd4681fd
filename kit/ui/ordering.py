"""Ordering: the items in a shuffled order, each with Move up and Move down buttons.

The items are written in the correct order, so the widget never starts in that order: it starts
from a shuffle fixed by the exercise id (the same every time the cell runs) that differs from it.

The rows and their buttons are made once; a move rewrites their texts and names, so the button
pressed stays in the page and keyboard focus follows the moved item (it is sent to the button of
the same direction in the item's new row).
"""

from __future__ import annotations

import random
from typing import Any

from ipywidgets import HTML, Button, HBox, Layout, VBox, Widget

from kit.models import Ordering
from kit.ui.body import Body
from kit.ui.registry import register
from kit.ui.text import esc, md, plain


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
        self.buttons: list[tuple[Button, Button]] = []
        self.labels: list[HTML] = []
        rows = []
        for position in range(len(self.order)):
            up = Button(icon="arrow-up", layout=Layout(width="2.6em"))
            down = Button(icon="arrow-down", layout=Layout(width="2.6em"))
            up.add_class("kit-move")
            down.add_class("kit-move")
            up.on_click(lambda _b, p=position: self.move(p, -1))
            down.on_click(lambda _b, p=position: self.move(p, +1))
            label = HTML(layout=Layout(flex="1 1 auto"))
            self.buttons.append((up, down))
            self.labels.append(label)
            rows.append(HBox([up, down, label], layout=Layout(align_items="center",
                                                              border_bottom="1px solid #e3e8ed")))
        self.rows = VBox(rows)
        self._draw()
        return VBox([HTML(f'<em style="color:#3d4852">{esc(self._("Put these in order."))}</em>'), self.rows])

    def move(self, position: int, step: int) -> None:
        """Move the item at ``position`` one place up (step -1) or down (+1)."""
        target = position + step
        if self.locked or not 0 <= target < len(self.order):
            return
        self.order[position], self.order[target] = self.order[target], self.order[position]
        self._draw()
        up, down = self.buttons[target]
        # at the top or the bottom the same direction is disabled: focus the other button of the row
        same, other = (up, down) if step < 0 else (down, up)
        (other if same.disabled else same).focus()

    def _draw(self) -> None:
        last = len(self.order) - 1
        for position, item_id in enumerate(self.order):
            up, down = self.buttons[position]
            item = plain(self.text[item_id])
            # icon buttons: the title is their accessible name, and it names the item they move
            up.tooltip = self._("Move up: {item}").format(item=item)
            down.tooltip = self._("Move down: {item}").format(item=item)
            up.disabled = self.locked or position == 0
            down.disabled = self.locked or position == last
            self.labels[position].value = (f'<div style="display:flex;gap:0.5em"><strong>{position + 1}.</strong>'
                                           f"{md(self.text[item_id])}</div>")

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
