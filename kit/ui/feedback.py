"""What a participant sees once an answer is saved: the score (or who scores it) and the feedback."""

from __future__ import annotations

from kit.i18n import Translator
from kit.scoring import Result
from kit.ui.text import box, esc


def score_line(result: Result, _: Translator) -> str:
    """One sentence for the status of a saved answer (HTML), its numbers in the notebook's language."""
    if result.status == "scored":
        # points as a participant reads them: at most two decimals ("1,5" in Hungarian and Czech)
        text = _.n("Your score: {score} of {n} point.", "Your score: {score} of {n} points.",
                   result.max_score or 0, decimals=2, score=_.number(result.score or 0, decimals=2))
        return box(f"<strong>{esc(text)}</strong>", "ok")
    if result.status == "pending":
        return box(esc(_("Saved. Waiting for the trainer to score it.")), "ok")
    if result.status == "recorded":
        return box(esc(_("Thank you: your answers are recorded.")), "ok")
    return box(esc(_("This answer could not be scored: {reason}").format(reason=result.reason)), "warning")


def feedback_block(title_html: str, feedback_html: str) -> str:
    """The feedback on one thing the participant chose."""
    return (f'<div class="kit-response-note" style="border-left:3px solid #d0d7de;padding-left:0.6em;'
            f'margin:0.3em 0">{title_html}{feedback_html}</div>')
