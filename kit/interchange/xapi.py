"""Attempts as xAPI 1.0.3 statements, for a learning record store (LRS), as H5P activities report.

One statement per attempt: the actor is an account named by the pseudonym (no name, no e-mail),
the verb ``answered`` (``completed`` for a scenario walked to an ending), the object the exercise
as an activity, the result the attempt's score as ``kit score`` gives it for that attempt alone
(scaled, raw, min, max; success when full marks), the response in xAPI's interaction notation,
and the time it was submitted. Statement ids are derived from the attempt, so exporting the same
store twice gives the same ids and an LRS stores each attempt once. Nothing of the key travels.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any

from kit.models import Exercise
from kit.responses import Response
from kit.scoring.rules import score

VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi"
VERBS = {"answered": f"{ADL}/verbs/answered", "completed": f"{ADL}/verbs/completed"}
INTERACTION = f"{ADL}/activities/cmi.interaction"
# the xAPI interaction type of each exercise type (Likert, scenarios and case discussions are "other")
INTERACTION_TYPES = {
    "single-choice": "choice", "multiple-choice": "choice", "ordering": "sequencing", "matching": "matching",
    "free-text": "long-fill-in", "case-discussion": "other", "likert": "other", "scenario": "other",
}
SESSION_EXTENSION = "https://w3id.org/casework-kit/xapi/session"
DEFAULT_HOME_PAGE = "https://example.org/casework-kit"
DEFAULT_ACTIVITIES = "https://example.org/casework-kit/exercises/"
_NAMESPACE = uuid.UUID("7f0c3f4e-5d2a-4b8e-9c61-2b8f0e6a9d15")  # kit's own: statement ids from attempts


def statement(response: Response, exercise: Exercise | None, language: str = "en",
              home_page: str = DEFAULT_HOME_PAGE, activities: str = DEFAULT_ACTIVITIES) -> dict[str, Any]:
    """The xAPI statement of one attempt (an unknown exercise gives a statement without a result)."""
    submitted = response.submitted_at.isoformat()
    key = json.dumps([response.session, response.participant, response.exercise, submitted,
                      response.answer], ensure_ascii=False, sort_keys=True)
    kind = exercise.type if exercise is not None else None
    verb = "completed" if kind == "scenario" else "answered"
    activity: dict[str, Any] = {"objectType": "Activity", "id": activities + response.exercise}
    if exercise is not None:
        activity["definition"] = {"name": {_tag(language): exercise.title}, "type": INTERACTION,
                                  "interactionType": INTERACTION_TYPES[kind or ""]}
    found: dict[str, Any] = {
        "id": str(uuid.uuid5(_NAMESPACE, key)),
        "actor": {"objectType": "Agent", "account": {"homePage": home_page, "name": response.participant}},
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity,
        "timestamp": submitted,
        "context": {"extensions": {SESSION_EXTENSION: response.session}},
        "version": VERSION,
    }
    if exercise is not None:
        found["result"] = _result(exercise, response.answer)
    return found


def _tag(language: str) -> str:
    return {"en": "en-US", "hu": "hu-HU", "cs": "cs-CZ"}.get(language, language)


def _result(exercise: Exercise, answer: Any) -> dict[str, Any]:
    outcome = score(exercise, answer)
    result: dict[str, Any] = {"completion": True, "response": _response(exercise.type, answer)}
    if outcome.status == "scored" and outcome.max_score:
        raw = outcome.score or 0.0
        result["score"] = {"scaled": round(raw / outcome.max_score, 4), "raw": round(raw, 4), "min": 0,
                           "max": outcome.max_score}
        result["success"] = raw >= outcome.max_score
    elif outcome.status == "invalid":
        result["success"] = False
    return result


def _response(kind: str, answer: Any) -> str:
    """The answer in xAPI's notation: ids joined by ``[,]``, pairs by ``[.]``; written text as it is."""
    if kind in ("single-choice", "multiple-choice", "ordering", "scenario") and isinstance(answer, (list, str)):
        return "[,]".join(answer) if isinstance(answer, list) and all(isinstance(a, str) for a in answer) \
            else str(answer)
    if kind == "matching" and isinstance(answer, dict):
        return "[,]".join(f"{left}[.]{right}" for left, right in answer.items())
    if isinstance(answer, str):
        return answer
    return json.dumps(answer, ensure_ascii=False, sort_keys=True)


def statements(responses: Iterable[Response], exercises: Mapping[str, Exercise], languages: Mapping[str, str],
               **where: str) -> Iterator[dict[str, Any]]:
    for response in responses:
        yield statement(response, exercises.get(response.exercise), languages.get(response.exercise, "en"),
                        **where)


def write_statements(found: Iterable[dict[str, Any]], handle: IO[str]) -> int:
    """One statement per line (JSON Lines); how many were written."""
    written = 0
    for item in found:
        handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        written += 1
    return written


class LrsError(Exception):
    """The LRS refused the statements, or could not be reached after the retries."""


def post_statements(found: Iterable[dict[str, Any]], lrs: str, auth: str | None = None, batch: int = 100,
                    retries: int = 3, wait: Callable[[float], None] = time.sleep) -> int:
    """POST the statements to ``lrs`` (its statements resource) in batches; how many were accepted.

    A batch that meets a network error or a 5xx/429 answer is sent again (after 1, 2, 4 … seconds);
    another 4xx answer is final: the LRS will not take these statements as they are.
    """
    headers = {"X-Experience-API-Version": VERSION, "Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    url = lrs if lrs.rstrip("/").endswith("statements") else lrs.rstrip("/") + "/statements"
    sent, pending = 0, []
    for item in [*found, None]:
        if item is not None:
            pending.append(item)
            if len(pending) < batch:
                continue
        if not pending:
            break
        _post_batch(url, headers, pending, retries, wait)
        sent += len(pending)
        pending = []
    return sent


def _post_batch(url: str, headers: dict[str, str], batch: list[dict[str, Any]], retries: int,
                wait: Callable[[float], None]) -> None:
    import urllib.error
    import urllib.request

    body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            wait(2 ** (attempt - 1))
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30):  # the trainer's own LRS address
                return
        except urllib.error.HTTPError as error:
            problem = f"{url} answered {error.code}: {error.read()[:200].decode('utf-8', 'replace').strip()}"
            if error.code < 500 and error.code != 429:
                raise LrsError(problem) from None
        except (urllib.error.URLError, OSError) as error:
            problem = f"cannot reach {url} ({getattr(error, 'reason', error)})"
    raise LrsError(f"{problem} (tried {retries + 1} times)")
