"""Moodle XML questions → exercises (DESIGN §11); what kit cannot carry is reported and kept verbatim.

``multichoice`` (single or not), ``truefalse``, ``matching``, ``ordering`` and ``essay`` become
exercises; ``description`` a Markdown cell; ``category`` a heading. Settings kit has no use for
(``shuffleanswers``, ``answernumbering``, ``penalty``, layout, response lines …) go to the cell's
``metadata.kit.moodle``, from where ``kit export`` writes them back; they are not reported.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from kit.errors import ExerciseInvalid
from kit.i18n import translator
from kit.interchange import patch
from kit.interchange.cells import Cell, exercise_source
from kit.interchange.gift_import import (
    ESSAY_CRITERION,
    FALSE_LABEL,
    TRUE_LABEL,
    NotCarried,
    category_heading,
    default_title,
    exercise_with_id,
)
from kit.interchange.html_text import html_to_markdown
from kit.interchange.moodle_parse import Question, child_text, read_moodle_xml, text_format
from kit.interchange.report import Note
from kit.interchange.slug import Slugger
from kit.models import Exercise, parse_exercise

_MARKDOWN_SPECIAL = "\\`*_[]<>#|~"
# elements that kit reads; every other child of a question is a setting carried in metadata.kit.moodle
_READ = {"name", "questiontext", "generalfeedback", "defaultgrade", "answer", "subquestion", "single",
         "graderinfo", "tags"}
_NOT_CARRIED = {
    "shortanswer": "a short-answer question (Moodle compares the typed words with its list)",
    "numerical": "a numerical question (Moodle compares a typed number with its range)",
    "calculated": "a calculated question (Moodle computes its answer from a formula)",
    "calculatedsimple": "a calculated question (Moodle computes its answer from a formula)",
    "calculatedmulti": "a calculated question (Moodle computes its answer from a formula)",
    "cloze": "an embedded-answers (cloze) question",
    "multianswer": "an embedded-answers (cloze) question",
    "ddwtos": "a drag-and-drop question",
    "gapselect": "a select-missing-words question",
    "randomsamatch": "a random short-answer matching question",
}


def import_moodle_xml(data: bytes, path: str, language: str = "en") -> tuple[list[Cell], list[Note]]:
    """The cells of a notebook holding the file's questions, and what had to be reported."""
    cells: list[Cell] = []
    notes: list[Note] = []
    ids = Slugger()
    for question in read_moodle_xml(data):
        if question.kit_problem:
            notes.append(Note(path, question.line, question.kit_problem))
        if question.kind == "category":
            name = child_text(question.element, "category") or ""
            cells.append(Cell("markdown", f"## {category_heading(name)}", {"moodle-category": name}))
        elif question.kind == "description":
            text = _text(question.element, "questiontext")
            cells.append(Cell("markdown", text, {"moodle-description": child_text(question.element, "name") or ""}))
        else:
            try:
                exercise = question_exercise(question, language, ids)
            except NotCarried as error:
                notes.append(Note(path, question.line, f"{error}; kept verbatim in a raw cell"))
                cells.append(Cell("raw", question.raw, {"format": "moodle-xml", "line": question.line}))
            else:
                cells.append(Cell("exercise", exercise_source(exercise), {"moodle": settings(question.element)}))
    return cells, notes


def settings(element: ET.Element) -> dict[str, str]:
    """The question's settings that kit has no use for, tag → text, to write back on export."""
    found = {}
    for child in element:
        if child.tag is ET.Comment or child.tag in _READ:
            continue
        inner = child.find("text")
        found[str(child.tag)] = ((inner.text if inner is not None else child.text) or "").strip()
    return found


def question_exercise(question: Question, language: str, ids: Slugger, use_kit: bool = True) -> Exercise:
    data = question_data(question.element, question.kind, language)
    if use_kit and question.kit is not None:
        data = patch.apply(data, question.kit)
    return exercise_with_id(data, ids, lambda _, error: f"this question cannot become a valid exercise ({error})")


def question_data(element: ET.Element, kind: str, language: str) -> dict[str, Any]:
    """What the question's XML alone says, as exercise data (normalised by the model when valid)."""
    if kind not in _BUILDERS:
        why = _NOT_CARRIED.get(kind, f"a question of type '{kind}'")
        raise NotCarried(f"{why} has no kit exercise type")
    prompt = _text(element, "questiontext")
    title = (child_text(element, "name") or "").strip()
    data: dict[str, Any] = {"id": None, "type": "", "title": title or default_title(prompt), "prompt": prompt}
    data.update(_BUILDERS[kind](element, translator(language)))
    grade = _number(child_text(element, "defaultgrade"))
    if kind != "essay" and grade is not None and grade != 1:
        data["points"] = grade
    notes = _text(element, "generalfeedback")
    if notes:
        data["facilitator"] = {"notes": notes}
    try:
        return parse_exercise({**data, "id": "imported"}).model_dump(mode="json") | {"id": None}
    except ExerciseInvalid:
        return data  # the kit comment may still make it valid; question_exercise() reports if not


