"""Voilà's application with the routes a room needs: Voilà's own minus its file tree and contents API.

Kept apart from server.py because it imports Voilà (and with it Jupyter Server) at module level.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets
from tornado.web import HTTPError
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

# Voilà's handlers that list the served folder or hand out a notebook's JSON (with the keys in it)
LEFT_OUT = (TornadoVoilaTreeHandler, VoilaContentsHandler)


class TemplateAssets(TemplateStaticFileHandler):
    """Voilà's template assets (``<template>/static/<file>``); any other path is a 404, not a crash."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "static" or ".." in parts:
            raise HTTPError(404)
        return str(super().parse_url_path(path))


class WorkshopVoila(Voila):
    """Voilà serving a folder of participant copies, with kit's pages in front of its own."""

    def __init__(self, extra_routes: list[tuple[Any, ...]], **kwargs: Any):
        super().__init__(**kwargs)
        self.extra_routes = extra_routes
        self.on_ready: Callable[[int], None] = lambda port: None

    def secure(self) -> None:
        """Settings a room depends on, set again after Voilà has read its template's configuration."""
        voila = self.voila_configuration
        voila.strip_sources = True
        voila.show_tracebacks = False
        voila.allow_template_override = "NO"
        voila.allow_theme_override = "NO"

    def init_handlers(self) -> list[Any]:
        kept = []
        for route in super().init_handlers():
            if route[1] in LEFT_OUT:
                continue
            if route[1] is TemplateStaticFileHandler:
                route = (route[0], TemplateAssets, *route[2:])
            kept.append(route)
        return [*self.extra_routes, *kept]

    def open_pages(self) -> int:
        """Participants' pages whose kernel is running (a page closed shuts its kernel down)."""
        return len(self.kernel_manager.list_kernel_ids())

    def listen(self) -> None:
        """Listen on the one port asked for (0: any free one), tell the caller, run until stopped."""
        from kit.workshop.server import port_problem

        try:
            sockets = bind_sockets(self.port, self.ip or None)
        except OSError as error:
            self.stop()
            raise port_problem(error, self.ip, self.port) from None
        self.port = sockets[0].getsockname()[1]
        server = HTTPServer(self.app, max_buffer_size=10 * 1024 * 1024)
        server.add_sockets(sockets)
        self.ioloop = IOLoop.current()
        self.ioloop.add_callback(self.on_ready, self.port)
        try:
            self.ioloop.start()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
            self.stop()

    def stop(self) -> None:
        if os.path.isdir(self.connection_dir):
            super().stop()
