"""The outcome of scoring one answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["scored", "pending", "recorded", "invalid"]


@dataclass(frozen=True)
class Result:
    status: Status
    score: float | None = None
    max_score: float | None = None
    reason: str = ""
    # scenarios: the total per competency and where the path ended
    competencies: dict[str, int] = field(default_factory=dict)
    ending: str | None = None
    outcome: str | None = None


def invalid(reason: str, max_score: float | None) -> Result:
    return Result("invalid", None, max_score, reason)
