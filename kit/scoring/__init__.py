"""Scoring: pure functions over (exercise, answer), and scoring whole response files."""

from kit.scoring.result import Result
from kit.scoring.rules import score

__all__ = ["Result", "score"]
