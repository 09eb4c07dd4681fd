"""What the workshop's handlers share: the modules, the session, the store and who has joined.

Participants join with a pseudonym once per session: the server signs it into an HttpOnly,
SameSite=Strict cookie (DESIGN §12). A cap on participants (``--max-participants``) keeps a
mistyped link shared beyond the room from filling the session; there is no limit per address,
since a whole room often reaches the server through one Wi-Fi address.
"""

from __future__ import annotations

import json
import secrets
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kit.workshop.answers import Refused
from kit.workshop.live import Live
from kit.workshop.modules import Workshop
from kit.workshop.recorder import Recorder

if TYPE_CHECKING:
    from kit.store.sql import Store

MAX_PSEUDONYM = 64
COOKIE = "kit_participant"
COOKIE_DAYS = 2
DEFAULT_MAX_PARTICIPANTS = 1000
JOIN_CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B to misread from a board
JOIN_CODE_LENGTH = 4


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


@dataclass
class Site:
    workshop: Workshop
    session: str
    db: str  # the store's location as shown to the trainer
    store: Store
    recorder: Recorder
    live: Live
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    cookie_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    max_participants: int = DEFAULT_MAX_PARTICIPANTS
    join_code: str | None = None
    pages: dict[str, str] = field(default_factory=dict)  # module name → its rendered page
    ticker: Any = None  # the PeriodicCallback pushing the room, once attached to a loop
    say: Callable[[str], None] = field(default=lambda text: print(text, file=sys.stderr))  # the trainer's terminal
    prefix: str = "/"  # the path the server answers under (a JupyterHub service's prefix)
    hub: Any = None  # kit.workshop.hub.HubSettings when a JupyterHub names the people

    def attach(self, loop: Any) -> None:
        """Run on the event loop ``loop``: hear of stored attempts there (the recorder's thread hands
        them over) and push the room to the dashboards every PUSH_SECONDS while something changes."""
        from tornado.ioloop import PeriodicCallback

        from kit.workshop.live import PUSH_SECONDS

        self.recorder.on_stored = lambda records: loop.add_callback(self.live.stored, records)
        self.ticker = PeriodicCallback(self.live.tick, PUSH_SECONDS * 1000)
        self.ticker.start()

    def close(self) -> None:
        """Stop pushing, store what is waiting, close the store."""
        if self.ticker is not None:
            self.ticker.stop()
        self.recorder.close()
        self.store.close()

    def admit(self, typed: Any, code: Any = None) -> str:
        """The pseudonym to join under (as typed, surrounding spaces removed); Refused otherwise."""
        pseudonym = typed.strip() if isinstance(typed, str) else ""
        if not pseudonym:
            raise Refused(400, "no-pseudonym")
        if len(pseudonym) > MAX_PSEUDONYM:
            raise Refused(400, "pseudonym-long")
        if any(unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn") for character in pseudonym):
            raise Refused(400, "pseudonym-control")
        if self.join_code is not None and not (
                isinstance(code, str) and secrets.compare_digest(code.strip().upper().encode(),
                                                                 self.join_code.encode())):
            raise Refused(403, "join-code")
        known = self.live.participants
        if pseudonym not in known and len(known) >= self.max_participants:
            raise Refused(403, "full")
        self.live.join(pseudonym)
        return pseudonym

    def cookie_value(self, pseudonym: str) -> str:
        return json.dumps({"session": self.session, "participant": pseudonym}, ensure_ascii=False)

    def participant_in(self, value: bytes | None) -> str | None:
        """The pseudonym a verified cookie names in this session (None: none, forged or another session)."""
        if value is None:
            return None
        try:
            data = json.loads(value.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("session") != self.session:
            return None
        participant = data.get("participant")
        return participant if isinstance(participant, str) and participant else None
