"""``kit workshop serve``: kit's own server for the room, the player's pages and the answer API.

One process, one port, no kernel per participant (DESIGN §12): the pages are rendered once from
the participant view, the player in them posts answers to ``api/v1/answers``, and the server
stores each attempt (one store, one connection pool, one writer thread), scores it with
kit.scoring and answers with the score and the feedback. The trainer's dashboard is pushed live.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import InputError, KitError
from kit.workshop.modules import Workshop, find_workshop
from kit.workshop.site import DEFAULT_MAX_PARTICIPANTS, Site, new_join_code

if TYPE_CHECKING:
    from kit.store.sql import Store

# connections the kernel queues before the server accepts them: a room of phones arriving at once
# (Linux caps it at net.core.somaxconn, 4096 on current kernels)
BACKLOG = 2048
MAX_BODY_BYTES = 1024 * 1024  # the connection is closed beyond this; the API refuses far less (kit.workshop.web)


class PortInUse(KitError):
    pass


@dataclass(frozen=True)
class Addresses:
    """Where the room and the trainer find the server once it listens."""

    participants: list[str]
    dashboard: str
    local_only: bool


@dataclass(frozen=True)
class Options:
    """How the trainer started the server (the command's options)."""

    session: str | None = None
    host: str = "127.0.0.1"
    port: int = 8866
    max_participants: int = DEFAULT_MAX_PARTICIPANTS
    join_code: bool = False
    hub: bool = False  # a JupyterHub service: where to listen and who is who come from the hub


def default_session() -> str:
    """``KIT_SESSION``, else ``kit: {session}`` of _config.yml, else ``workshop-<today>``."""
    from kit.store.location import kit_config

    configured = os.environ.get("KIT_SESSION", "").strip() or str(kit_config()[0].get("session") or "").strip()
    return configured or f"workshop-{date.today().isoformat()}"


def serve(paths: list[str], db: str | None, options: Options, say: Callable[[str], None],
          show: Callable[[str], None]) -> int:
    """Serve the modules under ``paths`` until stopped (Ctrl+C); the exit code of the command."""
    from kit.store import StoreError, open_store, resolve_location
    from kit.store.location import is_url
    from kit.workshop.pages import module_page as render_module_page

    hub = None
    if options.hub:
        from kit.workshop.hub import HubSettings, NotAService

        try:
            hub = HubSettings.from_environment()
        except NotAService as error:
            say(f"kit workshop serve: {error}")
            return 2
        options = replace(options, host=hub.host, port=hub.port, join_code=False)
    workshop, problems = find_workshop(paths)
    for problem in problems:
        say(str(problem))
    if not workshop.modules:
        say(f"kit workshop serve: no exercise module found in {', '.join(paths)}; give a notebook with "
            "%%exercise cells, or a folder of them")
        return 2
    location = resolve_location(db)
    if not is_url(location):
        location = str(Path(location).expanduser().resolve())
    try:
        store = open_store(location, create=True)  # a store that cannot be written fails now, not at the first answer
    except StoreError as error:
        say(f"kit workshop serve: {error}")
        return 2
    try:
        site = open_site(workshop, store, location, options, say)
    except StoreError as error:
        store.close()
        say(f"kit workshop serve: {error}")
        return 2
    if hub is not None:
        site.hub, site.prefix = hub, hub.prefix
    try:
        for module in workshop.modules:  # once, before the room arrives: every page is then ready at once
            site.pages[module.name] = render_module_page(module, hub=hub is not None)
        return run(site, options, show, say)
    finally:
        site.close()


def open_site(workshop: Workshop, store: Store, location: str, options: Options,
              say: Callable[[str], None]) -> Site:
    """The server's state: what the store holds of the session already, the writer, the cap, the code."""
    from kit.store.location import shown_location
    from kit.workshop.live import Live
    from kit.workshop.recorder import Recorder

    session = (options.session or "").strip() or default_session()
    live = Live(workshop, session)
    live.load(store.read_all())
    return Site(workshop, session, shown_location(location), store, Recorder(store), live,
                max_participants=options.max_participants,
                join_code=new_join_code() if options.join_code else None, say=say)


def run(site: Site, options: Options, show: Callable[[str], None], say: Callable[[str], None]) -> int:
    """Listen, say where, serve until Ctrl+C (or SIGTERM)."""
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop
    from tornado.netutil import bind_sockets

    from kit.workshop.app import make_app

    for name in ("tornado.access", "tornado.general"):
        logging.getLogger(name).setLevel(logging.ERROR)  # the room's requests and odd URLs stay out of the terminal
    try:
        sockets = bind_sockets(options.port, options.host or None, backlog=BACKLOG)
    except OSError as error:
        say(f"kit workshop serve: {port_problem(error, options.host, options.port)}")
        return 2
    loop = IOLoop.current()
    site.attach(loop)
    server = HTTPServer(make_app(site), max_body_size=MAX_BODY_BYTES, idle_connection_timeout=120)
    server.add_sockets(sockets)
    loop.asyncio_loop.add_signal_handler(signal.SIGTERM, loop.stop)  # type: ignore[attr-defined]  # as Ctrl+C
    if site.hub is not None:
        show(f"kit workshop: serving {len(site.workshop.modules)} module(s) in session {site.session} as the "
             f"hub's service at {site.hub.prefix}; answers are saved in {site.db}")
    else:
        show(announcement(site.workshop, site, addresses_for(options.host, sockets[0].getsockname()[1], site.token)))
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def addresses_for(host: str, port: int, token: str) -> Addresses:
    everywhere = host in ("", "0.0.0.0", "::")
    local_only = host in ("127.0.0.1", "localhost", "::1")
    names = [name for name in (_lan_address(), socket.gethostname()) if name] if everywhere else [host]
    participants = [f"http://{_bracketed(name)}:{port}/" for name in dict.fromkeys(names)]
    trainer_host = "127.0.0.1" if everywhere else host
    return Addresses(participants, f"http://{_bracketed(trainer_host)}:{port}/dashboard?token={token}", local_only)


def announcement(workshop: Workshop, site: Site, addresses: Addresses) -> str:
    from kit.i18n import english_count as count

    modules = "\n".join(f"    {module.title}  ({module.name}, {count(len(module.exercises), 'exercise', 'exercises')})"
                        for module in workshop.modules)
    lines = [
        f"kit workshop: serving {count(len(workshop.modules), 'module', 'modules')} in session {site.session}",
        modules,
        f"  Participants open:    {'  or  '.join(addresses.participants)}",
        f"  Trainer's dashboard:  {addresses.dashboard}",
        "                        (keep this link to yourself: it shows every answer and the key)",
        f"  Answers are saved in: {site.db}",
    ]
    if site.join_code is not None:
        lines.insert(5, f"  Join code:            {site.join_code}   (write it on the board beside the address)")
    if addresses.local_only:
        lines.append("  Only this computer can open these pages; to let the room's laptops and tablets join, "
                     "start with --host 0.0.0.0")
    lines.append("Press Ctrl+C to stop.")
    return "\n".join(lines)


def _bracketed(name: str) -> str:
    return f"[{name}]" if ":" in name else name


def _lan_address() -> str | None:
    """The address other machines of the room's network reach this one at (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return None
    finally:
        probe.close()


def port_problem(error: OSError, host: str, port: int) -> KitError:
    if error.errno == errno.EADDRINUSE:
        return PortInUse(f"port {port} is already in use on {host} (is another workshop running?); "
                         "choose another one with --port")
    if error.errno in (errno.EACCES, errno.EPERM):
        return PortInUse(f"may not listen on port {port}; choose one above 1023 with --port")
    return InputError(f"cannot listen on {host}:{port} ({error.strerror or error}); check --host and --port")
