"""Every exercise widget driven without a browser: set values, press buttons, read what was saved and shown."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit.responses import Response
from kit.store import open_store
from kit.ui import ExerciseWidget, Identity, exercise_widget
from kit.ui.ordering import starting_order
from tests.exercises import sample


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "responses.db")


@pytest.fixture
def make(db):
    def make(name: str, language: str = "en", identity: Identity | None = None) -> ExerciseWidget:
        who = identity if identity is not None else Identity(participant="p07", session="s1")
        return exercise_widget(sample(name), language, identity=who, db=db)

    return make


def stored(db: str) -> list[Response]:
    try:
        with open_store(db, create=False) as store:
            return [record for record in store.read_all() if isinstance(record, Response)]
    except Exception:
        return []


def shown_after(widget: ExerciseWidget) -> str:
    return widget.message.value + widget.outcome.value


def assert_submitted(widget: ExerciseWidget) -> None:
    assert widget.saved is not None, widget.message.value
    assert widget.submit_button.layout.display == "none"
    assert widget.again_button.layout.display is None


def test_single_choice_saves_scores_and_shows_only_the_chosen_feedback(make, db):
    widget = make("single")
    widget.body.options.value = "a"
    widget.submit_button.click()
    assert_submitted(widget)
    [saved] = stored(db)
    assert (saved.session, saved.participant, saved.exercise, saved.answer) == ("s1", "p07", "first-words", "a")
    assert saved.submitted_at.tzinfo is not None
    assert "Your score: 0 of 2 points." in widget.outcome.value
    assert "Too early." in widget.outcome.value and "Right." not in widget.outcome.value
    assert widget.body.options.disabled
    widget.again_button.click()
    assert not widget.body.options.disabled and widget.body.options.value == "a"  # kept to change it
    assert widget.outcome.value == ""
    widget.body.options.value = "c"
    widget.submit_button.click()
    assert "Your score: 1 of 2 points." in widget.outcome.value
    assert [r.answer for r in stored(db)] == ["a", "c"]  # every attempt is kept


def test_multiple_choice_feedback_of_each_ticked_option(make, db):
    widget = make("weighted")
    boxes = dict(widget.body.boxes)
    boxes["signs"].value = boxes["promise"].value = True
    widget.submit_button.click()
    assert_submitted(widget)
    assert stored(db)[0].answer == ["signs", "promise"]
    assert "Your score: 0 of 4 points." in widget.outcome.value  # 30 − 50, clamped at 0


def test_ordering_moves_items_with_the_buttons(make, db):
    widget = make("ordering")
    body = widget.body
    key = ["contact", "problem", "feelings", "options", "plan"]
    assert body.order == starting_order(sample("ordering")) != key
    first_up = body.rows.children[0].children[0]
    assert first_up.disabled  # nothing above the first item
    # bubble the key into place by clicking the "move up" buttons
    for target, item in enumerate(key):
        while body.order.index(item) > target:
            body.rows.children[body.order.index(item)].children[0].click()
    assert body.order == key
    widget.submit_button.click()
    assert stored(db)[0].answer == key
    assert "Your score: 2 of 2 points." in widget.outcome.value
    assert all(row.children[0].disabled and row.children[1].disabled for row in body.rows.children)
    body.move(0, 1)  # locked after submission: nothing moves
    assert body.order == key


def test_matching_one_dropdown_per_left_side(make, db):
    widget = make("matching")
    dropdowns = dict(widget.body.dropdowns)
    assert list(dropdowns) == ["sup", "peer", "fam", "coach"]
    assert all(dropdown.value == "" for dropdown in dropdowns.values())
    widget.submit_button.click()
    assert "Choose a match for at least one item first." in widget.message.value and not stored(db)
    dropdowns["sup"].value = "sup"
    dropdowns["peer"].value = "fam"
    dropdowns["fam"].value = "fam"
    widget.submit_button.click()
    assert stored(db)[0].answer == {"sup": "sup", "peer": "fam", "fam": "fam"}
    assert "Your score: 2 of 4 points." in widget.outcome.value


def test_free_text_counts_words_live_and_waits_for_the_trainer(make, db):
    widget = make("free")
    assert "Words: 0 (at least 50)" in widget.body.count.value
    widget.body.text.value = "The caller agreed that   we pass on her number."
    assert "Words: 9 (at least 50)" in widget.body.count.value
    widget.submit_button.click()
    assert_submitted(widget)
    assert stored(db)[0].answer == "The caller agreed that   we pass on her number."
    assert "Waiting for the trainer" in widget.outcome.value
    assert "Facts" not in widget.outcome.value  # the rubric stays with the trainer


def test_case_discussion_form_with_the_case_beside_it(make, db):
    widget = make("case", "hu")
    body = widget.body
    prompts = " ".join(field.description for _, field in body.fields)  # each field's own <label>
    assert "A kliens problémája" in prompts and "Dilemmák" in prompts
    assert "A client calls every morning." in body.widget.children[0].value  # the case, beside the form
    assert [dimension for dimension, _ in body.fields][:2] == ["problem", "client"]
    widget.submit_button.click()
    assert "Előbb írjon legalább egy szempontról." in widget.message.value
    dict(body.fields)["problem"].value = "Elakadt a kapcsolat."
    dict(body.fields)["dilemmas"].value = "   "
    widget.submit_button.click()
    assert stored(db)[0].answer == {"problem": "Elakadt a kapcsolat."}
    assert "A pontozásra a trénernél vár." in widget.outcome.value


def test_likert_default_scale_in_the_notebook_language(make, db):
    widget = make("likert", "cs")
    ratings = dict(widget.body.ratings)
    labels = [label for label, _ in ratings["talk"].options]
    assert len(labels) == 5 and (labels[0], labels[-1]) == ("Rozhodně nesouhlasím", "Rozhodně souhlasím")
    assert [value for _, value in ratings["talk"].options] == [1, 2, 3, 4, 5]
    assert all(buttons.value is None for buttons in ratings.values())
    widget.submit_button.click()
    assert not stored(db)
    ratings["replay"].value = 2
    widget.submit_button.click()
    assert stored(db)[0].answer == {"replay": 2}
    assert "Děkujeme" in widget.outcome.value


def test_scenario_one_node_at_a_time_saved_at_the_ending(make, db):
    widget = make("scenario")
    body = widget.body
    assert "A quiet voice." in body.current.value
    assert len(body.choices.children) == 3
    assert widget.submit_button.layout.display == "none"  # nothing to submit before the ending
    widget.submit_button.click()
    assert "Go on with the conversation until it ends." in widget.message.value
    body.choices.children[1].click()  # "Ask for details"
    assert "She says she is tired." in body.current.value
    transcript = " ".join(child.value for child in body.transcript.children)
    assert "Ask for details" in transcript and "Warm contact" not in transcript
    assert widget.saved is None and widget.outcome.value == ""
    body.choices.children[0].click()  # "Ask directly": an ending, saved on its own
    assert_submitted(widget)
    assert stored(db)[0].answer == ["open-2", "ask"]
    assert "Your score: 10 of 10 points." in widget.outcome.value
    assert "Outcome:</strong> Safe" in widget.outcome.value
    assert "risk" in widget.outcome.value and "+6" in widget.outcome.value
    widget.again_button.click()
    assert "A quiet voice." in body.current.value and body.transcript.children == ()


def test_scenario_feedback_of_the_choice_taken(db):
    from kit.models import parse_exercise

    exercise = parse_exercise({
        "id": "chat-01", "type": "scenario", "title": "Chat", "start": "a",
        "nodes": [
            {"id": "a", "text": "Hi.", "speaker": "Caller", "choices": [
                {"text": "Hello", "goto": "end", "score": {"rapport": 1}, "feedback": "Warm and short."},
                {"text": "State your case", "goto": "end", "feedback": "Too cold."}]},
            {"id": "end", "text": "Bye.", "outcome": "Done"}]})
    widget = exercise_widget(exercise, identity=Identity(participant="p1", session="s"), db=db)
    assert "Caller" in widget.body.current.value
    widget.body.choose(1)
    transcript = " ".join(child.value for child in widget.body.transcript.children)
    assert "Too cold." in transcript and "Warm and short." not in transcript
    assert "Your score: 0 of 1 point." in widget.outcome.value


@pytest.mark.parametrize("name", ["single", "multiple", "matching", "free", "case", "likert", "scenario"])
def test_nothing_answered_is_a_message_not_a_record(make, db, name):
    widget = make(name)
    widget.submit_button.click()
    assert "first" in widget.message.value or "until it ends" in widget.message.value
    assert widget.saved is None and not stored(db)
    assert not widget.submit_button.disabled


def test_the_pseudonym_is_asked_once_and_shared(make, db):
    identity = Identity(participant=None, session="s1")
    first, second = make("single", identity=identity), make("free", identity=identity)
    first.body.options.value = "b"
    first.submit_button.click()
    assert "Enter your pseudonym above first." in first.message.value and not stored(db)
    assert first.body.options.value == "b"
    first.identity_bar.pseudonym.value = "  Csilla-7  "
    first.submit_button.click()
    assert stored(db)[0].participant == "Csilla-7"
    assert "Answering as Csilla-7 in session s1." in second.identity_bar.known.value
    second.body.text.value = "Two words"
    assert second.submit()
    assert stored(db)[1].participant == "Csilla-7"


def test_the_session_is_asked_when_not_configured(make, db):
    identity = Identity(participant="p1", session=None)
    widget = make("single", identity=identity)
    widget.body.options.value = "b"
    widget.submit_button.click()
    assert "Enter the session name" in widget.message.value
    widget.identity_bar.session.value = "room-2"
    widget.submit_button.click()
    assert stored(db)[0].session == "room-2"


def test_identity_from_environment_query_string_and_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("KIT_PARTICIPANT", "KIT_SESSION", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)
    assert not Identity.from_environment().complete
    (tmp_path / "_config.yml").write_text("kit:\n  session: bekes-2026-11-24\n", encoding="utf-8")
    monkeypatch.setenv("QUERY_STRING", "participant=p%C5%91&x=1")
    identity = Identity.from_environment()
    assert (identity.participant, identity.session) == ("pő", "bekes-2026-11-24")
    monkeypatch.setenv("KIT_PARTICIPANT", "p07\n")
    monkeypatch.setenv("KIT_SESSION", "s9")
    identity = Identity.from_environment()
    assert (identity.participant, identity.session) == ("p07", "s9")


def test_unattended_submit_with_an_answer(make, db):
    widget = make("matching")
    assert widget.submit({"sup": "sup", "coach": "coach"})
    assert stored(db)[0].answer == {"sup": "sup", "coach": "coach"}
    assert widget.submit({"sup": "peer"})  # a new attempt
    assert [r.answer for r in stored(db)][-1] == {"sup": "peer"}
    scenario = make("scenario")
    assert scenario.submit(["open-1", "ask"])
    assert stored(db)[-1].answer == ["open-1", "ask"]
    with pytest.raises(ValueError, match="not a choice"):
        scenario.submit(["open-1", "nowhere"])
    with pytest.raises(ValueError, match="not an option"):
        make("single").submit("zz")


def test_answers_carry_the_time_with_its_zone(db):
    moment = datetime(2026, 11, 24, 9, 31, 2, tzinfo=timezone.utc)
    widget = exercise_widget(sample("single"), identity=Identity(participant="p", session="s"), db=db,
                             clock=lambda: moment)
    assert widget.submit("b")
    assert stored(db)[0].submitted_at == moment


def test_labels_in_three_languages(make):
    assert make("single").submit_button.description == "Submit"
    assert make("single", "hu").submit_button.description == "Beküldés"
    widget = make("single", "cs")
    assert (widget.submit_button.description, widget.again_button.description) == ("Odeslat", "Zkusit znovu")
    assert make("free", "hu").body.count.value.count("Szavak: 0 (legalább 50)") == 1


def test_the_rich_display_is_the_widget_with_a_short_text(make):
    data = make("single")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"] == "The first sentence (single-choice, first-words)"


def test_every_exercise_type_has_a_widget():
    from kit.models import EXERCISE_TYPES
    from kit.ui import BODIES

    assert set(BODIES) == set(EXERCISE_TYPES)


def test_a_pseudonym_set_by_the_server_cannot_be_changed(monkeypatch):
    from kit.i18n import translator
    from kit.ui.identity import IdentityBar

    monkeypatch.setenv("KIT_PARTICIPANT", "hub-user-3")
    monkeypatch.setenv("KIT_SESSION", "s9")
    locked = IdentityBar(Identity.from_environment(), translator("en"))
    assert locked.change not in locked.widget.children[0].children
    monkeypatch.delenv("KIT_PARTICIPANT")
    monkeypatch.setenv("QUERY_STRING", "participant=p07")
    free = IdentityBar(Identity.from_environment(), translator("en"))
    assert free.change in free.widget.children[0].children
