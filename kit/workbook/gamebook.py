"""A scenario as a gamebook: numbered sections, "if you choose X, go to section N".

Section 1 is the start; the other sections are shuffled with a generator seeded by the exercise id,
so the numbers stay the same from one print to the next while the best path cannot be read off the
page order. Where two choices of one node lead to the same node, each gets a short bridge section
of its own, so that the section numbers a participant writes down always name the choices taken
(the path typed back from paper is a list of section numbers). Pure data: no secret in it, since a
section says what happens next, never whether the choice was right.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from itertools import pairwise

from kit.models import Scenario
from kit.models.choice import default_option_id

# how many reshuffles to try when a shuffle happens to put the best path in reading order
ATTEMPTS = 32


@dataclass(frozen=True)
class Jump:
    letter: str
    text: str
    section: int
    choice_id: str | None  # None for the "go on" of a bridge section


@dataclass(frozen=True)
class Section:
    number: int
    node_id: str  # the node; a bridge section names the node it leads to
    speaker: str | None
    text: str
    jumps: tuple[Jump, ...]
    bridge: bool = False

    @property
    def ending(self) -> bool:
        return not self.jumps


@dataclass(frozen=True)
class Gamebook:
    exercise_id: str
    sections: tuple[Section, ...]  # in number order, section 1 first

    def section(self, number: int) -> Section:
        return self.sections[number - 1]

    @property
    def longest(self) -> int:
        """The most sections a path can pass through (for the boxes where the path is written)."""
        depth: dict[int, int] = {}
        for section in reversed(_topological(self)):
            depth[section.number] = 1 + max((depth[jump.section] for jump in section.jumps), default=0)
        return depth[1]

    def sections_of(self, choice_ids: list[str]) -> list[int]:
        """The section numbers read along a path of choice ids (a valid path of the scenario)."""
        numbers = [1]
        for choice_id in choice_ids:
            jump = next(jump for jump in self.section(numbers[-1]).jumps if jump.choice_id == choice_id)
            numbers.append(jump.section)
            if self.section(jump.section).bridge:
                numbers.append(self.section(jump.section).jumps[0].section)
        return numbers

    def choices_of(self, numbers: list[int]) -> list[str]:
        """The choice ids of a path given as section numbers; ValueError names the first wrong step."""
        if not numbers:
            raise ValueError("no section numbers; write the sections read, such as 1 7 3 12")
        if numbers[0] != 1:
            numbers = [1, *numbers]  # nothing leads to section 1, so it may be left out
        for number in numbers:
            if not 1 <= number <= len(self.sections):
                raise ValueError(f"there is no section {number} (sections 1 to {len(self.sections)})")
        choices: list[str] = []
        for here, there in pairwise(numbers):
            jump = next((jump for jump in self.section(here).jumps if jump.section == there), None)
            if jump is None:
                targets = ", ".join(str(jump.section) for jump in self.section(here).jumps)
                raise ValueError(f"section {there} cannot follow section {here}"
                                 + (f" (it leads to {targets})" if targets else " (an ending)"))
            if jump.choice_id is not None:
                choices.append(jump.choice_id)
        if not self.section(numbers[-1]).ending:
            raise ValueError(f"the path stops at section {numbers[-1]}, which is not an ending")
        return choices


def seed(exercise_id: str, attempt: int = 0) -> int:
    """A seed from the exercise id alone (no Python hash, so every process agrees)."""
    digest = hashlib.sha256(f"kit-workbook:{exercise_id}:{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def gamebook(exercise: Scenario) -> Gamebook:
    """The scenario's sections, numbered and shuffled (stable for one exercise id)."""
    slots = _slots(exercise)
    best = [str(choice.id) for choice in exercise.best_path()]
    book = _number(exercise, slots, 0)
    for attempt in range(1, ATTEMPTS):
        if not _in_reading_order(book.sections_of(best)):
            break
        book = _number(exercise, slots, attempt)
    return book


# A slot is a node id, or (node id, choice id) for a bridge section.
Slot = str | tuple[str, str]


def _slots(exercise: Scenario) -> list[Slot]:
    slots: list[Slot] = [node.id for node in exercise.nodes if node.id != exercise.start]
    for node in exercise.nodes:
        targets = [choice.goto for choice in node.choices or []]
        slots += [(choice.goto, str(choice.id)) for choice in node.choices or [] if targets.count(choice.goto) > 1]
    return slots


def _number(exercise: Scenario, slots: list[Slot], attempt: int) -> Gamebook:
    order = list(slots)
    random.Random(seed(exercise.id, attempt)).shuffle(order)
    number: dict[Slot, int] = {exercise.start: 1}
    number.update({slot: index for index, slot in enumerate(order, start=2)})
    sections: list[Section] = []
    for slot in [exercise.start, *order]:
        if isinstance(slot, tuple):
            target, choice_id = slot
            choice = next(c for n in exercise.nodes for c in n.choices or [] if c.id == choice_id)
            sections.append(Section(number[slot], target, None, choice.text,
                                    (Jump("a", "", number[target], None),), bridge=True))
            continue
        node = exercise.node_by_id[slot]
        choices = node.choices or []
        targets = [choice.goto for choice in choices]
        jumps = tuple(
            Jump(default_option_id(index), choice.text,
                 number[(choice.goto, str(choice.id))] if targets.count(choice.goto) > 1 else number[choice.goto],
                 str(choice.id))
            for index, choice in enumerate(choices)
        )
        sections.append(Section(number[slot], node.id, node.speaker, node.text, jumps))
    sections.sort(key=lambda section: section.number)
    return Gamebook(exercise.id, tuple(sections))


def _in_reading_order(numbers: list[int]) -> bool:
    """True when the path could be read straight down the pages (every section after the last one)."""
    return len(numbers) > 2 and all(b > a for a, b in pairwise(numbers))


def _topological(book: Gamebook) -> list[Section]:
    order: list[Section] = []
    seen: set[int] = set()

    def visit(number: int) -> None:
        stack = [(number, iter(book.section(number).jumps))]
        seen.add(number)
        while stack:
            current, jumps = stack[-1]
            for jump in jumps:
                if jump.section not in seen:
                    seen.add(jump.section)
                    stack.append((jump.section, iter(book.section(jump.section).jumps)))
                    break
            else:
                stack.pop()
                order.append(book.section(current))

    visit(1)
    order.reverse()
    return order
