"""The response store (DESIGN §6): a real SQLite file, stored order, identity, bad rows, its location."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from kit.responses import Rejection, Response
from kit.store import StoreError, StoreUnusable, open_store, resolve_location
from kit.store.location import kit_config

CET = timezone(timedelta(hours=1))


def response(participant: str = "p07", answer: object = "c", minute: int = 31, exercise: str = "signal-duty-01",
             zone: timezone = CET) -> Response:
    moment = datetime(2026, 11, 24, 9, minute, 2, tzinfo=CET).astimezone(zone)
    return Response("bekes-2026-11-24", participant, exercise, answer, moment)


def test_a_new_store_is_a_wal_sqlite_file_with_a_busy_timeout(tmp_path):
    path = tmp_path / "responses.db"
    with open_store(path) as store:
        assert store.add(response())
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = {row[1] for row in connection.execute("PRAGMA table_info(responses)")}
    assert {"id", "session", "participant", "exercise", "answer", "submitted_at", "stored_at"} <= columns


def test_every_attempt_comes_back_in_stored_order(tmp_path):
    attempts = [response("p07", "a", 31), response("p07", "c", 30), response("p02", {"sup": "sup", "ő": "ű"}, 32),
                response("p03", ["open-1", "ask"], 33), response("p04", None, 34)]
    with open_store(tmp_path / "r.db") as store:
        for attempt in attempts:
            assert store.add(attempt)
    with open_store(tmp_path / "r.db", create=False) as store:
        back = list(store.read_all())
    assert [(r.participant, r.answer, r.submitted_at) for r in back] == [
        (a.participant, a.answer, a.submitted_at) for a in attempts]
    assert [r.source for r in back] == [f"{tmp_path / 'r.db'}:{n}" for n in range(1, 6)]
    assert all(r.submitted_at.utcoffset() == timedelta(hours=1) for r in back)


def test_a_record_already_stored_is_not_stored_twice(tmp_path):
    with open_store(tmp_path / "r.db") as store:
        assert store.add(response(answer={"b": 1, "a": 2}))
        # the same instant in another zone and the same answer with its keys in another order
        assert not store.add(response(answer={"a": 2, "b": 1}, zone=timezone.utc))
        assert store.add(response(answer={"a": 2, "b": 3}))  # another answer
        assert store.add(response(minute=40, answer={"a": 2, "b": 1}))  # another attempt
        assert store.add_many([response("p09"), response("p09"), response("p10")]) == (2, 1)
        assert store.count() == 5


def test_a_stored_row_that_cannot_be_read_is_a_rejection_with_store_and_row(tmp_path):
    path = tmp_path / "r.db"
    with open_store(path) as store:
        store.add(response("p01"))
        store.add(response("p02"))
        store.add(response("p03"))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE responses SET answer = '{broken' WHERE id = 2")
        connection.execute("UPDATE responses SET submitted_at = '2026-11-24T09:31:02' WHERE id = 3")
    with open_store(str(path), create=False) as store:
        records = list(store.read_all())
    assert isinstance(records[0], Response)
    assert isinstance(records[1], Rejection) and str(records[1]).startswith(f"{path}:2: ")
    assert "not valid JSON" in records[1].reason
    assert isinstance(records[2], Rejection) and records[2].line == 3 and "time zone" in records[2].reason


def test_reading_never_creates_or_changes_a_store(tmp_path):
    with pytest.raises(StoreUnusable, match="no such store file"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x TEXT)").connection.commit()
    with pytest.raises(StoreUnusable, match="no 'responses' table"):
        open_store(other, create=False)
    (tmp_path / "a.jsonl").write_text('{"session": "s"}\n', encoding="utf-8")
    with pytest.raises(StoreUnusable, match="file is not a database"):
        open_store(tmp_path / "a.jsonl", create=False)


@pytest.mark.parametrize("where", ["a file/responses.db", "no such folder/responses.db", "."])
def test_a_store_that_cannot_be_written_says_where_and_what_to_do(tmp_path, where):
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError) as raised, open_store(tmp_path / where) as store:
        store.add(response())
    message = str(raised.value)
    assert str(tmp_path / where) in message
    assert "KIT_DB" in message or "file name" in message


def test_paths_with_spaces_and_accents(tmp_path):
    path = tmp_path / "Békés műhely č ř" / "válaszok.db"
    path.parent.mkdir()
    with open_store(str(path)) as store:
        store.add(response())
    with open_store(str(path), create=False) as store:
        assert [r.participant for r in store.read_all()] == ["p07"]


def test_a_sqlite_url_is_the_same_store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        store.add(response())
    with open_store(tmp_path / "r.db", create=False) as store:
        assert store.count() == 1


def test_location_argument_then_env_then_config_then_default(tmp_path, monkeypatch):
    book = tmp_path / "book"
    (book / "exercises").mkdir(parents=True)
    monkeypatch.chdir(book / "exercises")
    monkeypatch.delenv("KIT_DB", raising=False)
    assert resolve_location() == str(book / "exercises" / "responses.db")
    (book / "_config.yml").write_text("title: x\nkit:\n  db: data/answers.db\n  session: s1\n", encoding="utf-8")
    assert resolve_location() == str(book / "data" / "answers.db")
    assert kit_config()[0]["session"] == "s1"
    monkeypatch.setenv("KIT_DB", "/srv/kit/room.db")
    assert resolve_location() == "/srv/kit/room.db"
    assert resolve_location("given.db") == "given.db"
    (book / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    monkeypatch.delenv("KIT_DB")
    assert resolve_location() == str(book / "exercises" / "responses.db")


def test_kit_score_reads_a_store_file(tmp_path, write_notebook):
    from click.testing import CliRunner

    from kit.cli import main
    from tests.conftest import exercise_cell
    from tests.exercises import sample_yaml

    book = write_notebook("m.ipynb", exercise_cell(sample_yaml("single")))
    with open_store(tmp_path / "r.db") as store:
        store.add(Response("s", "p1", "first-words", "b", datetime(2026, 1, 1, tzinfo=timezone.utc)))
        store.add(Response("s", "p2", "first-words", "c", datetime(2026, 1, 1, tzinfo=timezone.utc)))
    result = CliRunner().invoke(main, ["score", str(tmp_path / "r.db"), "--book", str(book)])
    assert result.exit_code == 0, result.output
    rows = [line.split(",")[:6] for line in result.stdout.splitlines()[1:]]
    assert rows == [["s", "p1", "first-words", "scored", "2", "2"], ["s", "p2", "first-words", "scored", "1", "2"]]


@pytest.mark.parametrize("url", ["nosuch://host/db", "mysql://kit:secret@localhost:1/kit"])
def test_a_database_url_that_cannot_be_used_is_one_clear_error(url):
    # PostgreSQL URLs are stores (tests/test_postgres_store.py); other databases are not
    for create, error in ((False, StoreUnusable), (True, StoreError)):
        with pytest.raises(error) as raised:
            open_store(url, create=create)
        assert "cannot use this database URL" in str(raised.value) and "secret" not in str(raised.value)
        assert "SQLite files or PostgreSQL" in str(raised.value)


def test_a_process_opens_one_engine_per_store(tmp_path):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    with open_store(first) as a, open_store(first) as b, open_store(second) as c:
        assert a.engine is b.engine and a.engine is not c.engine
    with open_store(first, create=False) as reader:
        assert reader.engine is not a.engine  # a reader's engine opens the file read-only


def test_the_driver_insert_names_every_column_a_row_has():
    """The PostgreSQL path sends _row's dict to SQL compiled once for ROW_COLUMNS: a column added to
    one and not the other would be dropped or fail."""
    from kit.store.schema import responses
    from kit.store.sql import ROW_COLUMNS, _row

    assert set(_row(response())) | {"stored_at"} == set(ROW_COLUMNS) == set(responses.c.keys()) - {"id"}
