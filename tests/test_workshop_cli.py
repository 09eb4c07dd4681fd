"""``kit workshop serve`` as a command: what it says, when it refuses; a real server in a process of its own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.workshop import server
from tests.conftest import exercise_cell
from tests.exercises import sample_yaml


def test_without_any_module_it_says_so_and_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["workshop", "serve", str(tmp_path / "empty"), "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 2
    assert "no exercise module found" in result.output and "Traceback" not in result.output


def test_a_store_that_cannot_be_written_stops_it_before_the_room_arrives(tmp_path, write_notebook):
    write_notebook("module.ipynb", exercise_cell(sample_yaml("single")))
    result = CliRunner().invoke(main, ["workshop", "serve", str(tmp_path / "module.ipynb"),
                                       "--db", str(tmp_path / "no such folder" / "room.db")])
    assert result.exit_code == 2
    assert "no such folder" in result.output and "does not exist" in result.output


def test_the_addresses_to_share(monkeypatch):
    local = server.addresses_for("127.0.0.1", 8866, "tok")
    assert local.participants == ["http://127.0.0.1:8866/"]
    assert local.dashboard == "http://127.0.0.1:8866/dashboard?token=tok" and local.local_only
    monkeypatch.setattr(server, "_lan_address", lambda: "192.168.1.20")
    room = server.addresses_for("0.0.0.0", 8000, "tok")
    assert room.participants[0] == "http://192.168.1.20:8000/" and not room.local_only
    assert room.dashboard == "http://127.0.0.1:8000/dashboard?token=tok"  # the trainer sits at the server
    assert server.addresses_for("::1", 80, "t").participants == ["http://[::1]:80/"]


def test_the_announcement_names_the_modules_the_links_the_code_and_the_store(tmp_path):
    from tests.workshop_site import make_site

    site = make_site(tmp_path, server.Options(session="bekes-2026-11-24", join_code=True))
    try:
        text = server.announcement(site.workshop, site, server.addresses_for("127.0.0.1", 8866, "tok"))
    finally:
        site.close()
    assert "serving 2 modules in session bekes-2026-11-24" in text
    assert "Éjszakai ügyelet  (day one/ügyelet č.ipynb, 8 exercises)" in text
    assert "Participants open:    http://127.0.0.1:8866/" in text
    assert "Trainer's dashboard:  http://127.0.0.1:8866/dashboard?token=tok" in text
    assert f"Join code:            {site.join_code}" in text
    assert "--host 0.0.0.0" in text and text.endswith("Press Ctrl+C to stop.")


def test_the_session_comes_from_the_environment_the_book_or_the_date(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KIT_SESSION", raising=False)
    assert server.default_session().startswith("workshop-20")
    (tmp_path / "_config.yml").write_text("kit:\n  session: szeged-2026-12-01\n", encoding="utf-8")
    assert server.default_session() == "szeged-2026-12-01"
    monkeypatch.setenv("KIT_SESSION", "from-env")
    assert server.default_session() == "from-env"


def test_the_command_stays_light_to_import():
    heavy = "('voila', 'tornado', 'jupyter_server', 'jinja2', 'kit.workshop.app')"
    code = f"import sys, kit.cli; print(','.join(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


@pytest.mark.slow
def test_a_port_in_use_is_said_in_one_line(tmp_path, write_notebook):
    write_notebook("module.ipynb", exercise_cell(sample_yaml("single")))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {key: value for key, value in os.environ.items() if not key.startswith("KIT_")}
        done = subprocess.run([str(Path(sys.executable).with_name("kit")), "workshop", "serve",
                               str(tmp_path / "module.ipynb"), "--db", str(tmp_path / "r.db"), "--port", str(port)],
                              capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    assert f"port {port} is already in use" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
