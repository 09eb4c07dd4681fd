"""The sample exercises of tests/data/sample.yaml, validated."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kit.models import Exercise, parse_exercise

SAMPLE = Path(__file__).resolve().parent / "data" / "sample.yaml"


@cache
def sample_data() -> dict[str, Any]:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def sample(name: str) -> Exercise:
    return parse_exercise(sample_data()[name])


def sample_yaml(name: str) -> str:
    return yaml.safe_dump(sample_data()[name], allow_unicode=True, sort_keys=False)
