"""Static views of an exercise (HTML and plain text) for the book, nbval and the facilitator edition.

The participant view holds no secret (DESIGN §8); the facilitator view adds the key, the feedback,
the rubric and the facilitator block. All HTML comes from templates with autoescaping on.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from kit.i18n import default_scale, dimension_prompt, format_number, translator
from kit.models import CaseDiscussion, Exercise, Likert, MultipleChoice, Scenario, SingleChoice

Edition = Literal["participant", "facilitator"]


@cache
def environment() -> Any:
    """The one template environment of the package (autoescape on for HTML)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kit", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["markdown"] = markdown
    env.filters["number"] = jinja2.pass_context(_number)
    return env


@cache
def _markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    # html=False: raw HTML in author or participant text is escaped, never passed through
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown(text: str | None) -> Any:
    """Markdown → safe HTML (raw HTML in the text is escaped)."""
    from markupsafe import Markup

    return Markup(_markdown_parser().render(text or ""))


def _number(context: Any, value: float | None) -> str:
    """``{{ x|number }}``: in the template's ``language`` ("1,5" in Hungarian and Czech)."""
    return format_number(value, context.get("language", "en"))


def view_model(exercise: Exercise, language: str, edition: Edition) -> dict[str, Any]:
    """Everything the templates need, with secrets only in the facilitator edition."""
    context: dict[str, Any] = {
        "exercise": exercise,
        "language": language,
        "facilitator": edition == "facilitator",
        "_": translator(language),
    }
    if isinstance(exercise, (SingleChoice, MultipleChoice)):
        weights = exercise.weights()
        context["weights"] = weights
        context["correct"] = {
            option.id
            for option in exercise.options
            if (exercise.is_correct(option) if isinstance(exercise, MultipleChoice) else option.correct)
        }
    if isinstance(exercise, Likert):
        context["scale"] = exercise.scale or default_scale(language)
    if isinstance(exercise, CaseDiscussion):
        context["dimensions"] = [
            (dimension.id, dimension.prompt) for dimension in exercise.dimensions
        ] if exercise.dimensions else [
            (dimension_id, dimension_prompt(dimension_id, language)) for dimension_id in exercise.dimension_ids
        ]
    if isinstance(exercise, Scenario):
        context["opening"] = exercise.node_by_id[exercise.start]
        if edition == "facilitator":
            best = exercise.best_path()
            context["best_path"] = best
            totals: dict[str, int] = {}
            for choice in best:
                for competency, value in choice.score.items():
                    totals[competency] = totals.get(competency, 0) + value
            context["best_totals"] = totals
    if edition == "participant":
        context["shuffled_pairs"] = sorted(getattr(exercise, "pairs", []), key=lambda pair: pair.right)
        context["shuffled_items"] = sorted(getattr(exercise, "items", []), key=lambda item: item.text)
    else:
        context["shuffled_pairs"] = getattr(exercise, "pairs", [])
        context["shuffled_items"] = getattr(exercise, "items", [])
    return context


def exercise_html(exercise: Exercise, language: str = "en", edition: Edition = "participant") -> str:
    template = environment().get_template("exercise.html.j2")
    return template.render(**view_model(exercise, language, edition))


def exercise_text(exercise: Exercise, language: str = "en", edition: Edition = "participant") -> str:
    template = environment().get_template("exercise.txt.j2")
    return template.render(**view_model(exercise, language, edition)).strip() + "\n"


class StaticExercise:
    """A rich object: shows an exercise as HTML in notebooks and static builds, as text elsewhere."""

    def __init__(self, exercise: Exercise, language: str = "en", edition: Edition = "participant"):
        self.exercise = exercise
        self.language = language
        self.edition = edition

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {
            "text/plain": exercise_text(self.exercise, self.language, self.edition),
            "text/html": exercise_html(self.exercise, self.language, self.edition),
        }
