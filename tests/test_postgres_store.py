"""The response store on a real PostgreSQL server (a throw-away cluster): the same store as a SQLite file."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.responses import Rejection, Response
from kit.store import StoreError, StoreUnusable, open_store
from kit.store.schema import HEAD
from tests.conftest import exercise_cell
from tests.exercises import sample_yaml
from tests.postgres import fresh_database
from tests.test_store import response
from tests.test_store_cli import GOOD


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def database(postgres_cluster):
    with fresh_database(postgres_cluster) as name:
        yield name


@pytest.fixture
def url(postgres_cluster, database):
    """The URL as a user writes it: postgresql://, no driver named."""
    return postgres_cluster.url(database=database, driver="postgresql")


@pytest.fixture
def book(write_notebook):
    cells = [exercise_cell(sample_yaml(name)) for name in
             ("single", "ordering", "scenario", "matching", "likert", "free")]
    return write_notebook("module.ipynb", *cells)


def test_every_attempt_comes_back_in_stored_order_from_postgresql(url, postgres_cluster, database):
    attempts = [response("p07", "a", 31), response("p07", "c", 30), response("p02", {"sup": "sup", "ő": "ű"}, 32),
                response("p03", ["open-1", "ask"], 33), response("p04", None, 34)]
    with open_store(url) as store:
        for attempt in attempts:
            assert store.add(attempt)
    with open_store(url, create=False) as store:
        back = list(store.read_all())
    assert [(r.participant, r.answer, r.submitted_at) for r in back] == [
        (a.participant, a.answer, a.submitted_at) for a in attempts]
    assert [r.source for r in back] == [f"{url}:{n}" for n in range(1, 6)]
    tables = postgres_cluster.psql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                                   "WHERE schemaname = 'public'", database=database)
    assert tables == "alembic_version,responses,session_trainers"
    assert postgres_cluster.psql("SELECT version_num FROM alembic_version", database=database) == HEAD


def test_a_record_already_stored_is_not_stored_twice_in_postgresql(url):
    with open_store(url) as store:
        assert store.add(response(answer={"b": 1, "a": 2}))
        assert not store.add(response(answer={"a": 2, "b": 1}, zone=timezone.utc))
        assert store.add(response(answer={"a": 2, "b": 3}))
        assert store.add_many([response("p09"), response("p09"), response("p10")]) == (2, 1)
        assert store.count() == 4


@pytest.mark.parametrize("spelling", ["postgresql://", "postgres://", "postgresql+psycopg://"])
def test_every_spelling_of_the_url_and_kit_db(postgres_cluster, database, spelling, monkeypatch, tmp_path):
    url = postgres_cluster.url(database=database, driver=spelling[:-3])
    with open_store(url) as store:
        assert store.add(response())
    monkeypatch.setenv("KIT_DB", url)
    monkeypatch.chdir(tmp_path)
    with open_store() as store:  # no location: KIT_DB
        assert store.count() == 1
    result = run("store", "export")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["participant"] == "p07"
    assert not (tmp_path / "responses.db").exists()


def test_a_stored_row_that_cannot_be_read_is_a_rejection(url, postgres_cluster, database):
    with open_store(url) as store:
        store.add_many([response("p01"), response("p02")])
    postgres_cluster.psql("UPDATE responses SET answer = '{broken' WHERE id = 2", database=database)
    with open_store(url, create=False) as store:
        first, second = store.read_all()
    assert isinstance(first, Response)
    assert isinstance(second, Rejection) and str(second).startswith(f"{url}:2: ")


def test_import_export_and_scores_through_a_url_match_the_json_lines(url, write_jsonl, book, tmp_path):
    source = write_jsonl("day one.jsonl", [*GOOD, "not json"])
    result = run("store", "import", str(source), "--db", url)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0].startswith(f"{source}:11: not valid JSON")
    assert f"11 records read, 1 rejected; 10 stored, 0 already in the store ({url})" in result.stderr
    again = run("store", "import", str(source), "--db", url)
    assert "0 stored, 10 already in the store" in again.stderr

    export = tmp_path / "export.jsonl"
    assert run("store", "export", "--db", url, "-o", str(export)).exit_code == 0
    exported = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert [(r["participant"], r["exercise"], r["answer"]) for r in exported] == [
        (r["participant"], r["exercise"], r["answer"]) for r in GOOD]

    clean = write_jsonl("clean.jsonl", GOOD)
    from_url = run("score", url, "--book", str(book))
    from_jsonl = run("score", str(clean), "--book", str(book))
    assert from_url.stdout == from_jsonl.stdout
    assert from_url.exit_code == from_jsonl.exit_code == 1  # p05's answer is invalid
    rows = {tuple(line.split(",")[1:3]): line.split(",")[3:6] for line in from_url.stdout.splitlines()[1:]}
    assert rows[("p01", "first-words")] == ["scored", "1", "2"]  # the later attempt
    assert rows[("p04", "first-words")] == ["scored", "2", "2"]  # a tie: the one stored last


