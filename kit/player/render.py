"""One exercise as player markup: the view model of each type and the page data of each mode.

``workshop`` pages carry only what the participant sees (the server scores); ``self-study`` pages
also carry the key, feedback and rubric (never the ``facilitator`` block) so that player.js can score
in the page. An exercise marked ``self_study: false`` shows read-only there, as in the handout.
"""

from __future__ import annotations

import random
from typing import Any, Literal

from kit.i18n import default_scale, dimension_prompt, translator
from kit.models import CaseDiscussion, Exercise, Likert, Matching, Ordering, Scenario
from kit.player.labels import labels

Mode = Literal["workshop", "self-study"]
MODES = ("workshop", "self-study")


def render_exercise(exercise: Exercise, *, language: str, mode: Mode) -> str:
    """The exercise's player fragment, or a message in ``language`` when the player cannot show it."""
    import jinja2

    from kit.render import environment, exercise_html

    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
    if mode == "self-study" and not exercise.self_study:
        return exercise_html(exercise, language, "participant")
    try:
        template = environment().get_template(f"player/{exercise.type}.html.j2")
    except jinja2.TemplateNotFound:
        return unavailable(exercise.id, language, f"the player has no view of type '{exercise.type}'")
    del template  # the type exists; exercise.html.j2 includes it
    context = view_model(exercise, language, mode)
    return environment().get_template("player/exercise.html.j2").render(**context)


def unavailable(exercise_id: str, language: str, detail: str = "") -> str:
    from kit.render import environment

    return environment().get_template("player/unavailable.html.j2").render(
        exercise_id=exercise_id, language=language, detail=detail, broken=labels(language)["broken"]
    )


def view_model(exercise: Exercise, language: str, mode: Mode) -> dict[str, Any]:
    """What the templates need; only the data block differs between the modes."""
    _ = translator(language)
    words = getattr(exercise, "min_words", None)
    context: dict[str, Any] = {
        "exercise": exercise,
        "language": language,
        "mode": mode,
        "_": _,
        "labels": labels(language),
        "words_hint": _("Suggested length: at least {count} words.").format(count=words) if words else "",
        "data": script_json(page_data(exercise, language, mode)),
    }
    if isinstance(exercise, Ordering):
        context["items"] = shuffled(exercise.items, exercise.id, [item.id for item in exercise.items])
    if isinstance(exercise, Matching):
        context["rights"] = shuffled(exercise.pairs, exercise.id, [pair.id for pair in exercise.pairs])
    if isinstance(exercise, Likert):
        context["scale"] = exercise.scale or default_scale(language)
    if isinstance(exercise, CaseDiscussion):
        context["dimensions"] = dimensions(exercise, language)
    if isinstance(exercise, Scenario):
        context["opening"] = exercise.node_by_id[exercise.start]
    return context


def script_json(data: Any) -> Any:
    """JSON for a ``<script type="application/json">`` block: readable letters (so that the leak check
    reads what a person would), and no ``<``, ``>`` or ``&`` that could end the block."""
    import json

    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def shuffled(things: list[Any], seed: str, key: list[str]) -> list[Any]:
    """A fixed shuffle (the same on every build) that never shows the key's own order."""
    order = list(things)
    random.Random(seed).shuffle(order)
    if [thing.id for thing in order] == key:
        order = order[1:] + order[:1]
    return order


def dimensions(exercise: CaseDiscussion, language: str) -> list[tuple[str, str]]:
    if exercise.dimensions:
        return [(dimension.id, dimension.prompt) for dimension in exercise.dimensions]
    return [(dimension_id, dimension_prompt(dimension_id, language)) for dimension_id in exercise.dimension_ids]


def page_data(exercise: Exercise, language: str, mode: Mode) -> dict[str, Any]:
    """The JSON block player.js reads. The key (``spec``) only in self-study mode."""
    data: dict[str, Any] = {
        "id": exercise.id,
        "type": exercise.type,
        "language": language,
        "max_score": exercise.max_score,
        "labels": labels(language),
    }
    if isinstance(exercise, Likert):
        data["scale_length"] = exercise.scale_length
    if isinstance(exercise, CaseDiscussion):
        data["dimensions"] = [dimension_id for dimension_id, _ in dimensions(exercise, language)]
    if mode == "self-study":
        data["spec"] = exercise.model_dump(mode="json", exclude={"facilitator"})
    return data


class PlayerExercise:
    """A rich object for the self-study build: the player's HTML, and the handout's text elsewhere."""

    def __init__(self, exercise: Exercise, language: str = "en"):
        self.exercise = exercise
        self.language = language

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from kit.render import exercise_text

        return {
            "text/plain": exercise_text(self.exercise, self.language, "participant"),
            "text/html": render_exercise(self.exercise, language=self.language, mode="self-study"),
        }
