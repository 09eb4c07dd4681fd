"""Who answers: a participant's pseudonym and the session, asked once and kept by the kernel.

Known without asking when it comes from the environment (``KIT_PARTICIPANT``, ``KIT_SESSION``),
from Voilà's query string (``?participant=p07&session=...``, for links handed out in a workshop)
or, for the session, from ``kit: {session: ...}`` in the book's ``_config.yml``. Otherwise the
first exercise asks, and every exercise of the notebook shares the one kernel-level identity.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from urllib.parse import parse_qs

from ipywidgets import HTML, Button, HBox, Layout, Text, VBox
from traitlets import Bool, HasTraits, Unicode

from kit.ui.text import esc

MAX_LENGTH = 64


class Identity(HasTraits):
    """The pseudonym and session of whoever uses this kernel; widgets observe it."""

    participant = Unicode(None, allow_none=True)
    session = Unicode(None, allow_none=True)
    # set by the server (JupyterHub's user name in KIT_PARTICIPANT): not the participant's to change
    locked = Bool(False)

    @property
    def complete(self) -> bool:
        return bool(self.participant and self.session)

    @classmethod
    def from_environment(cls) -> Identity:
        query = {key: values[0] for key, values in parse_qs(os.environ.get("QUERY_STRING", "")).items()}
        participant = os.environ.get("KIT_PARTICIPANT") or query.get("participant")
        session = os.environ.get("KIT_SESSION") or query.get("session") or _configured_session()
        locked = bool(clean(os.environ.get("KIT_PARTICIPANT")))
        return cls(participant=clean(participant), session=clean(session), locked=locked)


def _configured_session() -> str | None:
    from kit.store.location import kit_config

    value = kit_config()[0].get("session")
    return str(value) if value is not None else None


def clean(value: str | None) -> str | None:
    """A usable name, or None: trimmed, without control characters, at most MAX_LENGTH long."""
    if value is None:
        return None
    text = "".join(ch for ch in str(value) if unicodedata.category(ch)[0] != "C").strip()
    return text[:MAX_LENGTH] or None


_current: Identity | None = None


def current_identity() -> Identity:
    """The kernel's identity, read from the environment the first time."""
    global _current
    if _current is None:
        _current = Identity.from_environment()
    return _current


class IdentityBar:
    """The line above an exercise: who answers, or fields to say it (taken at the first Submit)."""

    def __init__(self, identity: Identity, _: Callable[[str], str]):
        self.identity = identity
        self._ = _
        self.editing = False
        # a <label> each (``description``), not only a placeholder that disappears while typing
        self.pseudonym = Text(description=_("Your pseudonym"), style={"description_width": "initial"},
                              layout=Layout(width="auto", margin="0 1em 0 0"))
        self.session = Text(description=_("Session name"), style={"description_width": "initial"},
                            layout=Layout(width="auto"))
        hint = _("Use the pseudonym your trainer gave you, not your name.")
        self.hint = HTML(f'<span style="color:#55606b">{esc(hint)}</span>')
        self.known = HTML()
        self.change = Button(description=_("Change"), layout=Layout(width="auto"))
        self.change.on_click(lambda _button: self.edit())
        self.widget = VBox(layout=Layout(margin="0 0 0.4em 0"))
        identity.observe(self._refresh, names=["participant", "session"])
        self._refresh()

    def edit(self) -> None:
        self.editing = True
        self.pseudonym.value = self.identity.participant or ""
        self.session.value = self.identity.session or ""
        self._refresh()

    def confirm(self) -> str | None:
        """Take what was typed; return what is still missing as a message, or None when complete."""
        _ = self._
        asking_participant = self.editing or not self.identity.participant
        asking_session = self.editing or not self.identity.session
        participant = clean(self.pseudonym.value) if asking_participant else self.identity.participant
        session = clean(self.session.value) if asking_session else self.identity.session
        if not participant:
            return _("Enter your pseudonym above first. Your answer stays here.")
        if not session:
            return _("Enter the session name your trainer gave you above first. Your answer stays here.")
        self.editing = False
        with self.identity.hold_trait_notifications():
            self.identity.participant = participant
            self.identity.session = session
        self._refresh()
        return None

    def set_disabled(self, disabled: bool) -> None:
        for control in (self.pseudonym, self.session, self.change):
            control.disabled = disabled

    def _refresh(self, change: object = None) -> None:
        _ = self._
        if self.identity.complete and not self.editing:
            self.known.value = esc(_("Answering as {participant} in session {session}.").format(
                participant=self.identity.participant, session=self.identity.session))
            self.widget.children = [HBox([self.known] if self.identity.locked else [self.known, self.change])]
            return
        fields = []
        if self.editing or not self.identity.participant:
            fields.append(self.pseudonym)
        if self.editing or not self.identity.session:
            fields.append(self.session)
        self.widget.children = [HBox(fields, layout=Layout(flex_flow="row wrap")), self.hint]
