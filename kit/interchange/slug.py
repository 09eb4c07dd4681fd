"""Exercise ids from titles: ASCII slugs that fit the id pattern and are unique in one notebook."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 64
MIN_LENGTH = 3
# letters that do not decompose into an ASCII letter and an accent
_SPECIAL = str.maketrans({"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "æ": "ae"})
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "question") -> str:
    """``Ügyfél első hívása`` → ``ugyfel-elso-hivasa``: lower-case ASCII letters, digits and hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower().replace("'", "")
    slug = _NOT_ALLOWED.sub("-", ascii_text).strip("-")[:MAX_LENGTH].strip("-")
    if len(slug) < MIN_LENGTH:
        slug = f"{fallback}-{slug}" if slug else fallback
    return slug


class Slugger:
    """Hands out ids that are unique among those handed out (and those reserved) so far."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate in self.used:
            number += 1
            suffix = f"-{number}"
            candidate = wanted[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        self.used.add(candidate)
        return candidate

    def from_title(self, title: str, fallback: str = "question") -> str:
        return self.unique(slugify(title, fallback))
