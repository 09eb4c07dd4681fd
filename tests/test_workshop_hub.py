"""``kit workshop serve --hub`` outside a hub, and who the service takes for a trainer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kit.workshop.answers import Refused
from kit.workshop.hub import HubSettings, own_answer

ROOT = Path(__file__).resolve().parent.parent


def test_started_by_hand_it_says_that_the_hub_starts_it():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTERHUB_")}
    kit = str(Path(sys.executable).parent / "kit")
    done = subprocess.run([kit, "workshop", "serve", "--hub", str(ROOT / "exercises")], capture_output=True,
                          text=True, env=environment, timeout=120, check=False)
    assert done.returncode == 2
    assert "start it from the hub's `services`" in done.stderr and "JUPYTERHUB_SERVICE_URL" in done.stderr


def test_the_hub_tells_where_to_listen_and_under_which_prefix(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/services/kit")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "secret")
    monkeypatch.setenv("KIT_TRAINER_GROUPS", "kit-trainers, coordinators")
    settings = HubSettings.from_environment()
    assert (settings.host, settings.port, settings.prefix) == ("127.0.0.1", 10101, "/services/kit/")
    assert settings.trainer_groups == {"kit-trainers", "coordinators"}


def test_trainers_are_administrators_or_members_of_a_trainer_group(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/services/kit/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "secret")
    settings = HubSettings.from_environment()
    asked: list[str] = []
    monkeypatch.setattr(settings, "_groups_of", lambda name: asked.append(name) or {"eva": {"kit-trainers"}}.get(
        name, set()))
    assert settings.is_trainer({"name": "root", "admin": True})
    assert settings.is_trainer({"name": "x", "groups": ["kit-trainers"]})
    assert not settings.is_trainer({"name": "x", "groups": ["participants"]})
    assert settings.is_trainer({"name": "eva"}) and settings.is_trainer({"name": "eva"})
    assert not settings.is_trainer({"name": "p07"})
    assert asked == ["eva", "p07"]  # the hub is asked once per person, not at every page


def test_an_answer_for_another_participant_is_refused():
    own_answer({"exercise": "x", "answer": "a"}, "anna")
    own_answer({"exercise": "x", "answer": "a", "participant": "anna"}, "anna")
    try:
        own_answer({"exercise": "x", "answer": "a", "participant": "bela"}, "anna")
    except Refused as refused:
        assert refused.status == 403 and refused.reason == "other-user"
    else:
        raise AssertionError("an answer for bela was taken from anna")
