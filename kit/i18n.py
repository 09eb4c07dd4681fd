"""Translations of labels, default scales and dimension prompts (English, Hungarian, Czech).

Catalogs are gettext ``.po`` files in ``kit/locale/<language>/LC_MESSAGES/kit.po``, read with Babel
(which Sphinx already brings), so that translators can use any PO editor and no compile step is needed.
The English text is the message id.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "hu", "cs")
LOCALE_DIR = Path(__file__).parent / "locale"

# The default 5-point agreement scale of Likert exercises, from 1 to 5.
DEFAULT_SCALE = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)

# The prompts of the default case-discussion dimensions (kit.models.written.DEFAULT_DIMENSIONS).
DIMENSION_PROMPTS = {
    "problem": "The client's problem",
    "client": "The client",
    "helper": "The helper",
    "environment": "The client's environment",
    "relationship": "The relationship between client and helper",
    "resources": "Resources of the client and of the helper",
    "limits": "Limits, external and internal",
    "interventions": "Possible interventions",
    "dilemmas": "Dilemmas",
}


@cache
def catalog(language: str) -> dict[str, str]:
    """msgid → translation for one language ({} for English, whose ids are the text)."""
    if language == "en":
        return {}
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / language / "LC_MESSAGES" / "kit.po"
    with open(path, "rb") as handle:
        messages = read_po(handle)
    return {message.id: message.string for message in messages if message.id and message.string}


def translator(language: str) -> Callable[[str], str]:
    """A ``_`` function for one language; unknown languages fall back to English."""
    table = catalog(language) if language in LANGUAGES else {}

    def translate(text: str) -> str:
        return table.get(text, text)

    return translate


def default_scale(language: str) -> list[str]:
    _ = translator(language)
    return [_(label) for label in DEFAULT_SCALE]


def dimension_prompt(dimension_id: str, language: str) -> str:
    return translator(language)(DIMENSION_PROMPTS.get(dimension_id, dimension_id))
