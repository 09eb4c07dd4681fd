"""The key of each workbook page, in the workbook's own letters and numbers (trainers only, DESIGN §8).

Computed from the same layouts as the workbook (kit.workbook.paper), so the letters in the
facilitator guide are the letters on paper. ``full_marks`` is what a trainer would type into the
``answer`` column of the CSV for a full-score answer (the format ``kit store import --from-workbook``
reads).
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.models import Exercise, Matching, MultipleChoice, Ordering, Scenario, SingleChoice
from kit.workbook.answers import write_answer
from kit.workbook.gamebook import Section
from kit.workbook.paper import ChoicePaper, GamebookPaper, MatchPaper, OrderPaper, paper


@dataclass(frozen=True)
class SectionRow:
    """One line of the gamebook's section map."""

    number: int
    node_id: str
    bridge: bool
    jumps: tuple[tuple[str, int, str | None, int], ...]  # (letter, section, choice id, score of the choice)
    best: bool  # on the best path


@dataclass(frozen=True)
class PaperKey:
    kind: str  # choice, order, match, gamebook
    full_marks: str  # the CSV answer of a full score
    letters: tuple[str, ...] = ()  # choice: the letters to tick; order: the order as letters
    partial: tuple[tuple[str, float], ...] = ()  # choice: letter and weight of partial credit
    numbers: tuple[tuple[str, int], ...] = ()  # order: the number in the box beside each letter
    pairs: tuple[tuple[str, str], ...] = ()  # match: left number, right letter
    sections: tuple[SectionRow, ...] = ()  # gamebook
    path: tuple[int, ...] = ()  # gamebook: the best path as section numbers


def paper_key(exercise: Exercise, language: str = "en") -> PaperKey | None:
    """The key of one exercise's workbook page; None for pages without one (written answers, Likert)."""
    sheet = paper(exercise, language)
    if isinstance(sheet, ChoicePaper) and isinstance(exercise, (SingleChoice, MultipleChoice)):
        weights = exercise.weights()
        letter = {box.id: box.label for box in sheet.options}
        if isinstance(exercise, MultipleChoice):
            right = [letter[str(o.id)] for o in exercise.options if exercise.is_correct(o)]
            partial: list[tuple[str, float]] = []
        else:
            right = [letter[str(exercise.correct_option.id)]]
            partial = [(letter[str(o.id)], weights[str(o.id)]) for o in exercise.options
                       if not o.correct and weights[str(o.id)] > 0]
        best: object = ([str(o.id) for o in exercise.options if exercise.is_correct(o)]
                        if isinstance(exercise, MultipleChoice) else str(exercise.correct_option.id))
        return PaperKey("choice", write_answer(exercise, sheet, best), tuple(right), tuple(partial))
    if isinstance(sheet, OrderPaper) and isinstance(exercise, Ordering):
        position = {item_id: index for index, item_id in enumerate(exercise.key, start=1)}
        numbers = tuple((box.label, position[box.id]) for box in sheet.items)
        by_position = sorted(sheet.items, key=lambda box: position[box.id])
        return PaperKey("order", write_answer(exercise, sheet, exercise.key),
                        letters=tuple(box.label for box in by_position), numbers=numbers)
    if isinstance(sheet, MatchPaper) and isinstance(exercise, Matching):
        right = {box.id: box.label for box in sheet.rights}
        pairs = tuple((left.label, right[left.id]) for left in sheet.lefts)
        best_pairs = {pair.id: pair.id for pair in exercise.pairs}
        return PaperKey("match", write_answer(exercise, sheet, best_pairs), pairs=pairs)
    if isinstance(sheet, GamebookPaper) and isinstance(exercise, Scenario):
        book = sheet.book
        path = [str(choice.id) for choice in exercise.best_path()]
        best_sections = book.sections_of(path)
        scores = {str(c.id): c.total for node in exercise.nodes for c in node.choices or []}
        rows = tuple(_row(section, scores, set(best_sections)) for section in book.sections)
        return PaperKey("gamebook", write_answer(exercise, sheet, path), sections=rows, path=tuple(best_sections))
    return None


def _row(section: Section, scores: dict[str, int], best: set[int]) -> SectionRow:
    jumps = tuple((jump.letter, jump.section, jump.choice_id, scores.get(jump.choice_id or "", 0))
                  for jump in section.jumps)
    return SectionRow(section.number, section.node_id, section.bridge, jumps, section.number in best)