def _text(element: ET.Element, path: str) -> str:
    """A text element as Markdown, by its ``format``."""
    body = (child_text(element, path) or "").strip()
    kind = text_format(element, path)
    if kind == "markdown":
        return body
    if kind == "plain_text":
        return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in body)
    if kind == "moodle_auto_format":
        return html_to_markdown(body.replace("\n", "<br>"))
    return html_to_markdown(body)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None and text.strip() else None
    except ValueError:
        return None


def _answers(element: ET.Element) -> list[tuple[float, str, str | None]]:
    """(fraction, text, feedback) of each ``<answer>``."""
    found = []
    for answer in element.findall("answer"):
        fraction = _number(answer.get("fraction")) or 0.0
        text = _text(answer, ".")
        feedback = _text(answer, "feedback") if answer.find("feedback") is not None else ""
        found.append((fraction, text, feedback or None))
    return found


def _choice(element: ET.Element, tr: Callable[[str], str]) -> dict[str, Any]:
    answers = _answers(element)
    single = (child_text(element, "single") or "true").strip().lower() in ("true", "1")
    if not single:
        if not any(fraction > 0 for fraction, _, _ in answers):
            raise NotCarried("a multiple-answer question without a right answer (no positive fraction)")
        options = [_option(text, feedback, weight=fraction) for fraction, text, feedback in answers]
        return {"type": "multiple-choice", "options": options}
    right = [answer for answer in answers if answer[0] == 100]
    if len(right) != 1:
        raise NotCarried(f"a one-answer question with {len(right)} answers worth 100%; a single-choice exercise "
                         "has exactly one")
    options = []
    for fraction, text, feedback in answers:
        if fraction == 100:
            options.append(_option(text, feedback, correct=True))
        elif not 0 <= fraction <= 99:
            raise NotCarried(f"a wrong answer is worth {fraction:g}%; in a one-answer question a wrong answer may "
                             "carry 0 to 99% of the points")
        else:
            options.append(_option(text, feedback, weight=fraction or None))
    return {"type": "single-choice", "options": options}


def _option(text: str, feedback: str | None, **keys: Any) -> dict[str, Any]:
    option = {"text": text, **keys, "feedback": feedback}
    return {key: value for key, value in option.items() if value is not None}


def _true_false(element: ET.Element, tr: Callable[[str], str]) -> dict[str, Any]:
    options = []
    for fraction, text, feedback in _answers(element):
        label = TRUE_LABEL if text.strip().lower() == "true" else FALSE_LABEL
        options.append(_option(tr(label), feedback, correct=True if fraction == 100 else None))
    options.sort(key=lambda option: option["text"] != tr(TRUE_LABEL))
    return {"type": "single-choice", "options": options}


def _matching(element: ET.Element, tr: Callable[[str], str]) -> dict[str, Any]:
    pairs = []
    for number, sub in enumerate(element.findall("subquestion"), start=1):
        left = _text(sub, ".")
        right = (child_text(sub, "answer") or "").strip()
        if not left:
            raise NotCarried(f"'{right}' is an extra right side without a left side; kit's matching exercises "
                             "have none")
        pairs.append({"id": f"p{number}", "left": left, "right": right})
    return {"type": "matching", "pairs": pairs}


def _ordering(element: ET.Element, tr: Callable[[str], str]) -> dict[str, Any]:
    items = [{"id": f"i{number}", "text": text} for number, (_, text, _) in enumerate(_answers(element), start=1)]
    return {"type": "ordering", "items": items}


def _essay(element: ET.Element, tr: Callable[[str], str]) -> dict[str, Any]:
    grade = _number(child_text(element, "defaultgrade"))
    criterion = _text(element, "graderinfo") if element.find("graderinfo") is not None else ""
    return {"type": "free-text", "rubric": [{"id": "overall", "criterion": criterion or tr(ESSAY_CRITERION),
                                             "points": grade if grade and grade > 0 else 1}]}


_BUILDERS: dict[str, Callable[[ET.Element, Callable[[str], str]], dict[str, Any]]] = {
    "multichoice": _choice,
    "truefalse": _true_false,
    "matching": _matching,
    "ordering": _ordering,
    "essay": _essay,
}
