"""A Twine story (Twee 3) → one scenario exercise (DESIGN §11).

Passages are nodes (named as in the story), links are choices, a passage without links is an
ending whose outcome is its name. A choice scores what the passage it leads to adds to story
variables with Harlowe ``(set: $x to it + 2)`` or SugarCube ``<<set $x += 2>>``; a ``KitData``
passage (written by ``kit export``) wins over the macros.

A story without any such macro is imported with 0 on every choice and a warning: the notebook
then holds the whole graph, and ``kit check`` says what is missing (a scenario's best path must
score more than 0), which the trainer fixes by adding ``score`` values in the notebook or macros in
Twine. A story that goes round in a circle cannot be a scenario at all and is kept verbatim.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from kit.errors import ExerciseInvalid
from kit.interchange import patch
from kit.interchange.cells import Cell, cell_source, exercise_source
from kit.interchange.report import Note
from kit.interchange.slug import slugify
from kit.interchange.twee_parse import Passage, read_twee, score_changes
from kit.jsonline import loads_bounded
from kit.models import parse_exercise
from kit.models.base import ID_PATTERN, Suggestions

SPECIAL = ("StoryTitle", "StoryData", "KitData")
HIDDEN_TAGS = ("script", "stylesheet")


def import_twee(text: str, path: str, language: str = "en") -> tuple[list[Cell], list[Note]]:
    """The cells of a notebook holding the story as one scenario, and what had to be reported."""
    notes: list[Note] = []
    passages = read_twee(text)
    for passage in passages:
        notes += [Note(path, line, message) for line, message in passage.problems]
    data, kit = story_data(passages, path, notes)
    if data is None:
        return [Cell("raw", text.rstrip("\n"), {"format": "twee", "line": 1})], notes
    if kit is not None:
        data = apply_kit_data(data, kit, path, notes)
    wanted = data.get("id")
    data["id"] = wanted if isinstance(wanted, str) and re.match(ID_PATTERN, wanted) else slugify(data["title"], "story")
    try:
        exercise = parse_exercise(data)
    except ExerciseInvalid as error:
        if _only_scores_missing(data):
            # imported with 0 everywhere (reported above); kit check will ask for scores
            return [Cell("exercise", _unchecked_source(data), {"twee": path})], notes
        line = _title_line(passages)
        notes.append(Note(path, line, f"the story cannot become a valid scenario ({error}); kept verbatim in "
                                      "a raw cell"))
        return [Cell("raw", text.rstrip("\n"), {"format": "twee", "line": 1})], notes
    return [Cell("exercise", exercise_source(exercise), {"twee": path})], notes


def story_data(passages: list[Passage], path: str, notes: list[Note]) -> tuple[dict[str, Any] | None, Any]:
    """The scenario the story's passages describe (before KitData), and the KitData; None if it has a cycle."""
    by_name: dict[str, Passage] = {}
    story: list[Passage] = []
    special: dict[str, Passage] = {}
    for passage in passages:
        if passage.name in SPECIAL:
            special.setdefault(passage.name, passage)
        elif any(tag in HIDDEN_TAGS for tag in passage.tags):
            continue
        elif passage.name in by_name:
            notes.append(Note(path, passage.line, f"a second passage named '{passage.name}' (the first is on line "
                                                  f"{by_name[passage.name].line}); left out"))
        else:
            by_name[passage.name] = passage
            story.append(passage)
    title = special["StoryTitle"].source.strip() if "StoryTitle" in special else ""
    title = title.splitlines()[0].strip() if title else Path(path).stem
    if not story:
        notes.append(Note(path, 1, "the story has no passages to make a scenario of; kept verbatim in a raw cell"))
        return None, None
    start = _start(special.get("StoryData"), by_name, story, path, notes)
    targets = _links(story, by_name, path, notes)
    reachable = _reachable(start, targets)
    for passage in story:
        if passage.name not in reachable:
            notes.append(Note(path, passage.line, f"passage '{passage.name}' cannot be reached from the start "
                                                  f"'{start}'; left out"))
    story = [passage for passage in story if passage.name in reachable]
    cycle = _cycle(start, targets)
    if cycle:
        line = by_name[cycle[0]].line
        notes.append(Note(path, line, "the story goes round in a circle (" + " → ".join(cycle) + "); a scenario "
                                      "always moves on towards an ending, so the story is kept verbatim in a raw cell"))
        return None, None
    if not any(passage.changes for passage in story) and "KitData" not in special:
        line = special["StoryTitle"].line if "StoryTitle" in special else story[0].line
        notes.append(Note(path, line, "no passage adds to a story variable ((set: $empathy to it + 2) or "
                                      "<<set $empathy += 2>>), so every choice scores 0; give the choices "
                                      "'score' values in the notebook (kit check will ask for them)"))
    nodes = [_node(passage, targets[passage.name], by_name) for passage in story]
    data: dict[str, Any] = {"id": None, "type": "scenario", "title": title, "start": start, "nodes": nodes}
    with contextlib.suppress(ExerciseInvalid):  # KitData may still make it valid; import_twee() reports if not
        data = parse_exercise({**data, "id": "imported"}).model_dump(mode="json") | {"id": None}
    return data, _kit_data(special.get("KitData"), path, notes)


