"""Look for secret text in a built edition: the last line of defence of DESIGN §8."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from kit.catalog import Catalog
from kit.models import Exercise

MIN_LENGTH = 24  # shorter texts (a word, "Yes") may occur in public text by chance
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"[*_`>#\\]")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _MARKUP.sub("", html.unescape(_TAG.sub(" ", text)))).strip().lower()


def exercise_secrets(exercise: Exercise) -> list[str]:
    """The secret texts of one exercise: feedback, rubric criteria, facilitator notes, debrief, pitfalls."""
    texts: list[str] = []
    for option in getattr(exercise, "options", []):
        texts.append(option.feedback or "")
    for node in getattr(exercise, "nodes", []):
        texts += [choice.feedback or "" for choice in node.choices or []]
    texts += [criterion.criterion for criterion in getattr(exercise, "rubric", [])]
    return texts + facilitator_texts(exercise)


def facilitator_texts(exercise: Exercise) -> list[str]:
    """The ``facilitator`` block: notes, debrief questions, pitfalls."""
    if not exercise.facilitator:
        return []
    return [exercise.facilitator.notes or "", *exercise.facilitator.debrief, *exercise.facilitator.pitfalls]


def catalog_secrets(catalog: Catalog) -> dict[str, str]:
    """normalised secret text → where it comes from (exercise id, or PATH:CELL for tagged cells)."""
    return _secrets(catalog, exercise_secrets)


def self_study_secrets(catalog: Catalog) -> dict[str, str]:
    """What the self-study edition must not hold (DESIGN §12): facilitator blocks and cells, and the
    feedback and rubric of every exercise marked ``self_study: false``. Other keys are its content."""
    return _secrets(catalog, lambda exercise: exercise_secrets(exercise) if not exercise.self_study
                    else facilitator_texts(exercise))


def edition_secrets(catalog: Catalog, edition: str) -> dict[str, str]:
    return self_study_secrets(catalog) if edition == "self-study" else catalog_secrets(catalog)


def _secrets(catalog: Catalog, secret_texts: Callable[[Exercise], list[str]]) -> dict[str, str]:
    secrets: dict[str, str] = {}
    for exercise_id, exercise in catalog.exercises.items():
        for text in secret_texts(exercise):
            _add(secrets, text, exercise_id)
    for module in catalog.modules:
        for number, cell in enumerate(module.cells, start=1):
            if "facilitator" in cell.get("metadata", {}).get("tags", []):
                for paragraph in cell.get("source", "").split("\n\n"):
                    _add(secrets, paragraph, f"{module.path}:{number}")
    return secrets


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
