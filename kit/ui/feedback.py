"""What a participant sees once an answer is saved: the score (or who scores it) and the feedback."""

from __future__ import annotations

from collections.abc import Callable

from kit.scoring import Result
from kit.scoring.session import format_number
from kit.ui.text import box, esc


def score_line(result: Result, _: Callable[[str], str]) -> str:
    """One sentence for the status of a saved answer (HTML)."""
    if result.status == "scored":
        text = _("Your score: {score} of {maximum} points.").format(
            score=points(result.score), maximum=points(result.max_score))
        return box(f"<strong>{esc(text)}</strong>", "ok")
    if result.status == "pending":
        return box(esc(_("Saved. Waiting for the trainer to score it.")), "ok")
    if result.status == "recorded":
        return box(esc(_("Thank you: your answers are recorded.")), "ok")
    return box(esc(_("This answer could not be scored: {reason}").format(reason=result.reason)), "warning")


def points(value: float | None) -> str:
    """Points as a participant reads them: at most two decimals."""
    return format_number(None if value is None else round(value, 2))


def feedback_block(title_html: str, feedback_html: str) -> str:
    """The feedback on one thing the participant chose."""
    return (f'<div class="kit-response-note" style="border-left:3px solid #d0d7de;padding-left:0.6em;'
            f'margin:0.3em 0">{title_html}{feedback_html}</div>')
