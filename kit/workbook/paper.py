"""Each exercise laid out for pen and paper, as plain data: one layout function per type, one registry.

The workbook prints these layouts, the facilitator guide prints their key (kit.workbook.key) and
``kit store import --from-workbook`` reads answers back through them (kit.workbook.typed), so the
letters and numbers on paper, in the key and in the typed-back CSV can never drift apart. Orders
that must not give the answer away (ordering items, matching right sides) are shuffled with a
generator seeded by the exercise id: stable from one print to the next. No secret is held here.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kit.i18n import default_scale, dimension_prompt
from kit.models import (
    CaseDiscussion,
    Exercise,
    FreeText,
    Likert,
    Matching,
    MultipleChoice,
    Ordering,
    Scenario,
    SingleChoice,
)
from kit.models.choice import default_option_id
from kit.workbook.gamebook import Gamebook, gamebook, seed

WORDS_PER_LINE = 9  # handwritten words on one ruled line of an A4 text column
MIN_LINES = 3
DEFAULT_LINES = 8  # a written answer without min_words
MAX_LINES = 30


@dataclass(frozen=True)
class Box:
    """Something printed with a label (a letter or number) that answers refer to."""

    label: str
    id: str
    text: str


@dataclass(frozen=True)
class ChoicePaper:
    options: tuple[Box, ...]  # in written order, lettered a, b, c…
    multiple: bool
    kind: str = "choice"


@dataclass(frozen=True)
class OrderPaper:
    items: tuple[Box, ...]  # shuffled, lettered; the participant writes a number beside each
    kind: str = "order"


@dataclass(frozen=True)
class MatchPaper:
    lefts: tuple[Box, ...]  # in written order, numbered 1, 2, 3…
    rights: tuple[Box, ...]  # shuffled, lettered a, b, c…
    kind: str = "match"


@dataclass(frozen=True)
class WritingPaper:
    parts: tuple[tuple[str, str | None, int], ...]  # (id, prompt, ruled lines)
    min_words: int | None
    kind: str = "writing"


@dataclass(frozen=True)
class LikertPaper:
    statements: tuple[Box, ...]  # numbered 1, 2, 3…
    scale: tuple[str, ...]
    kind: str = "likert"


@dataclass(frozen=True)
class GamebookPaper:
    book: Gamebook
    kind: str = "gamebook"


Paper = ChoicePaper | OrderPaper | MatchPaper | WritingPaper | LikertPaper | GamebookPaper


def ruled_lines(words: int | None) -> int:
    """Lines enough for ``words`` handwritten words, with room to spare."""
    if not words:
        return DEFAULT_LINES
    return max(MIN_LINES, min(MAX_LINES, math.ceil(words * 1.25 / WORDS_PER_LINE)))


def shuffled(exercise_id: str, ids: list[str]) -> list[str]:
    """``ids`` in an order seeded by the exercise id; never the written order when there is another."""
    order = list(ids)
    for attempt in range(32):
        random.Random(seed(exercise_id, attempt)).shuffle(order)
        if order != ids:
            break
    return order


def _choice(exercise: SingleChoice | MultipleChoice, language: str) -> ChoicePaper:
    boxes = tuple(Box(default_option_id(index), str(option.id), option.text)
                  for index, option in enumerate(exercise.options))
    return ChoicePaper(boxes, isinstance(exercise, MultipleChoice))


def _ordering(exercise: Ordering, language: str) -> OrderPaper:
    text = {item.id: item.text for item in exercise.items}
    order = shuffled(exercise.id, [item.id for item in exercise.items])
    return OrderPaper(tuple(Box(default_option_id(index), item_id, text[item_id])
                            for index, item_id in enumerate(order)))


def _matching(exercise: Matching, language: str) -> MatchPaper:
    lefts = tuple(Box(str(number), pair.id, pair.left) for number, pair in enumerate(exercise.pairs, start=1))
    right = {pair.id: pair.right for pair in exercise.pairs}
    order = shuffled(exercise.id, [pair.id for pair in exercise.pairs])
    return MatchPaper(lefts, tuple(Box(default_option_id(index), pair_id, right[pair_id])
                                   for index, pair_id in enumerate(order)))


def _free_text(exercise: FreeText, language: str) -> WritingPaper:
    return WritingPaper((("answer", None, ruled_lines(exercise.min_words)),), exercise.min_words)


def _case_discussion(exercise: CaseDiscussion, language: str) -> WritingPaper:
    if exercise.dimensions:
        prompts = [(dimension.id, dimension.prompt) for dimension in exercise.dimensions]
    else:
        prompts = [(d, dimension_prompt(d, language)) for d in exercise.dimension_ids]
    # min_words counts the whole discussion (as the widget does): share it out, never below MIN_LINES
    share = math.ceil(exercise.min_words / len(prompts)) if exercise.min_words else None
    lines = ruled_lines(share) if share else 4
    return WritingPaper(tuple((dimension_id, prompt, lines) for dimension_id, prompt in prompts), exercise.min_words)


def _likert(exercise: Likert, language: str) -> LikertPaper:
    statements = tuple(Box(str(number), statement.id, statement.text)
                       for number, statement in enumerate(exercise.statements, start=1))
    return LikertPaper(statements, tuple(exercise.scale or default_scale(language)))


def _scenario(exercise: Scenario, language: str) -> GamebookPaper:
    return GamebookPaper(gamebook(exercise))


LAYOUTS: dict[type[Exercise], Callable[[Any, str], Paper]] = {
    SingleChoice: _choice,
    MultipleChoice: _choice,
    Ordering: _ordering,
    Matching: _matching,
    FreeText: _free_text,
    CaseDiscussion: _case_discussion,
    Likert: _likert,
    Scenario: _scenario,
}


def paper(exercise: Exercise, language: str = "en") -> Paper:
    """How one valid exercise is printed in the workbook."""
    return LAYOUTS[type(exercise)](exercise, language)
