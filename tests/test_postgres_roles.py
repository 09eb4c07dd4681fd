"""Who sees what in a shared PostgreSQL store, proved by trying against a live server (kit store roles).

Each test gets its own database with two trainers (each running one session), a participant role
for the kernels and a coordinator. Role names carry the database's name, as roles are server-wide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.responses import Response
from kit.store import StoreError, StoreUnusable, open_store
from kit.store import roles as store_roles
from tests.postgres import Cluster, PsqlError, fresh_database

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def answer(session: str, participant: str, minute: int = 0, value: object = "a") -> Response:
    return Response(session, participant, "signal-duty-01", value, T0 + timedelta(minutes=minute))


@dataclass
class Programme:
    cluster: Cluster
    database: str
    anna: str  # trainer of session "bekes"
    bela: str  # trainer of session "brno"
    kernel: str  # the participants' kernels
    cora: str  # the coordinator

    def url(self, role: str = "postgres") -> str:
        return self.cluster.url(user=role, database=self.database, driver="postgresql")

    def sql(self, statement: str, role: str = "postgres") -> str:
        return self.cluster.psql(statement, user=role, database=self.database)

    def sessions_seen_by(self, role: str) -> list[str]:
        with open_store(self.url(role), create=False) as store:
            return sorted({record.session for record in store.read_all()})


@pytest.fixture
def programme(postgres_cluster):
    with fresh_database(postgres_cluster) as database:
        names = {kind: f"{kind}_{database}" for kind in ("anna", "bela", "kernel", "cora")}
        admin = postgres_cluster.url(database=database, driver="postgresql")
        assert run("store", "migrate", "--db", admin).exit_code == 0
        result = run("store", "roles", "setup", "--db", admin)
        assert result.exit_code == 0, result.output
        for kind, role in (("trainer", names["anna"]), ("trainer", names["bela"]),
                           ("participant", names["kernel"]), ("coordinator", names["cora"])):
            result = run("store", "roles", "add", kind, role, "--db", admin)
            assert result.exit_code == 0, result.output
        assert run("store", "roles", "assign", "bekes", names["anna"], "--db", admin).exit_code == 0
        assert run("store", "roles", "assign", "brno", names["bela"], "--db", admin).exit_code == 0
        with open_store(admin) as store:
            store.add_many([answer("bekes", "p01"), answer("bekes", "p02"), answer("brno", "p01"),
                            answer("szeged", "p09")])
        yield Programme(postgres_cluster, database, **names)


def test_a_trainer_reads_only_the_sessions_they_run(programme):
    assert programme.sessions_seen_by(programme.anna) == ["bekes"]
    assert programme.sessions_seen_by(programme.bela) == ["brno"]
    # asking the server directly for the other session gives nothing, not an error that would reveal it
    assert programme.sql("SELECT count(*) FROM responses WHERE session = 'brno'", programme.anna) == "0"
    assert programme.sql("SELECT string_agg(session || '=' || trainer, ',') FROM session_trainers",
                         programme.anna) == f"bekes={programme.anna}"
    with pytest.raises(PsqlError, match="permission denied"):
        programme.sql(f"INSERT INTO session_trainers VALUES ('brno', '{programme.anna}', 'now')", programme.anna)


def test_a_trainer_adds_answers_to_their_session_only(programme):
    with open_store(programme.url(programme.anna)) as store:
        assert store.add(answer("bekes", "p03"))
        assert not store.add(answer("bekes", "p03"))  # already stored: told without reading anything else
        with pytest.raises(StoreError, match="row-level security"):
            store.add(answer("brno", "p03"))
    assert programme.sessions_seen_by(programme.bela) == ["brno"]
    assert programme.sql("SELECT count(*) FROM responses WHERE session = 'brno'") == "1"


def test_a_trainer_assigned_a_second_session_reads_it(programme):
    assert run("store", "roles", "assign", "szeged", programme.anna, "--db", programme.url(programme.cora)
               ).exit_code == 0  # a coordinator may assign sessions
    assert programme.sessions_seen_by(programme.anna) == ["bekes", "szeged"]
    result = run("store", "roles", "unassign", "bekes", programme.anna, "--db", programme.url())
    assert result.exit_code == 0, result.output
    assert programme.sessions_seen_by(programme.anna) == ["szeged"]


def test_a_participant_adds_answers_but_cannot_read_any(programme):
    url = programme.url(programme.kernel)
    with open_store(url) as store:  # what a participant's kernel does on Submit
        assert store.add(answer("bekes", "p05"))
        assert not store.add(answer("bekes", "p05"))  # a second Submit of the same record: not doubled
        assert store.add(answer("nowhere", "p05"))  # any session: the kernel does not know the programme
    with pytest.raises(StoreUnusable, match="permission denied for table responses"), \
            open_store(url, create=False) as store:
        list(store.read_all())
    for query in ("SELECT count(*) FROM responses", "SELECT fingerprint FROM responses LIMIT 1",
                  "SELECT count(*) FROM session_trainers"):
        with pytest.raises(PsqlError, match="permission denied"):
            programme.sql(query, programme.kernel)
    assert programme.sql("SELECT count(*) FROM responses WHERE participant = 'p05'") == "2"
    result = run("score", url, "--book", ".")
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("statement", [
    "UPDATE responses SET answer = '\"b\"'",
    "DELETE FROM responses",
    "TRUNCATE responses",
    "UPDATE responses SET answer = '\"b\"' WHERE session = 'bekes'",
])
def test_nobody_but_the_owner_changes_or_deletes_an_answer(programme, statement):
    for role in (programme.kernel, programme.anna, programme.bela, programme.cora):
        with pytest.raises(PsqlError, match="permission denied"):
            programme.sql(statement, role)
    assert programme.sql("SELECT count(*) FROM responses") == "4"


def test_a_participant_cannot_climb_to_another_role(programme):
    for group in (store_roles.TRAINER, store_roles.COORDINATOR):
        with pytest.raises(PsqlError, match="permission denied"):
            programme.sql(f"SET ROLE {group}; SELECT count(*) FROM responses", programme.kernel)
    with pytest.raises(PsqlError, match="must be owner"):
        programme.sql("ALTER TABLE responses DISABLE ROW LEVEL SECURITY", programme.anna)


def test_a_coordinator_reads_every_session(programme):
    assert programme.sessions_seen_by(programme.cora) == ["bekes", "brno", "szeged"]
    with open_store(programme.url(programme.cora)) as store:
        assert store.add(answer("debrecen", "p01"))
        assert store.count() == 5


def test_roles_are_listed_and_setup_can_be_repeated(programme):
    assert run("store", "roles", "setup", "--db", programme.url()).exit_code == 0
    result = run("store", "roles", "list", "--db", programme.url())
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # roles are the server's, shared by every database on it (other tests' roles are listed too)
    groups = {line.split(": ")[0]: line.split(": ")[1].split(", ") for line in lines if line.startswith("kit_")}
    assert {programme.anna, programme.bela} <= set(groups["kit_trainer"])
    assert programme.kernel in groups["kit_participant"] and programme.cora in groups["kit_coordinator"]
    assert programme.kernel not in groups["kit_trainer"]
    assert f"session bekes: {programme.anna}" in lines and f"session brno: {programme.bela}" in lines
    assert programme.sessions_seen_by(programme.anna) == ["bekes"]  # still in force after the second setup


def test_a_password_reaches_the_server_only_as_a_scram_verifier(programme, tmp_path):
    secret = tmp_path / "password.txt"
    secret.write_text("Tit0k:jelszó'\n", encoding="utf-8")
    name = f"dora_{programme.database}"
    result = run("store", "roles", "add", "trainer", name, "--password-file", str(secret), "--db", programme.url())
    assert result.exit_code == 0, result.output
    assert "password set" in result.stderr and "jelszó" not in result.output
    stored = programme.sql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{name}'")
    assert stored.startswith("SCRAM-SHA-256$4096:") and "jelszó" not in stored


def test_role_commands_say_what_is_wrong_and_exit_2(programme, tmp_path):
    result = run("store", "roles", "assign", "bekes", programme.kernel, "--db", programme.url())
    assert result.exit_code == 2
    assert f"'{programme.kernel}' is not a trainer" in result.stderr
    assert f"kit store roles add trainer {programme.kernel}" in result.stderr
    result = run("store", "roles", "assign", "bekes", "nobody_at_all", "--db", programme.url())
    assert result.exit_code == 2 and "there is no role 'nobody_at_all'" in result.stderr
    result = run("store", "roles", "add", "trainer", "x_by_anna", "--db", programme.url(programme.anna))
    assert result.exit_code == 2 and "permission denied" in result.stderr and "CREATEROLE" in result.stderr
    result = run("store", "roles", "add", "trainer", "pg_evil", "--db", programme.url())
    assert result.exit_code == 2 and "cannot be a role name" in result.stderr
    result = run("store", "roles", "unassign", "brno", programme.anna, "--db", programme.url())
    assert result.exit_code == 2 and "was not assigned session brno" in result.stderr
    result = run("store", "roles", "setup", "--db", str(tmp_path / "room.db"))
    assert result.exit_code == 2 and "PostgreSQL" in result.stderr
    assert "Traceback" not in result.output
