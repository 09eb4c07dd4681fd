"""Fuzz every reader of user files through the command line (issue 16): no traceback, ever.

Each test generates files mixing good records with hostile ones (any bytes, invalid UTF-8, lone
surrogates, nesting far past 64 levels, 5,000-digit numbers, formula-like texts, broken structure),
runs the reader in-process through ``kit``'s click command, and checks ``tests.fuzz.assert_handled``
plus that the good records survived. Bounded by example counts (derandomized, so every run tries the
same inputs), not by the clock. Figures of one run on a 2-core machine, all handled:

- JSON Lines (``kit score``): 150 files, 2,400 lines, 1,500 of them hostile; ~20 s
- notebook / YAML (``kit check``): 120 notebooks with 360 hostile cells; ~20 s
- GIFT (``kit import``): 120 files, 480 hostile blocks; ~15 s
- Twee (``kit import``): 100 stories, 400 hostile passages; ~15 s
- CSV rosters (``kit guide --roster``) and grades (``kit score --grades``): 100 files each, 1,600 rows
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import nbformat
from hypothesis import example, given
from hypothesis import strategies as st

from kit.csvcells import unguard
from tests.conftest import exercise_cell, module_notebook
from tests.fuzz import FUZZ, assert_handled, hostile_text, json_value, nested, run

CHOICE = """
id: fz-choice
type: single-choice
title: Fuzz choice
prompt: Which one?
options:
  - text: First
    correct: true
  - text: Second
"""
ESSAY = """
id: fz-essay
type: free-text
title: Fuzz essay
prompt: Write.
rubric:
  - id: overall
    criterion: Says it
    points: 2
