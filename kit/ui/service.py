"""Answers sent to the kit service of a JupyterHub instead of a store: the kernel holds no key.

The hub gives each participant's server ``KIT_SERVICE_URL`` (the service's answer API) and
``JUPYTERHUB_API_TOKEN`` (the participant's own token). The service knows who sends the answer from
that token, stores it, scores it with the full exercise and answers with the score and feedback.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT = 60.0  # seconds; a busy room's service still answers well within this
_INTRODUCED: set[Service] = set()


class ServiceError(Exception):
    """The service did not store the answer; the message says why (the service's own sentence)."""


@dataclass(frozen=True)
class Service:
    url: str  # ends in "/": the service's prefix, the API below it
    token: str

    @classmethod
    def from_environment(cls) -> Service | None:
        url = os.environ.get("KIT_SERVICE_URL", "").strip()
        if not url:
            return None
        return cls(url if url.endswith("/") else url + "/", os.environ.get("JUPYTERHUB_API_TOKEN", ""))

    def introduce(self) -> None:
        """Ask the service who this token is, in the background, once per kernel: the service checks the
        token with the hub then, not at the first Submit, when a whole room presses it at once."""
        if self in _INTRODUCED:
            return
        _INTRODUCED.add(self)
        threading.Thread(target=self._who_am_i, name="kit-service-introduce", daemon=True).start()

    def _who_am_i(self) -> None:
        request = urllib.request.Request(self.url + "api/v1/participant",
                                         headers={"Authorization": f"token {self.token}"})
        # a service that cannot be reached says so at the Submit, where the participant reads it
        with contextlib.suppress(urllib.error.URLError, OSError, ValueError), \
                urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()

    def submit(self, exercise_id: str, answer: Any) -> dict[str, Any]:
        """The service's reply ``{status, score, max_score, feedback}`` once the answer is stored."""
        request = urllib.request.Request(
            self.url + "api/v1/answers", method="POST",
            data=json.dumps({"exercise": exercise_id, "answer": answer}).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return dict(json.loads(response.read().decode("utf-8")))
        except urllib.error.HTTPError as error:
            raise ServiceError(_sentence(error)) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ServiceError(f"the kit service at {self.url} did not answer ({error})") from None


def _sentence(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read().decode("utf-8"))["error"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return f"the kit service refused the answer ({error.code} {error.reason})"
