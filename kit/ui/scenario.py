"""Scenarios as a conversation: one node at a time, the speaker, the choices; the path so far above.

After each choice the conversation shows what was said and the feedback of that choice (the
choice is taken and cannot be undone). At an ending the path is saved on its own, and then the
outcome and the points per competency appear. Scores and the feedback of choices not taken
never leave the kernel.

Each choice is one button that says the choice (its accessible name too), wrapping when long.
"""

from __future__ import annotations

from typing import Any

from ipywidgets import HTML, Button, Layout, VBox, Widget

from kit.models import Node, Scenario
from kit.scoring import Result
from kit.ui.body import Body, NotAnswered
from kit.ui.registry import register
from kit.ui.text import esc, md, plain

BUBBLE = "border-radius:8px;padding:0.3em 0.8em;margin:0.25em 0;max-width:85%"


def _said(node: Node) -> str:
    speaker = f'<div style="font-weight:600;color:#3b6e8f">{esc(node.speaker)}</div>' if node.speaker else ""
    return f'<div class="kit-node" style="{BUBBLE};background:#f1f4f7">{speaker}{md(node.text)}</div>'


@register("scenario")
class ScenarioBody(Body):
    exercise: Scenario
    submits_itself = True

    def build(self) -> Widget:
        self.transcript = VBox()
        self.current = HTML()
        self.choices = VBox()
        self.restart()
        return VBox([self.transcript, self.current, self.choices])

    # -- the conversation ----------------------------------------------------------------------

    def restart(self) -> None:
        self.path: list[str] = []
        self.node = self.exercise.node_by_id[self.exercise.start]
        self.transcript.children = []
        self._draw_node()

    def choose(self, position: int, complete: bool = True) -> None:
        """Take the choice at ``position`` of the current node; at an ending, ask for saving."""
        choice = (self.node.choices or [])[position]
        said = f'<div style="{BUBBLE};background:#e6eef5;margin-left:auto"><div style="font-weight:600">' \
               f'{esc(self._("You"))}</div>{md(choice.text)}</div>'
        # the feedback of the choice just taken, never of the others
        note = (f'<div class="kit-response-note" style="color:#4a4f55;font-size:0.92em;border-left:3px solid '
                f'#d0d7de;padding-left:0.5em;margin:0.2em 0 0.4em 2em">{md(choice.feedback)}</div>'
                if choice.feedback else "")
        self.transcript.children = [*self.transcript.children, HTML(_said(self.node)), HTML(said + note)]
        self.path.append(choice.id or "")
        self.node = self.exercise.node_by_id[choice.goto]
        self._draw_node()
        if self.node.is_ending and complete and self.on_complete is not None:
            self.on_complete()

    def _draw_node(self) -> None:
        self.current.value = _said(self.node)
        buttons = []
        for position, choice in enumerate(self.node.choices or []):
            button = Button(description=plain(choice.text), icon="comment",
                            layout=Layout(width="auto", max_width="100%", height="auto"))
            button.add_class("kit-choice")
            button.on_click(lambda _b, p=position: self.choose(p))
            buttons.append(button)
        self.choices.children = buttons

    # -- the answer ----------------------------------------------------------------------------

    def controls(self) -> list[Any]:
        return list(self.choices.children)

    def answer(self) -> Any:
        if not self.node.is_ending:
            raise NotAnswered(self._("Go on with the conversation until it ends."))
        return list(self.path)

    def show(self, answer: Any) -> None:
        if not isinstance(answer, list):
            raise ValueError(f"a scenario answer is the list of choice ids taken (got {answer!r})")
        self.restart()
        for step, choice_id in enumerate(answer, start=1):
            ids = [choice.id for choice in self.node.choices or []]
            if choice_id not in ids:
                raise ValueError(f"step {step}: {choice_id!r} is not a choice at this point; "
                                 f"expected one of: {', '.join(map(str, ids)) or 'none (the path has ended)'}")
            self.choose(ids.index(choice_id), complete=False)

    def details(self, result: Result, answer: Any) -> list[str]:
        if result.status != "scored":
            return []
        _ = self._
        rows = "".join(f"<tr><td>{esc(name)}</td><td style='text-align:right'>{value:+d}</td></tr>"
                       for name, value in sorted(result.competencies.items()))
        table = (f'<table style="margin:0.3em 0"><tbody>{rows}</tbody></table>' if rows else "")
        outcome = f"<p><strong>{esc(_('Outcome'))}:</strong> {esc(result.outcome or '')}</p>"
        total = sum(result.competencies.values())
        competencies = (f"<p><strong>{esc(_('Competencies'))}</strong> "
                        f"({esc(_('total'))} {esc(_.number(total))})</p>{table}")
        return [outcome + competencies]
