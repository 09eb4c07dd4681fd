"""Answers in the workbook's own notation, both ways: what a trainer types from paper, and back.

The notation follows the page: option letters (``b``, ``a c``), the numbers written in an ordering's
boxes from top to bottom (``3 1 4 2``) or the order as letters (``b d a c``), matching pairs as number
and letter (``1b 2a 3c``, or one letter per left item: ``b a c``, ``-`` for an empty box), Likert
ratings per statement (``4 5 - 2``), a scenario's section numbers (``1 7 3 12``), written answers as
text (case discussion: ``1: … | 2: …`` by dimension number). ``read_answer`` gives the DESIGN §4
answer or ValueError with a reason a trainer can act on; ``write_answer`` is its inverse.
"""

from __future__ import annotations

import re
from typing import Any

from kit.models import CaseDiscussion, Exercise
from kit.workbook.paper import (
    Box,
    ChoicePaper,
    GamebookPaper,
    LikertPaper,
    MatchPaper,
    OrderPaper,
    Paper,
    WritingPaper,
)

BLANK = "-"
_BLANKS = "-_?"


def read_answer(exercise: Exercise, sheet: Paper, text: str) -> Any:
    """The answer written on paper as the exercise's answer (DESIGN §4); ValueError says what is wrong."""
    text = (text or "").strip()
    if isinstance(sheet, ChoicePaper):
        return _read_choice(sheet, text)
    if isinstance(sheet, OrderPaper):
        return _read_order(sheet, text)
    if isinstance(sheet, MatchPaper):
        return _read_match(sheet, text)
    if isinstance(sheet, LikertPaper):
        return _read_likert(sheet, text)
    if isinstance(sheet, GamebookPaper):
        if re.search(r"[^\d\s,;.>→–-]", text):
            raise ValueError(f"write the section numbers read, such as 1 7 3 12 (got {text!r})")
        return sheet.book.choices_of([int(number) for number in re.findall(r"\d+", text)])
    return _read_writing(exercise, sheet, text)


def write_answer(exercise: Exercise, sheet: Paper, answer: Any) -> str:
    """An answer (DESIGN §4, of the right shape) in the workbook's notation."""
    if isinstance(sheet, ChoicePaper):
        letter = {box.id: box.label for box in sheet.options}
        return " ".join(letter[option] for option in answer) if sheet.multiple else letter[answer]
    if isinstance(sheet, OrderPaper):
        position = {item_id: index for index, item_id in enumerate(answer, start=1)}
        return " ".join(str(position[box.id]) for box in sheet.items)
    if isinstance(sheet, MatchPaper):
        right = {box.id: box.label for box in sheet.rights}
        return " ".join(f"{left.label}{right[answer[left.id]]}" for left in sheet.lefts if left.id in answer)
    if isinstance(sheet, LikertPaper):
        return " ".join(str(answer.get(box.id, BLANK)) for box in sheet.statements)
    if isinstance(sheet, GamebookPaper):
        return " ".join(map(str, sheet.book.sections_of(list(answer))))
    if isinstance(answer, dict):
        number = {part_id: index for index, (part_id, _, _) in enumerate(sheet.parts, start=1)}
        return " | ".join(f"{number[part_id]}: {value}" for part_id, value in answer.items())
    return str(answer)


def _span(boxes: tuple[Box, ...]) -> str:
    return f"{boxes[0].label}–{boxes[-1].label}" if len(boxes) > 1 else boxes[0].label


def _letters(boxes: tuple[Box, ...], text: str) -> list[str]:
    """Letters such as ``a c``, ``a, c`` or ``ac`` as box ids; ValueError names a letter not on the page."""
    words = re.findall(r"[a-z]+", text.lower())
    if re.search(r"[^a-z\s,;.)/+&-]", text.lower()):
        raise ValueError(f"write the letters of the ticked boxes, such as a c (got {text!r})")
    labels = {box.label: box.id for box in boxes}
    letters: list[str] = []
    for word in words:
        letters += [word] if word in labels else list(word)
    for letter in letters:
        if letter not in labels:
            raise ValueError(f"'{letter}' is not a letter of this exercise ({_span(boxes)})")
    return [labels[letter] for letter in letters]


def _read_choice(sheet: ChoicePaper, text: str) -> Any:
    chosen = _letters(sheet.options, text)
    if sheet.multiple:
        return list(dict.fromkeys(chosen))
    if len(chosen) != 1:
        raise ValueError(f"one box is ticked in a single-choice exercise; give one letter ({_span(sheet.options)}), "
                         f"got {text!r}" + ("; leave the row out when nothing was ticked" if not chosen else ""))
    return chosen[0]


