"""The facilitator guide of one workshop day, as data: modules, agenda, groups, keys, the room.

``build_guide`` reads the notebooks (and roster, results, responses) and returns a ``Guide``;
everything after reading is pure. Rendering lives in ``kit.guide.render``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kit.errors import InputError, Problem
from kit.guide.agenda import (
    DEFAULT_START,
    BreakSpec,
    Entry,
    insert_auto_breaks,
    insert_breaks,
    parse_break,
    parse_clock,
)
from kit.guide.cells import module_entries
from kit.guide.groups import Person, read_roster, split_groups
from kit.guide.keys import Key, exercise_key
from kit.guide.room import Results, Room, read_scores, scores_from_responses, summarise
from kit.i18n import translator
from kit.models import Exercise
from kit.notebook import Module, find_notebooks, read_module
from kit.responses import Rejection


@dataclass(frozen=True)
class ExerciseView:
    exercise: Exercise
    key: Key
    language: str
    where: str  # PATH:CELL
    room: Room | None = None


@dataclass(frozen=True)
class Grouping:
    size: int
    modules: list[str]
    groups: list[list[Person]]


@dataclass(frozen=True)
class Guide:
    language: str
    modules: list[Module]
    entries: list[Entry]
    start: int
    people: list[Person] = field(default_factory=list)
    groupings: list[Grouping] = field(default_factory=list)
    results: Results | None = None
    problems: list[Problem] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def end(self) -> int:
        timed = [entry for entry in self.entries if entry.timed]
        return timed[-1].end or self.start if timed else self.start

    @property
    def agenda(self) -> list[Entry]:
        """Module headings and everything that takes time, in order."""
        return [entry for entry in self.entries if entry.timed or entry.kind == "module"]

    @property
    def exercises(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.kind == "exercise"]

    def sections(self) -> list[tuple[Entry, list[list[Entry]]]]:
        """Per module: its heading and its pages. A page ends with an exercise, so the notes and agenda
        items written above an exercise share its page; what follows the last exercise ends the module."""
        sections: list[tuple[Entry, list[list[Entry]]]] = []
        for entry in self.entries:
            if entry.kind == "module":
                sections.append((entry, [[]]))
                continue
            pages = sections[-1][1]
            pages[-1].append(entry)
            if entry.kind in ("exercise", "invalid"):
                pages.append([])
        return [(heading, [page for page in pages if page]) for heading, pages in sections]


def build_guide(
    notebooks: Sequence[str | os.PathLike[str]],
    start: str | None = None,
    roster: str | os.PathLike[str] | None = None,
    results: str | os.PathLike[str] | None = None,
    responses: Sequence[str | os.PathLike[str]] = (),
    breaks: Iterable[str] = (),
    session: str | None = None,
    auto_breaks: bool = False,
) -> Guide:
    """Read everything for one day's guide; InputError for arguments that cannot be used at all.

    Problems in the notebooks (invalid exercises, agenda cells without minutes) and unreadable lines
    of the roster or results are collected in the guide, which still shows all the rest.
    """
    if session is not None and results is None and not responses:
        raise InputError("--session picks a session of --results or --responses; give one of them too")
    start_time = _start(start)
    specs = [_break(text) for text in breaks]
    paths = _notebook_paths(notebooks)
    read = [read_module(path) for path in paths]
    problems = [problem for module in read for problem in module.problems]
    # a notebook that cannot be read at all is reported, and has no place in the day
    modules = [module for module in read if module.cells]
    entries: list[Entry] = []
    for index, module in enumerate(modules):
        for cell in module.exercises:
            problems += cell.problems
        module_list, agenda_problems = module_entries(module, index)
        entries += module_list
        problems += agenda_problems
    entries, duplicates = _unique_ids(entries, modules)
    problems += duplicates
    language = modules[0].meta.language if modules else "en"
    try:
        entries = insert_breaks(entries, specs, start_time, translator(language)("Break"))
    except ValueError as error:
        raise InputError(f"--break: {error}") from None
    if auto_breaks:
        entries = insert_auto_breaks(entries, start_time, translator(language)("Coffee break"))
    guide = Guide(language, modules, entries, start_time, problems=sorted(problems, key=_problem_order(paths)))
    if roster is not None:
        room = read_roster(roster)
        guide = replace(guide, people=room.people, groupings=groupings(modules, room.people),
                        rejections=guide.rejections + room.rejections)
    if results is not None or responses:
        guide = _with_results(guide, results, responses, session)
    return _with_keys(guide)


def groupings(modules: list[Module], people: list[Person]) -> list[Grouping]:
    """One grouping per distinct ``group_size`` of the day's modules (usually just one)."""
    sizes: dict[int, list[str]] = {}
    for module in modules:
        sizes.setdefault(module.meta.group_size, []).append(module.title)
    return [Grouping(size, titles, split_groups(people, size)) for size, titles in sizes.items()]


