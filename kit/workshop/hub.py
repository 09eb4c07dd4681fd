"""``kit workshop serve --hub``: the same server as a JupyterHub service, people known by the hub.

The hub starts the service with ``JUPYTERHUB_SERVICE_URL`` (where to listen),
``JUPYTERHUB_SERVICE_PREFIX`` (the path it answers under) and its OAuth client. Instead of the
typed pseudonym and its cookie, every handler asks the hub who is there (HubOAuth): a browser
through the OAuth hand-over, a kernel with ``Authorization: token …`` (the participant's own
token). The pseudonym is the hub user name. The dashboard is for members of the hub groups named
in ``KIT_TRAINER_GROUPS`` (default ``kit-trainers``) and for hub administrators.

Only this module imports jupyterhub, so the room's server stays free of it.
"""

from __future__ import annotations

import inspect
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated, UserNotAllowed

from kit.workshop.answers import Refused

GROUPS_SECONDS = 30.0  # how long who-is-a-trainer is kept before the hub is asked again
# how long a token the hub confirmed is trusted without asking again: a room's Submits must not each
# cost a round trip to the hub; a token revoked at the hub stops working here within this time
TOKEN_SECONDS = 300


class NotAService(Exception):
    pass


@dataclass
class HubSettings:
    """What the hub told the service in its environment."""

    url: str  # where to listen, e.g. http://127.0.0.1:10101
    prefix: str  # e.g. /services/kit/
    trainer_groups: frozenset[str]
    auth: HubOAuth = field(repr=False)
    # when the hub was last asked, and what it said: user name → trainer or not
    _trainers: tuple[float, dict[str, bool]] = field(default_factory=lambda: (0.0, {}), repr=False)

    @classmethod
    def from_environment(cls) -> HubSettings:
        url = os.environ.get("JUPYTERHUB_SERVICE_URL", "")
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "")
        if not url or not prefix or not os.environ.get("JUPYTERHUB_API_TOKEN"):
            raise NotAService("--hub runs the server as a JupyterHub service: start it from the hub's "
                              "`services` (deploy/jupyterhub/jupyterhub_config.py), which sets "
                              "JUPYTERHUB_SERVICE_URL, JUPYTERHUB_SERVICE_PREFIX and JUPYTERHUB_API_TOKEN")
        groups = os.environ.get("KIT_TRAINER_GROUPS", "kit-trainers")
        return cls(url, prefix if prefix.endswith("/") else prefix + "/",
                   frozenset(name.strip() for name in groups.split(",") if name.strip()),
                   HubOAuth(api_token=os.environ["JUPYTERHUB_API_TOKEN"], cache_max_age=TOKEN_SECONDS))

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    def is_trainer(self, user: dict[str, Any]) -> bool:
        """A hub administrator, or a member of a trainer group (the hub is asked, kept GROUPS_SECONDS)."""
        if user.get("admin"):
            return True
        groups = user.get("groups")
        if isinstance(groups, list):
            return bool(self.trainer_groups & set(groups))
        checked, known = self._trainers
        if time.monotonic() - checked > GROUPS_SECONDS:
            known = {}
            self._trainers = (time.monotonic(), known)
        name = str(user.get("name", ""))
        if name not in known:
            known[name] = bool(self.trainer_groups & self._groups_of(name))
        return known[name]

    def _groups_of(self, name: str) -> set[str]:
        """The user's groups, from the hub's REST API with the service's own token (role: read:users:groups).

        Blocking, but only for a dashboard page once per person and GROUPS_SECONDS, never for an answer."""
        import requests

        response = requests.get(f"{self.auth.api_url}/users/{quote(name)}", timeout=10,
                                headers={"Authorization": f"token {self.auth.api_token}"})
        if response.status_code != 200:
            return set()
        return set(json.loads(response.text).get("groups") or [])


class HubPerson(HubOAuthenticated):
    """Mixed into every workshop handler: the participant is the hub user, not a cookie's pseudonym."""

    site: Any
    request: Any

    @property
    def hub_auth(self) -> HubOAuth:  # type: ignore[override]
        return self.site.hub.auth

    async def prepare(self) -> None:
        """Ask the hub who this is once, without blocking the loop (HubAuth keeps tokens it checked),
        then go on as the workshop's handler does."""
        self._hub_model: dict[str, Any] | None = None
        model = await self.hub_auth.get_user(self, sync=False)
        if model:
            try:
                self._hub_model = self.check_hub_user(model)
            except UserNotAllowed:  # a service, or someone without access to this service
                self._hub_model = None
        going_on = super().prepare()  # type: ignore[misc]
        if inspect.isawaitable(going_on):
            await going_on

    def get_current_user(self) -> dict[str, Any] | None:
        return getattr(self, "_hub_model", None)

    def hub_user(self) -> dict[str, Any] | None:
        user = self.get_current_user()
        return user if isinstance(user, dict) and user.get("kind", "user") == "user" else None

    def participant(self) -> str | None:
        user = self.hub_user()
        return str(user["name"]) if user else None

    def check_xsrf_cookie(self) -> None:
        """Same-origin JSON (kit.workshop.web.Api.check_post) is the CSRF defence, as without the hub."""


def hub_handlers(handlers: dict[str, type]) -> dict[str, type]:
    """Each handler of the workshop with the hub's identity mixed in (same name, same behaviour)."""
    return {name: type(f"Hub{name}", (HubPerson, handler), {}) for name, handler in handlers.items()}


def own_answer(value: Any, participant: str) -> None:
    """An answer naming another participant than the sender is refused: nobody answers for another."""
    if isinstance(value, dict) and "participant" in value and value["participant"] != participant:
        raise Refused(403, "other-user")


class Callback(HubOAuthCallbackHandler):
    """``oauth_callback``: the end of the hub's OAuth hand-over, then back to the page asked for."""

    site: Any

    def initialize(self, site: Any) -> None:
        self.site = site

    @property
    def hub_auth(self) -> HubOAuth:  # type: ignore[override]
        return self.site.hub.auth
