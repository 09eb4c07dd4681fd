"""Every label kit shows exists in Hungarian and Czech; the kernel finds its notebook's language."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from kit.i18n import DEFAULT_SCALE, DIMENSION_PROMPTS, catalog
from kit.magic import notebook_language
from kit.models import EXERCISE_TYPES

KIT = Path(__file__).resolve().parent.parent / "kit"
TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def msgids_in_python(path: Path) -> set[str]:
    """The text of every ``_("...")`` / ``self._("...")`` call (implicit concatenation included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name == "_" and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.add(node.args[0].value)
    return found


def used_msgids() -> set[str]:
    used = {name for name in EXERCISE_TYPES} | set(DEFAULT_SCALE) | set(DIMENSION_PROMPTS.values())
    for path in sorted((KIT / "ui").rglob("*.py")):
        used |= msgids_in_python(path)
    for path in sorted((KIT / "templates").glob("*.j2")):
        for match in TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(1) if match.group(1) is not None else match.group(2))
    return used


def test_the_scan_finds_the_widget_labels():
    used = used_msgids()
    assert {"Submit", "Try again", "Move up: {item}", "Your pseudonym", "Choose one answer.",
            "Your answer could not be saved. It is still here: tell your trainer, then press Submit again."} <= used


@pytest.mark.parametrize("language", ["hu", "cs"])
def test_every_msgid_has_a_translation(language):
    translations = catalog(language)
    missing = sorted(msgid for msgid in used_msgids() if not translations.get(msgid, "").strip())
    assert missing == [], f"kit/locale/{language}/LC_MESSAGES/kit.po lacks: {missing}"


@pytest.mark.parametrize("language", ["hu", "cs"])
def test_translations_keep_their_placeholders(language):
    translations = catalog(language)
    for msgid in used_msgids():
        placeholders = set(re.findall(r"\{(\w+)\}", msgid))
        assert set(re.findall(r"\{(\w+)\}", translations.get(msgid, msgid))) == placeholders, msgid


def write_module(path: Path, language: str) -> Path:
    path.write_text(json.dumps({"cells": [], "metadata": {"kit": {"title": "x", "language": language}},
                                "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


class Shell:
    def __init__(self, **user_ns):
        self.user_ns = user_ns


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("KIT_LANGUAGE", "JPY_SESSION_NAME", "SCRIPT_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_language_from_jupyterlab_session_name(clean_env, tmp_path):
    write_module(tmp_path / "a.ipynb", "en")
    module = write_module(tmp_path / "esetmegbeszélés.ipynb", "hu")
    assert notebook_language(Shell()) == "en"  # two languages in the folder, nothing named: English
    clean_env.setenv("JPY_SESSION_NAME", str(module))
    assert notebook_language(Shell()) == "hu"
    clean_env.setenv("JPY_SESSION_NAME", "exercises/esetmegbeszélés.ipynb")  # relative to the server root
    assert notebook_language(Shell()) == "hu"
    clean_env.setenv("KIT_LANGUAGE", "cs")  # kit build says so: it wins
    assert notebook_language(Shell()) == "cs"


def test_language_from_ipykernel_and_voila(clean_env, tmp_path):
    write_module(tmp_path / "a.ipynb", "en")
    module = write_module(tmp_path / "případová konference.ipynb", "cs")
    assert notebook_language(Shell(__session__=str(module))) == "cs"
    clean_env.setenv("SCRIPT_NAME", "/voila/render/exercises/p%C5%99%C3%ADpadov%C3%A1%20konference.ipynb")
    assert notebook_language(Shell()) == "cs"


def test_language_of_a_lone_notebook_and_bad_metadata(clean_env, tmp_path):
    write_module(tmp_path / "only.ipynb", "hu")
    assert notebook_language(None) == "hu"  # Voilà serving one notebook: the folder agrees
    write_module(tmp_path / "only.ipynb", "deu")
    assert notebook_language(None) == "en"
    (tmp_path / "only.ipynb").write_text("{not json", encoding="utf-8")
    assert notebook_language(None) == "en"