def _read_order(sheet: OrderPaper, text: str) -> list[str]:
    n = len(sheet.items)
    numbers = re.findall(r"\d+", text)
    if numbers and not re.search(r"[a-z]", text.lower()):
        if len(numbers) == 1 and len(numbers[0]) == n and n <= 9:
            numbers = list(numbers[0])  # "3142"
        values = [int(number) for number in numbers]
        if sorted(values) != list(range(1, n + 1)):
            raise ValueError(f"give the {n} numbers written in the boxes from top to bottom, each of 1 to {n} "
                             f"once (got {text!r})")
        by_number = sorted(zip(values, sheet.items, strict=True), key=lambda pair: pair[0])
        return [box.id for _, box in by_number]
    order = _letters(sheet.items, text)
    if sorted(order) != sorted(box.id for box in sheet.items):
        raise ValueError(f"give every letter {_span(sheet.items)} once, in the participant's order, or the numbers "
                         f"in the boxes from top to bottom (got {text!r})")
    return order


def _read_match(sheet: MatchPaper, text: str) -> dict[str, str]:
    lefts = {box.label: box.id for box in sheet.lefts}
    rights = {box.label: box.id for box in sheet.rights}
    lowered = text.lower()
    if re.search(r"\d", lowered):
        pairs = re.findall(r"(\d+)\s*[-–=:.)]?\s*([a-z])\b", lowered)
        rest = re.sub(r"(\d+)\s*[-–=:.)]?\s*([a-z])\b", "", lowered)
        if not pairs or re.search(r"[^\s,;]", rest):
            raise ValueError(f"write pairs of a number and a letter, such as 1b 2a 3c (got {text!r})")
        written = pairs
    else:
        marks = re.findall(rf"[a-z]|[{re.escape(_BLANKS)}]", lowered)
        if len(marks) != len(sheet.lefts):
            raise ValueError(f"give one letter per item on the left ({len(sheet.lefts)}, '-' for an empty box), "
                             f"or pairs such as 1b 2a (got {text!r})")
        written = [(box.label, mark) for box, mark in zip(sheet.lefts, marks, strict=True) if mark not in _BLANKS]
    answer: dict[str, str] = {}
    for number, letter in written:
        if number not in lefts:
            raise ValueError(f"there is no item {number} on the left (1–{len(sheet.lefts)})")
        if letter not in rights:
            raise ValueError(f"'{letter}' is not a letter of the right-hand column ({_span(sheet.rights)})")
        if lefts[number] in answer:
            raise ValueError(f"item {number} is matched twice")
        answer[lefts[number]] = rights[letter]
    return answer


def _read_likert(sheet: LikertPaper, text: str) -> dict[str, int]:
    marks = re.findall(rf"\d+|[{re.escape(_BLANKS)}]", text)
    if len(marks) != len(sheet.statements) or re.search(rf"[^\d\s,;{re.escape(_BLANKS)}]", text):
        raise ValueError(f"give one rating per statement ({len(sheet.statements)}, '-' where none is ticked), "
                         f"from 1 to {len(sheet.scale)} (got {text!r})")
    answer: dict[str, int] = {}
    for box, mark in zip(sheet.statements, marks, strict=True):
        if mark in _BLANKS:
            continue
        if not 1 <= int(mark) <= len(sheet.scale):
            raise ValueError(f"statement {box.label}: a rating is 1 to {len(sheet.scale)} (got {mark})")
        answer[box.id] = int(mark)
    return answer


def _read_writing(exercise: Exercise, sheet: WritingPaper, text: str) -> Any:
    if not isinstance(exercise, CaseDiscussion):
        if not text:
            raise ValueError("the answer is empty; type what was written (or a note such as 'on paper')")
        return text
    if not text:
        return {}  # handed in on paper: graded from the sheet with kit score --grades
    ids = {str(number): part_id for number, (part_id, _, _) in enumerate(sheet.parts, start=1)}
    answer: dict[str, str] = {}
    for piece in text.split("|"):
        found = re.match(r"\s*(\d+)\s*[:.)]\s*(.*)", piece, re.DOTALL)
        if not found or found.group(1) not in ids:
            raise ValueError(f"write each dimension as its number and the text, such as '1: … | 2: …' "
                             f"(dimensions 1–{len(ids)}); got {piece.strip()[:40]!r}")
        answer[ids[found.group(1)]] = found.group(2).strip()
    return answer
