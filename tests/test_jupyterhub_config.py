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
                "KIT_HUB_START", "KIT_HUB_TRAINERS", "KIT_HUB_SERVICE_PORT", "KIT_LTI_ISSUER", "KIT_LTI_CLIENT_ID",
                "KIT_LTI_AUTHORIZE_URL", "KIT_LTI_JWKS_URL", "KIT_LTI_USERNAME_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KIT_HUB_DATA", str(tmp_path / "hub data"))
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    config = Config()
    names = runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config, names


def test_defaults_serve_on_loopback_with_native_accounts_and_the_kit_service(monkeypatch, tmp_path):
    config, _ = load(monkeypatch, tmp_path)
    data = tmp_path / "hub data"
    assert config.JupyterHub.ip == "127.0.0.1" and config.JupyterHub.port == 8000
    from nativeauthenticator import NativeAuthenticator
    from nativeauthenticator.handlers import LoginHandler

    assert config.JupyterHub.authenticator_class is NativeAuthenticator
    # the one statsd call of its login page works on JupyterHub 6
    LoginHandler.statsd.timer("login.authenticate").start().stop(send=False)
    assert config.NativeAuthenticator.open_signup is False
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    # the simple spawner, whose stop also ends the server's kernels (tests/test_jupyterhub_stop.py)
    assert issubclass(config.JupyterHub.spawner_class, SimpleLocalProcessSpawner)
    assert config.JupyterHub.default_url == "/services/kit/"  # the player's pages, no code
    assert "default_url" not in config.Spawner
    assert config.SimpleLocalProcessSpawner.home_dir_template == str(data / "home" / "{username}")
    assert Path(config.Spawner.cmd[0]).name == "jupyterhub-singleuser" and Path(config.Spawner.cmd[0]).exists()
    assert config.JupyterHub.db_url == f"sqlite:///{data / 'jupyterhub.sqlite'}"
    environment = config.Spawner.environment
    # no store, no credentials in the participants' servers: answers go to the service
    assert "KIT_DB" not in environment
    assert environment["KIT_SERVICE_URL"] == "http://127.0.0.1:10101/services/kit/"
    assert environment["KIT_SESSION"].startswith("workshop-")
    assert environment["KIT_PARTICIPANT"](SimpleNamespace(user=SimpleNamespace(name="p07"))) == "p07"
    assert "access:services!service=kit" in config.Spawner.server_token_scopes
    # JupyterLab without news pop-ups and without installing extensions into the shared venv
    settings = Path(environment["JUPYTER_CONFIG_PATH"])
    page = json.loads((settings / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert page["disabledExtensions"] == {"@jupyterlab/apputils-extension:announcements": True}
    server = json.loads((settings / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert server["LabApp"]["extension_manager"] == "readonly"
    [service] = config.JupyterHub.services  # no admin token: the kit service only
    assert service["name"] == "kit" and service["url"] == "http://127.0.0.1:10101" and service["oauth_no_confirm"]
    assert service["command"][1:4] == ["workshop", "serve", "--hub"] and Path(service["command"][0]).exists()
    assert service["environment"]["KIT_DB"] == str(data / "responses.db")
    assert service["environment"]["KIT_SESSION"] == environment["KIT_SESSION"]
    user_role = next(role for role in config.JupyterHub.load_roles if role["name"] == "user")
    assert user_role["scopes"] == ["self", "access:services!service=kit"]
    assert config.JupyterHub.load_groups == {"kit-trainers": {"users": []}}
    assert (data / "home").is_dir()


def test_the_environment_sets_store_session_trainers_and_the_admin_service(monkeypatch, tmp_path):
    url = "postgresql://kit_hub:secret@db.example.org/kit"
    config, _ = load(monkeypatch, tmp_path, KIT_DB=url, KIT_SESSION="bekes-2026-11-24", KIT_HUB_PORT="8443",
                     KIT_HUB_ADMINS="trainer, coordinator", KIT_HUB_API_TOKEN="t" * 64, KIT_HUB_OPEN_SIGNUP="1",
                     KIT_HUB_TRAINERS="trainer, eva", KIT_HUB_SERVICE_PORT="10200")
    kit, admin = config.JupyterHub.services
    assert kit["environment"]["KIT_DB"] == url and kit["url"] == "http://127.0.0.1:10200"
    assert url not in json.dumps({key: value for key, value in config.Spawner.environment.items()
                                  if isinstance(value, str)})
    assert config.Spawner.environment["KIT_SESSION"] == kit["environment"]["KIT_SESSION"] == "bekes-2026-11-24"
    assert config.JupyterHub.port == 8443
    lab = load(monkeypatch, tmp_path, KIT_HUB_START="lab")[0]
    assert lab.Spawner.default_url == "/lab" and "default_url" not in lab.JupyterHub
    assert config.Authenticator.admin_users == {"trainer", "coordinator"}
    assert config.JupyterHub.load_groups == {"kit-trainers": {"users": ["trainer", "eva"]}}
    assert config.NativeAuthenticator.open_signup is True
    assert admin == {"name": "kit-admin", "api_token": "t" * 64}
    role = next(role for role in config.JupyterHub.load_roles if role["name"] == "kit-admin")
    assert role["services"] == ["kit-admin"] and "admin:users" in role["scopes"]


def test_lti_login_from_moodle_is_configured_from_the_environment(monkeypatch, tmp_path):
    moodle = "https://moodle.example.org"
    config, _ = load(monkeypatch, tmp_path, KIT_HUB_AUTH="lti", KIT_LTI_ISSUER=moodle, KIT_LTI_CLIENT_ID="abc123",
                     KIT_LTI_AUTHORIZE_URL=f"{moodle}/mod/lti/auth.php", KIT_LTI_JWKS_URL=f"{moodle}/mod/lti/certs.php")
    assert config.JupyterHub.authenticator_class == "ltiauthenticator.lti13.auth.LTI13Authenticator"
    from ltiauthenticator.lti13.auth import LTI13Authenticator

    authenticator = LTI13Authenticator(config=config)  # the settings are ones it knows, of the right kind
    assert authenticator.issuer == moodle and authenticator.client_id == {"abc123"}
    assert authenticator.authorize_url == f"{moodle}/mod/lti/auth.php"
    assert authenticator.jwks_endpoint == f"{moodle}/mod/lti/certs.php" and authenticator.username_key == "sub"
    with pytest.raises(SystemExit, match=r"KIT_HUB_AUTH=lti needs KIT_LTI_CLIENT_ID \(the Client ID"):
        load(monkeypatch, tmp_path, KIT_HUB_AUTH="lti", KIT_LTI_ISSUER=moodle,
             KIT_LTI_AUTHORIZE_URL=f"{moodle}/mod/lti/auth.php", KIT_LTI_JWKS_URL=f"{moodle}/mod/lti/certs.php")


def test_settings_that_cannot_work_stop_the_hub_with_a_message(monkeypatch, tmp_path):
    config, _ = load(monkeypatch, tmp_path, KIT_HUB_AUTH="dummy")
    assert config.JupyterHub.authenticator_class == "dummy"
    with pytest.raises(SystemExit, match=r"KIT_HUB_AUTH=dummy .* not on KIT_HUB_IP=0\.0\.0\.0"):
        load(monkeypatch, tmp_path, KIT_HUB_AUTH="dummy", KIT_HUB_IP="0.0.0.0")
    with pytest.raises(SystemExit, match="'ldap' is not known; use native or lti"):
        load(monkeypatch, tmp_path, KIT_HUB_AUTH="ldap")
    with pytest.raises(SystemExit, match="KIT_HUB_PORT='80a' is not a port number"):
        load(monkeypatch, tmp_path, KIT_HUB_PORT="80a")
    with pytest.raises(SystemExit, match="KIT_HUB_START='voila' is not known; use player or lab"):
        load(monkeypatch, tmp_path, KIT_HUB_START="voila")


def test_a_new_home_gets_every_module_as_the_participant_view_and_keeps_own_work(monkeypatch, tmp_path):
    from kit.build.leaks import exercise_secrets
    from kit.participant_view import keyless_exercise
    from kit.yamlcell import load_cell

    _, names = load(monkeypatch, tmp_path)
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    notes = nbformat.v4.new_markdown_cell("Ask the room first.", metadata={"tags": ["facilitator"]})
    raw = nbformat.v4.new_raw_cell("raw cell for the trainers' handout")
    text = nbformat.v4.new_markdown_cell("Read this.\n\n```{facilitator}\nWhisper the answer.\n```\n")
    module = module_notebook(exercise_cell(sample_yaml("single")), notes, raw, text,
                             exercise_cell(sample_yaml("scenario")), exercise_cell(sample_yaml("free")),
                             language="hu")
    nbformat.write(module, exercises / "modul ő.ipynb")
    nbformat.write(module, exercises / "second.ipynb")
    home = tmp_path / "home" / "anna"
    home.mkdir(parents=True)
    (home / "second.ipynb").write_text("anna's own work", encoding="utf-8")

    given = names["give_exercises"](home, exercises)

    assert given == [home / "modul ő.ipynb"]
    assert (home / "second.ipynb").read_text(encoding="utf-8") == "anna's own work"
    written = (home / "modul ő.ipynb").read_text(encoding="utf-8")
    for secret in ("Ask the room first.", "raw cell", "Whisper the answer."):
        assert secret not in written
    secrets = [text for exercise in read_module(exercises / "modul ő.ipynb").valid_exercises
               for text in exercise_secrets(exercise) if len(text) >= 8]
    sources = "\n".join(cell.source for cell in nbformat.read(home / "modul ő.ipynb", as_version=4).cells)
    assert secrets and not [secret for secret in secrets if secret in sources]
    whole = "\n".join(cell.source for cell in module.cells)
    assert all(secret in whole for secret in secrets)  # the check would see them
    copy = nbformat.read(home / "modul ő.ipynb", as_version=4)
    assert "Read this." in "".join(cell.source for cell in copy.cells)
    exercise_sources = [cell for cell in copy.cells if cell.source.startswith("%%exercise")]
    assert len(exercise_sources) == 3 and all(cell.metadata.jupyter.source_hidden for cell in exercise_sources)
    for key in ("correct:", "feedback:", "score:", "rubric:", "facilitator:"):
        assert key not in "".join(cell.source for cell in exercise_sources)
    # the widget draws the same controls from the participant view
    original = read_module(exercises / "modul ő.ipynb")
    copied = [keyless_exercise(load_cell(cell.source)) for cell in exercise_sources]
    assert [exercise.id for exercise in copied] == [exercise.id for exercise in original.valid_exercises]
    assert [exercise.max_score for exercise in copied] == [exercise.max_score for exercise in original.valid_exercises]
    assert [option.id for option in copied[0].options] == [option.id for option in original.valid_exercises[0].options]
    assert names["give_exercises"](home, exercises) == []  # the next start copies nothing again


def test_an_unreadable_module_is_left_out_and_the_others_are_given(monkeypatch, tmp_path):
    _, names = load(monkeypatch, tmp_path)
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "broken.ipynb").write_text("{not json", encoding="utf-8")
    nbformat.write(module_notebook(exercise_cell(sample_yaml("single"))), exercises / "fine.ipynb")
    home = tmp_path / "home" / "bela"

    given = names["give_exercises"](home, exercises)

    assert given == [home / "fine.ipynb"]
    assert not (home / "broken.ipynb").exists()  # a copy unchanged could hold the key
    assert not list(home.glob(".*partial"))


def test_an_invalid_exercise_cell_keeps_only_its_id(monkeypatch, tmp_path):
    _, names = load(monkeypatch, tmp_path)
    cell = "%%exercise\nid: broken-one\ntype: single-choice\ntitle: T\nprompt: P\noptions:\n" \
           "  - {id: a, text: A, correct: true, feedback: the secret feedback}\n  - {id: a, text: B}\n"
    assert names["participant_cell"](cell) == "%%exercise\nid: broken-one\n"
