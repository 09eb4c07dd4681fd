"""When saving fails, the participant is told what happened and keeps the answer on screen."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.store import open_store
from kit.ui import Identity, exercise_widget
from tests.exercises import sample


def widget(name: str, db: Path):
    return exercise_widget(sample(name), "en", identity=Identity(participant="p1", session="s1"), db=str(db))


def _writable(path: Path) -> bool:
    try:
        if path.is_dir():
            probe = path / ".kit-probe"
            probe.write_text("x")
            probe.unlink()
        else:
            with open(path, "ab"):
                pass
        return True
    except OSError:
        return False


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files and folders read-only: modes for a normal user, the immutable flag for root."""
    modes = {path: path.stat().st_mode for path in paths}
    flagged: list[Path] = []
    try:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        for path in paths:
            if _writable(path):  # root ignores modes
                if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)],
                                                                 capture_output=True).returncode != 0:
                    pytest.skip("cannot make a read-only file here (root without chattr +i)")
                flagged.append(path)
        assert not any(_writable(path) for path in paths)
        yield
    finally:
        for path in flagged:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        for path, mode in modes.items():
            path.chmod(mode)


def assert_kept(w, answer) -> None:
    assert "Your answer could not be saved. It is still here" in w.message.value
    assert w.saved is None and w.outcome.value == ""
    assert w.body.answer() == answer  # still on screen, still editable
    assert not w.submit_button.disabled and w.submit_button.layout.display is None
    assert not any(control.disabled for control in w.body.controls())


def test_a_store_in_a_read_only_folder(tmp_path):
    room = tmp_path / "room"
    room.mkdir()
    w = widget("free", room / "responses.db")
    w.body.text.value = "My careful answer."
    with read_only(room):
        w.submit_button.click()
        assert_kept(w, "My careful answer.")
        assert str(room / "responses.db") in w.message.value
    w.submit_button.click()  # the trainer fixed the folder: the same answer is saved now
    assert w.saved is not None and w.saved.answer == "My careful answer."


def test_a_read_only_store_file(tmp_path):
    db = tmp_path / "responses.db"
    with open_store(db) as store:
        assert store.count() == 0
    for suffix in ("-wal", "-shm"):  # closed cleanly: only the main file is left
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    w = widget("single", db)
    w.body.options.value = "b"
    with read_only(db, tmp_path):
        w.submit_button.click()
        assert_kept(w, "b")
        assert "readonly" in w.message.value or "unable to open" in w.message.value
    with open_store(db, create=False) as store:
        assert store.count() == 0


def test_a_store_path_inside_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    w = widget("matching", tmp_path / "notes.txt" / "responses.db")
    dict(w.body.dropdowns)["sup"].value = "peer"
    w.submit_button.click()
    assert_kept(w, {"sup": "peer"})
    assert "is a file, not a folder" in w.message.value
    w.db = str(tmp_path / "responses.db")
    assert w.submit()
    assert "Your score:" in w.outcome.value


def test_an_unexpected_failure_keeps_the_answer_too(tmp_path, monkeypatch, caplog):
    w = widget("likert", tmp_path / "responses.db")
    dict(w.body.ratings)["talk"].value = 3

    def broken(response):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(w, "_save", broken)
    w.submit_button.click()
    assert "Something went wrong while saving. Your answer is still here" in w.message.value
    assert "RuntimeError: disk on fire" in w.message.value and "Traceback" not in w.message.value
    assert w.body.answer() == {"talk": 3} and w.saved is None
    assert "disk on fire" in caplog.text  # the details go to the log for whoever runs the server


def test_a_scenario_path_survives_a_failed_save(tmp_path):
    (tmp_path / "f").write_text("")
    w = widget("scenario", tmp_path / "f" / "r.db")
    w.body.choose(0)
    w.body.choose(0)  # the ending: saving is tried on its own, and fails
    assert "could not be saved" in w.message.value
    assert w.body.answer() == ["open-1", "ask"]
    w.db = str(tmp_path / "r.db")
    w.submit_button.click()
    assert w.saved is not None and w.saved.answer == ["open-1", "ask"]
