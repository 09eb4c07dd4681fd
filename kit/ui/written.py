"""Written answers scored by a person: free text with a live word count, and the case-discussion form.

``min_words`` only guides: the count turns green when it is reached, and a shorter answer can
still be submitted. The rubric never leaves the kernel; after saving, the participant learns that
the trainer will score the answer.
"""

from __future__ import annotations

from typing import Any

from ipywidgets import HTML, HBox, Layout, Textarea, VBox, Widget

from kit.i18n import DIMENSION_PROMPTS, Translator
from kit.models import CaseDiscussion, FreeText
from kit.ui.body import Body, NotAnswered, unknown
from kit.ui.registry import register
from kit.ui.text import esc, words


def _count_html(count: int, minimum: int | None, _: Translator) -> str:
    if minimum:
        text = _("Words: {count} (at least {minimum})").format(count=_.number(count), minimum=_.number(minimum))
        colour = "#2f7d46" if count >= minimum else "#8a5a00"
    else:
        text = _("Words: {count}").format(count=_.number(count))
        colour = "#55606b"
    return f'<small style="color:{colour}">{esc(text)}</small>'


def labelled_field(label_html: str, rows: int) -> Textarea:
    """A text area whose <label> (``description``, linked by ipywidgets) stands above it and wraps."""
    field = Textarea(value="", rows=rows, continuous_update=True, description=label_html,
                     description_allow_html=True, layout=Layout(width="100%"))
    field.add_class("kit-field")
    return field


@register("free-text")
class FreeTextBody(Body):
    exercise: FreeText

    def build(self) -> Widget:
        # the instruction is the field's <label> (its accessible name)
        self.text = labelled_field(esc(self._("Write your answer.")), rows=8)
        self.count = HTML(_count_html(0, self.exercise.min_words, self._))
        self.text.observe(self._recount, names="value")
        return VBox([self.text, self.count])

    def _recount(self, change: Any = None) -> None:
        self.count.value = _count_html(words(self.text.value), self.exercise.min_words, self._)

    def controls(self) -> list[Any]:
        return [self.text]

    def answer(self) -> Any:
        if not self.text.value.strip():
            raise NotAnswered(self._("Write your answer first."))
        return self.text.value

    def show(self, answer: Any) -> None:
        if not isinstance(answer, str):
            raise ValueError(f"a free-text answer is a text (got {answer!r})")
        self.text.value = answer


@register("case-discussion")
class CaseDiscussionBody(Body):
    """One field per dimension, with the case beside the form so that it stays in view."""

    exercise: CaseDiscussion
    shows_case = True

    def build(self) -> Widget:
        from kit.ui.exercise import case_html

        if self.exercise.dimensions is not None:
            prompts = [(dimension.id, dimension.prompt) for dimension in self.exercise.dimensions]
        else:  # the method's default dimensions, their prompts in the notebook's language
            prompts = [(dimension_id, self._(DIMENSION_PROMPTS.get(dimension_id, dimension_id)))
                       for dimension_id in self.exercise.dimension_ids]
        self.fields: list[tuple[str, Textarea]] = []
        form = [HTML(f'<em style="color:#3d4852">{esc(self._("Reflect on each dimension:"))}</em>')]
        for number, (dimension_id, prompt) in enumerate(prompts, start=1):
            field = labelled_field(f"<strong>{number}. {esc(prompt)}</strong>", rows=3)
            field.observe(self._recount, names="value")
            self.fields.append((dimension_id, field))
            form.append(field)
        self.count = HTML(_count_html(0, self.exercise.min_words, self._))
        form.append(self.count)
        form_box = VBox(form, layout=Layout(flex="3 1 22em", min_width="18em"))
        if not self.exercise.case:
            return form_box
        case = HTML(case_html(self.exercise.case, self._),
                    layout=Layout(flex="2 1 16em", min_width="14em", margin="0 1em 0.5em 0"))
        # side by side on a wide screen, one above the other on a narrow one
        return HBox([case, form_box], layout=Layout(flex_flow="row wrap", align_items="flex-start"))

    def _recount(self, change: Any = None) -> None:
        total = sum(words(field.value) for _, field in self.fields)
        self.count.value = _count_html(total, self.exercise.min_words, self._)

    def controls(self) -> list[Any]:
        return [field for _, field in self.fields]

    def answer(self) -> Any:
        written = {dimension_id: field.value for dimension_id, field in self.fields if field.value.strip()}
        if not written:
            raise NotAnswered(self._("Write about at least one dimension first."))
        return written

    def show(self, answer: Any) -> None:
        ids = [dimension_id for dimension_id, _ in self.fields]
        if not isinstance(answer, dict):
            raise ValueError(f"a case-discussion answer maps dimension ids to text (got {answer!r})")
        for dimension_id, text in answer.items():
            if dimension_id not in ids:
                raise unknown(dimension_id, "a dimension", ids)
            if not isinstance(text, str):
                raise ValueError(f"the answer for {dimension_id!r} must be a text")
        for dimension_id, field in self.fields:
            field.value = answer.get(dimension_id, "")