def _with_keys(guide: Guide) -> Guide:
    rooms = guide.results.rooms if guide.results else {}
    entries = []
    for entry in guide.entries:
        if entry.kind == "exercise":
            module = guide.modules[entry.module]
            language = module.meta.language
            view = ExerciseView(entry.payload, exercise_key(entry.payload, language), language,
                                f"{module.path}:{entry.cell}", rooms.get(str(entry.exercise_id)))
            entry = replace(entry, payload=view)
        entries.append(entry)
    return replace(guide, entries=entries)


def _with_results(guide: Guide, results: str | os.PathLike[str] | None,
                  responses: Sequence[str | os.PathLike[str]], session: str | None) -> Guide:
    from kit.inputs import load_inputs

    exercises = {str(entry.exercise_id): entry.payload for entry in guide.entries if entry.kind == "exercise"}
    rejections = list(guide.rejections)
    loaded = load_inputs(responses) if responses else None
    if loaded:
        rejections += loaded.rejections
    if results is not None:
        rows, rejected = read_scores(results)
        rejections += rejected
    else:
        rows = scores_from_responses(loaded.responses if loaded else [], exercises)
    summary = summarise(exercises, rows, loaded.responses if loaded else [], session)
    if session is not None and not summary.sessions:
        raise InputError(f"--session {session}: no result of this session for the exercises of the guide")
    return replace(guide, results=summary, rejections=rejections)


def _unique_ids(entries: list[Entry], modules: list[Module]) -> tuple[list[Entry], list[Problem]]:
    """Ids must be unique across the day; a repeated one is reported and shown as invalid."""
    first: dict[str, str] = {}
    problems: list[Problem] = []
    result = []
    for entry in entries:
        if entry.exercise_id and entry.kind in ("exercise", "invalid"):
            where = f"{modules[entry.module].path}:{entry.cell}"
            if entry.exercise_id in first:
                problem = Problem(modules[entry.module].path, entry.cell or 0, entry.exercise_id,
                                  f"the id '{entry.exercise_id}' is already used at {first[entry.exercise_id]}; "
                                  "ids must be unique across all notebooks of the day")
                problems.append(problem)
                entry = replace(entry, kind="invalid", exercise_id=None, payload=[problem])
            else:
                first[entry.exercise_id] = where
        result.append(entry)
    return result, problems


def _problem_order(paths: list[Path]) -> Callable[[Problem], tuple[int, int]]:
    order = {str(path): index for index, path in enumerate(paths)}
    return lambda problem: (order.get(problem.path, len(order)), problem.cell)


def _start(text: str | None) -> int:
    if text is None:
        return DEFAULT_START
    try:
        return parse_clock(text)
    except ValueError as error:
        raise InputError(f"--start: {error}") from None


def _break(text: str) -> BreakSpec:
    try:
        return parse_break(text)
    except ValueError as error:
        raise InputError(f"--break: {error}") from None


def _notebook_paths(notebooks: Sequence[str | os.PathLike[str]]) -> list[Path]:
    if not notebooks:
        raise InputError("give at least one exercise notebook (.ipynb)")
    paths: list[Path] = []
    for notebook in notebooks:
        path = Path(notebook)
        if not path.exists():
            raise InputError(f"{notebook}: no such file; give an exercise notebook (.ipynb) or a folder of them")
        found = list(find_notebooks([path]))
        if not found:
            raise InputError(f"{notebook}: no notebooks (.ipynb) in this folder")
        paths += found
    return paths
