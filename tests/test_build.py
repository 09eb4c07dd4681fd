"""``kit build``: two editions from one source; no secret in the participant edition (DESIGN §8)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from kit.build import build_edition
from kit.build.leaks import normalise
from tests.conftest import DATA, ROOT, exercise_cell, module_notebook
from tests.exercises import sample_yaml

pytestmark = pytest.mark.slow

CONTRACT_MODULE = DATA / "contract" / "Crisis line basics.ipynb"
TAGGED_NOTE = "Seat the two volunteers who took the night shift near the door."
MD_NOTE = "Start the day with the signalling map on the flipchart."
# One text of every kind of secret material in the contract module.
SECRETS = [
    "A stream of questions puts pressure on someone who may still be gathering courage.",  # option feedback
    "Ask the group how long they would wait before speaking again",  # facilitator.notes
    "What does a caller learn about you from your first sentence?",  # debrief
    "Treating every silent call as a prank.",  # pitfalls
    "Says what happened and what the risk is now, factually and without judging the caller.",  # rubric
    "Passing a disclosure on to the person it is about can put her in danger.",  # scenario feedback
    "The best path scores rapport 5, risk 5 and safety 7.",
    TAGGED_NOTE,
    MD_NOTE,
]
# self-study holds keys, feedback and rubrics, but never facilitator material
SELF_STUDY_CONTENT = SECRETS[0:1] + SECRETS[4:6]
FACILITATOR_ONLY = [*SECRETS[1:4], TAGGED_NOTE, MD_NOTE]
HELD_BACK = "Held back for the room: this feedback stays out of the self-study edition."
PUBLIC = [
    "You pick up the phone. For a few seconds you hear breathing, then nothing.",
    "Put the stages of a crisis call in the order in which they usually begin.",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("book root")
    shutil.copy(ROOT / "_config.yml", root)
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: exercises/held-out module ő\n", encoding="utf-8"
    )
    (root / "book").mkdir()
    (root / "book" / "intro.md").write_text(
        f"# Introduction\n\nPublic text.\n\n```{{facilitator}}\n{MD_NOTE}\n```\n", encoding="utf-8"
    )
    (root / "exercises").mkdir()
    notebook = nbformat.read(CONTRACT_MODULE, as_version=4)
    note = nbformat.v4.new_markdown_cell(TAGGED_NOTE)
    note.metadata["tags"] = ["facilitator"]
    notebook.cells.insert(2, note)
    nbformat.write(notebook, root / "exercises" / "held-out module ő.ipynb")
    held_back = yaml.safe_load(sample_yaml("single"))
    held_back.update(id="held-back", self_study=False)
    held_back["options"][0]["feedback"] = HELD_BACK
    unlisted = module_notebook(exercise_cell(sample_yaml("ordering")),
                               exercise_cell(yaml.safe_dump(held_back, allow_unicode=True)),
                               title="Not in the table of contents")
    nbformat.write(unlisted, root / "exercises" / "unlisted.ipynb")
    for edition in ("participant", "facilitator", "self-study"):
        build_edition(root, edition, say=lambda message: None)
    return root / "_build"


def site_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".ipynb", ".txt", ".md"):
            parts.append(normalise(path.read_text(encoding="utf-8", errors="replace")))
    return "\n".join(parts)


def test_participant_edition_holds_no_secret(built):
    text = site_text(built / "participant" / "html")
    for secret in SECRETS:
        assert normalise(secret) not in text, secret
    for public in PUBLIC:
        assert normalise(public) in text, public


def test_participant_edition_shows_no_key_markers(built):
    page = (built / "participant" / "html" / "exercises" / "held-out module ő.html").read_text(encoding="utf-8")
    for marker in ("kit-correct", "kit-key", "kit-feedback", "correct: true", "weight:", "rubric:"):
        assert marker not in page


def test_facilitator_edition_shows_every_secret(built):
    text = site_text(built / "facilitator" / "html")
    for secret in SECRETS:
        assert normalise(secret) in text, secret


def test_facilitator_edition_marks_the_key(built):
    page = (built / "facilitator" / "html" / "exercises" / "held-out module ő.html").read_text(encoding="utf-8")
    assert page.count('class="kit-option kit-correct"') == 1 + 3 + 3  # silent-caller, risk-signals, safety-plan
    assert "weight 50 %" in page


def test_module_without_a_heading_gets_its_title(built):
    page = (built / "participant" / "html" / "exercises" / "held-out module ő.html").read_text(encoding="utf-8")
    assert "<h1>Crisis line basics" in page


def test_self_study_edition_holds_keys_but_no_facilitator_material(built):
    text = site_text(built / "self-study" / "html")
    for content in SELF_STUDY_CONTENT + PUBLIC:
        assert normalise(content) in text, content
    for secret in [*FACILITATOR_ONLY, HELD_BACK]:
        assert normalise(secret) not in text, secret
    assert normalise(HELD_BACK) in site_text(built / "facilitator" / "html")


def test_self_study_pages_load_the_player_and_name_the_book(built):
    page = (built / "self-study" / "html" / "exercises" / "held-out module ő.html").read_text(encoding="utf-8")
    assert page.count('data-kit-mode="self-study"') == 10  # every exercise of the contract module
    assert 'src="../_static/player.js' in page and "player.css" in page
    assert '<meta name="kit-book" content="' in page
    assert (built / "self-study" / "html" / "_static" / "player.js").is_file()
    held = (built / "self-study" / "html" / "exercises" / "unlisted.html").read_text(encoding="utf-8")
    assert held.count("data-kit-exercise=") == 1 and 'data-exercise="held-back"' in held  # read-only
    participant = (built / "participant" / "html" / "exercises" / "held-out module ő.html").read_text(encoding="utf-8")
    assert "player.js" not in participant and "data-kit-exercise" not in participant


def test_a_module_missing_from_the_toc_is_built_too(built):
    for edition in ("participant", "facilitator", "self-study"):
        page = built / edition / "html" / "exercises" / "unlisted.html"
        assert "Not in the table of contents" in page.read_text(encoding="utf-8")
