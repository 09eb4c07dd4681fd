"""The workshop's own pages, from templates: the join page, the trainer's dashboard, the refusal.

All HTML comes from kit's one template environment (autoescape on): pseudonyms and written answers
are participants' text and are always escaped. Charts are inline SVG, refreshed by a few lines of
JavaScript in the page itself; nothing is loaded from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit.i18n import translator
from kit.workshop.modules import Workshop
from kit.workshop.room import RoomView

REFRESH_SECONDS = 3
# the pages that say one thing: (title, text), English msgids translated in kit/locale
MESSAGES = {
    "refused": ("This page is for the trainer",
                "Open the dashboard with the link that kit workshop serve printed when it started."),
    "no-module": ("There is no such module", "Go back and choose one of the modules of the workshop."),
    "error": ("Something went wrong", "Reload the page. If it happens again, tell your trainer."),
    "store": ("The answers cannot be read just now",
              "The page tries again by itself. If this stays, check the store named below."),
}
NO_PSEUDONYM = "Enter your pseudonym first, then choose the module."


@dataclass(frozen=True)
class JoinForm:
    """What the join page shows: the pseudonym typed so far and, after a mistake, what to fix."""

    pseudonym: str = ""
    problem: str = ""


def join_page(workshop: Workshop, session: str, form: JoinForm = JoinForm()) -> str:
    return _render("workshop_join.html.j2", workshop.language, workshop=workshop, session=session, form=form)


def dashboard_page(workshop: Workshop, view: RoomView, token: str, names: bool, module: str | None,
                   open_pages: int | None = None, session: str | None = None, key: bool = False) -> str:
    """The whole dashboard; ``view`` may hold one module only (``module``, its name) and another
    session than the workshop's (``session``, the workshop's); ``key`` marks what the key expects."""
    return _render("workshop_dashboard.html.j2", workshop.language, workshop=workshop, view=view, token=token,
                   names=names, module=module, refresh=REFRESH_SECONDS, open_pages=open_pages, session=session,
                   key=key)


def room_fragment(workshop: Workshop, view: RoomView, names: bool, open_pages: int | None = None,
                  key: bool = False) -> str:
    """The part of the dashboard that refreshes itself."""
    return _render("workshop_room.html.j2", workshop.language, view=view, names=names, open_pages=open_pages,
                   key=key)


def message_page(language: str, message: str, back: bool = False, detail: str = "") -> str:
    """A page with one of ``MESSAGES`` (a refusal, an unknown module) in ``language``, and a detail."""
    title, text = MESSAGES[message]
    return _render("workshop_message.html.j2", language, title=title, text=text, back=back, detail=detail)


def _render(name: str, language: str, **context: Any) -> str:
    from kit.render import environment

    return environment().get_template(name).render(language=language, _=translator(language), **context)
