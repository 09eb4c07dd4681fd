"""The workshop's own pages, from templates: the join page, the trainer's dashboard, the messages.

All HTML comes from kit's one template environment (autoescape on): pseudonyms and written answers
are participants' text and are always escaped. Charts are inline SVG; the pages load their style
and scripts from the server's ``assets/`` (kit/workshop/static), nothing inline (the server's CSP
forbids inline script and style) and nothing from elsewhere. Module pages come from the player.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kit.i18n import translator
from kit.workshop.modules import ServedModule, Workshop
from kit.workshop.room import RoomView

# the pages that say one thing: (title, text), English msgids translated in kit/locale
MESSAGES = {
    "refused": ("This page is for the trainer",
                "Open the dashboard with the link that kit workshop serve printed when it started."),
    "not-found": ("There is no such page", "Go back and choose one of the modules of the workshop."),
    "error": ("Something went wrong", "Reload the page. If it happens again, tell your trainer."),
    "store": ("The answers cannot be read just now",
              "Reload the page in a moment. If this stays, check the store named below."),
}


def join_page(workshop: Workshop, session: str, participant: str | None, code: bool, next_page: str = "") -> str:
    """``/``: the join form, or (with the cookie) the modules to open."""
    return _render("workshop_join.html.j2", workshop.language, workshop=workshop, session=session,
                   participant=participant, code=code, next=next_page)


def dashboard_page(workshop: Workshop, view: RoomView, token: str, names: bool, module: str | None,
                   joined: int | None = None, session: str | None = None, key: bool = False,
                   events: str | None = None) -> str:
    """The whole dashboard; ``view`` may hold one module only (``module``, its name) and another
    session than the workshop's (``session``, the workshop's); ``key`` marks what the key expects;
    ``events``: where the page listens for the room's updates (None: it does not)."""
    return _render("workshop_dashboard.html.j2", workshop.language, workshop=workshop, view=view, token=token,
                   names=names, module=module, joined=joined, session=session, key=key, events=events)


def room_fragment(workshop: Workshop, view: RoomView, names: bool, joined: int | None = None,
                  key: bool = False) -> str:
    """The part of the dashboard that the server pushes."""
    return _render("workshop_room.html.j2", workshop.language, view=view, names=names, joined=joined, key=key)


def message_page(language: str, message: str, back: bool = False, detail: str = "", base: str = "") -> str:
    """A page with one of ``MESSAGES`` in ``language``, and a detail; ``base`` leads back to the server's root."""
    title, text = MESSAGES[message]
    return _render("workshop_message.html.j2", language, title=title, text=text, back=back, detail=detail,
                   base=base)


def module_page(module: ServedModule, hub: bool = False) -> str:
    """A module's page from the player, in workshop mode: no key, feedback or rubric in it (DESIGN §12)."""
    from kit.player import render_module_page

    up = "../" * module.depth
    return str(render_module_page(module.notebook, mode="workshop", api_base=f"{up}api/v1/",
                                  static_base=f"{up}static/", identity="hub" if hub else None))


def _render(name: str, language: str, **context: Any) -> str:
    return _template(name).render(language=language, _=translator(language), **context)


@cache
def _template(name: str) -> Any:
    """Loaded once: Jinja would otherwise look at the file again for every page a room asks for."""
    from kit.render import environment

    return environment().get_template(name)