"""
STAMP = "2026-11-24T09:31:02+01:00"


def _book(folder: Path) -> Path:
    path = folder / "book.ipynb"
    nbformat.write(module_notebook(exercise_cell(CHOICE), exercise_cell(ESSAY)), path)
    return path


def _scores(text: str) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = csv.DictReader(io.StringIO(text))
    return {(unguard(r["session"]), unguard(r["participant"]), unguard(r["exercise"])): r for r in rows}


# ---------------------------------------------------------------- JSON Lines (kit score)

def _record(**changes: object) -> dict:
    return {"session": "fz", "participant": "p", "exercise": "fz-choice", "answer": "a",
            "submitted_at": STAMP, **changes}


def _line(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


hostile_line = st.one_of(
    # any bytes, without line breaks (they would only make more lines) or a flood of NULs
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" ").replace(b"\x00", b"0")),
    json_value.map(_line),
    st.builds(lambda p, s, a: _line(_record(participant=p, session=s, answer=a)),
              hostile_text, hostile_text, json_value),
    st.integers(60, 3000).map(lambda depth: _line(_record(participant="deep")).replace(
        b'"answer": "a"', b'"answer": ' + nested(depth).encode())),
    st.sampled_from([
        b'{"session": "fz", "participant": "\\ud800", "exercise": "fz-choice", "answer": "a", "submitted_at": "'
        + STAMP.encode() + b'"}',
        b'{"session": "fz", "participant": "p\xff\xfe", "exercise": "fz-choice", "answer": "a"}',
        b'{"session": "fz", "participant": "\xed\xa0\x80", "exercise": "fz-choice", "answer": "a"}',
        b'{"session": "fz", "participant": "x", "exercise": "fz-choice", "answer": "a", "submitted_at": "2026"}',
        b'{"session": "fz", "participant": "x", "exercise": "nope", "answer": ' + b"9" * 5000 + b', "submitted_at": "'
        + STAMP.encode() + b'"}',
        b"\x00\x00", b"\xef\xbb\xbf{}", b"[]", b"null", b'"\\udfff"',
    ]),
)


@FUZZ
@given(lines=st.lists(st.tuples(st.booleans(), hostile_line), min_size=1, max_size=16))
@example(lines=[(False, b'{"answer": ' + nested(100_000).encode() + b"}")])
def test_jsonl_reader_keeps_the_good_lines_among_hostile_ones(lines):
    with tempfile.TemporaryDirectory() as folder:
        book = _book(Path(folder))
        data, good = [], []
        for number, (is_good, raw) in enumerate(lines):
            if is_good:
                participant = f"good-{number}"
                good.append(("fz", participant, "fz-choice"))
                data.append(_line(_record(participant=participant)))
            else:
                data.append(raw)
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(b"\n".join(data) + b"\n")
        result = run("score", str(path), "--book", str(book))
        assert_handled(result, str(path), allowed=(0, 1))
        rows = _scores(result.stdout)
        for key in good:
            assert rows[key]["status"] == "scored", key
        for number in range(1, len(data) + 1):
            if ("fz", f"good-{number - 1}", "fz-choice") in good:
                assert f"{path}:{number}:" not in result.stderr


# ---------------------------------------------------------------- notebooks and YAML (kit check)

yaml_fragment = st.one_of(
    st.text(max_size=80),
    st.sampled_from([
        "? [a, b]\n: 1\n", "points: " + "9" * 5000 + "\n", "options: " + "[" * 3000 + "]" * 3000 + "\n",
        "points: .inf\n", "points: 1e400\n", "a: &a [1, 2]\nb: [*a, *a, *a]\n", "!!python/object:os.system {}\n",
        "id: x\nid: y\n", "- - - - -\n", "{" * 200, "options:\n" + "".join(f"- text: o{i}\n" for i in range(750)),
        "id: fz-hostile\ntype: scenario\ntitle: T\nstart: s\nnodes:\n"
        + "".join(f"- id: n{i}\n  text: t\n  choices:\n  - text: c\n    goto: m{i}\n" for i in range(300)),
    ]),
)
hostile_cell = st.one_of(
    yaml_fragment.map(lambda text: {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                    "source": "%%exercise\n" + text}),
    yaml_fragment.map(lambda text: {"cell_type": "markdown", "metadata": {}, "source": text}),
    json_value.map(lambda value: {"cell_type": "markdown", "metadata": {}, "source": value}),
    json_value.map(lambda value: {"cell_type": "code", "metadata": {}, "source": value}),
    json_value,
)


@FUZZ
@given(cells=st.lists(hostile_cell, max_size=4), kit_meta=json_value)
@example(cells=[{"cell_type": "markdown", "metadata": {}, "source": "Aa " * 20_000}], kit_meta={})
def test_notebook_reader_reports_by_cell_and_keeps_the_good_exercise(cells, kit_meta):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.ipynb"
        good = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                "source": "%%exercise\n" + CHOICE}
        load = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                "source": "%load_ext kit"}
        notebook = {"cells": [load, good, *cells], "metadata": {"kit": kit_meta}, "nbformat": 4,
                    "nbformat_minor": 4}
        path.write_text(json.dumps(notebook), encoding="utf-8")  # a lone surrogate as its \\ud800 escape
        result = run("check", str(path))
        assert_handled(result, str(path), allowed=(0, 1))
        for line in result.stdout.splitlines():
            assert line.startswith(f"{path}:"), line[:200]
        assert f"{path}:2: " not in result.stdout  # the good exercise is still read, and valid
        assert f"{path}:0: -: cannot read" not in result.stdout


# ---------------------------------------------------------------- GIFT (kit import)

GOOD_GIFT = "::Good question:: Which one is right? {=Right ~Wrong}"
gift_block = st.one_of(
    st.text(max_size=80).map(lambda text: text.replace("\r", "")),
    st.sampled_from([
        "// kit: " + nested(5000), "// kit: {\"id\": " + nested(80) + "}", "// kit: \"\\ud800\"",
        "$CATEGORY: " + "x" * 50, "\n".join(f"$CATEGORY: c{i}" for i in range(5000)),
        "::T:: Q {=right " + " ".join(f"~o{i}" for i in range(710)) + "}",
        "::T:: Q {", "::T:: Q }", "{=a ~b", "::::::", "::T:: Q {#1:2}", "::T:: Q {T#a#b#c}",
        "::T::[markdown] " + "\\" * 300 + "{=a ~b}", "::T:: " + "Aa " * 2000 + "{=a ~%-500%b}",
    ]),
)


@FUZZ
@given(blocks=st.lists(gift_block, max_size=4), position=st.integers(0, 4))
def test_gift_import_keeps_the_good_question(blocks, position):
    with tempfile.TemporaryDirectory() as folder:
        blocks.insert(min(position, len(blocks)), GOOD_GIFT)
        source = Path(folder) / "fuzz.gift"
        source.write_text("\n\n".join(blocks) + "\n", encoding="utf-8", errors="surrogatepass")
        output = Path(folder) / "out.ipynb"
        result = run("import", str(source), "-o", str(output))
        assert_handled(result, str(source), allowed=(0, 1))
        if result.exit_code == 0 or "Good question" in output.read_text(encoding="utf-8"):
            assert "Good question" in output.read_text(encoding="utf-8")
        if result.exit_code == 0:
            assert_handled(run("check", str(output)), str(output), allowed=(0,))


# ---------------------------------------------------------------- Twee (kit import)

passage_text = st.one_of(
    st.text(max_size=60).map(lambda text: text.replace("\n::", "\n:")),
    st.sampled_from([
        "(set: $empathy to it + 2)[[End]]", "(set: $a to it + " + "9" * 5000 + ")",
        "(if: true)[" * 200 + "x" + "]" * 200, "(a: " * 3000 + ")" * 3000, "<<set $calm -= 1>>",
        "[[Broken", "[[x|nowhere]]", "[[End<-Back]]", "\\ud800", "[[" * 100,
    ]),
)
special_passage = st.sampled_from([
    ":: StoryData\n" + nested(3000), ":: KitData\n" + nested(3000), ":: KitData\n{\"nodes\": 5}",
    ":: StoryData\n{\"start\": 5}", ":: KitData\n[1, 2]", ":: StoryData\nnot json",
])


@FUZZ
@given(texts=st.lists(passage_text, max_size=4), specials=st.lists(special_passage, max_size=2))
def test_twee_import_keeps_the_readable_story(texts, specials):
    with tempfile.TemporaryDirectory() as folder:
        passages = [":: StoryTitle\nFuzz story", *specials, ":: Start\nYou answer. [[Listen->End]]",
                    ":: End\nThe call ends well. (set: $empathy to it + 2)"]
        passages += [f":: Extra {number}\n{text}" for number, text in enumerate(texts)]
        source = Path(folder) / "fuzz.twee"
        source.write_text("\n\n".join(passages) + "\n", encoding="utf-8", errors="surrogatepass")
        output = Path(folder) / "out.ipynb"
        result = run("import", str(source), "-o", str(output))
        assert_handled(result, str(source), allowed=(0, 1))
        assert "The call ends well" in output.read_text(encoding="utf-8")


# ---------------------------------------------------------------- CSV rosters and grades

csv_cell = st.one_of(hostile_text, st.sampled_from(['"open', 'a"b', "x" * 140_000, "a,b", "a;b", "\x00"]))
csv_row = st.lists(csv_cell, max_size=6)


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@FUZZ
@given(before=st.lists(csv_row, max_size=4), after=st.lists(csv_row, max_size=4), raw=st.text(max_size=60))
def test_roster_reader_keeps_the_good_rows(before, after, raw):
    with tempfile.TemporaryDirectory() as folder:
        book = _book(Path(folder))
        roster = Path(folder) / "roster.csv"
        # a quote left open would rightly swallow the rows after it: the raw line has none
        line = raw.replace("\r", "").replace("\n", " ").replace('"', "")
        text = "participant,name\n" + _csv_text(before) + line + "\n"
        text += "good-person,Good Person\n" + _csv_text(after)
        roster.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = run("guide", str(book), "--roster", str(roster))
        assert_handled(result, str(roster), allowed=(0, 1))
        assert "Good Person" in result.stdout or "good-person" in result.stderr


@FUZZ
@given(before=st.lists(csv_row, max_size=4), after=st.lists(csv_row, max_size=4))
def test_grades_reader_keeps_the_good_rows(before, after):
    with tempfile.TemporaryDirectory() as folder:
        book = _book(Path(folder))
        answers = Path(folder) / "answers.jsonl"
        answers.write_text(json.dumps(_record(participant="good", exercise="fz-essay", answer="text")) + "\n",
                           encoding="utf-8")
        grades = Path(folder) / "grades.csv"
        text = "session,participant,exercise,criterion,points\n" + _csv_text(before)
        text += "fz,good,fz-essay,overall,1.5\n" + _csv_text(after)
        grades.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = run("score", str(answers), "--book", str(book), "--grades", str(grades))
        assert_handled(result, str(grades), allowed=(0, 1, 2))
        if result.exit_code != 2:
            row = _scores(result.stdout)[("fz", "good", "fz-essay")]
            assert row["status"] == "scored", row

