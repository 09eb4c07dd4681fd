"""GIFT questions → exercises (DESIGN §11); what kit cannot carry is reported and kept verbatim."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kit.errors import ExerciseInvalid
from kit.i18n import translator
from kit.interchange import patch
from kit.interchange.cells import Cell, exercise_source
from kit.interchange.gift_parse import (
    TRUE_FALSE,
    Answer,
    Category,
    KitCommentProblem,
    Question,
    Unreadable,
    clean,
    read_gift,
    strip_format,
    unescape,
)
from kit.interchange.html_text import html_to_markdown
from kit.interchange.report import Note
from kit.interchange.slug import Slugger
from kit.models import Exercise, parse_exercise

BLANK = "_____"
TITLE_LENGTH = 80  # as Moodle shortens a question text into a name
TRUE_LABEL, FALSE_LABEL = "True", "False"
ESSAY_CRITERION = "The answer as a whole"
_MARKDOWN_SPECIAL = "\\`*_[]<>#|~"
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
# Moodle's question types that kit has no exercise for, and why a trainer would care
_NOT_CARRIED = {
    "shortanswer": "a short-answer question (Moodle compares the typed words with its list)",
    "numerical": "a numerical question (Moodle compares a typed number with its range)",
    "description": "a description (text without answers, not a question)",
}


class NotCarried(Exception):
    """This question cannot become an exercise; the message says why."""


def import_gift(text: str, path: str, language: str = "en") -> tuple[list[Cell], list[Note]]:
    """The cells of a notebook holding the GIFT file's questions, and what had to be reported."""
    cells: list[Cell] = []
    notes: list[Note] = []
    ids = Slugger()
    for block in read_gift(text):
        if isinstance(block, Category):
            cells.append(Cell("markdown", f"## {category_heading(block.name)}", {"gift-category": block.name}))
        elif isinstance(block, KitCommentProblem):
            notes.append(Note(path, block.line, block.message))
        elif isinstance(block, Unreadable):
            notes.append(Note(path, block.line, f"this question cannot be read: {block.message}; "
                                                "kept verbatim in a raw cell"))
            cells.append(raw_cell(block.raw, block.line))
        else:
            cell, note = _question_cell(block, language, ids, path)
            cells.append(cell)
            notes += [note] if note else []
    return cells, notes


def _question_cell(question: Question, language: str, ids: Slugger, path: str) -> tuple[Cell, Note | None]:
    try:
        return Cell("exercise", exercise_source(question_exercise(question, language, ids))), None
    except NotCarried as error:
        reason = str(error)
    if question.kit is not None:  # edited since kit wrote it? the GIFT text alone may still do
        try:
            exercise = question_exercise(question, language, ids, use_kit=False)
        except NotCarried:
            pass
        else:
            return Cell("exercise", exercise_source(exercise)), Note(
                path, question.line, f"the '// kit:' comment does not fit this question any more ({reason}); "
                                     "imported from the GIFT text alone")
    return raw_cell(question.raw, question.line), Note(path, question.line, f"{reason}; kept verbatim in a raw cell")


def raw_cell(raw: str, line: int) -> Cell:
    return Cell("raw", raw, {"format": "gift", "line": line})


def category_heading(name: str) -> str:
    """``$course$/top/Crisis calls/Silence`` → ``Crisis calls / Silence``."""
    parts = [part.strip() for part in name.split("/") if part.strip()]
    while parts and ((parts[0].startswith("$") and parts[0].endswith("$")) or parts[0] == "top"):
        parts = parts[1:]
    return " / ".join(parts) or name.strip() or "Questions"


def question_exercise(question: Question, language: str, ids: Slugger, use_kit: bool = True) -> Exercise:
    """The exercise a question becomes, or NotCarried with the reason."""
    data = question_data(question, language)
    if use_kit and question.kit is not None:
        data = patch.apply(data, question.kit)
    return exercise_with_id(data, ids, _why_invalid)


def exercise_with_id(data: dict[str, Any], ids: Slugger,
                     why_invalid: Callable[[dict[str, Any], ExerciseInvalid], str]) -> Exercise:
    """An imported question's data as an exercise: its own id (made unique), else one from its title;
    NotCarried, saying ``why_invalid``, when the data is not a valid exercise (the id is then free again)."""
    wanted = data.get("id")
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    data["id"] = ids.unique(wanted) if isinstance(wanted, str) and wanted else ids.from_title(title)
    try:
        return parse_exercise(data)
    except ExerciseInvalid as error:
        ids.used.discard(data["id"])
        raise NotCarried(why_invalid(data, error)) from None


def _why_invalid(data: dict[str, Any], error: ExerciseInvalid) -> str:
    if not data.get("prompt"):
        return "the question has no text"
    for pair in data.get("pairs") or []:
        if not pair.get("left"):
            return (f"'{pair.get('right')}' is an extra right side without a left side; kit's matching exercises "
                    "have none")
    return f"this question cannot become a valid exercise ({error})"


