"""What every workshop handler shares: security headers, quiet errors, the participant's cookie.

Every response carries the Content-Security-Policy of DESIGN §12 (no inline script or style, no
framing), ``nosniff`` and no referrer. An error never shows a traceback, neither to the browser
nor in the trainer's terminal: a page that does not exist is a 404 page, a refusal one sentence.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import tornado.web

from kit.i18n import translator
from kit.workshop import pages
from kit.workshop.answers import REFUSALS, Refused
from kit.workshop.site import COOKIE, COOKIE_DAYS, Site

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'"
MAX_API_BODY = 256 * 1024  # an answer longer than this is no answer (a case discussion is ~10,000 words)
# a longer body is read and dropped (so that the refusal can say why), this long at most
MAX_DROPPED_BODY = 64 * 1024 * 1024


class Base(tornado.web.RequestHandler):
    site: Site

    def initialize(self, site: Site) -> None:
        self.site = site

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Cache-Control", "no-store")

    @property
    def base(self) -> str:
        """The relative way from this page back to the server's root ('' at the root)."""
        return "../" * self.request.path[len(self.site.prefix):].count("/")

    def participant(self) -> str | None:
        """The pseudonym the signed cookie names in this session (None: no cookie, forged, expired)."""
        value = self.get_signed_cookie(COOKIE, max_age_days=COOKIE_DAYS)
        return self.site.participant_in(value)

    def message(self, status: int, message: str, back: bool = True, detail: str = "") -> None:
        self.set_status(status)
        self.finish(pages.message_page(self.site.workshop.language, message, back, detail, self.base))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # never a traceback in the browser; a page that does not exist says so
        self.finish(pages.message_page(self.site.workshop.language, "not-found" if status_code == 404 else "error",
                                       True, base=self.base))


class NotFound(Base):
    """Any address the workshop does not serve (``/logout``, ``/voila/files/x%00.png``…)."""

    def prepare(self) -> None:
        self.message(404, "not-found")


@tornado.web.stream_request_body
class Api(Base):
    """The JSON API: refusals are ``{"error": one sentence}`` in the module's language (DESIGN §12).

    The body is read as it arrives and kept only up to MAX_API_BODY, so that an oversized one is
    refused with a sentence (a 413) instead of the connection being dropped.
    """

    def prepare(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        if self.request.method not in ("POST", "PUT", "PATCH"):
            return
        self.request.connection.set_max_body_size(MAX_DROPPED_BODY)  # type: ignore[union-attr]
        length = self.request.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_API_BODY:
            self.refuse(Refused(413, "too-large"))

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= MAX_API_BODY:
            self._chunks.append(chunk)

    @property
    def body(self) -> bytes:
        return b"".join(self._chunks)

    def check_xsrf_cookie(self) -> None:
        """Same-origin JSON with a SameSite=Strict cookie is the CSRF defence here (see check_post)."""

    def refuse(self, refused: Refused) -> None:
        _ = translator(refused.language or self.site.workshop.language)
        self.set_status(refused.status)
        self.finish({"error": _(REFUSALS[refused.reason])})

    def check_post(self) -> None:
        """JSON only, from this site (or from no site: scripts), of a sensible size; Refused otherwise."""
        origin = self.request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc.lower() != self.request.host.lower():
            raise Refused(403, "other-site")
        kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise Refused(415, "not-json")
        if self._size > MAX_API_BODY:
            raise Refused(413, "too-large")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = "not-found" if status_code == 404 else "bad-request"
        self.finish({"error": translator(self.site.workshop.language)(REFUSALS[reason])})
