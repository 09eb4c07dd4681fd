"""``kit workshop serve`` as a command: what it says, when it refuses, what it gives the kernels."""

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
from kit.workshop.handlers import Site
from kit.workshop.modules import find_workshop
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


def test_the_announcement_names_the_modules_the_links_and_the_store(tmp_path, write_notebook):
    write_notebook("module.ipynb", exercise_cell(sample_yaml("single")), title="Night shift")
    workshop, _ = find_workshop([tmp_path / "module.ipynb"])
    site = Site(workshop, "bekes-2026-11-24", str(tmp_path / "r.db"), "tok")
    text = server.announcement(workshop, site, server.addresses_for("127.0.0.1", 8866, "tok"))
    assert "serving 1 module in session bekes-2026-11-24" in text
    assert "Night shift  (module.ipynb, 1 exercises)" in text
    assert "Participants open:    http://127.0.0.1:8866/" in text
    assert "Trainer's dashboard:  http://127.0.0.1:8866/dashboard?token=tok" in text
    assert "--host 0.0.0.0" in text and text.endswith("Press Ctrl+C to stop.")


def test_the_session_comes_from_the_environment_the_book_or_the_date(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KIT_SESSION", raising=False)
    assert server.default_session().startswith("workshop-20")
    (tmp_path / "_config.yml").write_text("kit:\n  session: szeged-2026-12-01\n", encoding="utf-8")
    assert server.default_session() == "szeged-2026-12-01"
    monkeypatch.setenv("KIT_SESSION", "from-env")
    assert server.default_session() == "from-env"


def test_the_kernels_get_the_store_and_session_but_not_the_trainers_identity(monkeypatch, tmp_path):
    for name, value in {"KIT_PARTICIPANT": "the-trainer", "KIT_EDITION": "facilitator", "KIT_LANGUAGE": "cs",
                        "JPY_SESSION_NAME": "x.ipynb", "QUERY_STRING": "participant=x"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    monkeypatch.setenv("KIT_DB", "before")  # set here so that the test leaves the environment as it was
    monkeypatch.setenv("KIT_SESSION", "before")
    kernels = server.write_kernelspec(tmp_path / "jupyter")
    server._kernel_environment(Site(None, "room-1", "/data/room.db", "tok"), kernels)  # type: ignore[arg-type]
    assert os.environ["KIT_DB"] == "/data/room.db" and os.environ["KIT_SESSION"] == "room-1"
    for name in server.KERNEL_ENV_DROPPED:
        assert name not in os.environ
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [str(server.TEMPLATES), str(kernels), "/elsewhere"]
    assert (server.TEMPLATES / "voila" / "templates" / "kit" / "index.html.j2").is_file()
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("kit-workshop")  # found through JUPYTER_PATH
    assert spec.argv[0] == sys.executable and "--IPKernelApp.log_level=ERROR" in spec.argv


def test_the_command_stays_light_to_import():
    code = ("import sys, kit.cli; print(','.join(m for m in ('voila', 'tornado', 'jupyter_server', 'jinja2') "
            "if m in sys.modules))")
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


def test_the_server_keeps_the_store_open_so_that_no_answer_pays_for_a_checkpoint(tmp_path):
    from datetime import datetime, timezone

    from kit.responses import Response
    from kit.store import open_store

    def answer(store_path: Path, number: int) -> None:
        with open_store(store_path) as store:
            store.add(Response("s", "p", f"e{number}", "a", datetime.now(timezone.utc)))

    alone, kept = tmp_path / "alone.db", tmp_path / "kept.db"
    answer(alone, 1)
    assert not Path(f"{alone}-wal").exists()  # the last connection closed: SQLite folded the log back
    answer(kept, 1)
    with server.kept_open(str(kept)):
        answer(kept, 2)
        assert Path(f"{kept}-wal").exists()  # no kernel's connection is the last one
    with open_store(kept, create=False) as store:
        assert len(list(store.read_all())) == 2
    with server.kept_open("postgresql://nobody@nowhere/kit"):  # a database server needs nothing of this
        pass
