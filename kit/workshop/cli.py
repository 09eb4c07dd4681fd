"""``kit workshop serve``: a thin click layer over kit.workshop.server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kit.store.cli import DB_HELP


@click.group("workshop")
def workshop() -> None:
    """Run a live workshop: participants answer in web pages, the trainer watches the room."""


@workshop.command("serve")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--db", help=DB_HELP)
@click.option("--session", help="The session the answers belong to. Default: $KIT_SESSION, else kit.session in "
                                "_config.yml, else workshop-<today>.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Where to listen: 0.0.0.0 lets the room's laptops, tablets and phones join.")
@click.option("--port", default=8866, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free one).")
@click.option("--max-participants", default=1000, show_default=True, type=click.IntRange(1),
              help="How many pseudonyms may join the session; one more is told that the workshop is full.")
@click.option("--join-code", is_flag=True,
              help="Ask for a short code at joining; it is printed at start for you to write on the board.")
@click.option("--hub", is_flag=True,
              help="Run as a JupyterHub service (started by the hub): participants are the hub's users, "
                   "trainers its kit-trainers group; --host, --port and --join-code are then the hub's business.")
def serve(paths: tuple[str, ...], db: str | None, session: str | None, host: str, port: int,
          max_participants: int, join_code: bool, hub: bool) -> None:
    """Serve the exercise modules in NOTEBOOK or DIR (default: book/ exercises/) as web pages for the room."""
    from kit.catalog import DEFAULT_PATHS
    from kit.workshop.server import Options
    from kit.workshop.server import serve as run_server

    def show(text: str) -> None:
        click.echo(text)
        sys.stdout.flush()

    given = list(paths) or [path for path in DEFAULT_PATHS if Path(path).exists()]
    options = Options(session, host, port, max_participants, join_code, hub)
    sys.exit(run_server(given, db, options, say=lambda message: click.echo(message, err=True), show=show))