def test_stores_merge_both_ways_between_sqlite_and_postgresql(url, write_jsonl, tmp_path):
    room = tmp_path / "room ő.db"
    assert run("store", "import", str(write_jsonl("a.jsonl", GOOD[:6])), "--db", str(room)).exit_code == 0
    assert run("store", "import", str(write_jsonl("b.jsonl", GOOD[4:])), "--db", url).exit_code == 0
    result = run("store", "import", str(room), "--db", url)
    assert result.exit_code == 0, result.output
    assert "6 records read, 0 rejected; 4 stored, 2 already in the store" in result.stderr
    back = tmp_path / "back.db"
    assert run("store", "import", url, "--db", str(back)).exit_code == 0
    with open_store(back, create=False) as store:
        assert sorted(r.participant for r in store.read_all()) == sorted(r["participant"] for r in GOOD)


def test_a_server_that_cannot_be_reached_is_one_line_without_the_password(tmp_path):
    url = "postgresql://kit:secret@127.0.0.1:1/kit"
    with pytest.raises(StoreUnusable) as raised:
        open_store(url, create=False)
    message = str(raised.value)
    assert "secret" not in message and "postgresql://kit:***@127.0.0.1:1/kit" in message
    assert "cannot read the response store" in message and "server is running" in message
    with pytest.raises(StoreError, match="cannot write the response store"):
        open_store(url)
    result = run("store", "export", "--db", url)
    assert result.exit_code == 2 and "Traceback" not in result.output and "secret" not in result.output
    result = run("score", url, "--book", str(tmp_path))
    assert result.exit_code == 2 and "secret" not in result.output


def test_an_empty_database_is_not_read_as_a_store(url, tmp_path):
    with pytest.raises(StoreUnusable, match="holds no kit responses"):
        open_store(url, create=False)


def test_a_widget_saves_its_answer_to_postgresql(url):
    from kit.ui import Identity, exercise_widget
    from tests.exercises import sample

    widget = exercise_widget(sample("single"), "en", identity=Identity(participant="p07", session="s1"), db=url)
    widget.body.options.value = "c"
    widget.submit_button.click()
    assert widget.saved is not None, widget.message.value
    with open_store(url, create=False) as store:
        [saved] = store.read_all()
    assert (saved.session, saved.participant, saved.answer) == ("s1", "p07", "c")
    assert saved.submitted_at.tzinfo is not None and saved.submitted_at <= datetime.now(timezone.utc)


def test_a_kernel_adds_each_later_answer_with_one_insert_on_one_connection(url):
    """One engine per process (kit/store/engines.py): no new connection, dialect set-up or schema look."""
    from sqlalchemy import event

    with open_store(url) as store:
        store.add(response("p01", "a", 31))  # the first answer makes the store and looks at it
    statements: list[str] = []
    connections: list[object] = []
    engine = store.engine
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, sql, *rest: statements.append(sql))
    event.listen(engine.pool, "connect", lambda dbapi_connection, record: connections.append(dbapi_connection))
    for minute in (32, 33):
        with open_store(url) as again:
            assert again.engine is engine
            assert again.add(response("p01", "b", minute))
    assert [sql.split()[0] for sql in statements] == ["INSERT", "INSERT"]
    assert connections == []


def sent_to_the_server(url, tmp_path, adding) -> list[str]:
    """The messages the store's pooled connection sends while ``adding(store)`` runs (libpq's trace)."""
    with open_store(url) as store:
        store.add(response("p01", "a", 31))
    trace = tmp_path / "libpq.trace"
    with open_store(url) as store, trace.open("w") as sink, store.engine.connect() as held:
        pgconn = held.connection.dbapi_connection.pgconn
        held.close()  # back to the pool: the next open_store gets this very connection
        pgconn.trace(sink.fileno())
        adding(store)
        pgconn.untrace()
    # a line: time, F(rontend) or B(ackend), length, message
    return [fields[3] for fields in (line.split("\t") for line in trace.read_text().splitlines()) if fields[1] == "F"]


def round_trips(sent: list[str]) -> int:
    return sum(kind in ("Sync", "Query") for kind in sent)


