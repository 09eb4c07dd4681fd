"""Translations of labels, default scales and dimension prompts (English, Hungarian, Czech).

Catalogs are gettext ``.po`` files in ``kit/locale/<language>/LC_MESSAGES/kit.po``, read with Babel,
so that translators can use any PO editor and no compile step is needed. The English text is the
message id.

Numbers in text people read follow the language: ``_.number(1.5)`` is "1.5" in English and "1,5" in
Hungarian and Czech, and ``_.n("{n} point", "{n} points", 2)`` picks the plural form by CLDR's rules
("2 points", "2 pont", "2 body"; "1,5 bodu"). Machine outputs (CSV, JSON) keep
``kit.scoring.session.format_number``. Babel is imported only when a catalog is read or a number is
formatted, never at ``import kit``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

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


# CLDR's plural categories in the order of a catalog's msgstr[0], msgstr[1], …: English and Hungarian
# have one, other; Czech one, few, many (decimals: "1,5 bodu"), other (see the .po headers).
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@cache
def _read(language: str) -> Any:
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / language / "LC_MESSAGES" / "kit.po"
    with open(path, "rb") as handle:
        return read_po(handle)


@cache
def catalog(language: str) -> dict[str, str]:
    """msgid → translation for one language ({} for English, whose ids are the text)."""
    if language == "en":
        return {}
    return {message.id: message.string for message in _read(language)
            if isinstance(message.id, str) and message.id and message.string}


@cache
def plural_catalog(language: str) -> dict[str, tuple[str, ...]]:
    """Singular msgid → the translated forms, one per plural category of the language ({} for English)."""
    if language == "en":
        return {}
    table = {}
    for message in _read(language):
        if isinstance(message.id, tuple) and message.string and message.string[0]:
            # a form left empty (a 3-form Czech entry has no "many") takes the form before it
            forms = list(message.string)
            for index in range(1, len(forms)):
                forms[index] = forms[index] or forms[index - 1]
            table[message.id[0]] = tuple(forms)
    return table


def plural_table(language: str) -> dict[str, dict[str, str]]:
    """Every plural message's forms by CLDR category, keyed by its singular msgid, for a page script:
    ``new Intl.PluralRules(lang).select(n)`` names the form and ``Intl.NumberFormat(lang)`` writes ``{n}``
    (the browser knows CLDR's rules offline). English forms come from the msgids."""
    if language not in LANGUAGES or language == "en":
        ids = [message.id for message in _read("hu") if isinstance(message.id, tuple)]
        return {singular: {"one": singular, "other": plural} for singular, plural in ids}
    categories = plural_categories(language)
    return {singular: dict(zip(categories, forms, strict=False))
            for singular, forms in plural_catalog(language).items()}


@cache
def _plural_rule(language: str) -> Any:
    from babel import Locale

    return Locale.parse(language).plural_form


@cache
def plural_categories(language: str) -> tuple[str, ...]:
    """The language's plural categories in catalog order: ("one", "other"), ("one", "few", "many", "other")."""
    tags = _plural_rule(language).tags
    return tuple(category for category in PLURAL_CATEGORIES if category in tags or category == "other")


def plural_index(language: str, count: Decimal | int) -> int:
    """Which msgstr[i] a number takes in a language (CLDR rules: they know decimals, gettext's do not)."""
    category = _plural_rule(language)(count)
    categories = plural_categories(language)
    return categories.index(category) if category in categories else len(categories) - 1


def _rounded(value: float, decimals: int) -> Decimal:
    """The value as it will be printed: at most ``decimals`` places, no trailing zeros, no "-0"."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return Decimal("0" if text in ("-0", "") else text)


def format_number(value: float | None, language: str = "en", decimals: int = 4) -> str:
    """A number for reading: "1.5" (en), "1,5" (hu, cs); thousands grouped; "" for None."""
    if value is None:
        return ""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(_rounded(value, decimals), format=pattern,
                          locale=language if language in LANGUAGES else "en")


class Translator:
    """The ``_`` of one language: ``_(text)`` translates, ``_.n(…)`` counts, ``_.number(x)`` formats."""

    def __init__(self, language: str):
        self.language = language if language in LANGUAGES else "en"
        self._table = catalog(self.language)

    def __call__(self, text: str) -> str:
        return self._table.get(text, text)

    def number(self, value: float | None, decimals: int = 4) -> str:
        return format_number(value, self.language, decimals)

    def n(self, singular: str, plural: str, count: float, decimals: int = 4, **fields: Any) -> str:
        """The form of ``singular``/``plural`` that ``count`` takes, with ``{n}`` the count as printed.

        ``_.n("{n} point", "{n} points", 5)`` → "5 points", "5 pont", "5 bodů".
        """
        shown = _rounded(count, decimals)
        forms = plural_catalog(self.language).get(singular)
        if forms is None:  # untranslated: English forms, English rule
            text = (singular, plural)[plural_index("en", shown)]
        else:
            text = forms[min(plural_index(self.language, shown), len(forms) - 1)]
        return text.format(n=self.number(count, decimals), **fields)


@cache
def translator(language: str) -> Translator:
    """The ``_`` of one language; unknown languages fall back to English."""
    return Translator(language)


def default_scale(language: str) -> list[str]:
    _ = translator(language)
    return [_(label) for label in DEFAULT_SCALE]


def dimension_prompt(dimension_id: str, language: str) -> str:
    return translator(language)(DIMENSION_PROMPTS.get(dimension_id, dimension_id))


def english_count(count: float, singular: str, plural: str) -> str:
    """A count in the command line's English: "1 response", "2 responses", "1.5 points"."""
    return translator("en").n("{n} " + singular, "{n} " + plural, count)
