"""The participant view of an exercise (kit.participant_view): nothing secret, the same controls."""

from __future__ import annotations

import pytest
import yaml

from kit.build.leaks import exercise_secrets
from kit.participant_view import keyless_exercise, participant_view
from tests.exercises import sample, sample_data

TYPES = list(sample_data())


@pytest.mark.parametrize("name", TYPES)
def test_the_view_holds_no_secret_and_gives_the_same_exercise_shape(name):
    data, exercise = sample_data()[name], sample(name)
    view = participant_view(data, exercise)
    written = yaml.safe_dump(view, allow_unicode=True)
    for secret in exercise_secrets(exercise):
        assert not secret or secret not in written, secret
    for key in ("correct:", "weight:", "feedback:", "rubric:", "facilitator:", "  score:"):
        assert key not in written, key
    again = keyless_exercise(yaml.safe_load(written))
    assert type(again) is type(exercise) and again.id == exercise.id and again.max_score == exercise.max_score
    assert again.title == exercise.title and again.prompt == exercise.prompt


def test_an_ordering_is_not_handed_out_in_the_order_of_its_key():
    data, exercise = sample_data()["ordering"], sample("ordering")
    view = participant_view(data, exercise)
    assert sorted(item["id"] for item in view["items"]) == sorted(exercise.key)
    assert [item["id"] for item in view["items"]] != exercise.key
    assert view == participant_view(data, exercise)  # the same order at every start


def test_a_view_with_a_broken_structure_says_what_is_wrong():
    from kit.errors import ExerciseInvalid

    with pytest.raises(ExerciseInvalid):
        keyless_exercise({"type": "single-choice", "id": "abc", "title": "T", "prompt": "P"})
    with pytest.raises(ExerciseInvalid, match="type"):
        keyless_exercise({"type": "no-such-type"})
