"""The player's texts in the page's language, from kit's .po catalogs (player.js gets them as data)."""

from __future__ import annotations

from functools import cache

from kit.i18n import translator

# key → English text (the msgid); {placeholders} are filled in by player.js
TEXTS = {
    "submit": "Submit",
    "retry": "Try again",
    "choose": "Choose…",
    "move_up": "Move up",
    "move_down": "Move down",
    "moved": "{item}: now {position} of {count}.",
    "first": "{item} is already first.",
    "last": "{item} is already last.",
    "score": "Score: {score} of {max}",
    "pending": "Your answer is saved. A trainer will score it.",
    "pending_self": "Your answer is saved. Check it against the list below; nobody scores it here.",
    "recorded": "Thank you, your answer is saved.",
    "invalid": "This answer could not be scored: {reason}",
    "nothing": "Choose an answer first.",
    "feedback": "Feedback",
    "self_check": "Check your answer: does it…",
    "outcome": "Outcome",
    "path": "Your path so far",
    "choices": "What do you do?",
    "ending": "This is where the scenario ends. Submit your path, or go back and try another way.",
    "back": "Back",
    "restart": "Start again",
    "words": "Words: {count}.",
    "join_intro": "Join the workshop to send your answer.",
    "pseudonym": "Your pseudonym",
    "join": "Join and send",
    "send_failed": "Your answer could not be sent: {error}",
    "broken": "This exercise cannot be shown here. The rest of the page works. Please tell your trainer.",
    "study_title": "Your answers",
    "session": "Session",
    "download": "Download my answers",
    "saved": "Answers saved in this browser: {count}",
    "need_pseudonym": "Enter a pseudonym first: it names your answers in the file.",
}


@cache
def labels(language: str) -> dict[str, str]:
    _ = translator(language)
    return {key: _(text) for key, text in TEXTS.items()}
