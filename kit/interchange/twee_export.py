"""A scenario → a Twee 3 story that opens in Twine, with kit-only data in a ``KitData`` passage.

Each node is a passage (named by its id when that is a safe passage name), each choice a link.
Where every choice into a passage scores the same, the passage gets Harlowe ``(set:)`` macros, so
the story keeps its scores when played in Twine. ``KitData`` holds a patch over what reading the
story back gives (ids, speakers, feedback, scores the macros cannot say…), nodes keyed by passage
name; the story is read back before it is written, and refused whole if it would not come back equal.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from kit.interchange import patch
from kit.interchange.report import Note, NotWritable
from kit.interchange.slug import Slugger
from kit.interchange.twee_import import SPECIAL, apply_kit_data, story_data
from kit.interchange.twee_parse import read_twee
from kit.models import Exercise, Scenario, parse_exercise

HARLOWE = {"format": "Harlowe", "format-version": "3.3.9"}
_IFID_NAMESPACE = uuid.UUID("5b0f4a52-7a8e-4c55-9f0e-6b1f3c2d8e11")
_UNSAFE_NAME = re.compile(r"[\[\]{}\\|\n]|->|<-|^\s|\s$|^::|^$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")



def exercise_twee(exercise: Exercise) -> str:
    """The Twee 3 text of a scenario; NotWritable for any other exercise or a story that would change."""
    if not isinstance(exercise, Scenario):
        raise NotWritable(f"{exercise.type_name} exercises cannot be written to Twee (a Twine story holds a "
                          "branching scenario)")
    names = _passage_names(exercise)
    story = _story_text(exercise, names, kit=None)
    derived = _read_back(story)
    wanted = exercise.model_dump(mode="json")
    kit = _kit_data(wanted, derived)
    text = _story_text(exercise, names, kit)
    _check_round_trip(exercise, text)
    return text


def _passage_names(exercise: Scenario) -> dict[str, str]:
    """node id → passage name: the id itself when links and headers can carry it."""
    names: dict[str, str] = {}
    used = Slugger()
    used.used.update(node.id for node in exercise.nodes)
    used.used.update(SPECIAL)
    for node in exercise.nodes:
        if _UNSAFE_NAME.search(node.id) or node.id in SPECIAL:
            names[node.id] = used.unique("node")
        else:
            names[node.id] = node.id
    return names


def _story_text(exercise: Scenario, names: dict[str, str], kit: dict[str, Any] | None) -> str:
    data = {"ifid": str(uuid.uuid5(_IFID_NAMESPACE, exercise.id)).upper(), **HARLOWE,
            "start": names[exercise.start]}
    parts = [f":: StoryTitle\n{_one_line(exercise.title)}", ":: StoryData\n" + json.dumps(data, indent=2)]
    macros = _macros(exercise)
    for column, node in enumerate(exercise.nodes):
        lines = [*macros.get(node.id, []), _content(node.text)]
        for choice in node.choices or []:
            lines.append(_link(choice.text, names[choice.goto]))
        position = json.dumps({"position": f"{100 + 150 * (column % 8)},{100 + 150 * (column // 8)}"})
        parts.append(f":: {_header_name(names[node.id])} {position}\n" + "\n".join(lines))
    if kit:
        parts.append(":: KitData\n" + json.dumps(kit, ensure_ascii=False, indent=2, sort_keys=True))
    return "\n\n\n".join(parts) + "\n"


def _macros(exercise: Scenario) -> dict[str, list[str]]:
    """Harlowe set macros for passages whose incoming choices all score the same."""
    incoming: dict[str, list[dict[str, int]]] = {}
    for node in exercise.nodes:
        for choice in node.choices or []:
            incoming.setdefault(choice.goto, []).append(choice.score)
    macros: dict[str, list[str]] = {}
    for node_id, scores in incoming.items():
        first = scores[0]
        if first and all(score == first for score in scores) and all(_VARIABLE.match(name) for name in first):
            macros[node_id] = [
                f"(set: ${name} to it {'+' if value >= 0 else '-'} {abs(value)})" for name, value in first.items()
            ]
    return macros


def _content(text: str) -> str:
    # a line starting with '::' would start a passage; KitData restores the text as written
    return "\n".join(" " + line if line.startswith("::") else line for line in text.split("\n"))


# what would end a link or split it in the wrong place; KitData restores the text as written
_LINK_SAFE = (("->", "→"), ("<-", "←"), ("[", "("), ("]", ")"), ("|", "/"))


def _link(text: str, target: str) -> str:
    text = _one_line(text)
    for unsafe, safe in _LINK_SAFE:
        text = text.replace(unsafe, safe)
    return f"[[{target}]]" if text == target else f"[[{text}->{target}]]"


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "-"


def _header_name(name: str) -> str:
    return re.sub(r"([\[\]{}\\])", r"\\\1", name)


def _read_back(text: str) -> dict[str, Any]:
    notes: list[Note] = []
    data, _ = story_data(read_twee(text), "story.twee", notes)
    if data is None:
        raise NotWritable("the story cannot be written so that Twee reads it back as a scenario")
    return data


def _kit_data(wanted: dict[str, Any], derived: dict[str, Any]) -> dict[str, Any]:
    """The patch, with node patches keyed by passage name (robust to Twine reordering passages)."""
    top = patch.diff({k: v for k, v in wanted.items() if k != "nodes"},
                     {k: v for k, v in derived.items() if k != "nodes"})
    kit: dict[str, Any] = {"id": wanted["id"], **top}
    if len(wanted["nodes"]) != len(derived["nodes"]):
        raise NotWritable("the story cannot be written so that every node comes back as a passage")
    nodes = {}
    for node, passage in zip(wanted["nodes"], derived["nodes"], strict=True):
        change = patch.diff(node, passage)
        if change:
            nodes[passage["id"]] = change
    if nodes:
        kit["nodes"] = nodes
    return kit


def _check_round_trip(exercise: Scenario, text: str) -> None:
    notes: list[Note] = []
    passages = read_twee(text)
    data, kit = story_data(passages, "story.twee", notes)
    if data is None or kit is None:
        raise NotWritable("the story cannot be written so that Twee reads it back as a scenario")
    data = apply_kit_data(data, kit, "story.twee", notes)
    try:
        again = parse_exercise(data)
    except Exception as error:  # ExerciseInvalid: what came back is not the same scenario
        raise NotWritable(f"Twee cannot hold this scenario without changing it ({error})") from None
    if again != exercise:
        raise NotWritable("Twee cannot hold this scenario without changing it")
