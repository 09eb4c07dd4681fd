"""The workshop's own routes beside Voilà's: the join page, the trainer's dashboard and its refresh.

Participants need no password: they join with a pseudonym, which the link to a module carries
(``?participant=…&session=…``, read by kit.ui in the kernel). The dashboard shows the room's
answers and the key, so it needs the token printed at start; without it the answer is 403.
"""

from __future__ import annotations

import hmac
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote, unquote, urlencode

import tornado.web

from kit.workshop import pages
from kit.workshop.modules import Workshop
from kit.workshop.room import RoomView, room_view

MAX_PSEUDONYM = 64  # as kit.ui.identity accepts it
COOKIE = "kit_pseudonym"


@dataclass
class Site:
    """What the handlers share: the modules served, the session, the store and the trainer's token."""

    workshop: Workshop
    session: str
    db: str
    token: str
    # how many participants' pages are open now (set once the server runs)
    open_pages: Callable[[], int | None] = lambda: None

    def room(self, session: str | None = None) -> RoomView:
        """A session's room (default: the workshop's) from the store; run it off the event loop."""
        from kit.store import open_store

        with open_store(self.db, create=False) as store:
            return room_view(self.workshop, store.read_all(), session or self.session, datetime.now().astimezone())


def clean_pseudonym(value: str) -> str:
    """A pseudonym as the kernel will keep it: no control characters, trimmed, at most 64 long."""
    text = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C").strip()
    return text[:MAX_PSEUDONYM].strip()


class _Page(tornado.web.RequestHandler):
    def initialize(self, site: Site) -> None:
        self.site = site

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")

    def message(self, status: int, message: str, back: bool = False, detail: str = "") -> None:
        self.set_status(status)
        self.finish(pages.message_page(self.site.workshop.language, message, back, detail))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # never a traceback in the browser
        self.finish(pages.message_page(self.site.workshop.language, "error", back=True))


class JoinPage(_Page):
    """``/``: the pseudonym field and one button per module (the pseudonym is remembered in a cookie)."""

    def get(self) -> None:
        # Voilà's page shuts its kernel down when it is closed, with a POST that needs this cookie
        _ = self.xsrf_token
        remembered = unquote(self.get_cookie(COOKIE, "") or "")
        self.finish(pages.join_page(self.site.workshop, self.site.session,
                                    pages.JoinForm(clean_pseudonym(remembered))))


class Join(_Page):
    """``/join?pseudonym=…&module=…``: check the pseudonym, then open the module's page."""

    def get(self) -> None:
        _ = self.xsrf_token
        typed = self.get_argument("pseudonym", "")
        pseudonym = clean_pseudonym(typed)
        module = self.site.workshop.module(self.get_argument("module", ""))
        if module is None:
            self.message(404, "no-module", back=True)
            return
        if not pseudonym:
            self.set_status(400)
            self.finish(pages.join_page(self.site.workshop, self.site.session,
                                        pages.JoinForm(typed, pages.NO_PSEUDONYM)))
            return
        self.set_cookie(COOKIE, quote(pseudonym), httponly=True, samesite="Lax", expires_days=2)
        query = urlencode({"participant": pseudonym, "session": self.site.session})
        self.redirect(f"{module.url_path}?{query}", status=303)


class _Trainer(_Page):
    def prepare(self) -> None:
        given = self.get_argument("token", "")
        if not hmac.compare_digest(given.encode(), self.site.token.encode()):
            self.message(403, "refused")

    async def view(self) -> tuple[RoomView, str | None] | None:
        """The room to show, or None once a page saying why it cannot be read has been sent."""
        from tornado.ioloop import IOLoop

        from kit.store import StoreError

        try:
            view = await IOLoop.current().run_in_executor(None, self.site.room, self.get_argument("session", None))
        except StoreError as error:
            self.message(503, "store", detail=str(error))
            return None
        module = self.get_argument("module", None)
        if module is not None and self.site.workshop.module(module) is not None:
            view = replace(view, modules=tuple(room for room in view.modules if room.module.name == module))
        else:
            module = None
        return view, module

    @property
    def names(self) -> bool:
        return self.get_argument("names", "") == "1"

    @property
    def key(self) -> bool:
        return self.get_argument("key", "") == "1"


class Dashboard(_Trainer):
    """``/dashboard?token=…[&module=NAME][&session=NAME][&names=1][&key=1]``: the whole page."""

    async def get(self) -> None:
        found = await self.view()
        if found is None:
            return
        view, module = found
        self.finish(pages.dashboard_page(self.site.workshop, view, self.site.token, self.names, module,
                                         self.site.open_pages(), self.site.session, self.key))


class RoomPart(_Trainer):
    """``/dashboard/room?…``: the part of the dashboard that the page fetches every few seconds."""

    async def get(self) -> None:
        found = await self.view()
        if found is not None:
            self.finish(pages.room_fragment(self.site.workshop, found[0], self.names, self.site.open_pages(),
                                            self.key))


class Home(tornado.web.RequestHandler):
    """Voilà's file tree is not served: its addresses lead to the join page."""

    def get(self, *args: Any) -> None:
        self.redirect("/", status=302)


def routes(site: Site) -> list[tuple[Any, ...]]:
    options = {"site": site}
    return [
        (r"/", JoinPage, options),
        (r"/join", Join, options),
        (r"/dashboard", Dashboard, options),
        (r"/dashboard/room", RoomPart, options),
        (r"/voila/tree(/.*)?", Home),
    ]
