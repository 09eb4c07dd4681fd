"""The answer API's pure part: read a request body, refuse what is not an answer, build the reply.

No I/O here: the handlers (kit.workshop.api) store the attempt between :func:`read_answer` and
:func:`reply`, so a reply (with its feedback) exists only for an attempt that is stored (DESIGN §12).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kit.models import Exercise, MultipleChoice, Scenario, SingleChoice
from kit.scoring import Result, score
from kit.scoring.session import format_number
from kit.workshop.modules import Workshop

MAX_DEPTH = 64  # as a response line may nest (DESIGN §6)

# the one sentence of each refusal, an English msgid translated in kit/locale
REFUSALS = {
    "not-json": "Send the answer as JSON (Content-Type: application/json).",
    "malformed": "The request is not valid JSON; send {\"exercise\": ID, \"answer\": ANSWER}.",
    "not-object": "Send one JSON object with the keys exercise and answer.",
    "unknown": "There is no such exercise in this workshop; reload the page.",
    "not-unicode": "The answer holds text that is not valid Unicode; type it again.",
    "too-deep": "The answer nests too deeply to be an answer.",
    "too-large": "The answer is too long to be saved; shorten it and submit again.",
    "no-cookie": "Join the workshop with your pseudonym first, then submit again.",
    "other-site": "This request comes from another site and was refused.",
    "store": "Your answer could not be saved just now; submit it again in a moment, and tell your trainer "
             "if it happens again.",
    "no-pseudonym": "Type your pseudonym first.",
    "pseudonym-long": "A pseudonym has at most 64 characters; choose a shorter one.",
    "pseudonym-control": "A pseudonym may hold letters, digits, spaces and punctuation only.",
    "full": "This workshop is full; ask your trainer to start it with a higher --max-participants.",
    "join-code": "The join code is not right; type the code your trainer shows on the board.",
    "not-found": "There is no such page in this workshop.",
    "no-hub-token": "Log in to the hub first (or send your hub token): this service knows you by your hub account.",
    "other-user": "You may send only your own answers; leave out the participant, the hub names you.",
    "hub-names-you": "On the hub you need not join: the hub names you; open the modules from the start page.",
    "not-trainer": "The dashboard is for the hub's trainers; ask an administrator to add you to the trainers' group.",
    "bad-request": "The request could not be read; reload the page and try again.",
}


class Refused(Exception):
    """A request the API refuses: its HTTP status and the reason (a key of REFUSALS)."""

    def __init__(self, status: int, reason: str, language: str | None = None):
        super().__init__(REFUSALS[reason])
        self.status = status
        self.reason = reason
        self.language = language  # the module's, when the request named one


@dataclass(frozen=True)
class Attempt:
    exercise: Exercise
    answer: Any
    language: str


def read_json(body: bytes) -> Any:
    """The JSON value of a request body; Refused when it is not JSON any reader of §6 would accept."""
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "malformed") from None
    except RecursionError:
        raise Refused(400, "too-deep") from None
    problem = _unreadable(value)
    if problem:
        raise Refused(400, problem)
    return value


def read_answer(value: Any, workshop: Workshop) -> Attempt:
    """``{"exercise": ID, "answer": A}`` (a request's body, read_json) for an exercise served here;
    Refused otherwise.

    An answer of the wrong shape for its type is no refusal: it is an attempt, scored ``invalid``.
    """
    if not isinstance(value, dict) or not isinstance(value.get("exercise"), str) or "answer" not in value:
        raise Refused(400, "not-object")
    found = workshop.served_exercise(value["exercise"])
    if found is None:
        raise Refused(404, "unknown")
    module, exercise = found
    return Attempt(exercise, value["answer"], workshop.catalog.language.get(exercise.id, module.language))


def _unreadable(value: Any, depth: int = 0) -> str:
    """Why a decoded value could not be stored and read back as a response ('' when it can)."""
    if depth > MAX_DEPTH:
        return "too-deep"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate such as \ud800
            return "not-unicode"
        return ""
    items: list[Any] = []
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    for item in items:
        problem = _unreadable(item, depth + 1)
        if problem:
            return problem
    return ""


def reply(exercise: Exercise, answer: Any) -> dict[str, Any]:
    """``{status, score, max_score, feedback}`` for a stored attempt, numbers as ``kit score`` writes them."""
    result = score(exercise, answer)
    body: dict[str, Any] = {
        "status": result.status,
        "score": _number(result.score) if result.status == "scored" else None,
        "max_score": _number(result.max_score),
        "feedback": feedback(exercise, answer, result),
    }
    if result.status == "invalid":
        body["reason"] = result.reason
    if isinstance(exercise, Scenario) and result.status == "scored":
        body["outcome"] = result.outcome
        body["competencies"] = result.competencies
    return body


def feedback(exercise: Exercise, answer: Any, result: Result) -> list[str]:
    """The feedback texts of what was chosen (a scenario: along the path); none for an invalid answer."""
    if result.status == "invalid":
        return []
    if isinstance(exercise, SingleChoice):
        chosen = exercise.option(answer)
        return [chosen.feedback] if chosen is not None and chosen.feedback else []
    if isinstance(exercise, MultipleChoice):
        ticked = set(answer)
        return [option.feedback for option in exercise.options if option.id in ticked and option.feedback]
    if isinstance(exercise, Scenario):
        choices = {choice.id: choice for node in exercise.nodes for choice in node.choices or []}
        return [choices[step].feedback or "" for step in answer if choices[step].feedback]
    return []


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    number = float(format_number(value))
    return int(number) if number.is_integer() else number
