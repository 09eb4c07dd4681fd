"""The workshop's Tornado application: its routes, its static files and its quiet logs."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tornado.web

from kit.player import STATIC_DIR
from kit.workshop.dashboard import Dashboard, Events
from kit.workshop.handlers import Answers, Home, Join, ModulePage, Modules, NoIcon, Participant
from kit.workshop.site import Site
from kit.workshop.web import Base, NotFound

ASSETS = Path(__file__).parent / "static"  # the join page's and the dashboard's style and scripts


@dataclass(frozen=True)
class File:
    data: bytes
    kind: str
    etag: str


def files_in(folder: Path) -> dict[str, File]:
    """The files of one folder (not below it), read once: a room asks for the same few files at once."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind.startswith("text/"):
                kind += "; charset=utf-8"
            found[path.name] = File(data, kind, f'"{hashlib.sha256(data).hexdigest()[:32]}"')
    return found


class Files(Base):
    """``assets/NAME`` (the join page's and the dashboard's) and ``static/NAME`` (the player's).

    A name is looked up in what was read at start, so no request reaches the file system."""

    def initialize(self, site: Site, files: dict[str, File]) -> None:  # type: ignore[override]
        super().initialize(site)
        self.files = files

    def get(self, name: str) -> None:
        found = self.files.get(name)
        if found is None:
            self.message(404, "not-found")
            return
        self.set_header("Content-Type", found.kind)
        self.set_header("Cache-Control", "no-cache")  # kept, and checked again with the ETag at each page
        self.set_header("Etag", found.etag)
        if self.check_etag_header():
            self.set_status(304)
            self.finish()
            return
        self.finish(found.data)

    def compute_etag(self) -> str | None:
        return None  # set above, from the file; not a hash of each response


def make_app(site: Site) -> tornado.web.Application:
    """The routes under ``site.prefix``; with ``site.hub``, every handler knows people by the hub."""
    options = {"site": site}
    handlers: dict[str, Any] = {
        "Home": Home, "ModulePage": ModulePage, "NoIcon": NoIcon, "Join": Join, "Answers": Answers,
        "Modules": Modules, "Participant": Participant, "Dashboard": Dashboard, "Events": Events, "Files": Files,
        "NotFound": NotFound,
    }
    if site.hub is not None:
        from kit.workshop.hub import hub_handlers

        handlers = hub_handlers(handlers)
    at = site.prefix
    routes: list[Any] = [
        (at, handlers["Home"], options),
        (at + r"modules/(.+)", handlers["ModulePage"], options),
        (at + r"favicon.ico", handlers["NoIcon"], options),
        (at + r"api/v1/join", handlers["Join"], options),
        (at + r"api/v1/answers", handlers["Answers"], options),
        (at + r"api/v1/modules", handlers["Modules"], options),
        (at + r"api/v1/participant", handlers["Participant"], options),
        (at + r"dashboard", handlers["Dashboard"], options),
        (at + r"dashboard/events", handlers["Events"], options),
        (at + r"assets/(.*)", handlers["Files"], {**options, "files": files_in(ASSETS)}),
        (at + r"static/(.*)", handlers["Files"], {**options, "files": files_in(STATIC_DIR)}),
    ]
    if site.hub is not None:
        from kit.workshop.hub import Callback

        routes.append((at + r"oauth_callback", Callback, options))
    return tornado.web.Application(
        routes,
        default_handler_class=handlers["NotFound"],
        default_handler_args=options,
        cookie_secret=site.cookie_secret,
        log_function=_log,
    )


def _log(handler: tornado.web.RequestHandler) -> None:
    """Only server errors reach the trainer's terminal, not every request of the room."""
    if handler.get_status() >= 500:
        logging.getLogger("tornado.access").error("%d %s", handler.get_status(), handler._request_summary())
