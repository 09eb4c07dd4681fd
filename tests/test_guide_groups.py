"""Splitting the room into groups, and reading the roster (kit.guide.groups)."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.errors import InputError
from kit.guide.groups import Person, parse_roster, read_roster, split_groups


def people(n: int) -> list[Person]:
    return [Person(f"p{i:02d}") for i in range(1, n + 1)]


def test_twenty_three_people_in_groups_of_ten_make_eight_eight_seven():
    groups = split_groups(people(23), 10)
    assert [len(group) for group in groups] == [8, 8, 7]
    assert sorted(p.participant for group in groups for p in group) == [p.participant for p in people(23)]


def test_the_same_roster_gives_the_same_groups():
    assert split_groups(people(17), 4) == split_groups(people(17), 4)


def test_neighbours_on_the_roster_land_in_different_groups():
    groups = split_groups(people(6), 3)
    assert [[p.participant for p in group] for group in groups] == [["p01", "p03", "p05"], ["p02", "p04", "p06"]]


def test_nobody_means_no_group_and_a_size_below_one_is_refused():
    assert split_groups([], 10) == []
    with pytest.raises(ValueError):
        split_groups(people(3), 0)


@given(n=st.integers(0, 300), size=st.integers(1, 20))
def test_everybody_in_exactly_one_group_of_at_most_size_sizes_within_one(n, size):
    groups = split_groups(people(n), size)
    members = Counter(p.participant for group in groups for p in group)
    assert set(members) == {p.participant for p in people(n)} and set(members.values()) <= {1}
    assert len(groups) == math.ceil(n / size)
    if groups:
        sizes = [len(group) for group in groups]
        assert max(sizes) <= size and max(sizes) - min(sizes) <= 1


def test_roster_with_bom_semicolons_and_extra_columns():
    text = "\ufeffParticipant;Name;Organisation\np01;Kovács Anna;Békés\r\np02;;Brno\n\np03;Dvořák Jan;x\n"
    roster = parse_roster(text)
    assert roster.people == [Person("p01", "Kovács Anna"), Person("p02"), Person("p03", "Dvořák Jan")]
    assert [p.shown for p in roster.people] == ["Kovács Anna", "p02", "Dvořák Jan"]
    assert roster.rejections == []


def test_roster_rows_without_an_id_or_repeated_are_reported_and_left_out():
    roster = parse_roster("participant,name\np01,Anna\n,Nobody\np01,Anna again\np02,Bence\n", "room.csv")
    assert [p.participant for p in roster.people] == ["p01", "p02"]
    assert [str(r) for r in roster.rejections] == [
        "room.csv:3: no participant id on this line; the row is left out",
        "room.csv:4: participant 'p01' is already on line 2; the repeated row is left out",
    ]


def test_roster_without_a_participant_column_cannot_be_used():
    with pytest.raises(InputError, match=r"no 'participant' column.*found: id, name"):
        parse_roster("id,name\np01,Anna\n")


def test_read_roster_names_the_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"--roster .*missing\.csv: no such file"):
        read_roster(tmp_path / "missing.csv")


def test_read_roster_rejects_the_rows_that_are_not_utf8_and_keeps_the_rest(tmp_path):
    path = tmp_path / "latin2.csv"
    path.write_bytes("participant,name\np01,Kovács Anna\np02,Nagy Bence\n".encode("cp1250"))
    roster = read_roster(path)
    assert [person.participant for person in roster.people] == ["p02"]
    assert [str(r) for r in roster.rejections] == [
        f"{path}:2: holds bytes that are not UTF-8 text; save the file as CSV UTF-8; the row is left out"]


def test_one_grouping_per_group_size_of_the_days_modules(write_notebook):
    from kit.guide.day import groupings
    from kit.notebook import read_module

    modules = [read_module(write_notebook(name, title=name, **meta)) for name, meta in
               (("a.ipynb", {}), ("b.ipynb", {"group_size": 4}), ("c.ipynb", {"group_size": 10}))]
    found = groupings(modules, people(9))
    assert [(g.size, g.modules, [len(group) for group in g.groups]) for g in found] == [
        (10, ["a.ipynb", "c.ipynb"], [9]), (4, ["b.ipynb"], [3, 3, 3])]
