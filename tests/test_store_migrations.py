"""Versioned schema (Alembic): a store made by an older kit opens with this one after ``kit store migrate``."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine

from kit.cli import main
from kit.responses import Response
from kit.store import StoreError, StoreUnusable, open_store
from kit.store import roles as store_roles
from kit.store.migrate import script_head
from kit.store.schema import HEAD, REVISIONS, canonical_json, fingerprint, metadata, utc_text
from tests.postgres import fresh_database

# What kit 0.1 wrote into a new store file, before stores carried a revision (sqlite_master of such a file).
KIT_0_1_SCHEMA = (
    "CREATE TABLE responses (\n\tid INTEGER NOT NULL, \n\tsession TEXT NOT NULL, \n\tparticipant TEXT NOT NULL, "
    "\n\texercise TEXT NOT NULL, \n\tanswer TEXT NOT NULL, \n\tsubmitted_at TEXT NOT NULL, "
    "\n\tsubmitted_utc TEXT NOT NULL, \n\tstored_at TEXT NOT NULL, \n\tfingerprint TEXT NOT NULL, "
    "\n\tPRIMARY KEY (id)\n);\n"
    "CREATE INDEX ix_responses_key ON responses (session, participant, exercise);\n"
    "CREATE UNIQUE INDEX ux_responses_fingerprint ON responses (fingerprint);\n"
)
OLD = Response("bekes", "p01", "first-words", "b", datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc))
NEW = Response("bekes", "p02", "first-words", "c", datetime(2026, 1, 5, 9, 1, tzinfo=timezone.utc))


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def old_row(record: Response) -> tuple:
    answer = canonical_json(record.answer)
    return (record.session, record.participant, record.exercise, answer, record.submitted_at.isoformat(),
            utc_text(record.submitted_at), "2026-01-05T09:00:00.000000+00:00",
            fingerprint(record.session, record.participant, record.exercise, record.submitted_at, answer))


def write_kit_0_1_store(path) -> None:
    with sqlite3.connect(path) as connection:
        connection.executescript(KIT_0_1_SCHEMA)
        connection.execute("INSERT INTO responses (session, participant, exercise, answer, submitted_at, "
                           "submitted_utc, stored_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", old_row(OLD))
    connection.close()


def differences(url: str) -> list:
    """What Alembic's autogenerate sees between a store and kit/store/schema.py (nothing, when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), metadata)
    finally:
        engine.dispose()


def test_the_revisions_in_schema_py_are_the_migration_files():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from kit.store.migrate import MIGRATIONS

    assert script_head() == HEAD
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    walked = [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]
    assert tuple(reversed(walked)) == REVISIONS


