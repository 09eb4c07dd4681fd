"""The workshop's Tornado application: its routes, its static files and its quiet logs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import tornado.web

from kit.workshop.dashboard import Dashboard, Events
from kit.workshop.handlers import Answers, Home, Join, ModulePage, Modules, NoIcon
from kit.workshop.site import Site
from kit.workshop.web import CSP, NotFound

ASSETS = Path(__file__).parent / "static"  # the join page's and the dashboard's style and scripts


class Static(tornado.web.StaticFileHandler):
    """A folder of the package's own files, with the same security headers as every page."""

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def parse_url_path(self, url_path: str) -> str:
        # a NUL makes os.path.realpath raise (a traceback), ".." leaves the folder: no such file either way
        if "\x00" in url_path or ".." in url_path.split("/"):
            raise tornado.web.HTTPError(404)
        return str(super().parse_url_path(url_path))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish("Not found" if status_code == 404 else "Error")


class PlayerStatic(Static):
    """The player's script and style (kit.player.STATIC_DIR), found when first asked for."""

    def initialize(self, path: str = "", default_filename: str | None = None) -> None:
        from kit.player import STATIC_DIR

        super().initialize(str(STATIC_DIR), default_filename)


def make_app(site: Site) -> tornado.web.Application:
    options = {"site": site}
    routes: list[Any] = [
        (r"/", Home, options),
        (r"/modules/(.+)", ModulePage, options),
        (r"/favicon.ico", NoIcon, options),
        (r"/api/v1/join", Join, options),
        (r"/api/v1/answers", Answers, options),
        (r"/api/v1/modules", Modules, options),
        (r"/dashboard", Dashboard, options),
        (r"/dashboard/events", Events, options),
        (r"/assets/(.*)", Static, {"path": str(ASSETS)}),
        (r"/static/(.*)", PlayerStatic),
    ]
    return tornado.web.Application(
        routes,
        default_handler_class=NotFound,
        default_handler_args=options,
        cookie_secret=site.cookie_secret,
        log_function=_log,
        compress_response=True,
    )


def _log(handler: tornado.web.RequestHandler) -> None:
    """Only server errors reach the trainer's terminal, not every request of the room."""
    if handler.get_status() >= 500:
        logging.getLogger("tornado.access").error("%d %s", handler.get_status(), handler._request_summary())
