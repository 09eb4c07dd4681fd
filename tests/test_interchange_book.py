"""Imported notebooks build in the handbook, and their raw cells (keys and all) stay out of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.build import build_edition
from kit.build.leaks import normalise
from kit.interchange import import_file
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "interchange"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imported book")
    shutil.copy(ROOT / "_config.yml", root)
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: exercises/moodle\n  - file: exercises/történet\n",
        encoding="utf-8",
    )
    (root / "book").mkdir()
    (root / "book" / "intro.md").write_text("# Imported\n\nQuestions from Moodle, a story from Twine.\n",
                                            encoding="utf-8")
    (root / "exercises").mkdir()
    import_file(DATA / "moodle-examples.gift", root / "exercises" / "moodle.ipynb")
    import_file(DATA / "krizishivas.twee", root / "exercises" / "történet.ipynb", language="hu")
    for edition in ("participant", "facilitator"):
        build_edition(root, edition, say=lambda message: None)
    return root / "_build"


def page(built: Path, edition: str, name: str) -> str:
    return normalise((built / edition / "html" / "exercises" / f"{name}.html").read_text(encoding="utf-8"))


def test_imported_exercises_are_in_both_editions(built: Path) -> None:
    for edition in ("participant", "facilitator"):
        assert normalise("Which of the following is NOT a control character") in page(built, edition, "moodle")
        assert normalise("Felveszed a telefont") in page(built, edition, "történet")


def test_feedback_and_raw_questions_stay_out_of_the_participant_edition(built: Path) -> None:
    participant = page(built, "participant", "moodle")
    assert normalise("He was born here, but not raised here.") not in participant
    assert normalise("He was born here, but not raised here.") in page(built, "facilitator", "moodle")
    assert normalise("=%50%1822:2") not in participant
