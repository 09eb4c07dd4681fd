"""deploy/jupyterhub/jupyterhub_config.py read the way JupyterHub reads it, without starting a hub."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import nbformat
import pytest
from traitlets.config import Config

from kit.notebook import read_module
from tests.conftest import exercise_cell, module_notebook
from tests.exercises import sample_yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **environment: str) -> tuple[Config, dict[str, Any]]:
    """The configuration the file makes under ``environment`` (KIT_* variables of the caller removed)."""
    for key in ("KIT_DB", "KIT_SESSION", "KIT_HUB_HOME", "KIT_HUB_EXERCISES", "KIT_HUB_IP", "KIT_HUB_PORT",
                "KIT_HUB_API_TOKEN", "KIT_HUB_AUTH", "KIT_HUB_ADMINS", "KIT_HUB_OPEN_SIGNUP", "KIT_HUB_DB_URL",
                "KIT_HUB_START"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KIT_HUB_DATA", str(tmp_path / "hub data"))
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    config = Config()
    names = runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config, names


def test_defaults_serve_on_loopback_with_native_accounts_and_a_store_beside_the_hub(monkeypatch, tmp_path):
    config, _ = load(monkeypatch, tmp_path)
    data = tmp_path / "hub data"
    assert config.JupyterHub.ip == "127.0.0.1" and config.JupyterHub.port == 8000
    assert config.JupyterHub.authenticator_class == "native"
    assert config.NativeAuthenticator.open_signup is False
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    # the simple spawner, whose stop also ends the server's kernels (tests/test_jupyterhub_stop.py)
    assert issubclass(config.JupyterHub.spawner_class, SimpleLocalProcessSpawner)
    assert config.Spawner.default_url == "/voila/tree"  # pages of forms, no code
    assert config.SimpleLocalProcessSpawner.home_dir_template == str(data / "home" / "{username}")
    assert Path(config.Spawner.cmd[0]).name == "jupyterhub-singleuser" and Path(config.Spawner.cmd[0]).exists()
    assert config.JupyterHub.db_url == f"sqlite:///{data / 'jupyterhub.sqlite'}"
    environment = config.Spawner.environment
    assert environment["KIT_DB"] == str(data / "responses.db")
    assert "KIT_SESSION" not in environment  # the widget asks for it
    assert environment["KIT_PARTICIPANT"](SimpleNamespace(user=SimpleNamespace(name="p07"))) == "p07"
    # JupyterLab without news pop-ups and without installing extensions into the shared venv
    settings = Path(environment["JUPYTER_CONFIG_PATH"])
    page = json.loads((settings / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert page["disabledExtensions"] == {"@jupyterlab/apputils-extension:announcements": True}
    server = json.loads((settings / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert server["LabApp"]["extension_manager"] == "readonly"
    assert "services" not in config.JupyterHub  # no admin token: no service
    assert (data / "home").is_dir()


def test_the_environment_sets_store_session_admins_and_the_admin_service(monkeypatch, tmp_path):
    url = "postgresql://kit_hub:secret@db.example.org/kit"
    config, _ = load(monkeypatch, tmp_path, KIT_DB=url, KIT_SESSION="bekes-2026-11-24", KIT_HUB_PORT="8443",
                     KIT_HUB_ADMINS="trainer, coordinator", KIT_HUB_API_TOKEN="t" * 64, KIT_HUB_OPEN_SIGNUP="1")
    assert config.Spawner.environment["KIT_DB"] == url
    assert config.Spawner.environment["KIT_SESSION"] == "bekes-2026-11-24"
    assert config.JupyterHub.port == 8443
    assert load(monkeypatch, tmp_path, KIT_HUB_START="lab")[0].Spawner.default_url == "/lab"
    assert config.Authenticator.admin_users == {"trainer", "coordinator"}
    assert config.NativeAuthenticator.open_signup is True
    assert config.JupyterHub.services == [{"name": "kit-admin", "api_token": "t" * 64}]
    role = config.JupyterHub.load_roles[0]
    assert role["services"] == ["kit-admin"] and "admin:users" in role["scopes"]


def test_settings_that_cannot_work_stop_the_hub_with_a_message(monkeypatch, tmp_path):
    config, _ = load(monkeypatch, tmp_path, KIT_HUB_AUTH="dummy")
    assert config.JupyterHub.authenticator_class == "dummy"
    with pytest.raises(SystemExit, match=r"KIT_HUB_AUTH=dummy .* not on KIT_HUB_IP=0\.0\.0\.0"):
        load(monkeypatch, tmp_path, KIT_HUB_AUTH="dummy", KIT_HUB_IP="0.0.0.0")
    with pytest.raises(SystemExit, match="'ldap' is not known; use native"):
        load(monkeypatch, tmp_path, KIT_HUB_AUTH="ldap")
    with pytest.raises(SystemExit, match="KIT_HUB_PORT='80a' is not a port number"):
        load(monkeypatch, tmp_path, KIT_HUB_PORT="80a")
    with pytest.raises(SystemExit, match="KIT_HUB_START='notebook' is not known; use voila or lab"):
        load(monkeypatch, tmp_path, KIT_HUB_START="notebook")


def test_a_new_home_gets_every_module_without_trainer_cells_and_keeps_own_work(monkeypatch, tmp_path):
    _, names = load(monkeypatch, tmp_path)
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    notes = nbformat.v4.new_markdown_cell("Ask the room first.", metadata={"tags": ["facilitator"]})
    module = module_notebook(exercise_cell(sample_yaml("single")), notes, exercise_cell(sample_yaml("scenario")),
                             language="hu")
    nbformat.write(module, exercises / "modul ő.ipynb")
    nbformat.write(module, exercises / "second.ipynb")
    home = tmp_path / "home" / "anna"
    home.mkdir(parents=True)
    (home / "second.ipynb").write_text("anna's own work", encoding="utf-8")

    given = names["give_exercises"](home, exercises)

    assert given == [home / "modul ő.ipynb"]
    assert (home / "second.ipynb").read_text(encoding="utf-8") == "anna's own work"
    copy = nbformat.read(home / "modul ő.ipynb", as_version=4)
    assert "Ask the room first." not in (home / "modul ő.ipynb").read_text(encoding="utf-8")
    exercise_sources = [cell for cell in copy.cells if cell.source.startswith("%%exercise")]
    assert len(exercise_sources) == 2 and all(cell.metadata.jupyter.source_hidden for cell in exercise_sources)
    # the kernel still finds every exercise, whole, in the participant's copy
    original, copied = read_module(exercises / "modul ő.ipynb"), read_module(home / "modul ő.ipynb")
    assert copied.meta.language == "hu" and not copied.problems
    assert copied.valid_exercises == original.valid_exercises
    assert names["give_exercises"](home, exercises) == []  # the next start copies nothing again


def test_an_unreadable_module_is_given_unchanged_and_the_others_still_are(monkeypatch, tmp_path):
    _, names = load(monkeypatch, tmp_path)
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "broken.ipynb").write_text("{not json", encoding="utf-8")
    nbformat.write(module_notebook(exercise_cell(sample_yaml("single"))), exercises / "fine.ipynb")
    home = tmp_path / "home" / "bela"

    given = names["give_exercises"](home, exercises)

    assert given == [home / "broken.ipynb", home / "fine.ipynb"]
    assert (home / "broken.ipynb").read_text(encoding="utf-8") == "{not json"
    assert not list(home.glob(".*partial"))
