"""The day's timeline: clock times, agenda items and breaks (kit.guide.agenda), in memory."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.guide.agenda import (
    BreakSpec,
    Entry,
    clock,
    duration,
    insert_auto_breaks,
    insert_breaks,
    parse_break,
    parse_clock,
    schedule,
    total_minutes,
)


def day(*minutes: float) -> list[Entry]:
    """A module heading and one exercise per duration, ids ex-1, ex-2…"""
    entries = [Entry("module", "Module")]
    entries += [Entry("exercise", f"Exercise {i}", m, exercise_id=f"ex-{i}") for i, m in enumerate(minutes, 1)]
    return entries


def starts(entries: list[Entry]) -> list[tuple[str, str]]:
    return [(entry.title, clock(entry.start)) for entry in entries if entry.timed]


def test_exercise_k_starts_after_the_minutes_of_all_before_it():
    timed = schedule(day(5, 8, 30, 3), parse_clock("09:00"))
    assert starts(timed) == [("Exercise 1", "09:00"), ("Exercise 2", "09:05"), ("Exercise 3", "09:13"),
                             ("Exercise 4", "09:43")]
    assert clock(timed[-1].end) == "09:46"
    assert total_minutes(timed) == 46


def test_default_start_is_nine_and_notes_take_no_time():
    entries = day(10, 10)
    entries.insert(2, Entry("note", body="Read this aloud."))
    timed = schedule(entries)
    assert [clock(entry.start) for entry in timed] == ["09:00", "09:00", "09:10", "09:10"]


def test_fractional_minutes_show_seconds_only_when_needed():
    timed = schedule(day(2.5, 2.5, 1), parse_clock("13:30"))
    assert [clock(entry.start) for entry in timed if entry.timed] == ["13:30", "13:32:30", "13:35"]


def test_clock_wraps_at_midnight():
    assert clock(parse_clock("23:50") + 20 * 60) == "00:10"


@pytest.mark.parametrize("text", ["9", "24:00", "9:60", "09.00", "", "noon"])
def test_unreadable_clock_times_are_refused_with_the_form_to_use(text):
    with pytest.raises(ValueError, match="HH:MM"):
        parse_clock(text)


def test_parse_break_forms():
    assert parse_break("10:30=15 Coffee") == BreakSpec(15, "Coffee", at=parse_clock("10:30"))
    assert parse_break("after:night-call=45 Lunch and a walk") == BreakSpec(45, "Lunch and a walk", after="night-call")
    assert parse_break("before:stuck-case=10") == BreakSpec(10, None, before="stuck-case")
    assert parse_break(" 9:00 = 7,5 Opening round ") == BreakSpec(7.5, "Opening round", at=9 * 3600)


@pytest.mark.parametrize("text", ["Coffee", "10:30", "10:30=0 Nothing", "later=15 Coffee", "after:=5"])
def test_parse_break_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError, match="break"):
        parse_break(text)


def test_a_break_after_an_exercise_shifts_what_follows():
    entries = insert_breaks(day(20, 30, 10), [parse_break("after:ex-1=15 Coffee")], parse_clock("09:00"))
    assert starts(entries) == [("Exercise 1", "09:00"), ("Coffee", "09:20"), ("Exercise 2", "09:35"),
                               ("Exercise 3", "10:05")]
    assert entries[2].kind == "break"


def test_a_break_before_an_exercise_goes_above_the_notes_written_for_it():
    entries = day(20, 30)
    entries.insert(2, Entry("note", body="How to run exercise 2"))
    placed = insert_breaks(entries, [parse_break("before:ex-2=15")], parse_clock("09:00"), "Break")
    assert [entry.kind for entry in placed] == ["module", "exercise", "break", "note", "exercise"]
    assert placed[2].title == "Break"
    assert clock(placed[4].start) == "09:35"


def test_a_clock_break_goes_to_the_nearest_boundary_and_never_cuts_an_exercise():
    # boundaries: 09:20, 09:50, 10:25, 10:40
    entries = insert_breaks(day(20, 30, 35, 15), [parse_break("10:30=15 Coffee")], parse_clock("09:00"))
    assert starts(entries)[3] == ("Coffee", "10:25")
    assert starts(entries)[4] == ("Exercise 4", "10:40")


def test_clock_breaks_are_placed_earliest_first_each_after_the_others():
    entries = insert_breaks(day(60, 60, 60, 60), [parse_break("12:00=45 Lunch"), parse_break("10:00=15 Coffee")],
                            parse_clock("09:00"))
    assert starts(entries) == [("Exercise 1", "09:00"), ("Coffee", "10:00"), ("Exercise 2", "10:15"),
                               ("Exercise 3", "11:15"), ("Lunch", "12:15"), ("Exercise 4", "13:00")]


def test_a_break_naming_an_unknown_exercise_says_which_one_was_meant():
    with pytest.raises(ValueError, match=r"after:ex-22.*did you mean 'ex-2'"):
        insert_breaks(day(5, 5), [parse_break("after:ex-22=5")])


def test_agenda_items_take_time_like_exercises():
    entries = day(10)
    entries.insert(1, Entry("item", "Opening round", 15))
    assert starts(schedule(entries, parse_clock("08:30"))) == [("Opening round", "08:30"), ("Exercise 1", "08:45")]


def breaks_at(entries: list[Entry]) -> list[tuple[str, str]]:
    return [(clock(entry.start), entry.title) for entry in entries if entry.kind == "break"]


def test_auto_breaks_come_about_every_ninety_minutes_between_activities():
    # 09:00 + 8 × 25 minutes: boundaries at 09:25, 09:50 … 12:20; the day ends at 12:20
    entries = insert_auto_breaks(day(*[25] * 8), parse_clock("09:00"), "Coffee")
    # due at 10:30: the nearest boundary is 10:40 (after four exercises); then due at 12:25,
    # but no break falls in the last 30 minutes of the day
    assert breaks_at(entries) == [("10:40", "Coffee")]
    assert all(entry.minutes == 15 for entry in entries if entry.kind == "break")
    assert clock(entries[-1].end) == "12:35"


def test_auto_breaks_count_a_break_already_planned_and_never_cut_an_exercise():
    planned = insert_breaks(day(*[30] * 10), [BreakSpec(45, "Lunch", after="ex-3")], parse_clock("09:00"))
    entries = insert_auto_breaks(planned, parse_clock("09:00"), "Coffee")
    assert breaks_at(entries) == [("10:30", "Lunch"), ("12:45", "Coffee")]
    # one activity of three hours: the break comes after it, not in the middle
    long = insert_auto_breaks(day(180, 60, 60), parse_clock("09:00"), "Coffee")
    assert breaks_at(long) == [("12:00", "Coffee")]


def test_a_short_day_gets_no_automatic_break():
    assert breaks_at(insert_auto_breaks(day(30, 30, 25), parse_clock("09:00"), "Coffee")) == []


@pytest.mark.parametrize(("minutes", "text"), [(0, "0 min"), (45, "45 min"), (60, "1 h"), (103, "1 h 43 min"),
                                               (135, "2 h 15 min")])
def test_the_length_of_the_day_is_said_plainly(minutes, text):
    assert duration(minutes, lambda message: message) == text


@given(st.lists(st.integers(min_value=1, max_value=240), max_size=25))
def test_auto_breaks_keep_the_activities_and_their_order(minutes):
    entries = insert_auto_breaks(day(*minutes), parse_clock("09:00"), "Coffee")
    assert [entry.exercise_id for entry in entries if entry.kind != "break"] == \
           [entry.exercise_id for entry in day(*minutes)]
    timed = [entry for entry in entries if entry.timed]
    end = timed[-1].end if timed else 0
    for index, entry in enumerate(timed):
        if entry.kind == "break":
            assert index > 0 and timed[index - 1].kind != "break"  # never first, never two in a row
            assert (end or 0) - (entry.start or 0) >= 30 * 60  # never in the last half hour
