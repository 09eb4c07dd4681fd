"""Exercises → Moodle XML questions, each with a ``<!-- kit: {...} -->`` comment for what XML cannot hold.

Texts are written in Moodle's ``markdown`` format, so a prompt comes back as it was written. The
comment is a patch (kit.interchange.patch) over what reading the question back gives: the id
always, then option ids, a rubric of several criteria, competencies … as needed. Every question is
read back before it is written; one that would not come back equal is refused whole.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kit.interchange import patch
from kit.interchange.moodle_import import NotCarried, question_data, question_exercise
from kit.interchange.moodle_parse import kit_comment, read_moodle_xml
from kit.interchange.report import NotWritable
from kit.interchange.slug import Slugger
from kit.models import Exercise, Matching, MultipleChoice, Ordering, SingleChoice
from kit.models.written import FreeText

MOODLE_TYPES = (SingleChoice, MultipleChoice, Matching, Ordering, FreeText)
# what Moodle itself writes for a new question of each type, unless the notebook carries other settings
_DEFAULTS: dict[str, dict[str, str]] = {
    "multichoice": {"shuffleanswers": "true", "answernumbering": "abc", "penalty": "0.3333333"},
    "matching": {"shuffleanswers": "true", "penalty": "0.3333333"},
    "ordering": {"layouttype": "VERTICAL", "selecttype": "ALL", "selectcount": "0",
                 "gradingtype": "RELATIVE_TO_CORRECT", "showgrading": "SHOW", "numberingstyle": "none"},
    "essay": {"responseformat": "editor", "responserequired": "1", "responsefieldlines": "10",
              "attachments": "0", "attachmentsrequired": "0"},
}


def exercise_xml(exercise: Exercise, language: str = "en", moodle: dict[str, str] | None = None) -> str:
    """The ``<question>`` of one exercise; NotWritable when Moodle XML cannot carry it."""
    if not isinstance(exercise, MOODLE_TYPES):
        raise NotWritable(f"{exercise.type_name} exercises cannot be written to Moodle XML (Moodle has single "
                          "and multiple choice, matching, ordering and essay questions, but no Likert scale, "
                          "case discussion or branching scenario)")
    kind, body = _body(exercise)
    question = _question(kind, exercise, body, {**_DEFAULTS.get(kind, {}), **(moodle or {})}, comment="")
    read_back = _read_one(question)
    try:
        derived = question_data(read_back.element, kind, language)
    except NotCarried as error:
        raise NotWritable(f"Moodle XML cannot hold this exercise ({error})") from None
    kit = patch.diff(exercise.model_dump(mode="json"), derived)
    text = _question(kind, exercise, body, {**_DEFAULTS.get(kind, {}), **(moodle or {})}, kit_comment(kit))
    again = _read_one(text)
    try:
        if question_exercise(again, language, Slugger()) != exercise:
            raise NotWritable("Moodle XML cannot hold this exercise without changing it")
    except NotCarried as error:
        raise NotWritable(f"Moodle XML cannot hold this exercise ({error})") from None
    return text


def category_xml(name: str) -> str:
    return (f'  <question type="category">\n    <category><text>{escape(name)}</text></category>\n'
            '    <info format="moodle_auto_format"><text></text></info>\n  </question>')


def description_xml(name: str, text: str) -> str:
    return (f'  <question type="description">\n    <name><text>{escape(name)}</text></name>\n'
            f'    <questiontext format="markdown"><text>{escape(text)}</text></questiontext>\n  </question>')


def document(questions: list[str]) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def _read_one(question: str) -> Any:
    found = [q for q in read_moodle_xml(document([question]).encode("utf-8")) if q.kind != "category"]
    if len(found) != 1:
        raise NotWritable("its text cannot be written as one Moodle XML question")
    return found[0]


def _text(tag: str, text: str, indent: str = "    ") -> str:
    return f'{indent}<{tag} format="markdown"><text>{escape(text)}</text></{tag}>\n'


def _question(kind: str, exercise: Exercise, body: str, settings: dict[str, str], comment: str) -> str:
    notes = exercise.facilitator.notes if exercise.facilitator and exercise.facilitator.notes else ""
    grade = sum(c.points for c in exercise.rubric) if isinstance(exercise, FreeText) else exercise.points
    lines = f'  <question type="{kind}">\n'
    if comment:
        lines += f"    {comment}\n"
    lines += f"    <name><text>{escape(exercise.title)}</text></name>\n"
    lines += _text("questiontext", exercise.prompt or "")
    lines += _text("generalfeedback", notes)
    lines += f"    <defaultgrade>{grade:.7f}</defaultgrade>\n"
    for tag, value in settings.items():
        lines += f"    <{tag}>{escape(value)}</{tag}>\n"
    return lines + body + "  </question>"


def _answer(fraction: float, text: str, feedback: str | None = None) -> str:
    value = f"{fraction:.7f}".rstrip("0").rstrip(".") or "0"
    out = f'    <answer fraction={quoteattr(value)} format="markdown">\n      <text>{escape(text)}</text>\n'
    if feedback:
        out += _text("feedback", feedback, indent="      ")
    return out + "    </answer>\n"


def _body(exercise: Exercise) -> tuple[str, str]:
    if isinstance(exercise, SingleChoice):
        answers = "".join(_answer(100 if option.correct else (option.weight or 0), option.text, option.feedback)
                          for option in exercise.options)
        return "multichoice", "    <single>true</single>\n" + answers
    if isinstance(exercise, MultipleChoice):
        weights = exercise.weights()
        answers = "".join(_answer(weights[option.id or ""], option.text, option.feedback)
                          for option in exercise.options)
        return "multichoice", "    <single>false</single>\n" + answers
    if isinstance(exercise, Matching):
        return "matching", "".join(
            f'    <subquestion format="markdown">\n      <text>{escape(pair.left)}</text>\n'
            f"      <answer><text>{escape(pair.right)}</text></answer>\n    </subquestion>\n"
            for pair in exercise.pairs
        )
    if isinstance(exercise, Ordering):
        return "ordering", "".join(_answer(1, item.text) for item in exercise.items)
    assert isinstance(exercise, FreeText)
    rubric = "\n".join(f"- {criterion.criterion} ({criterion.points:g})" for criterion in exercise.rubric)
    return "essay", _text("graderinfo", rubric)
