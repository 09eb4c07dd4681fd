"""The dashboard's data: the room's latest answers per exercise, as counts and texts (pure, in memory)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from kit.catalog import Catalog
from kit.responses import Rejection, Response
from kit.workshop.modules import ServedModule, Workshop
from kit.workshop.room import exercise_room, room_view
from tests.exercises import sample

START = datetime(2026, 11, 24, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def answer(participant, exercise, value, minute=0, session="room"):
    return Response(session, participant, exercise, value, START + timedelta(minutes=minute))


def bars(chart):
    return [(bar.label, bar.count, bar.key) for bar in chart.bars]


def test_single_choice_counts_the_latest_answer_of_each_participant():
    room = exercise_room(sample("single"), [answer("p1", "first-words", "b"), answer("p2", "first-words", "c"),
                                            answer("p3", "first-words", "b")], attempts=5, key=True)
    assert (room.answered, room.attempts, room.invalid, room.full, room.scored) == (3, 5, 0, 2, 3)
    assert round(room.mean_percent, 2) == round((100 + 100 + 50) / 3, 2)
    assert bars(room.charts[0]) == [("Ask for the full story.", 0, False),
                                    ("Say your name and that there is time.", 2, True),
                                    ("Wait in silence.", 1, False)]
    assert room.charts[0].of == 3 and room.written == ()


def test_an_answer_of_the_wrong_shape_is_counted_as_invalid_and_left_out_of_the_charts():
    room = exercise_room(sample("multiple"), [answer("p1", "risk-words", ["a", "b"]),
                                              answer("p2", "risk-words", ["zz"])], attempts=2, key=True)
    assert (room.answered, room.invalid) == (2, 1)
    assert [bar.count for bar in room.charts[0].bars] == [1, 1, 0, 0]
    assert [bar.key for bar in room.charts[0].bars] == [True, True, False, True]
    assert room.charts[0].of == 1


def test_ordering_and_matching_count_what_was_put_right_when_the_key_is_asked_for():
    answers = [answer("p1", "call-order", ["contact", "problem", "feelings", "options", "plan"]),
               answer("p2", "call-order", ["problem", "contact", "feelings", "plan", "options"])]
    ordering = exercise_room(sample("ordering"), answers, 2, key=True)
    assert [bar.count for bar in ordering.charts[0].bars] == [1, 1, 2, 1, 1]
    assert ordering.charts[0].bars[0].label == "1. Contact"
    assert [bar.count for bar in ordering.charts[1].bars] == [1]  # the whole order right
    matching = exercise_room(sample("matching"), [
        answer("p1", "support-match", {"sup": "sup", "peer": "fam", "fam": "fam"})], 1, key=True)
    assert matching.charts[0].title == "Regular outside reflection"
    assert bars(matching.charts[0]) == [("Case conference", 0, False), ("Case discussion", 0, False),
                                        ("Coaching", 0, False), ("Supervision", 1, True)]
    assert bars(matching.charts[1])[0] == ("Case conference", 1, False)


def test_without_the_key_no_chart_gives_the_key_away():
    answers = [answer("p1", "call-order", ["problem", "contact", "feelings", "options", "plan"])]
    ordering = exercise_room(sample("ordering"), answers, 1)
    assert ordering.charts[0].title == "Put first"
    assert [bar.label for bar in ordering.charts[0].bars] == ["Contact", "Feelings", "Options", "Plan", "Problem"]
    assert [bar.count for bar in ordering.charts[0].bars] == [0, 0, 0, 0, 1]
    rooms = [ordering,
             exercise_room(sample("matching"), [answer("p1", "support-match", {"sup": "sup"})], 1),
             exercise_room(sample("single"), [answer("p1", "first-words", "b")], 1),
             exercise_room(sample("multiple"), [answer("p1", "risk-words", ["a"])], 1),
             exercise_room(sample("scenario"), [answer("p1", "night", ["open-2", "ask"])], 1)]
    assert [bar for room in rooms for chart in room.charts for bar in chart.bars if bar.key] == []


def test_likert_shows_each_statement_on_the_scale_of_the_notebook_language():
    room = exercise_room(sample("likert"), [answer("p1", "after-shift", {"talk": 4, "replay": 2}),
                                            answer("p2", "after-shift", {"talk": 4})], 2, language="hu")
    assert [chart.title for chart in room.charts] == ["I can talk it through.", "I replay calls. (fordított)"]
    assert [bar.count for bar in room.charts[0].bars] == [0, 0, 0, 2, 0]
    assert room.charts[0].bars[3].label == "Egyetértek"
    assert room.charts[1].of == 1
    assert room.mean_percent is None  # Likert has no score


def test_scenario_shows_the_endings_reached_and_the_first_choices():
    room = exercise_room(sample("scenario"), [answer("p1", "night", ["open-1", "ask"]),
                                              answer("p2", "night", ["open-3"]),
                                              answer("p3", "night", ["open-2", "ask"])], 3, key=True)
    endings, first = room.charts
    assert bars(endings) == [("Safe", 2, True), ("Lost", 1, False)]
    assert [bar.count for bar in first.bars] == [1, 1, 1]
    assert [bar.key for bar in first.bars] == [False, True, False]  # the best path starts with the second


def test_written_answers_are_kept_to_read_out_newest_first():
    free = exercise_room(sample("free"), [answer("p1", "handover", "First text", minute=1),
                                          answer("p2", "handover", "Second <b>text</b>", minute=2),
                                          answer("p3", "handover", "   ", minute=3)], 3)
    assert [(written.participant, written.parts) for written in free.written] == [
        ("p2", (("", "Second <b>text</b>"),)), ("p1", (("", "First text"),))]
    case = exercise_room(sample("case"), [answer("p1", "stuck", {"limits": "No time.", "problem": "Calls daily."})],
                         1, language="cs")
    assert case.written[0].parts == (("Problém klienta", "Calls daily."), ("Vnější a vnitřní limity", "No time."))


def test_the_room_is_one_session_and_each_participants_latest_attempt(tmp_path):
    single, scenario = sample("single"), sample("scenario")
    catalog = Catalog(exercises={"first-words": single, "night": scenario},
                      language={"first-words": "en", "night": "en"})
    modules = (ServedModule(Path("a.ipynb"), "a.ipynb", "Module A", "en", (single,)),
               ServedModule(Path("b.ipynb"), "b.ipynb", "Module B", "en", (scenario,)))
    records = [
        answer("p1", "first-words", "a", minute=1),
        answer("p1", "first-words", "b", minute=2),  # Try again: the latest counts
        answer("p2", "first-words", "c", minute=1),
        answer("p9", "first-words", "a", minute=1, session="yesterday"),
        answer("p2", "unknown-exercise", "x", minute=1),
        Rejection("room.db", 7, "the stored answer is not valid JSON"),
    ]
    view = room_view(Workshop(modules, catalog, Path(".")), records, "room", START)
    assert (view.session, view.participants, view.attempts, view.unreadable) == ("room", 2, 4, 1)
    first = view.modules[0].exercises[0]
    assert (first.answered, first.attempts) == (2, 3)
    assert [bar.count for bar in first.charts[0].bars] == [0, 1, 1]
    assert view.modules[0].participants == 2
    assert view.modules[1].exercises[0].answered == 0
    assert [bar.count for bar in view.modules[1].exercises[0].charts[0].bars] == [0, 0]