def test_a_kit_0_1_store_is_read_refused_for_writing_then_migrated(tmp_path, write_jsonl):
    path = tmp_path / "régi terem.db"
    write_kit_0_1_store(path)

    with open_store(path, create=False) as store:  # reading needs nothing new: trainers can still score
        assert [record.participant for record in store.read_all()] == ["p01"]
    with pytest.raises(StoreError) as raised:
        open_store(path)
    message = str(raised.value)
    assert f"made by an older kit (store revision 0001, this kit needs {HEAD})" in message
    assert f"run `kit store migrate --db {path}` once" in message
    result = run("store", "import", str(write_jsonl("a.jsonl", [])), "--db", str(path))
    assert result.exit_code == 2 and "kit store migrate --db" in result.stderr and "Traceback" not in result.output

    result = run("store", "migrate", "--db", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"kit store migrate: {path}: migrated from revision 0001 to {HEAD}"
    with open_store(path) as store:
        assert store.add(NEW)
        assert not store.add(OLD)  # the old row's fingerprint still guards against doubles
        assert [record.participant for record in store.read_all()] == ["p01", "p02"]
    assert differences(f"sqlite:///{path}") == []
    again = run("store", "migrate", "--db", str(path))
    assert again.exit_code == 0 and f"already at the newest revision ({HEAD}); nothing to do" in again.stderr


def test_a_new_store_and_a_migrated_one_have_the_same_schema(tmp_path):
    write_kit_0_1_store(tmp_path / "old.db")
    assert run("store", "migrate", "--db", str(tmp_path / "old.db")).exit_code == 0
    with open_store(tmp_path / "new.db") as store:
        store.add(NEW)

    def schema(path) -> list[str]:
        with sqlite3.connect(path) as connection:
            rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
            columns = {table: connection.execute(f"PRAGMA table_info({table})").fetchall()
                       for kind, table, _, _ in rows if kind == "table"}
        connection.close()
        return [rows, columns]

    assert schema(tmp_path / "old.db") == schema(tmp_path / "new.db")
    assert differences(f"sqlite:///{tmp_path / 'new.db'}") == []


def test_migrate_creates_a_new_store_and_refuses_what_it_cannot_use(tmp_path):
    result = run("store", "migrate", "--db", str(tmp_path / "fresh.db"))
    assert result.exit_code == 0 and f"created at revision {HEAD}" in result.stderr
    with open_store(tmp_path / "fresh.db", create=False) as store:
        assert store.count() == 0

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE responses (x TEXT)")
    connection.close()
    result = run("store", "migrate", "--db", str(foreign))
    assert result.exit_code == 2 and "not a kit store's" in result.stderr
    with sqlite3.connect(foreign) as connection:  # left as it was
        assert [row[0] for row in connection.execute("SELECT name FROM sqlite_master")] == ["responses"]
    connection.close()


def test_a_store_from_a_newer_kit_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "future.db"
    with open_store(path) as store:
        store.add(NEW)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    for create, error in ((False, StoreUnusable), (True, StoreError)):
        with pytest.raises(error, match=r"written by a newer kit \(store revision 0099.*pip install -U"):
            open_store(path, create=create)
    result = run("store", "migrate", "--db", str(path))
    assert result.exit_code == 2 and "newer kit" in result.stderr


def test_a_postgresql_store_at_the_first_revision_migrates(postgres_cluster):
    from alembic import command

    from kit.store.migrate import _config

    with fresh_database(postgres_cluster) as database:
        url = postgres_cluster.url(database=database, driver="postgresql")
        engine = create_engine(postgres_cluster.url(database=database))
        with engine.begin() as connection:  # the schema as the first revision made it: an older kit's store
            command.upgrade(_config(connection), REVISIONS[0])
        engine.dispose()
        postgres_cluster.psql("INSERT INTO responses (session, participant, exercise, answer, submitted_at, "
                              "submitted_utc, stored_at, fingerprint) VALUES (" + ", ".join(
                                  f"'{value}'" for value in old_row(OLD)) + ")", database=database)
        assert postgres_cluster.psql("SELECT version_num FROM alembic_version", database=database) == "0001"

        with pytest.raises(StoreError, match=r"older kit .* run `kit store migrate --db postgresql://"):
            open_store(url)
        with fresh_database(postgres_cluster) as other:  # the server's group roles exist (roles are server-wide)
            store_roles.setup(postgres_cluster.url(database=other))
        kernel = f"kernel_{database}"
        postgres_cluster.psql(f"CREATE ROLE {kernel} LOGIN IN ROLE {store_roles.PARTICIPANT}")
        result = run("store", "migrate", "--db", url)
        assert result.exit_code == 0, result.output
        assert f"migrated from revision 0001 to {HEAD}" in result.stderr
        # the migration gave the store the grants of the roles, so a participant's kernel may add answers
        with open_store(postgres_cluster.url(kernel, database)) as store:
            assert store.add(NEW) and not store.add(OLD)
        result = run("store", "export", "--db", url)
        assert [json.loads(line)["participant"] for line in result.stdout.splitlines()] == ["p01", "p02"]
        assert differences(postgres_cluster.url(database=database)) == []
        # revision 0003: identifiers compare as code points, and the latest attempt comes first in the index
        assert postgres_cluster.psql("SELECT string_agg(DISTINCT collation_name, ',') FROM information_schema.columns "
                                     "WHERE table_name = 'responses' AND column_name IN "
                                     "('session', 'participant', 'exercise')", database=database) == "C"
        assert postgres_cluster.psql("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_responses_latest'",
                                     database=database).endswith("(session, participant, exercise, "
                                                                 "submitted_utc DESC, id DESC)")
