"""Single and multiple choice: radio buttons or tick boxes with the option texts, nothing else.

The option ids stay in the kernel (ipywidgets sends labels and an index, never the values), and
the feedback of the options chosen is shown only after saving.
"""

from __future__ import annotations

from typing import Any

from ipywidgets import HTML, Checkbox, Layout, RadioButtons, VBox, Widget

from kit.models import MultipleChoice, SingleChoice
from kit.scoring import Result
from kit.ui.body import Body, NotAnswered, unknown
from kit.ui.feedback import feedback_block
from kit.ui.registry import register
from kit.ui.text import esc, md, plain

# ipywidgets gives each radio label one line's height: long options would overlap the next one
RADIO_STYLE = (
    "<style>.kit-radio, .kit-radio .widget-radio-box{height:auto!important}"
    ".kit-radio .widget-radio-box label{white-space:normal!important;height:auto!important;"
    "line-height:1.35!important;margin:0.15em 0 0.45em;padding-left:0!important;display:flex!important;"
    "align-items:flex-start;gap:0.5em}"
    ".kit-radio .widget-radio-box input{order:-1;flex:none;margin:0.2em 0 0 0!important;position:static!important}"
    "</style>"
)


def _instruction(text: str) -> HTML:
    return HTML(f'<em style="color:#3d4852">{esc(text)}</em>')


@register("single-choice")
class SingleChoiceBody(Body):
    exercise: SingleChoice

    def build(self) -> Widget:
        self.options = RadioButtons(
            options=[(option.text, option.id) for option in self.exercise.options],
            value=None,
            # the instruction is the group's label, above the options
            description=self._("Choose one answer."),
            layout=Layout(width="auto"),
        )
        self.options.add_class("kit-radio")
        self.options.add_class("kit-field")
        return VBox([HTML(RADIO_STYLE), self.options])

    def controls(self) -> list[Any]:
        return [self.options]

    def answer(self) -> Any:
        if self.options.value is None:
            raise NotAnswered(self._("Choose an answer first."))
        return self.options.value

    def show(self, answer: Any) -> None:
        ids = [option.id for option in self.exercise.options]
        if answer not in ids:
            raise unknown(answer, "an option", ids)
        self.options.value = answer

    def details(self, result: Result, answer: Any) -> list[str]:
        option = self.exercise.option(answer)
        if option is None or not option.feedback:
            return []
        return [feedback_block(f"<strong>{esc(option.text)}</strong>", md(option.feedback))]


@register("multiple-choice")
class MultipleChoiceBody(Body):
    exercise: MultipleChoice

    def build(self) -> Widget:
        self.boxes: list[tuple[str, Checkbox]] = []
        for option in self.exercise.options:
            # the option text is the box's own <label>: its accessible name, and clicking it ticks the box
            box = Checkbox(value=False, indent=False, description=plain(option.text), layout=Layout(width="auto"))
            box.add_class("kit-check")
            self.boxes.append((option.id or "", box))
        return VBox([_instruction(self._("Choose all that apply.")), *(box for _, box in self.boxes)])

    def controls(self) -> list[Any]:
        return [box for _, box in self.boxes]

    def answer(self) -> Any:
        chosen = [option_id for option_id, box in self.boxes if box.value]
        if not chosen:
            raise NotAnswered(self._("Tick at least one answer first."))
        return chosen

    def show(self, answer: Any) -> None:
        ids = [option_id for option_id, _ in self.boxes]
        if not isinstance(answer, list):
            raise ValueError(f"a multiple-choice answer is a list of option ids (got {answer!r})")
        for option_id in answer:
            if option_id not in ids:
                raise unknown(option_id, "an option", ids)
        for option_id, box in self.boxes:
            box.value = option_id in answer

    def details(self, result: Result, answer: Any) -> list[str]:
        notes = []
        for option_id in answer:
            option = self.exercise.option(option_id)
            if option is not None and option.feedback:
                notes.append(feedback_block(f"<strong>{esc(option.text)}</strong>", md(option.feedback)))
        return notes
