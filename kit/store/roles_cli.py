"""``kit store roles``: who may add and read answers in a shared PostgreSQL store (kit/store/roles.py)."""

from __future__ import annotations

from collections.abc import Callable

import click

from kit.store.cli import DB_HELP, _fail, _say

KINDS = ("participant", "trainer", "coordinator")


def _run(command: str, action: Callable[[], object]) -> object:
    from kit.store import StoreError

    try:
        return action()
    except StoreError as error:
        _fail(f"roles {command}", error)


@click.group("roles")
def roles() -> None:
    """Who sees what in a PostgreSQL store: participants only add, trainers read their sessions, coordinators all."""


@roles.command("setup")
@click.option("--db", help=DB_HELP)
def setup_command(db: str | None) -> None:
    """Make the roles kit_participant, kit_trainer and kit_coordinator, their grants and row-level security."""
    from kit.store import roles as store_roles

    for line in _run("setup", lambda: store_roles.setup(db)):  # type: ignore[union-attr]
        _say(f"kit store roles setup: {line}")


@roles.command("add")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("name")
@click.option("--password-file", type=click.File("r", encoding="utf-8"),
              help="Read the role's password from this file ('-': standard input). Default: no password "
                   "(for peer or certificate login, or set one later).")
@click.option("--db", help=DB_HELP)
def add_command(kind: str, name: str, password_file: click.utils.LazyFile | None, db: str | None) -> None:
    """Make NAME a login role that is a participant, a trainer or a coordinator."""
    from kit.store import roles as store_roles

    password = password_file.readline().rstrip("\r\n") if password_file is not None else None
    if password_file is not None and not password:
        raise click.UsageError("--password-file: the first line is empty; write the password on it")
    _say(f"kit store roles add: {_run('add', lambda: store_roles.add(db, kind, name, password))}")


@roles.command("assign")
@click.argument("session")
@click.argument("trainer")
@click.option("--db", help=DB_HELP)
def assign_command(session: str, trainer: str, db: str | None) -> None:
    """Let TRAINER read (and add answers to) SESSION."""
    from kit.store import roles as store_roles

    _say(f"kit store roles assign: {_run('assign', lambda: store_roles.assign(db, session, trainer))}")


@roles.command("unassign")
@click.argument("session")
@click.argument("trainer")
@click.option("--db", help=DB_HELP)
def unassign_command(session: str, trainer: str, db: str | None) -> None:
    """Stop TRAINER reading SESSION."""
    from kit.store import roles as store_roles

    _say(f"kit store roles unassign: {_run('unassign', lambda: store_roles.unassign(db, session, trainer))}")


@roles.command("list")
@click.option("--db", help=DB_HELP)
def list_command(db: str | None) -> None:
    """Print the members of each group and which trainer reads which session."""
    from kit.store import roles as store_roles

    listing = _run("list", lambda: store_roles.listing(db))
    for group in store_roles.GROUPS.values():
        members = listing.members.get(group, [])  # type: ignore[union-attr]
        click.echo(f"{group}: {', '.join(members) if members else '(nobody)'}")
    for session, trainer in listing.sessions:  # type: ignore[union-attr]
        click.echo(f"session {session}: {trainer}")
