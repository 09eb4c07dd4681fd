"""Issue 16, authoring side: kit check, kit import, the personal-data scan, the build and the store.

Super-linear work is caught without a clock: by counting the comparisons made, or by recording how
much text each pattern is shown (tests/benchmarks/bench_hostile.py prints the timings).
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from pathlib import Path

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kit.anonymity as anonymity
from kit.models.base import MAX_SUGGESTIONS
from kit.models.choice import default_option_id
from tests.conftest import exercise_cell, module_notebook
from tests.fuzz import nested, run

SINGLE = "id: q-one\ntype: single-choice\ntitle: T\nprompt: P\n"
TWO_OPTIONS = "options:\n- text: a\n  correct: true\n- text: b\n"
# "billion laughs": nine aliases of nine aliases of … nine values, a few lines that expand to 9**9
LAUGHS = "case:\n- &l0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"- &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9))


def notebook_file(tmp_path: Path, *cells: dict) -> Path:
    load = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": "%load_ext kit"}
    path = tmp_path / "m.ipynb"
    # nbformat 4.4: cells without ids, as many notebooks in the wild still are
    path.write_text(json.dumps({"cells": [load, *cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}),
                    encoding="utf-8")
    return path


def code(source: object) -> dict:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}


# ---------------------------------------------------------------- kit check

@pytest.mark.parametrize("body, message", [
    ("? [a, b]\n: 1\n" + TWO_OPTIONS, "line 6 of the cell ('? [a, b]'): a key must be a plain name"),
    # a long line is quoted shortened, after its number
    ("points: " + "9" * 5000 + "\n" + TWO_OPTIONS, "line 6 of the cell ('points: 999"),
    ("points: " + "9" * 5000 + "\n" + TWO_OPTIONS, "…'): a number of more than 100 digits"),
    ("options: " + "[" * 2000 + "]" * 2000 + "\n", "…'): the lists and blocks nest deeper than 64"),
    ("points: .inf\n" + TWO_OPTIONS, "points: must be a finite number"),
    (LAUGHS + TWO_OPTIONS, "line 2 of the cell: the anchors and aliases (&name, *name) expand to more than 100,000"),
    ("case: &c [1, *c]\n" + TWO_OPTIONS, "line 2 of the cell: the anchors and aliases (&name, *name) expand"),
])
def test_check_reports_hostile_yaml_by_cell_and_line(tmp_path, body, message):
    path = notebook_file(tmp_path, code("%%exercise\n" + SINGLE + body))
    result = run("check", str(path))
    assert result.exit_code == 1, result.output
    assert f"{path}:2: q-one: " in result.stdout and message in result.stdout


@pytest.mark.parametrize("source", [123, None, ["%%exercise\n", 5]])
def test_check_reports_a_cell_whose_source_is_not_text(tmp_path, source):
    good = code("%%exercise\n" + SINGLE + TWO_OPTIONS)
    path = notebook_file(tmp_path, {"cell_type": "markdown", "metadata": {}, "source": source}, good)
    result = run("check", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert re.search(rf"{re.escape(str(path))}:[02]: -: ", result.stdout)


def test_more_than_702_options_get_ids_as_spreadsheet_columns(tmp_path):
    assert [default_option_id(i) for i in (0, 25, 26, 701, 702, 18277, 18278)] == \
        ["a", "z", "aa", "zz", "aaa", "zzz", "aaaa"]
    options = "options:\n- text: o0\n  correct: true\n" + "".join(f"- text: o{i}\n" for i in range(1, 750))
    path = notebook_file(tmp_path, code("%%exercise\n" + SINGLE + options))
    result = run("check", str(path))
    assert result.exit_code == 0, result.output


def test_did_you_mean_is_bounded_over_thousands_of_broken_gotos(tmp_path, monkeypatch):
    import difflib

    calls = []
    real = difflib.get_close_matches

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    nodes = "".join(f"- id: node-{i}\n  text: t\n  choices:\n  - text: c\n    goto: nod-{i}\n" for i in range(2000))
    body = "id: many-gotos\ntype: scenario\ntitle: T\nstart: node-0\nnodes:\n" + nodes
    path = notebook_file(tmp_path, code("%%exercise\n" + body))
    result = run("check", str(path))
    assert result.exit_code == 1
    assert result.stdout.count("is not a node") == 2000
    assert result.stdout.count("did you mean") == MAX_SUGGESTIONS
    assert len(calls) <= MAX_SUGGESTIONS + 5  # a few more from other checks, never one per goto


# ---------------------------------------------------------------- the personal-data scan

class Recording:
    """A pattern that records how much text each search was shown."""

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern, self.shown = pattern, []

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        end = len(text) if end is None else end
        self.shown.append(end - start)
        return self.pattern.finditer(text, start, end)


@pytest.mark.parametrize("text", ["Aa " * 16_000, "A-" * 24_000, "A." * 24_000, "ulice " * 8000, "1 " * 24_000])
def test_each_pattern_sees_bounded_windows_so_the_scan_is_linear(monkeypatch, text):
    recorded = {}
    for name in ("_EMAIL", "_BIRTH_NUMBER", "_NUMBER", "_STREET"):
        recorded[name] = Recording(getattr(anonymity, name))
        monkeypatch.setattr(anonymity, name, recorded[name])
    list(anonymity.find_personal_data(text))
    for name, pattern in recorded.items():
        assert max(pattern.shown) <= anonymity.WINDOW, name
        # windows overlap by OVERLAP: the text is shown at most WINDOW / (WINDOW - OVERLAP) times over
        assert sum(pattern.shown) <= len(text) * anonymity.WINDOW / (anonymity.WINDOW - anonymity.OVERLAP) \
            + anonymity.WINDOW, name


def test_the_street_pattern_has_no_unbounded_repetition():
    # unbounded repetitions ("*", "+", "{n,}") inside a repeated group are what made the scan quadratic
    assert not re.search(r"[*+]|\{\d+,\}", anonymity._STREET.pattern.replace(r"\+", "")), anonymity._STREET.pattern


street_text = st.lists(st.sampled_from(["Kossuth", "Lajos", "utca", "12", "Aa", "A-B", "ulice", "Husova", "3/4",
                                        "Baker", "Street", "7", "a@b.hu", "+36 30 123 4567", "\n", "x" * 50]),
                       max_size=600).map(" ".join)


@given(street_text)
def test_windowed_search_finds_what_a_whole_search_finds(text):
    for pattern in (anonymity._EMAIL, anonymity._NUMBER, anonymity._STREET, anonymity._BIRTH_NUMBER):
        assert [m.span() for m in anonymity.windowed(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_addresses_are_still_found_in_a_long_cell():
    text = "Aa " * 2000 + "at Kossuth Lajos utca 12. " + "A-" * 2000 + " 12 Baker Street"
    found = [finding.text for finding in anonymity.find_personal_data(text)]
    assert "Kossuth Lajos utca 12" in found and "12 Baker Street" in found


# ---------------------------------------------------------------- kit import

def import_file(tmp_path: Path, name: str, text: str):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    output = tmp_path / "out.ipynb"
    return run("import", str(source), "-o", str(output)), output


def test_gift_kit_comment_nested_too_deep_is_reported(tmp_path):
    result, output = import_file(tmp_path, "q.gift", "// kit: " + nested(5000) + "\n::T:: Q {=a ~b}\n")
    assert result.exit_code == 1 and "q.gift:1: the '// kit:' comment is not a JSON object (nests deeper" \
        in result.stderr
    assert "%%exercise" in output.read_text(encoding="utf-8")


def test_five_thousand_category_lines_are_read_in_one_pass(tmp_path):
    text = "".join(f"$CATEGORY: c{i}\n" for i in range(5000)) + "::T:: Q {=a ~b}\n"
    result, output = import_file(tmp_path, "q.gift", text)
    assert result.exit_code == 0, result.output
    cells = nbformat.read(output, as_version=4).cells
    assert sum(cell.cell_type == "markdown" for cell in cells) == 5000
    assert run("check", str(output)).exit_code == 0


def test_a_gift_question_with_710_options_imports_valid(tmp_path):
    options = " ".join(f"~o{i}" for i in range(709))
    result, output = import_file(tmp_path, "q.gift", "::T:: Q {=right " + options + "}\n")
    assert result.exit_code == 0, result.output
    assert run("check", str(output)).exit_code == 0


@pytest.mark.parametrize("passage, message", [
    (':: StoryData\n{"start": ' + nested(3000) + "}", "t.twee:4: StoryData cannot be read (nests deeper than 64"),
    (":: KitData\n" + nested(3000), "t.twee:4: KitData cannot be read (nests deeper than 64"),
    (":: Deep\n" + "(a: " * 3000 + ")" * 3000 + "[[End]]", "the macros of passage 'Deep' nest deeper than 64"),
    (":: Big\n(set: $e to it + " + "9" * 5000 + ")[[End]]", "changes a score by a number of more than 9 digits"),
])
def test_twee_hostile_passages_are_reported(tmp_path, passage, message):
    story = f":: StoryTitle\nS\n\n{passage}\n\n:: Start\nHi [[End]]\n\n:: End\nBye (set: $calm to it + 1)\n"
    result, output = import_file(tmp_path, "t.twee", story)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert message in result.stderr
    assert "%%exercise" in output.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the build: leaks and images

def test_leak_check_knows_facilitator_blocks_links_and_quotes(tmp_path):
    from kit.build.leaks import find_leaks, page_secrets

    page = tmp_path / "chapter.md"
    page.write_text('# Chapter\n\n:::{facilitator}\nAsk the group what the "safe word" of '
                    "[the protocol](https://example.org) would be -- and why.\n:::\n", encoding="utf-8")
    secrets = page_secrets([page])
    assert list(secrets.values()) == [f"{page}:3"]
    site = tmp_path / "site"
    site.mkdir()
    (site / "chapter.html").write_text("<p>Ask the group what the “safe word” of <a href='https://example.org'>"
                                       "the protocol</a> would be – and why.</p>", encoding="utf-8")
    assert len(find_leaks(site, secrets)) == 1
    (site / "chapter.html").write_text("<p>Public text only.</p>", encoding="utf-8")
    assert find_leaks(site, secrets) == []


def test_images_attached_to_a_facilitator_cell_are_written_beside_the_notebook(tmp_path):
    from kit.build.stage import prepare_notebook

    png = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()
    note = nbformat.v4.new_markdown_cell("Look: ![map](attachment:map.png)")
    note.metadata["tags"] = ["facilitator"]
    note["attachments"] = {"map.png": {"image/png": png}}
    notebook = module_notebook(note)
    prepare_notebook(notebook, "facilitator", tmp_path / "module.ipynb")
    cell = next(c for c in notebook.cells if "Look" in c.source)
    assert "attachments" not in cell and "attachment:" not in cell.source
    link = re.search(r"\]\((_attachments/[^)]+)\)", cell.source).group(1)
    assert (tmp_path / link).read_bytes() == b"\x89PNG\r\n\x1a\nfake"


def test_an_image_in_an_exercise_prompt_is_copied_beside_its_page(tmp_path):
    from kit.build.assets import copy_exercise_images
    from kit.catalog import load_catalog

    (tmp_path / "exercises" / "images").mkdir(parents=True)
    (tmp_path / "exercises" / "images" / "map.png").write_bytes(b"png")
    (tmp_path / "exercises" / "images" / "key.png").write_bytes(b"png")
    body = (SINGLE.replace("prompt: P", "prompt: 'Where? ![map](images/map.png)'")
            + "options:\n- text: a\n  correct: true\n  feedback: '![key](images/key.png)'\n- text: b\n")
    nbformat.write(module_notebook(exercise_cell(body)), tmp_path / "exercises" / "m.ipynb")
    catalog = load_catalog([tmp_path / "exercises"])
    site = tmp_path / "site"
    assert copy_exercise_images(tmp_path, catalog.modules, site, "participant") == []
    assert (site / "exercises" / "images" / "map.png").read_bytes() == b"png"
    assert not (site / "exercises" / "images" / "key.png").exists()  # shown only with the feedback
    copy_exercise_images(tmp_path, catalog.modules, site, "facilitator")
    assert (site / "exercises" / "images" / "key.png").exists()


# ---------------------------------------------------------------- the store

def make_store(tmp_path: Path) -> Path:
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps({"session": "s", "participant": "p", "exercise": "x", "answer": "a",
                                   "submitted_at": "2026-11-24T09:31:02Z"}), encoding="utf-8")
    store = tmp_path / "s.db"
    assert run("store", "import", str(answers), "--db", str(store)).exit_code == 0
    return store


def test_a_store_with_an_overwritten_header_is_not_a_store(tmp_path):
    store = make_store(tmp_path)
    nbformat.write(module_notebook(exercise_cell(SINGLE + TWO_OPTIONS)), tmp_path / "m.ipynb")
    data = bytearray(store.read_bytes())
    data[:100] = b"X" * 100
    store.write_bytes(bytes(data))
    for command in (["store", "export", "--db", str(store)],
                    ["store", "import", str(store), "--db", str(tmp_path / "n.db")],
                    ["score", str(store), "--book", str(tmp_path / "m.ipynb")]):
        result = run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert "this is not a store" in result.output or "cannot read the response store" in result.output
        assert "not valid JSON" not in result.output


def test_a_store_on_a_read_only_file_system_is_read_as_immutable(tmp_path, monkeypatch):
    import kit.store.sqlite as backend

    store = make_store(tmp_path)
    real = sqlite3.connect

    def read_only_media(target, *args, **kwargs):
        if "mode=ro" in str(target) and "immutable=1" not in str(target):
            # what SQLite says when it cannot make the WAL's -shm file beside the store
            raise sqlite3.OperationalError("unable to open database file")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(backend.sqlite3, "connect", read_only_media)
    monkeypatch.setattr(backend.os, "access", lambda path, mode: False)
    result = run("store", "export", "--db", str(store))
    assert result.exit_code == 0, result.output
    assert '"participant": "p"' in result.stdout


def test_the_json_of_kitdata_is_not_read_for_macros(tmp_path):
    kit = json.dumps({"id": "s", "prompt": "(A: left open"})
    story = f":: StoryTitle\nS\n\n:: KitData\n{kit}\n\n:: Start\nHi [[End]]\n\n:: End\nBye (set: $calm to it + 1)\n"
    result, _ = import_file(tmp_path, "t.twee", story)
    assert "cannot be read" not in result.stderr, result.stderr
