"""``kit workbook``: the paper workbook holds no secret, keeps exercises whole, numbers gamebooks stably."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.build.leaks import catalog_secrets, normalise
from kit.catalog import load_catalog
from kit.cli import main
from kit.models import Scenario
from kit.workbook.gamebook import gamebook
from kit.workbook.paper import paper, ruled_lines
from tests.conftest import ROOT, exercise_cell
from tests.exercises import sample_yaml

# an English module first: the cover is in the first notebook's language
NOTEBOOKS = sorted((ROOT / "exercises").glob("*.ipynb"), key=lambda path: (path.name != "first-slice.ipynb", path.name))


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (poppler's pdftotext, installed by make system-deps)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: run make system-deps")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


@pytest.fixture(scope="module")
def workbook_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("workbook") / "Munkafüzet – ősz.pdf"
    result = CliRunner().invoke(main, ["workbook", *map(str, NOTEBOOKS), "-o", str(output)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return output


def all_paths(exercise: Scenario) -> list[list[str]]:
    """Every complete path of a scenario, as choice ids."""
    paths: list[list[str]] = []
    stack: list[tuple[str, list[str]]] = [(exercise.start, [])]
    while stack:
        node_id, path = stack.pop()
        node = exercise.node_by_id[node_id]
        if node.is_ending:
            paths.append(path)
        for choice in node.choices or []:
            stack.append((choice.goto, [*path, str(choice.id)]))
    return paths


def scenarios() -> list[Scenario]:
    found = [e for e in load_catalog([str(p) for p in NOTEBOOKS]).exercises.values() if isinstance(e, Scenario)]
    assert len(found) >= 3
    return found


def test_no_secret_of_any_exercise_reaches_the_paper(workbook_pdf):
    catalog = load_catalog([str(path) for path in NOTEBOOKS])
    secrets = catalog_secrets(catalog)
    text = normalise(" ".join(pdf_pages(workbook_pdf)))
    # the search can see what is printed: every option text of the day is found the same way
    printed = [normalise(option.text) for exercise in catalog.exercises.values()
               for option in getattr(exercise, "options", []) if len(option.text) > 30]
    assert printed and all(option in text for option in printed)
    assert len(secrets) > 50
    leaks = [f"{origin}: {secret}" for secret, origin in secrets.items() if secret in text]
    assert leaks == []


def test_an_exercise_stays_on_one_page_with_its_options(workbook_pdf):
    """The id printed in an exercise's heading and its last option, item, pair or statement share a page."""
    pages = [normalise(page) for page in pdf_pages(workbook_pdf)]
    catalog = load_catalog([str(path) for path in NOTEBOOKS])
    checked = 0
    for exercise in catalog.exercises.values():
        sheet = paper(exercise, catalog.language[exercise.id])
        boxes = getattr(sheet, "options", None) or getattr(sheet, "items", None) or getattr(sheet, "lefts", None) \
            or getattr(sheet, "statements", None)
        if not boxes:
            continue
        where_id = [n for n, page in enumerate(pages) if exercise.id in page]
        assert len(where_id) == 1, exercise.id
        assert normalise(boxes[-1].text)[:20] in pages[where_id[0]], exercise.id
        checked += 1
    assert checked > 25


def test_the_cover_and_labels_follow_the_languages(workbook_pdf):
    pages = pdf_pages(workbook_pdf)
    assert "Your pseudonym" in pages[0] and "Session" in pages[0]
    text = "\n".join(pages)
    assert "Értékelje az állításokat" in text  # Hungarian Likert page
    assert "pokračujte oddílem" in text  # Czech gamebook
    assert "tovább a(z)" in text  # the Hungarian modules' gamebooks, in Hungarian


def test_section_numbers_are_shuffled_and_the_best_path_is_not_in_page_order():
    for exercise in scenarios():
        book = gamebook(exercise)
        assert book.section(1).node_id == exercise.start
        written = [node.id for node in exercise.nodes]
        printed = [section.node_id for section in book.sections if not section.bridge]
        assert printed != written, exercise.id
        best = book.sections_of([str(choice.id) for choice in exercise.best_path()])
        assert not all(b > a for a, b in pairwise(best)), (exercise.id, best)


def test_section_numbers_are_the_same_in_every_process():
    """No dependence on Python's string hashing: two interpreters with other hash seeds agree."""
    script = ("import json,sys; from kit.catalog import load_catalog; from kit.workbook.gamebook import gamebook;"
              "c=load_catalog(sys.argv[1:]);"
              "print(json.dumps({i:[s.node_id for s in gamebook(e).sections] for i,e in c.exercises.items()"
              " if e.type=='scenario'}, sort_keys=True))")
    outputs = set()
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", script, *map(str, NOTEBOOKS)], capture_output=True, text=True,
                             check=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin"}, cwd=ROOT)
        outputs.add(run.stdout)
    assert len(outputs) == 1
    here = {e.id: [s.node_id for s in gamebook(e).sections] for e in scenarios()}
    assert json.loads(outputs.pop()) == here


def test_every_path_goes_to_section_numbers_and_back():
    for exercise in scenarios():
        book = gamebook(exercise)
        for path in all_paths(exercise):
            numbers = book.sections_of(path)
            assert len(set(numbers)) == len(numbers)
            assert book.choices_of(numbers) == path
            assert book.choices_of(numbers[1:]) == path  # section 1 may be left out
            assert len(numbers) <= book.longest


def test_two_choices_to_one_node_get_a_section_each():
    exercise = next(e for e in scenarios() if e.id == "clp-night-chat")  # 'disclosure' has two ways to 'closed'
    book = gamebook(exercise)
    bridges = [section for section in book.sections if section.bridge]
    assert bridges and all(len(section.jumps) == 1 for section in bridges)
    with pytest.raises(ValueError, match="cannot follow section 1"):
        book.choices_of([1, _not_after_one(book)])


def _not_after_one(book) -> int:
    reachable = {jump.section for jump in book.section(1).jumps}
    return next(n for n in range(2, len(book.sections) + 1) if n not in reachable)


def test_ruled_lines_grow_with_min_words():
    assert ruled_lines(None) == 8
    assert ruled_lines(10) == 3
    assert ruled_lines(120) < ruled_lines(300) <= 30


def test_exit_codes(tmp_path, write_notebook):
    good = write_notebook("Případ ř.ipynb", exercise_cell(sample_yaml("single")), language="cs")
    broken = write_notebook("broken.ipynb", exercise_cell("id: broken-one\ntype: single-choice\n"))
    runner = CliRunner()
    assert runner.invoke(main, ["workbook", str(good), "-o", str(tmp_path / "w.html")]).exit_code == 2
    missing = tmp_path / "missing.ipynb"
    assert runner.invoke(main, ["workbook", str(missing), "-o", str(tmp_path / "w.pdf")]).exit_code == 2
    assert not (tmp_path / "w.pdf").exists()
    result = runner.invoke(main, ["workbook", str(good), str(broken), "-o", str(tmp_path / "w.pdf")])
    assert result.exit_code == 1
    assert re.search(r"broken\.ipynb:2: broken-one: ", result.output)
    assert (tmp_path / "w.pdf").read_bytes().startswith(b"%PDF")
    text = "\n".join(pdf_pages(tmp_path / "w.pdf"))
    assert "Pracovní sešit" in text.replace("\n", " ") or "PRACOVNÍ SEŠIT" in text