def question_data(question: Question, language: str) -> dict[str, Any]:
    """What the GIFT text alone says, as exercise data (normalised by the model when it is valid)."""
    kind = question.kind()
    if kind in _NOT_CARRIED:
        raise NotCarried(f"{_NOT_CARRIED[kind]} has no kit exercise type")
    prompt = _prompt(question)
    data: dict[str, Any] = {"id": None, "type": "", "title": question.title or default_title(prompt),
                            "prompt": prompt}
    data.update(_BUILDERS[kind](question, translator(language)))
    if question.general and clean(question.general):
        data["facilitator"] = {"notes": _text(question.general, question.format)}
    try:
        return parse_exercise({**data, "id": "imported"}).model_dump(mode="json") | {"id": None}
    except ExerciseInvalid:
        return data  # the kit comment may still make it valid; question_exercise() reports if not


def _prompt(question: Question) -> str:
    stem = question.stem + BLANK + question.tail if question.text_after else question.stem
    return _text(stem, question.format)


def _text(text: str, question_format: str) -> str:
    """GIFT text as Markdown; its format is its own ``[tag]``, else the question's."""
    tag, body = strip_format(text.strip())
    body = unescape(body).strip()
    text_format = tag or question_format
    if text_format == "plain":
        return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in body)
    if text_format == "html":
        return html_to_markdown(body)
    if _TAG.search(body):  # Moodle's own format allows HTML, and its line breaks are breaks
        return html_to_markdown(body.replace("\n", "<br>"))
    return body


def default_title(prompt: str) -> str:
    """The start of the question text, as Moodle names a question without a title."""
    line = " ".join(prompt.split())
    if len(line) <= TITLE_LENGTH:
        return line
    cut = line[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut + "…"


def _feedback(answer: Answer, text_format: str) -> str | None:
    text = _text("#".join(answer.feedback), text_format)
    return text or None


def _choice(question: Question, tr: Callable[[str], str]) -> dict[str, Any]:
    answers = question.answers
    right = [answer for answer in answers if answer.mark == "="]
    if not right:
        weighted = [answer for answer in answers if answer.weight is not None]
        if not any((answer.weight or 0) > 0 for answer in weighted):
            raise NotCarried("a choice question without a right answer (no '=' and no positive %n% weight)")
        options = [
            _option(answer, question.format, weight=answer.weight) for answer in answers
        ]
        return {"type": "multiple-choice", "options": options}
    if len(right) > 1:
        raise NotCarried(f"a choice question with {len(right)} right answers ('='); a single-choice exercise "
                         "has one (for several right answers, give each ~%n% weights that add up to 100)")
    if right[0].weight is not None and right[0].weight != 100:
        raise NotCarried(f"the right answer ('=') carries a weight of {right[0].weight:g}%; "
                         "the right answer of a single choice is worth 100%")
    options = []
    for answer in answers:
        if answer.mark == "=":
            options.append(_option(answer, question.format, correct=True))
        elif answer.weight is not None and not 0 <= answer.weight <= 99:
            raise NotCarried(f"a wrong answer weighs {answer.weight:g}%; in a question with one right "
                             "answer ('='), a wrong answer may carry 0 to 99% of the points")
        else:
            options.append(_option(answer, question.format, weight=answer.weight or None))
    return {"type": "single-choice", "options": options}


def _option(answer: Answer, text_format: str, **keys: Any) -> dict[str, Any]:
    option: dict[str, Any] = {"text": _text(answer.text, text_format), **keys}
    feedback = _feedback(answer, text_format)
    if feedback:
        option["feedback"] = feedback
    return {key: value for key, value in option.items() if value is not None}


def _true_false(question: Question, tr: Callable[[str], str]) -> dict[str, Any]:
    assert question.lead is not None
    answer = TRUE_FALSE[question.lead.text.strip().upper()]
    feedback = question.lead.feedback
    # Moodle: the first #feedback is shown for a wrong answer, the second for a right one
    wrong = _text(feedback[0], question.format) if feedback else ""
    right = _text("#".join(feedback[1:]), question.format) if len(feedback) > 1 else ""
    options = []
    for label, value in ((TRUE_LABEL, True), (FALSE_LABEL, False)):
        option: dict[str, Any] = {"text": tr(label)}
        if value == answer:
            option["correct"] = True
        text = right if value == answer else wrong
        if text:
            option["feedback"] = text
        options.append(option)
    return {"type": "single-choice", "options": options}


def _matching(question: Question, tr: Callable[[str], str]) -> dict[str, Any]:
    pairs = []
    for number, answer in enumerate(question.answers, start=1):
        if answer.mark != "=" or "->" not in answer.text:
            raise NotCarried("a matching question needs '=left -> right' for every answer")
        if answer.feedback or answer.weight is not None:
            raise NotCarried("a matching pair with #feedback or a %n% weight cannot be carried")
        left, _, right = answer.text.partition("->")
        left_text, right_text = _text(left, question.format), unescape(right).strip()
        pairs.append({"id": f"p{number}", "left": left_text, "right": right_text})
    return {"type": "matching", "pairs": pairs}


def _essay(question: Question, tr: Callable[[str], str]) -> dict[str, Any]:
    return {"type": "free-text", "rubric": [{"id": "overall", "criterion": tr(ESSAY_CRITERION), "points": 1}]}


_BUILDERS: dict[str, Callable[[Question, Callable[[str], str]], dict[str, Any]]] = {
    "multichoice": _choice,
    "truefalse": _true_false,
    "match": _matching,
    "essay": _essay,
}
