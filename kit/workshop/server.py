"""``kit workshop serve``: Voilà serves the participant copies of the modules, kit adds its own pages.

One server, one port. Voilà renders each module in a kernel of its own per participant, with the
sources stripped, no tracebacks and no code execution from the browser (Voilà only relays widget
messages). Of Voilà's routes, the file tree and the contents API are left out (they would list
and hand out the notebooks, whose YAML holds the keys); its file route serves images only. kit
adds the join page, the trainer's dashboard and the redirect of Voilà's tree to the join page.
The kernels learn where to save and in which session from ``KIT_DB`` and ``KIT_SESSION``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kit.errors import InputError, KitError
from kit.workshop.handlers import Site, routes
from kit.workshop.kernel import write_kernelspec
from kit.workshop.modules import Workshop, find_workshop, stage

TEMPLATES = Path(__file__).parent / "share"  # holds voila/templates/kit (Voilà looks under JUPYTER_PATH)
IMAGES = r".*\.(png|jpe?g|gif|svg|webp)"
# the trainer's shell may hold these for their own notebooks; in a participant's kernel they would
# give every participant the same pseudonym or show the facilitator edition
KERNEL_ENV_DROPPED = ("KIT_PARTICIPANT", "KIT_EDITION", "KIT_LANGUAGE", "JPY_SESSION_NAME", "QUERY_STRING")
# a kernel whose page is gone (a closed tablet) is shut down after this long without activity
IDLE_KERNEL_SECONDS = 45 * 60
KERNEL_START_SECONDS = 300


class PortInUse(KitError):
    pass


@dataclass(frozen=True)
class Addresses:
    """Where the room and the trainer find the server once it listens."""

    participants: list[str]
    dashboard: str
    local_only: bool


def default_session() -> str:
    """``KIT_SESSION``, else ``kit: {session}`` of _config.yml, else ``workshop-<today>``."""
    from kit.store.location import kit_config

    configured = os.environ.get("KIT_SESSION", "").strip() or str(kit_config()[0].get("session") or "").strip()
    return configured or f"workshop-{date.today().isoformat()}"


def serve(paths: list[str], db: str | None, session: str | None, host: str, port: int,
          say: Callable[[str], None], show: Callable[[str], None]) -> int:
    """Serve the modules under ``paths`` until stopped (Ctrl+C); the exit code of the command."""
    from kit.store import StoreError, open_store, resolve_location
    from kit.store.location import is_url

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
        with open_store(location, create=True):
            pass  # a store that cannot be written fails now, not at the first answer
    except StoreError as error:
        say(f"kit workshop serve: {error}")
        return 2
    from kit.workshop.handlers import clean_pseudonym

    site = Site(workshop, clean_pseudonym(session or default_session()) or default_session(), location,
                secrets.token_urlsafe(24))
    work = Path(tempfile.mkdtemp(prefix="kit-workshop-"))
    with contextlib.ExitStack() as resources:
        resources.callback(shutil.rmtree, work, ignore_errors=True)
        resources.enter_context(kept_open(location))
        stage(workshop, work / "modules")  # the only folder the server serves
        _kernel_environment(site, write_kernelspec(work / "jupyter"))
        app = build_app(site, work / "modules", host, port)

        def ready(bound: int) -> None:
            addresses = addresses_for(host, bound, site.token)
            show(announcement(workshop, site, addresses))

        app.on_ready = ready
        try:
            app.start()
        except KitError as error:
            say(f"kit workshop serve: {error}")
            return 2
    return 0


@contextlib.contextmanager
def kept_open(location: str) -> Iterator[None]:
    """Hold one connection to a store file for as long as the server runs.

    The kernels open the store for each answer. When the last connection to a WAL database
    closes, SQLite folds the log back into the file, with several disk syncs; with 30 kernels
    answering, those syncs and the lock waits behind them were most of the time an answer took
    to be stored. An idle connection held here means no kernel's connection is ever the last.
    """
    from kit.store.location import is_url

    if is_url(location):
        yield
        return
    connection = sqlite3.connect(location, check_same_thread=False)  # never writes; only stays open
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the file and its WAL
        yield
    finally:
        connection.close()


def _kernel_environment(site: Site, kernels: Path) -> None:
    """Voilà starts each kernel with this process's environment (and the request's query string).

    ``JUPYTER_PATH`` leads Voilà to kit's page template and to the kernel spec in ``kernels``.
    """
    for name in KERNEL_ENV_DROPPED:
        os.environ.pop(name, None)
    os.environ["KIT_DB"] = site.db
    os.environ["KIT_SESSION"] = site.session
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(TEMPLATES), str(kernels), os.environ.get("JUPYTER_PATH")]))


def build_app(site: Site, folder: Path, host: str, port: int) -> Any:
    """The Voilà application, configured for a room (not started)."""
    import logging

    from traitlets.config import Config

    from kit.i18n import LANGUAGES, translator

    config = Config()
    config.Voila.root_dir = str(folder)
    config.Voila.ip = host or "0.0.0.0"
    config.Voila.port = port
    config.Voila.open_browser = False
    config.Voila.config_file_paths = []  # no voila.json of the trainer's may loosen what follows
    config.Voila.log_level = logging.ERROR  # the trainer's terminal shows problems, not every request
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    voila = config.VoilaConfiguration
    voila.template = "kit"
    voila.theme = "light"
    voila.strip_sources = True
    voila.show_tracebacks = False
    voila.file_allowlist = [IMAGES]
    voila.file_denylist = [r".*\.ipynb", r"(.*/)?\..*"]
    voila.allow_template_override = "NO"
    voila.allow_theme_override = "NO"
    voila.preheat_kernel = False
    voila.progressive_rendering = False
    # the way back to the join page, in each module's language (kit's Voilà template picks it)
    voila.resources = {"kit": {"home": "/", "back": {language: translator(language)("All modules")
                                                      for language in LANGUAGES}}}
    # a whole room opening its pages at once starts many kernels on a small laptop: give them time
    config.NotebookClient.startup_timeout = KERNEL_START_SECONDS
    config.MappingKernelManager.cull_idle_timeout = IDLE_KERNEL_SECONDS
    config.MappingKernelManager.cull_interval = 300
    config.MappingKernelManager.cull_connected = False

    from kit.workshop.voila_app import WorkshopVoila

    app = WorkshopVoila(config=config, extra_routes=routes(site))
    app.initialize([])
    app.secure()
    site.open_pages = app.open_pages
    return app


def addresses_for(host: str, port: int, token: str) -> Addresses:
    everywhere = host in ("", "0.0.0.0", "::")
    local_only = host in ("127.0.0.1", "localhost", "::1")
    names = [name for name in (_lan_address(), socket.gethostname()) if name] if everywhere else [host]
    participants = [f"http://{_bracketed(name)}:{port}/" for name in dict.fromkeys(names)]
    trainer_host = "127.0.0.1" if everywhere else host
    return Addresses(participants, f"http://{_bracketed(trainer_host)}:{port}/dashboard?token={token}", local_only)


def announcement(workshop: Workshop, site: Site, addresses: Addresses) -> str:
    modules = "\n".join(f"    {module.title}  ({module.name}, {len(module.exercises)} exercises)"
                        for module in workshop.modules)
    lines = [
        f"kit workshop: serving {len(workshop.modules)} module{'s' if len(workshop.modules) != 1 else ''} "
        f"in session {site.session}",
        modules,
        f"  Participants open:    {'  or  '.join(addresses.participants)}",
        f"  Trainer's dashboard:  {addresses.dashboard}",
        "                        (keep this link to yourself: it shows every answer and the key)",
        f"  Answers are saved in: {site.db}",
    ]
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
