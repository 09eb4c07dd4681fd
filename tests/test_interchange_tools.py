"""What kit export writes is read correctly by the formats' own tools: gift-pegjs and extwee (node).

`make test` installs them with `npm ci --prefix tests/node`; tests/node/read.mjs prints what they read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from kit.interchange import export_notebooks, import_file
from kit.interchange.gift_import import import_gift
from kit.interchange.gift_parse import Question, read_gift
from tests.exercises import sample_data

NODE_DIR = Path(__file__).parent / "node"
DATA = Path(__file__).parent / "data" / "interchange"
EXAMPLES = DATA / "moodle-examples.gift"
# gift-pegjs's question types → what kit makes of them
KIT_KIND = {"MC": {"single-choice", "multiple-choice", "raw"}, "TF": {"single-choice"}, "Matching": {"matching"},
            "Essay": {"free-text"}, "Short": {"raw"}, "Numerical": {"raw"}, "Description": {"raw"}}


@pytest.fixture(scope="module")
def read_with_tool() -> Any:
    node = shutil.which("node")
    assert node, "node is needed to run the formats' own tools (Debian: apt-get install nodejs)"
    assert (NODE_DIR / "node_modules" / "extwee").is_dir(), "run: npm ci --prefix tests/node (make test does)"

    def read(kind: str, path: Path) -> Any:
        done = subprocess.run([node, str(NODE_DIR / "read.mjs"), kind, str(path)], capture_output=True,
                              text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return read


def test_moodle_examples_are_read_alike_by_gift_pegjs_and_kit(read_with_tool: Any) -> None:
    theirs = read_with_tool("gift", EXAMPLES)
    text = EXAMPLES.read_text(encoding="utf-8")
    ours = [block for block in read_gift(text) if isinstance(block, Question)]
    cells, _ = import_gift(text, str(EXAMPLES))
    kinds = [yaml.safe_load(c.source.split("\n", 1)[1])["type"] if c.kind == "exercise" else "raw" for c in cells]
    assert len(theirs) == len(ours) == len(kinds) == 43
    for question, kind in zip(theirs, kinds, strict=True):
        assert kind in KIT_KIND[question["type"]], (question, kind)


def test_exported_gift_is_read_by_gift_pegjs(tmp_path: Path, write_notebook: Any, read_with_tool: Any) -> None:
    imported = import_file(EXAMPLES, tmp_path / "examples.ipynb", language="hu").output
    samples = [nbformat.v4.new_code_cell("%%exercise\n" + yaml.safe_dump(sample_data()[name], allow_unicode=True))
               for name in ("single", "multiple", "weighted", "matching", "free")]
    own = write_notebook("own.ipynb", *samples, language="cs")
    result = export_notebooks([str(imported), str(own)], "gift", tmp_path / "all.gift")
    assert result.problems == []
    questions = read_with_tool("gift", tmp_path / "all.gift")
    assert len(questions) == 43 + 5
    by_title: dict[str, Any] = {}
    for question in questions:
        by_title.setdefault(question["title"], question)
    single = by_title["The first sentence"]
    assert single["type"] == "MC" and single["stem"] == {"format": "markdown", "text": "What do you say first?"}
    assert [c["isCorrect"] for c in single["choices"]] == [False, True, False]
    assert [c["weight"] for c in single["choices"]] == [None, None, 50]
    assert single["choices"][0]["feedback"]["text"] == "Too early."
    weighted = by_title["Plan parts"]
    assert [c["weight"] for c in weighted["choices"]] == [30, 30, 40, -50, None]
    multiple = by_title["Risk words"]
    assert sum(c["weight"] for c in multiple["choices"] if c["weight"] > 0) == pytest.approx(100, abs=0.01)
    matching = by_title["Support forms"]
    assert [pair["subanswer"] for pair in matching["matchPairs"]] == [
        "Supervision", "Case discussion", "Case conference", "Coaching"]
    assert by_title["Handover"]["type"] == "Essay"
    truefalse = by_title["Grant is buried in Grant's tomb."]
    assert truefalse["type"] == "TF" and truefalse["isTrue"] is False
    control = by_title["GIFT Control Characters"]
    assert [c["text"]["text"] for c in control["choices"]] == ["~", "=", "#", "{", "}", "\\"]
    hometown = by_title["Jesus' hometown"]
    assert hometown["hasEmbeddedAnswers"] is True


def test_exported_twee_is_read_by_extwee(tmp_path: Path, write_notebook: Any, read_with_tool: Any) -> None:
    hungarian = import_file(DATA / "krizishivas.twee", tmp_path / "hu.ipynb", language="hu").output
    result = export_notebooks([str(hungarian)], "twee", tmp_path / "hu.twee")
    assert result.problems == []
    story = read_with_tool("twee", tmp_path / "hu.twee")
    assert story["name"] == "Éjszakai krízishívás"
    assert story["start"] == "Első csengés"
    assert story["format"] == "Harlowe"
    passages = {passage["name"]: passage for passage in story["passages"]}
    assert set(passages) >= {"Első csengés", "Csend után", "Biztonsági terv", "KitData"}
    assert "[[Bemutatkozom, és várok->Csend után]]" in passages["Első csengés"]["text"]
    assert "(set: $safety to it + 3)" in passages["Biztonsági terv"]["text"]
    assert json.loads(passages["KitData"]["text"])["id"] == "ejszakai-krizishivas"

    scenario = nbformat.v4.new_code_cell("%%exercise\n" + yaml.safe_dump(sample_data()["scenario"]))
    own = write_notebook("own.ipynb", scenario)
    export_notebooks([str(own)], "twee", tmp_path / "night.twee")
    night = read_with_tool("twee", tmp_path / "night.twee")
    assert night["name"] == "Night call" and night["start"] == "open"
    names = [passage["name"] for passage in night["passages"]]
    assert names[:4] == ["open", "listen", "end-safe", "end-lost"]
