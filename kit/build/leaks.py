"""Look for secret text in a built edition: the last line of defence of DESIGN §8."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from kit.catalog import Catalog
from kit.models import Exercise

MIN_LENGTH = 24  # shorter texts (a word, "Yes") may occur in public text by chance
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"[*_`>#\\]")
# Markdown that renders as other text: [text](url) and ![alt](src) show only text and alt
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# quotes and dashes that Sphinx's smartquotes turns into typographic ones: compared without them
_QUOTES = re.compile("[\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]")
_DASHES = re.compile("-{2,3}|[\u2013\u2014]")
# a {facilitator} block of a MyST page or Markdown cell: ```{facilitator} … ``` or :::{facilitator} … :::
_FACILITATOR_BLOCK = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|:{3,})\{facilitator\}[^\n]*\n(?P<body>.*?)^[ \t]*(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL)


def normalise(text: str) -> str:
    """Text as a reader sees it, for comparing a source's secret with a built page."""
    text = _TAG.sub(" ", text)
    text = _LINK.sub(r"\1", html.unescape(text))
    text = _DASHES.sub("-", _QUOTES.sub("", text.replace("\u2026", "...")))
    return _SPACE.sub(" ", _MARKUP.sub("", text)).strip().lower()


def facilitator_blocks(markdown: str) -> list[str]:
    """The body of every ``{facilitator}`` block in a MyST text."""
    return [match.group("body") for match in _FACILITATOR_BLOCK.finditer(markdown)]


def exercise_secrets(exercise: Exercise) -> list[str]:
    """The secret texts of one exercise: feedback, rubric criteria, facilitator notes, debrief, pitfalls."""
    texts: list[str] = []
    for option in getattr(exercise, "options", []):
        texts.append(option.feedback or "")
    for node in getattr(exercise, "nodes", []):
        texts += [choice.feedback or "" for choice in node.choices or []]
    texts += [criterion.criterion for criterion in getattr(exercise, "rubric", [])]
    if exercise.facilitator:
        texts.append(exercise.facilitator.notes or "")
        texts += exercise.facilitator.debrief + exercise.facilitator.pitfalls
    return texts


def catalog_secrets(catalog: Catalog) -> dict[str, str]:
    """normalised secret text → where it comes from (exercise id, or PATH:CELL for tagged cells)."""
    secrets: dict[str, str] = {}
    for exercise_id, exercise in catalog.exercises.items():
        for text in exercise_secrets(exercise):
            _add(secrets, text, exercise_id)
    for module in catalog.modules:
        for number, cell in enumerate(module.cells, start=1):
            if "facilitator" in cell.get("metadata", {}).get("tags", []):
                _add_paragraphs(secrets, cell.get("source", ""), f"{module.path}:{number}")
            elif cell.get("cell_type") == "markdown":
                for block in facilitator_blocks(cell.get("source", "")):
                    _add_paragraphs(secrets, block, f"{module.path}:{number}")
    return secrets


def page_secrets(pages: Iterable[Path]) -> dict[str, str]:
    """The ``{facilitator}`` blocks of MyST pages (``.md``): normalised secret text → ``PATH:LINE``."""
    secrets: dict[str, str] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in _FACILITATOR_BLOCK.finditer(text):
            _add_paragraphs(secrets, match.group("body"), f"{page}:{text.count(chr(10), 0, match.start()) + 1}")
    return secrets


def _add_paragraphs(secrets: dict[str, str], text: str, origin: str) -> None:
    for paragraph in text.split("\n\n"):
        _add(secrets, paragraph, origin)


def _add(secrets: dict[str, str], text: str, origin: str) -> None:
    # the longest line of a text is enough to find it, and survives Markdown rendering best
    lines = [normalise(line) for line in text.splitlines()]
    longest = max(lines, key=len, default="")
    if len(longest) >= MIN_LENGTH:
        secrets.setdefault(longest, origin)


def find_leaks(site: Path, secrets: dict[str, str]) -> list[str]:
    """``FILE: origin`` for every secret found in a text file of the built site."""
    leaks = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".js", ".json", ".ipynb", ".txt", ".md"):
            continue
        text = normalise(path.read_text(encoding="utf-8", errors="replace"))
        for secret, origin in secrets.items():
            if secret in text:
                leaks.append(f"{path}: secret text of {origin}: {secret[:60]}…")
    return leaks


def any_leak(sites: Iterable[Path], secrets: dict[str, str]) -> list[str]:
    return [leak for site in sites for leak in find_leaks(site, secrets)]