def _start(story_data: Passage | None, by_name: dict[str, Passage], story: list[Passage], path: str,
           notes: list[Note]) -> str:
    if story_data is not None:
        try:
            meta = loads_bounded(story_data.source)
            if not isinstance(meta, dict):
                raise ValueError("not a JSON object")
        except ValueError as error:
            notes.append(Note(path, story_data.line, f"StoryData cannot be read ({error}); the start is the "
                                                     "passage 'Start', else the first passage"))
        else:
            start = meta.get("start")
            if isinstance(start, str) and start in by_name:
                return start
            if start is not None:
                notes.append(Note(path, story_data.line, f"StoryData names the start '{start}', which is not a "
                                                         "passage; the start is 'Start', else the first passage"))
    return "Start" if "Start" in by_name else story[0].name


def _links(story: list[Passage], by_name: dict[str, Passage], path: str, notes: list[Note]) -> dict[str, list]:
    """Each passage's links that lead somewhere (a link to a missing passage is reported)."""
    targets: dict[str, list] = {}
    suggest = Suggestions(by_name)
    for passage in story:
        kept = []
        for link in passage.links:
            target = link.target if link.target in by_name else link.target.strip()
            if target in by_name:
                kept.append((link, target))
            else:
                hint = suggest(link.target.strip())
                notes.append(Note(path, link.line, f"the link '{link.text}' in passage '{passage.name}' leads to "
                                                   f"'{link.target}', which is not a passage{hint}; left out"))
        targets[passage.name] = kept
    return targets


def _reachable(start: str, targets: dict[str, list]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for _, target in targets[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _cycle(start: str, targets: dict[str, list]) -> list[str] | None:
    """A circle of passages reachable from the start, as [a, b, …, a], or None."""
    state: dict[str, int] = {start: 1}
    path, stack = [start], [iter(targets[start])]
    while stack:
        for _, target in stack[-1]:
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(targets[target]))
                break
        else:
            state[path.pop()] = 2
            stack.pop()
    return None


def _node(passage: Passage, links: list, by_name: dict[str, Passage]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": passage.name, "text": passage.text or passage.name}
    if not links:
        node["outcome"] = passage.name
        return node
    choices = []
    for link, target in links:
        score = dict(by_name[target].changes)
        for name, amount in score_changes(link.setter or "").items():
            score[name] = score.get(name, 0) + amount
        choice: dict[str, Any] = {"text": link.text.strip() or target, "goto": target}
        if score:
            choice["score"] = score
        choices.append(choice)
    node["choices"] = choices
    return node


def _kit_data(passage: Passage | None, path: str, notes: list[Note]) -> Any:
    if passage is None:
        return None
    try:
        kit = loads_bounded(passage.source)
        if not isinstance(kit, dict):
            raise ValueError("not a JSON object")
    except ValueError as error:
        notes.append(Note(path, passage.line, f"KitData cannot be read ({error}); the story's macros give the "
                                              "scores"))
        return None
    return kit


def apply_kit_data(data: dict[str, Any], kit: dict[str, Any], path: str, notes: list[Note]) -> dict[str, Any]:
    """KitData is a patch over the story's own reading; its ``nodes`` are keyed by passage name."""
    node_patches = kit.get("nodes", {})
    top = {key: value for key, value in kit.items() if key != "nodes"}
    data = patch.apply(data, top)
    if isinstance(node_patches, dict):
        index = {node["id"]: number for number, node in enumerate(data["nodes"])}
        for name, change in node_patches.items():
            if name in index:
                data["nodes"][index[name]] = patch.apply(data["nodes"][index[name]], change)
            else:
                notes.append(Note(path, 1, f"KitData describes a passage '{name}' that the story does not "
                                           "have; ignored"))
    return data


def _only_scores_missing(data: dict[str, Any]) -> bool:
    """Would the scenario be valid if its choices scored something? (A story without score macros.)"""
    choices = [choice for node in data.get("nodes") or [] for choice in node.get("choices") or []]
    if not choices or any(choice.get("score") for choice in choices):
        return False
    probe = patch.apply(data, {})
    for node in probe["nodes"]:
        for choice in node.get("choices") or []:
            choice["score"] = {"probe": 1}
    try:
        parse_exercise(probe)
    except ExerciseInvalid:
        return False
    return True


def _unchecked_source(data: dict[str, Any]) -> str:
    """The exercise cell of a scenario that is not valid yet (no scores): written without the model."""

    def tidy(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: tidy(item) for key, item in value.items() if item not in (None, {}, [])}
        if isinstance(value, list):
            return [tidy(item) for item in value]
        return value

    return cell_source(tidy(data))


def _title_line(passages: list[Passage]) -> int:
    return next((passage.line for passage in passages if passage.name == "StoryTitle"), 1)
