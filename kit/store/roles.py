"""Who sees what in a shared PostgreSQL store: ``kit store roles`` (DESIGN §6, a national programme).

Three group roles, made once by ``kit store roles setup``; people (or kernels) are login roles
that are members of one of them (``kit store roles add``):

- ``kit_participant``: may only add answers. INSERT on ``responses``, no SELECT at all, so a
  participant's kernel cannot read anybody's answers, its own included (kit writes with
  ``INSERT … ON CONFLICT DO NOTHING``, which needs no reading), and cannot change or delete any.
- ``kit_trainer``: reads, and may add, the answers of the sessions assigned to them in
  ``session_trainers`` (``kit store roles assign SESSION TRAINER``); row-level security hides
  every other session's rows.
- ``kit_coordinator``: reads and adds answers of every session, and assigns sessions to trainers.

Nobody but the database owner may update or delete an answer: every attempt is kept. Run
``setup`` (and ``add``) as the owner of the store, or a role with CREATEROLE that owns it;
``kit store migrate`` re-applies the grants after a migration.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Connection, text

from kit.store.errors import StoreError
from kit.store.sql import Store
from kit.store.versions import require_usable, store_state

PARTICIPANT, TRAINER, COORDINATOR = "kit_participant", "kit_trainer", "kit_coordinator"
GROUPS = {"participant": PARTICIPANT, "trainer": TRAINER, "coordinator": COORDINATOR}
ADMIN_FIX = "run it as the store's owner (the role that ran kit store migrate) or a role with CREATEROLE"
NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}$")

# a trainer's sessions: the rows of session_trainers naming the role that runs the query
_OWN_SESSION = ("EXISTS (SELECT 1 FROM session_trainers AS t "
                "WHERE t.session = responses.session AND t.trainer = current_user)")
POLICIES = {
    # (table, name): (command, role, USING, WITH CHECK)
    ("responses", "kit_participant_add"): ("INSERT", PARTICIPANT, None, "true"),
    ("responses", "kit_trainer_read"): ("SELECT", TRAINER, _OWN_SESSION, None),
    ("responses", "kit_trainer_add"): ("INSERT", TRAINER, None, _OWN_SESSION),
    ("responses", "kit_coordinator_read"): ("SELECT", COORDINATOR, "true", None),
    ("responses", "kit_coordinator_add"): ("INSERT", COORDINATOR, None, "true"),
    ("session_trainers", "kit_trainer_own"): ("SELECT", TRAINER, "trainer = current_user", None),
    ("session_trainers", "kit_coordinator_assign"): ("ALL", COORDINATOR, "true", "true"),
}
GRANTS = [
    # (privileges, table, roles)
    ("SELECT", "alembic_version", (PARTICIPANT, TRAINER, COORDINATOR)),  # to check the store's revision
    ("INSERT", "responses", (PARTICIPANT, TRAINER, COORDINATOR)),
    ("SELECT", "responses", (TRAINER, COORDINATOR)),
    ("SELECT", "session_trainers", (TRAINER,)),
    ("SELECT, INSERT, DELETE", "session_trainers", (COORDINATOR,)),
]


@dataclass
class Listing:
    members: dict[str, list[str]] = field(default_factory=dict)  # group role -> login roles
    sessions: list[tuple[str, str]] = field(default_factory=list)  # (session, trainer) visible to the caller


@contextmanager
def _admin(location: str | os.PathLike[str] | None) -> Iterator[tuple[Store, Connection]]:
    """A write transaction on a PostgreSQL store, with errors that say who may run the command."""
    with Store.connect(location, writable=True) as store:
        if store.backend.name != "postgresql":
            raise StoreError(store.where, "roles are for a shared PostgreSQL store (a SQLite file is guarded "
                             "by its file permissions)", "give --db postgresql://USER@HOST/DATABASE")
        try:
            with store.transaction(write=True) as connection:
                yield store, connection
        except StoreError as error:
            if "permission denied" in error.reason or "must be" in error.reason:
                raise StoreError(error.where, error.reason, ADMIN_FIX) from None
            raise


def setup(location: str | os.PathLike[str] | None = None) -> list[str]:
    """Make the group roles, grants and row-level security (again: it is safe to repeat)."""
    from kit.store.migrate import upgrade

    with _admin(location) as (store, connection):
        store.backend.lock(connection)
        state = store_state(connection)
        if state.empty:
            upgrade(connection, state)
            state = store_state(connection)
        require_usable(state, store.where, True, store.backend.read_fix)
        made = [group for group in GROUPS.values() if not _role_exists(connection, group)]
        for group in made:
            connection.execute(text(f"CREATE ROLE {_quote(connection, group)} NOLOGIN"))
        apply_grants(connection)
    return [f"{store.where}: group roles {', '.join(GROUPS.values())} ready"
            + (f" ({', '.join(made)} made now)" if made else ""),
            f"{store.where}: participants may only add answers; trainers read the sessions assigned to "
            "them; coordinators read all"]


def apply_grants(connection: Connection) -> None:
    """Grants and policies of POLICIES/GRANTS on the store's tables (the group roles must exist)."""
    schema = connection.execute(text("SELECT current_schema()")).scalar()
    groups = ", ".join(_quote(connection, group) for group in GROUPS.values())
    connection.execute(text(f"REVOKE ALL ON responses, session_trainers, alembic_version FROM PUBLIC, {groups}"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {_quote(connection, schema)} TO {groups}"))
    for privileges, table, roles in GRANTS:
        connection.execute(text(f"GRANT {privileges} ON {table} TO "
                                + ", ".join(_quote(connection, role) for role in roles)))
    sequence = connection.execute(text("SELECT pg_get_serial_sequence('responses', 'id')")).scalar()
    if sequence:
        connection.execute(text(f"GRANT USAGE ON SEQUENCE {sequence} TO "
                                f"{_quote(connection, PARTICIPANT)}, {_quote(connection, TRAINER)}, "
                                f"{_quote(connection, COORDINATOR)}"))
    for table in ("responses", "session_trainers"):
        connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
    for (table, name), (command, role, using, check) in POLICIES.items():
        connection.execute(text(f"DROP POLICY IF EXISTS {name} ON {table}"))
        connection.execute(text(
            f"CREATE POLICY {name} ON {table} FOR {command} TO {_quote(connection, role)}"
            + (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")))


def is_set_up(connection: Connection) -> bool:
    return all(_role_exists(connection, group) for group in GROUPS.values())


def add(location: str | os.PathLike[str] | None, kind: str, name: str, password: str | None = None) -> str:
    """Make ``name`` a login role in the group of ``kind`` (participant, trainer, coordinator)."""
    if kind not in GROUPS:
        raise StoreError(str(location), f"'{kind}' is not a kind of role", "use one of: " + ", ".join(GROUPS))
    _check_name(name, str(location))
    group = GROUPS[kind]
    with _admin(location) as (store, connection):
        if not _role_exists(connection, group):
            raise StoreError(store.where, f"there is no role {group} yet", f"run `kit store roles setup --db "
                             f"{store.where}` first")
        quoted = _quote(connection, name)
        existed = _role_exists(connection, name)
        if not existed:
            connection.execute(text(f"CREATE ROLE {quoted} LOGIN"))
        if password:
            # no bind parameters in DDL; exec_driver_sql, as the verifier's ':' would look like one to text()
            connection.exec_driver_sql(f"ALTER ROLE {quoted} PASSWORD {_verifier(connection, name, password)}")
        connection.execute(text(f"GRANT {_quote(connection, group)} TO {quoted}"))
    what = {"participant": "may only add answers", "trainer": "reads the sessions assigned to them",
            "coordinator": "reads every session"}[kind]
    return (f"{store.where}: {name} {'was already a role, now also' if existed else 'made, a'} {kind}: {what}"
            + ("; password set" if password else ""))


def assign(location: str | os.PathLike[str] | None, session: str, trainer: str) -> str:
    """Let ``trainer`` read (and add to) ``session``."""
    with _admin(location) as (store, connection):
        _require_trainer(connection, store.where, trainer)
        inserted = connection.execute(
            text("INSERT INTO session_trainers (session, trainer, assigned_at) VALUES (:s, :t, :at) "
                 "ON CONFLICT DO NOTHING"),
            {"s": session, "t": trainer, "at": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        ).rowcount
    return f"{store.where}: {trainer} {'now reads' if inserted else 'already read'} session {session}"


def unassign(location: str | os.PathLike[str] | None, session: str, trainer: str) -> str:
    with _admin(location) as (store, connection):
        removed = connection.execute(text("DELETE FROM session_trainers WHERE session = :s AND trainer = :t"),
                                     {"s": session, "t": trainer}).rowcount
    if not removed:
        raise StoreError(store.where, f"{trainer} was not assigned session {session}",
                         "see the assignments with `kit store roles list`")
    return f"{store.where}: {trainer} no longer reads session {session}"


def listing(location: str | os.PathLike[str] | None = None) -> Listing:
    """Members of each group and the session assignments the caller may see."""
    result = Listing()
    with _admin(location) as (_, connection):
        rows = connection.execute(text(
            "SELECT g.rolname, m.rolname FROM pg_auth_members AS a JOIN pg_roles AS g ON g.oid = a.roleid "
            "JOIN pg_roles AS m ON m.oid = a.member WHERE g.rolname IN (:p, :t, :c) ORDER BY 1, 2"),
            {"p": PARTICIPANT, "t": TRAINER, "c": COORDINATOR})
        for group, member in rows:
            result.members.setdefault(group, []).append(member)
        result.sessions = [(row[0], row[1]) for row in connection.execute(
            text("SELECT session, trainer FROM session_trainers ORDER BY session, trainer"))]
    return result


def _require_trainer(connection: Connection, where: str, trainer: str) -> None:
    if not _role_exists(connection, trainer):
        raise StoreError(where, f"there is no role '{trainer}'",
                         f"add the trainer first: kit store roles add trainer {trainer} --db {where}")
    if not connection.execute(text("SELECT pg_has_role(:t, :g, 'MEMBER')"), {"t": trainer, "g": TRAINER}).scalar():
        raise StoreError(where, f"'{trainer}' is not a trainer",
                         f"make them one: kit store roles add trainer {trainer} --db {where}")


def _role_exists(connection: Connection, name: str) -> bool:
    return connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None


def _check_name(name: str, where: str) -> None:
    if not NAME.match(name) or name.lower().startswith("pg_") or name in GROUPS.values():
        raise StoreError(where, f"'{name}' cannot be a role name",
                         "use letters, digits, _ . @ - (at most 63), not starting with pg_ nor a kit_ group")


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _verifier(connection: Connection, name: str, password: str) -> str:
    """The password as a SCRAM verifier (libpq hashes it here), so the plain text never reaches the server."""
    driver = connection.connection.driver_connection
    secret = driver.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    verifier = secret.decode("ascii")
    if "'" in verifier:  # cannot happen with SCRAM; never build a broken or injectable literal
        raise StoreError(name, "the password could not be encoded", "choose another password")
    return f"'{verifier}'"
