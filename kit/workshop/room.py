"""What the trainer's dashboard shows: the room's latest answers per exercise, as counts and texts.

Pure functions over the store's records and the served modules, so that tests build a room in
memory. Each exercise type has its own chart builder in ``CHARTS`` (no if-chains over types); the
written types give texts to read out instead. Only the latest attempt of each participant counts,
as in ``kit score`` (DESIGN §6).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kit.i18n import default_scale, dimension_prompt, translator
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
from kit.responses import Rejection, Response
from kit.scoring import score
from kit.workshop.modules import ServedModule, Workshop

FULL = 1e-9  # tolerance when comparing a score with the maximum


@dataclass(frozen=True)
class Bar:
    """``count`` answers for ``label``; ``key`` marks what the key expects (for the trainer's eyes)."""

    label: str
    count: int
    key: bool = False


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    of: int  # the answers the bars count from

    @property
    def most(self) -> int:
        return max((bar.count for bar in self.bars), default=0)


@dataclass(frozen=True)
class Written:
    """One written answer: (heading, text) parts; the heading is a case-discussion dimension."""

    participant: str
    submitted_at: datetime
    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ExerciseRoom:
    exercise: Exercise
    answered: int  # participants whose latest attempt is stored
    attempts: int  # every attempt, Try again included
    invalid: int
    mean_percent: float | None
    full: int  # latest attempts with the full score
    scored: int
    charts: tuple[Chart, ...]
    written: tuple[Written, ...]


@dataclass(frozen=True)
class ModuleRoom:
    module: ServedModule
    exercises: tuple[ExerciseRoom, ...]

    @property
    def participants(self) -> int:
        return max((room.answered for room in self.exercises), default=0)


@dataclass(frozen=True)
class RoomView:
    session: str
    participants: int  # with at least one answer in the session
    attempts: int
    unreadable: int  # store rows that could not be read
    modules: tuple[ModuleRoom, ...]
    updated: datetime
    # every session of the store and its attempts: answers given under another session show up there
    sessions: tuple[tuple[str, int], ...] = ()


def room_view(workshop: Workshop, records: Iterable[Response | Rejection], session: str,
              now: datetime, key: bool = False) -> RoomView:
    """The room of one session: per module and exercise, who answered and what.

    ``key``: the charts may show what the key expects (the trainer ticked "Mark the key"); without
    it they hold nothing of the key, not even its order (the dashboard may be on the projector).
    """
    tally = Tally()
    sessions: Counter[str] = Counter()
    for record in records:
        if isinstance(record, Rejection):
            tally.unreadable += 1
            continue
        sessions[record.session] += 1
        if record.session == session:
            tally.add(record)
    return tally.view(workshop, session, now, key, tuple(sorted(sessions.items())))


@dataclass
class Tally:
    """One session's attempts as the dashboard needs them, fed one attempt at a time (the live room)."""

    latest: dict[tuple[str, str], Response] = field(default_factory=dict)  # (participant, exercise) → counts
    attempts: Counter[str] = field(default_factory=Counter)  # per exercise
    unreadable: int = 0

    def add(self, response: Response) -> None:
        """The latest ``submitted_at`` counts; on a tie the one added last (DESIGN §6)."""
        place = (response.participant, response.exercise)
        current = self.latest.get(place)
        if current is None or response.submitted_at >= current.submitted_at:
            self.latest[place] = response
        self.attempts[response.exercise] += 1

    def view(self, workshop: Workshop, session: str, now: datetime, key: bool = False,
             sessions: tuple[tuple[str, int], ...] = ()) -> RoomView:
        by_exercise: dict[str, list[Response]] = {}
        for response in self.latest.values():
            by_exercise.setdefault(response.exercise, []).append(response)
        modules = tuple(
            ModuleRoom(module, tuple(
                exercise_room(exercise, by_exercise.get(exercise.id, []), self.attempts[exercise.id],
                              workshop.catalog.language.get(exercise.id, module.language), key)
                for exercise in module.exercises))
            for module in workshop.modules
        )
        people = {participant for participant, _ in self.latest}
        return RoomView(session, len(people), sum(self.attempts.values()), self.unreadable, modules, now, sessions)


def exercise_room(exercise: Exercise, latest: list[Response], attempts: int, language: str = "en",
                  key: bool = False) -> ExerciseRoom:
    """One exercise: ``latest`` holds each participant's attempt that counts."""
    valid: list[Response] = []
    percents: list[float] = []
    invalid = full = 0
    for response in latest:
        result = score(exercise, response.answer)
        if result.status == "invalid":
            invalid += 1
            continue
        valid.append(response)
        if result.status == "scored" and result.max_score:
            percents.append(100 * (result.score or 0) / result.max_score)
            full += (result.score or 0) >= result.max_score - FULL
    answers = [response.answer for response in valid]
    builder = CHARTS.get(type(exercise))
    charts = tuple(builder(exercise, answers, language, key)) if builder else ()
    texts = WRITTEN.get(type(exercise))
    written = tuple(
        Written(response.participant, response.submitted_at, parts)
        for response in sorted(valid, key=lambda r: r.submitted_at, reverse=True)
        if texts and (parts := texts(exercise, response.answer, language))
    )
    return ExerciseRoom(exercise, len(latest), attempts, invalid,
                        sum(percents) / len(percents) if percents else None, full, len(percents), charts, written)


# -- charts per type ------------------------------------------------------------------------------

def _single(exercise: SingleChoice, answers: list[Any], language: str, key: bool) -> list[Chart]:
    _ = translator(language)
    chosen = Counter(answers)
    bars = tuple(Bar(option.text, chosen[option.id], key and bool(option.correct)) for option in exercise.options)
    return [Chart(_("Answers"), bars, len(answers))]


def _multiple(exercise: MultipleChoice, answers: list[Any], language: str, key: bool) -> list[Chart]:
    _ = translator(language)
    ticked = Counter(option_id for answer in answers for option_id in set(answer))
    bars = tuple(Bar(option.text, ticked[option.id], key and exercise.is_correct(option))
                 for option in exercise.options)
    return [Chart(_("Ticked"), bars, len(answers))]


def _ordering(exercise: Ordering, answers: list[Any], language: str, key: bool) -> list[Chart]:
    _ = translator(language)
    exact = sum(1 for answer in answers if list(answer) == exercise.key)
    whole = Chart(_("The whole order"), (Bar(_("Entirely right"), exact, key),), len(answers))
    if not key:  # the items in the key's order would give the order away: what was put first, A to Z
        first = Counter(answer[0] for answer in answers if answer)
        bars = tuple(Bar(item.text, first[item.id]) for item in sorted(exercise.items, key=lambda item: item.text))
        return [Chart(_("Put first"), bars, len(answers)), whole]
    placed = Counter((place, item_id) for answer in answers for place, item_id in enumerate(answer, start=1))
    bars = tuple(Bar(f"{place}. {item.text}", placed[place, item.id], True)
                 for place, item in enumerate(exercise.items, start=1))
    return [Chart(_("In the right place"), bars, len(answers)), whole]


def _matching(exercise: Matching, answers: list[Any], language: str, key: bool) -> list[Chart]:
    """Per left side, the right sides chosen (A to Z, so that their order gives no pair away)."""
    rights = sorted(exercise.pairs, key=lambda pair: pair.right)
    charts = []
    for pair in exercise.pairs:
        chosen = Counter(answer.get(pair.id) for answer in answers)
        bars = tuple(Bar(right.right, chosen[right.id], key and right.id == pair.id) for right in rights)
        charts.append(Chart(pair.left, bars, sum(bar.count for bar in bars)))
    return charts


def _likert(exercise: Likert, answers: list[Any], language: str, key: bool) -> list[Chart]:
    _ = translator(language)
    scale = exercise.scale or default_scale(language)
    charts = []
    for statement in exercise.statements:
        given = Counter(answer.get(statement.id) for answer in answers)
        title = statement.text + (f" ({_('reversed')})" if statement.reverse else "")
        bars = tuple(Bar(label, given[value]) for value, label in enumerate(scale, start=1))
        charts.append(Chart(title, bars, sum(bar.count for bar in bars)))
    return charts


def _scenario(exercise: Scenario, answers: list[Any], language: str, key: bool) -> list[Chart]:
    _ = translator(language)
    reached = Counter(score(exercise, answer).ending for answer in answers)
    best = exercise.best_path() if key else []
    best_ending = best[-1].goto if best else None
    bars = tuple(Bar(node.outcome or node.id, reached[node.id], node.id == best_ending) for node in exercise.endings)
    first = exercise.node_by_id[exercise.start]
    taken = Counter(answer[0] for answer in answers if answer)
    best_first = best[0].id if best else None
    first_bars = tuple(Bar(choice.text, taken[choice.id], choice.id == best_first) for choice in first.choices or [])
    return [Chart(_("Endings"), bars, len(answers)), Chart(_("First choice"), first_bars, len(answers))]


CHARTS: dict[type[Exercise], Callable[[Any, list[Any], str, bool], list[Chart]]] = {
    SingleChoice: _single,
    MultipleChoice: _multiple,
    Ordering: _ordering,
    Matching: _matching,
    Likert: _likert,
    Scenario: _scenario,
}


# -- texts to read out --------------------------------------------------------------------------

def _free_text(exercise: FreeText, answer: Any, language: str) -> tuple[tuple[str, str], ...]:
    return (("", answer),) if answer.strip() else ()


def _case_discussion(exercise: CaseDiscussion, answer: Any, language: str) -> tuple[tuple[str, str], ...]:
    prompts = ({dimension.id: dimension.prompt for dimension in exercise.dimensions} if exercise.dimensions
               else {dimension_id: dimension_prompt(dimension_id, language) for dimension_id in exercise.dimension_ids})
    return tuple((prompt, answer[dimension_id]) for dimension_id, prompt in prompts.items()
                 if str(answer.get(dimension_id, "")).strip())


WRITTEN: dict[type[Exercise], Callable[[Any, Any, str], tuple[tuple[str, str], ...]]] = {
    FreeText: _free_text,
    CaseDiscussion: _case_discussion,
}
