"""Exercises → GIFT questions, each after a ``// kit: {...}`` line with what GIFT cannot hold.

The comment is a patch (kit.interchange.patch) over what reading the question back gives, so it
holds only the difference: the id always, then points, option ids, rubric… as needed. Every
question is read back before it is written; one that would not come back equal is refused whole.
"""

from __future__ import annotations

import json
from typing import Any

from kit.i18n import translator
from kit.interchange import patch
from kit.interchange.gift_import import BLANK, FALSE_LABEL, TRUE_LABEL, NotCarried, question_data, question_exercise
from kit.interchange.gift_parse import KIT_COMMENT, Question, read_gift
from kit.interchange.report import NotWritable
from kit.interchange.slug import Slugger
from kit.models import Exercise, Matching, MultipleChoice, SingleChoice
from kit.models.written import FreeText

GIFT_TYPES = (SingleChoice, MultipleChoice, Matching, FreeText)
_RESERVED = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}



def escape(text: str) -> str:
    """Text for GIFT: control characters escaped, lines joined with ``\\n`` (a blank line ends a question)."""
    return "".join(_RESERVED.get(char, char) for char in text.replace("\r\n", "\n").replace("\r", "\n"))


def exercise_gift(exercise: Exercise, language: str = "en") -> str:
    """The GIFT text of one exercise, ``// kit:`` line first; NotWritable when GIFT cannot carry it."""
    if not isinstance(exercise, GIFT_TYPES):
        raise NotWritable(f"{exercise.type_name} exercises cannot be written to GIFT (Moodle's GIFT has "
                          "single and multiple choice, matching and essay questions only)")
    question = _question_text(exercise, language)
    read_back = _read_one(question)
    try:
        derived = question_data(read_back, language)
    except NotCarried as error:
        raise NotWritable(f"GIFT cannot hold this exercise ({error})") from None
    kit = patch.diff(exercise.model_dump(mode="json"), derived)
    text = f"{KIT_COMMENT} {json.dumps(kit, ensure_ascii=False, sort_keys=True)}\n{question}"
    _check_round_trip(exercise, text, language)
    return text


def _check_round_trip(exercise: Exercise, text: str, language: str) -> None:
    question = _read_one(text)
    try:
        again = question_exercise(question, language, Slugger())
    except NotCarried as error:
        raise NotWritable(f"GIFT cannot hold this exercise ({error})") from None
    if again != exercise:
        raise NotWritable("GIFT cannot hold this exercise without changing it")


def _read_one(text: str) -> Question:
    blocks = list(read_gift(text))
    if len(blocks) != 1 or not isinstance(blocks[0], Question):
        raise NotWritable("its text cannot be written as one GIFT question")
    return blocks[0]


def _question_text(exercise: Exercise, language: str) -> str:
    answers = _answers(exercise, language)
    notes = exercise.facilitator.notes if exercise.facilitator and exercise.facilitator.notes else None
    if notes:
        answers += f"\t####{escape(notes)}\n" if answers.endswith("\n") else f"####{escape(notes)}"
    stem, blank, tail = exercise.prompt.partition(BLANK) if exercise.prompt else ("", "", "")
    braces = "{" + answers + "}"
    return f"::{escape(exercise.title)}::[markdown]{escape(stem)}{braces}{escape(tail) if blank else ''}"


def _answers(exercise: Exercise, language: str) -> str:
    if isinstance(exercise, SingleChoice):
        return _true_false(exercise, language) or _lines(
            ("=" if option.correct else _weight(option.weight), option.text, option.feedback)
            for option in exercise.options
        )
    if isinstance(exercise, MultipleChoice):
        weights = exercise.weights()
        return _lines(
            (_weight(weights[option.id or ""]), option.text, option.feedback) for option in exercise.options
        )
    if isinstance(exercise, Matching):
        return "\n" + "".join(f"\t={escape(pair.left)} -> {escape(pair.right)}\n" for pair in exercise.pairs)
    return ""  # free text: Moodle's essay


def _weight(weight: float | None) -> str:
    if not weight:
        return "~"
    return f"~%{weight:.5f}".rstrip("0").rstrip(".") + "%"


def _lines(answers: Any) -> str:
    lines = []
    for mark, text, feedback in answers:
        line = f"\t{mark}{escape(text)}"
        if feedback:
            line += f"#{escape(feedback)}"
        lines.append(line + "\n")
    return "\n" + "".join(lines)


def _true_false(exercise: SingleChoice, language: str) -> str | None:
    """``TRUE#wrong feedback#right feedback`` when the exercise is a true/false question."""
    tr = translator(language)
    if [option.text for option in exercise.options] != [tr(TRUE_LABEL), tr(FALSE_LABEL)]:
        return None
    if any(option.weight for option in exercise.options):
        return None
    right = exercise.correct_option
    wrong = next(option for option in exercise.options if option is not right)
    text = "TRUE" if right is exercise.options[0] else "FALSE"
    if wrong.feedback or right.feedback:
        text += "#" + escape(wrong.feedback or "")
    if right.feedback:
        text += "#" + escape(right.feedback)
    return text


def category_line(name: str) -> str:
    return f"$CATEGORY: {name}"
