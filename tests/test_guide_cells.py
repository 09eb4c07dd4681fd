"""A notebook's cells as guide entries: exercises, facilitator notes, agenda items (kit.guide.cells)."""

from __future__ import annotations

import nbformat
import pytest

from kit.guide.cells import module_entries, split_title
from kit.notebook import read_module
from tests.conftest import exercise_cell
from tests.exercises import sample_yaml


def markdown(text: str, *tags: str, **kit: object) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    if kit:
        cell.metadata["kit"] = kit
    return cell


def test_entries_follow_the_notebook_with_notes_and_agenda_items_where_they_stand(write_notebook):
    path = write_notebook(
        "day.ipynb",
        markdown("# Welcome\n\nParticipants read this."),
        markdown("**Opening round.** Everybody says one word.", "agenda", "facilitator", minutes=15),
        exercise_cell(sample_yaml("single")),
        markdown("Run it in pairs.", "facilitator"),
        exercise_cell(sample_yaml("ordering")),
        markdown("## Lunch", "agenda", minutes=45),
    )
    entries, problems = module_entries(read_module(path), 0)
    assert problems == []
    assert [(e.kind, e.title, e.minutes, e.cell) for e in entries] == [
        ("module", "Test module", 0, None),
        ("item", "Opening round", 15, 3),
        ("exercise", "The first sentence", 5, 4),
        ("note", "", 0, 5),
        ("exercise", "Stages", 5, 6),
        ("item", "Lunch", 45, 7),
    ]
    assert entries[1].facilitator and not entries[5].facilitator
    assert entries[3].body == "Run it in pairs."
    assert entries[5].body == ""  # the heading became the title


def test_an_agenda_cell_without_minutes_is_reported_and_planned_with_five(write_notebook):
    path = write_notebook("day.ipynb", markdown("Coffee", "agenda"), markdown("Lunch", "agenda", minute=45))
    entries, problems = module_entries(read_module(path), 0)
    assert [entry.minutes for entry in entries[1:]] == [5, 5]
    assert [(p.cell, p.exercise) for p in problems] == [(2, "-"), (3, "-"), (3, "-")]
    assert "needs metadata.kit.minutes" in problems[0].message and '"minutes": 15' in problems[0].message
    assert any("unknown key" in p.message for p in problems)


def test_an_agenda_title_from_metadata_keeps_the_whole_cell_as_its_body(write_notebook):
    path = write_notebook("day.ipynb", markdown("# Break\n\nStretch.", "agenda", minutes=10, title="Stretch break"))
    item = module_entries(read_module(path), 0)[0][1]
    assert (item.title, item.body) == ("Stretch break", "# Break\n\nStretch.")


def test_an_invalid_exercise_keeps_its_place_title_and_minutes(write_notebook):
    broken = "id: broken-one\ntype: single-choice\ntitle: Broken\nminutes: 12\nprompt: P\noptions: []\n"
    path = write_notebook("day.ipynb", exercise_cell(broken), exercise_cell("type: [unclosed\n"))
    entries, _ = module_entries(read_module(path), 0)
    assert [(e.kind, e.title, e.minutes, e.exercise_id) for e in entries[1:]] == [
        ("invalid", "Broken", 12, "broken-one"), ("invalid", "-", 5, None)]
    assert all(entry.payload for entry in entries[1:])  # the problems travel with the entry


@pytest.mark.parametrize(("source", "title"), [
    ("## Lunch break\n\nDownstairs.", "Lunch break"),
    ("**Closing debate (15 minutes).** The sources disagree.", "Closing debate (15 minutes)"),
    ("Coffee and tea in the hall.", "Coffee and tea in the hall"),
    ("word " * 40, ("word " * 16).strip() + "…"),
    ("", None),
])
def test_split_title(source, title):
    assert split_title(source)[0] == title