def test_a_later_answer_is_one_round_trip_to_the_server(url, tmp_path):
    """No ping, BEGIN or COMMIT beside the INSERT."""
    def two_answers(store):
        for minute in (32, 33):
            assert store.add(response("p01", "b", minute))

    sent = sent_to_the_server(url, tmp_path, two_answers)
    assert round_trips(sent) == 2 and sent.count("Execute") == 2, sent


def test_a_group_of_answers_is_one_transaction_of_few_round_trips(url, tmp_path):
    """The workshop server's group commit: twenty answers, one INSERT pipelined, BEGIN and COMMIT."""
    def twenty_answers(store):
        assert store.add_many([response(f"p{n:02d}", "b", 32) for n in range(20)]) == (20, 0)

    sent = sent_to_the_server(url, tmp_path, twenty_answers)
    assert round_trips(sent) <= 3 and sent.count("Parse") <= 2, sent


def drop_the_pooled_connection(url, postgres_cluster, database) -> None:
    """What a server restart or an idle_session_timeout does between two answers of a kernel."""
    with open_store(url) as store:
        store.add(response("p01", "a", 31))
        with store.engine.connect() as held:
            pid = held.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    postgres_cluster.psql(f"SELECT pg_terminate_backend({pid})", database=database)


def test_an_answer_on_a_connection_the_server_closed_is_sent_again(url, postgres_cluster, database):
    """Within the busy while nothing pings: the failed INSERT is sent again on a new connection."""
    drop_the_pooled_connection(url, postgres_cluster, database)
    with open_store(url) as store:
        assert store.add(response("p01", "b", 32))
        assert not store.add(response("p01", "b", 32))
        assert [saved.answer for saved in store.read_all()] == ["a", "b"]


def test_a_connection_idle_for_a_while_is_pinged_before_it_is_used(url, postgres_cluster, database, monkeypatch):
    """A read is not sent again: after an idle while the ping finds the closed connection first."""
    from kit.store import postgres

    drop_the_pooled_connection(url, postgres_cluster, database)
    monkeypatch.setattr(postgres, "PING_AFTER_IDLE_SECONDS", 0.0)
    with open_store(url) as store:
        assert store.count() == 1


def wait_for_connecting_ahead() -> None:
    import threading

    for thread in threading.enumerate():
        if thread.name == "kit-store-connect":
            thread.join(timeout=30)


def test_a_widget_connects_when_shown_so_its_first_submit_is_one_insert(url, tmp_path):
    """Participants read before they answer: the kernel connects then (kit.store.connect_ahead)."""
    from sqlalchemy import event

    from kit.store import engines
    from kit.ui import Identity, exercise_widget
    from tests.exercises import sample

    widgets = [exercise_widget(sample("single"), "en", identity=Identity(participant=f"p{n}", session="s1"), db=url)
               for n in range(3)]
    wait_for_connecting_ahead()
    [entry] = [entry for (_, location, _), entry in engines._SHARED.items() if location == url]
    assert entry.ready and entry.engine.pool.checkedin() == 1  # three widgets, one connection
    statements: list[str] = []
    event.listen(entry.engine, "before_cursor_execute", lambda conn, cursor, sql, *rest: statements.append(sql))
    widgets[0].body.options.value = "c"
    widgets[0].submit_button.click()
    assert widgets[0].saved is not None, widgets[0].message.value
    assert [sql.split()[0] for sql in statements] == ["INSERT"]


def test_a_server_that_cannot_be_reached_is_said_at_the_submit_not_when_shown(tmp_path):
    from kit.ui import Identity, exercise_widget
    from tests.exercises import sample

    nowhere = "postgresql://kit@127.0.0.1:9/kit?connect_timeout=2"  # port 9: discard, nothing listens
    widget = exercise_widget(sample("single"), "en", identity=Identity(participant="p07", session="s1"), db=nowhere)
    wait_for_connecting_ahead()
    widget.body.options.value = "c"
    widget.submit_button.click()
    assert widget.saved is None and "could not be saved" in widget.message.value
    assert widget.body.options.value == "c"  # the answer is still there


def test_a_store_file_is_not_made_by_showing_a_widget(tmp_path):
    from kit.ui import Identity, exercise_widget
    from tests.exercises import sample

    exercise_widget(sample("single"), "en", identity=Identity(participant="p07", session="s1"),
                    db=str(tmp_path / "responses.db"))
    wait_for_connecting_ahead()
    assert not (tmp_path / "responses.db").exists()
