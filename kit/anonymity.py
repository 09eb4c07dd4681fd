"""Spot what looks like a real person's data in case material, before a book is published.

Case vignettes are fictional; a real e-mail address, phone number, Hungarian TAJ number, Czech
birth number or street address in one means a real case may have slipped in. Published helpline
numbers are allowed (``HELPLINES``), as are the reserved example domains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

# Published helpline and emergency numbers (brief, part 2.4): digits only. 0680368036 is the
# Hungarian Consular Service's 24-hour line (mfa.gov.hu), given to callers in trouble abroad.
HELPLINES = {
    "112", "116000", "116006", "116111", "116123", "0680205520", "0680225225", "3680205520", "3680225225",
    "0680368036", "3680368036",
}
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example.hu", "example.cz", "example")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"(?<![\w/.,:-])\+?\(?\d[\d ()/-]{5,18}\d(?!\w|[/,:.-]\d)")
_BIRTH_NUMBER = re.compile(r"(?<![\w/])(\d{2})(\d{2})(\d{2})\s?/\s?(\d{3,4})(?![\w/])")
_UPPER = "A-ZÁÉÍÓÖŐÚÜŰČĎĚŇŘŠŤŮÝŽ"
_LOWER = "a-záéíóöőúüűčďěňřšťůýž"
_WORD = rf"[{_UPPER}][{_LOWER}{_UPPER}.-]*"
_STREET = re.compile(
    # Hungarian: Kossuth Lajos utca 12.
    rf"\b{_WORD}(?:\s+{_WORD})*\s+(?:utca|u\.|út|útja|tér|tere|körút|krt\.|köz|sor|fasor|sétány|rakpart)\s+\d+"
    # Czech: ulice Husova 12, nám. Míru 15, Husova 1234/5
    rf"|\b(?:ulice|ul\.|náměstí|nám\.|třída|tř\.|nábřeží)\s+{_WORD}(?:\s+{_WORD})?\s+\d+(?:/\d+)?"
    rf"|\b{_WORD}(?:ova|ovo|ská|cká|ího|ého|ní|ká|ná)\s+\d{{1,4}}/\d{{1,4}}[a-z]?\b"
    # English: 12 Baker Street
    rf"|\b\d+[A-Za-z]?\s+{_WORD}(?:\s+{_WORD})*\s+(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Close|Crescent)\b"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}/\d{1,2}/\d{2,4}$")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    def advice(self) -> str:
        fixes = {
            "an e-mail address": "use a made-up one such as name@example.org",
            "a phone number": "use a made-up one or a published helpline number",
            "a Hungarian TAJ number": "leave it out or write 'TAJ: ...'",
            "a Czech birth number": "leave it out or write 'RČ: ...'",
            "a street address": "name only the town or write 'a street in the town centre'",
        }
        return f"looks like {self.kind} ('{self.text}'); {fixes[self.kind]}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def is_taj(digits: str) -> bool:
    """A 9-digit Hungarian social-security (TAJ) number with a valid check digit."""
    if len(digits) != 9:
        return False
    weights = (3, 7, 3, 7, 3, 7, 3, 7)
    return sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True)) % 10 == int(digits[8])


def is_birth_number(year: str, month: str, day: str, suffix: str) -> bool:
    """A Czech birth number (rodné číslo): a real date, and divisible by 11 when it has 10 digits."""
    m = int(month)
    for offset in (0, 20, 50, 70):  # women +50; since 2004 also +20 / +70
        if 1 <= m - offset <= 12:
            m -= offset
            break
    else:
        return False
    try:
        date(2000 + int(year), m, int(day))
    except ValueError:
        return False
    if len(suffix) == 3:
        return True
    number = int(year + month + day + suffix)
    return number % 11 == 0 or (number // 10 % 11 == 10 and number % 10 == 0)


def find_personal_data(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text):
        domain = match.group().rsplit("@", 1)[1].lower()
        if not domain.endswith(EXAMPLE_DOMAINS):
            yield Finding("an e-mail address", match.group())
    birth_spans = []
    for match in _BIRTH_NUMBER.finditer(text):
        if is_birth_number(*match.groups()):
            birth_spans.append(match.span())
            yield Finding("a Czech birth number", match.group())
    for match in _NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in birth_spans):
            continue
        raw = match.group().strip()
        digits = _digits(raw)
        if _DATE.match(raw) or digits in HELPLINES or digits.lstrip("0") in HELPLINES:
            continue
        named_taj = "taj" in text[max(0, match.start() - 12) : match.start()].lower()
        if len(digits) == 9 and (named_taj or is_taj(digits)) and re.fullmatch(r"\d{3}[ -]?\d{3}[ -]?\d{3}", raw):
            yield Finding("a Hungarian TAJ number", raw)
        elif 9 <= len(digits) <= 13 and (raw.startswith(("+", "0", "(")) or len(digits) == 9):
            yield Finding("a phone number", raw)
    for match in _STREET.finditer(text):
        # the Hungarian article before a street name is not part of it
        yield Finding("a street address", re.sub(r"^Az? ", "", match.group()))


def exercise_texts(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(key path, text) of every text in an exercise definition (a model dump or raw YAML data)."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("id", "type", "goto", "start", "competencies"):
                continue
            yield from exercise_texts(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from exercise_texts(value, f"{where}[{index}]")
