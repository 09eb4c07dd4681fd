"""kit import / kit export with Twee 3 (DESIGN §11): stories become scenarios and come back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from click.testing import CliRunner

from kit.check import check_paths
from kit.cli import main
from kit.interchange import export_notebooks, import_file
from kit.interchange.twee_export import exercise_twee
from kit.interchange.twee_import import import_twee
from kit.interchange.twee_parse import parse_link
from kit.models import parse_exercise
from kit.scoring.rules import score
from tests.exercises import sample, sample_data

DATA = Path(__file__).parent / "data" / "interchange"
HUNGARIAN = DATA / "krizishivas.twee"


def scenario_of(text: str, path: str = "s.twee") -> tuple[dict[str, Any] | None, list[Any], list[Any]]:
    cells, notes = import_twee(text, path)
    exercises = [yaml.safe_load(c.source.split("\n", 1)[1]) for c in cells if c.kind == "exercise"]
    return (exercises[0] if exercises else None), cells, notes


def story(*passages: str, title: str = "Test story") -> str:
    return f":: StoryTitle\n{title}\n\n" + "\n\n".join(passages) + "\n"


# --- the Hungarian story ---------------------------------------------------------------------

def test_hungarian_story_becomes_one_scenario(tmp_path: Path) -> None:
    result = import_file(HUNGARIAN, tmp_path / "krízishívás.ipynb", language="hu")
    cells = nbformat.read(result.output, as_version=4).cells
    assert [cell.source.split("\n")[0] for cell in cells] == ["%load_ext kit", "%%exercise"]
    data = yaml.safe_load(cells[1].source.split("\n", 1)[1])
    assert data["id"] == "ejszakai-krizishivas"
    assert data["title"] == "Éjszakai krízishívás"
    assert data["start"] == "Első csengés"
    names = [node["id"] for node in data["nodes"]]
    assert names == ["Első csengés", "Csend után", "Elakadt beszélgetés", "Leteszem a kagylót",
                     "Biztonsági kérdés", "Végighallgatás", "Biztonsági terv"]
    nodes = {node["id"]: node for node in data["nodes"]}
    first = nodes["Első csengés"]
    assert first["text"] == ("Éjjel fél kettő. Felveszed a telefont, a vonal túlsó végén csak szuszogás "
                             "hallatszik.")
    assert [(c["text"], c["goto"], c.get("score")) for c in first["choices"]] == [
        ("Bemutatkozom, és várok", "Csend után", {"empathy": 2, "safety": 1}),
        ("Kérdésekkel bombázom", "Elakadt beszélgetés", {"empathy": -1}),
        ("Leteszem a kagylót", "Leteszem a kagylót", {"empathy": -2}),
    ]
    after = nodes["Csend után"]
    assert after["text"] == "„Nem tudom, miért hívtam” – mondja egy fiatal nő halkan."
    assert [(c["text"], c["goto"]) for c in after["choices"]] == [
        ("Megkérdezem, biztonságban van-e most", "Biztonsági kérdés"),
        ("Elmondom, hogy van idő", "Végighallgatás"),
    ]
    assert nodes["Biztonsági terv"]["outcome"] == "Biztonsági terv"
    assert nodes["Leteszem a kagylót"]["outcome"] == "Leteszem a kagylót"
    # the script, the stylesheet and StoryInit are not nodes; StoryInit is reported (line 65)
    assert [str(note) for note in result.notes] == [
        f"{HUNGARIAN}:65: passage 'StoryInit' cannot be reached from the start 'Első csengés'; left out"
    ]
    assert check_paths([result.output]) == []
    exercise = parse_exercise(data)
    best = ["Első csengés-1", "Csend után-2", "Végighallgatás-1", "Biztonsági kérdés-1"]
    assert score(exercise, best).score == 1
    assert score(exercise, ["Első csengés-1", "Csend után-1", "Biztonsági kérdés-1"]).score == 0.9


def test_sugarcube_macros_score(tmp_path: Path) -> None:
    data, _, notes = scenario_of((DATA / "sugarcube.twee").read_text(encoding="utf-8"))
    assert data is not None
    start = data["nodes"][0]
    assert start["text"] == "Before the joint session you meet each party alone.\nThis is your first screening."
    assert [c.get("score") for c in start["choices"]] == [{"screening": 2}, {"screening": -2}]
    assert data["nodes"][1]["choices"][0]["score"] == {"screening": 1}
    assert [note.line for note in notes] == [9]


@pytest.mark.parametrize(("markup", "text", "target"), [
    ("[[Go on]]", "Go on", "Go on"),
    ("[[Say hello|Greeting]]", "Say hello", "Greeting"),
    ("[[Say hello->Greeting]]", "Say hello", "Greeting"),
    ("[[Greeting<-Say hello]]", "Say hello", "Greeting"),
    ("[[A -> B->C]]", "A -> B", "C"),
    ("[[C<-A <- B]]", "A <- B", "C"),
    ("[[Text|Target][$empathy += 1]]", "Text", "Target"),
])
def test_link_forms(markup: str, text: str, target: str) -> None:
    link = parse_link(markup, 3)
    assert (link.text, link.target, link.line) == (text, target, 3)


# --- start, reports, cycles ------------------------------------------------------------------

def test_start_is_storydata_else_start_else_first() -> None:
    passages = (":: First\n(set: $x to it + 1)[[Start]]", ":: Start\n(set: $x to it + 1)[[End]]",
                ":: End\n(set: $x to it + 1)Done.")
    data, _, notes = scenario_of(story(*passages))
    assert data["start"] == "Start"
    assert "First" not in [node["id"] for node in data["nodes"]]
    assert notes[0].message.startswith("passage 'First' cannot be reached")
    data, _, _ = scenario_of(story(":: A\n[[B]]", ":: B\n(set: $x to it + 1)Done."))
    assert data["start"] == "A"
    broken = story(":: StoryData\n{\"start\": \"B\",", ":: A\n[[B]]", ":: B\n(set: $x to it + 1)Done.")
    data, _, notes = scenario_of(broken)
    assert data["start"] == "A"
    assert notes[0].line == 4 and "StoryData cannot be read" in notes[0].message


def test_missing_link_target_is_reported_and_left_out() -> None:
    text = story(":: A\nHello.\n[[Fine->B]]\n[[Lost->Nowhere]]", ":: B\n(set: $calm to it + 1)Done.")
    data, _, notes = scenario_of(text, "t.twee")
    assert [c["goto"] for c in data["nodes"][0]["choices"]] == ["B"]
    assert [str(note) for note in notes] == [
        "t.twee:7: the link 'Lost' in passage 'A' leads to 'Nowhere', which is not a passage; left out"
    ]


def test_cycle_is_reported_and_kept_verbatim() -> None:
    text = story(":: A\n[[B]]", ":: B\n(set: $x to it + 1)[[A]]\n[[C]]", ":: C\nEnd.")
    data, cells, notes = scenario_of(text, "c.twee")
    assert data is None
    assert [cell.kind for cell in cells] == ["raw"]
    assert cells[0].source == text.rstrip("\n")
    assert notes[0].line == 4 and "A → B → A" in notes[0].message


def test_story_without_score_macros_imports_with_zero_and_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "plain.twee"
    source.write_text(story(":: Start\nHi.\n[[Left]]\n[[Right]]", ":: Left\nL.", ":: Right\nR."), encoding="utf-8")
    result = import_file(source, tmp_path / "plain.ipynb")
    assert len(result.notes) == 1
    assert result.notes[0].line == 1 and "every choice scores 0" in result.notes[0].message
    cell = nbformat.read(result.output, as_version=4).cells[1]
    data = yaml.safe_load(cell.source.split("\n", 1)[1])
    assert all(not choice.get("score") for choice in data["nodes"][0]["choices"])
    # the notebook holds the whole graph; kit check names what is missing
    problems = check_paths([result.output])
    assert len(problems) == 1 and "best path scores 0" in problems[0].message


def test_kit_data_wins_over_macros() -> None:
    kit = '{"id": "chosen-id", "points": 4, "nodes": {"A": {"choices": [{"score": {"empathy": 5}}]}}}'
    data, _, notes = scenario_of(story(":: A\n[[B]]", ":: B\n(set: $empathy to it + 1)Done.",
                                       f":: KitData\n{kit}"))
    assert not notes
    assert data["id"] == "chosen-id" and data["points"] == 4
    assert data["nodes"][0]["choices"][0]["score"] == {"empathy": 5}


# --- export and the way back -----------------------------------------------------------------

def test_export_then_import_gives_an_equal_scenario() -> None:
    exercise = sample("scenario")
    text = exercise_twee(exercise)
    assert ":: KitData" in text and ":: StoryData" in text
    data, _, notes = scenario_of(text)
    assert not notes
    assert parse_exercise(data) == exercise


def test_export_writes_a_file_for_one_story_and_a_folder_for_several(tmp_path: Path, write_notebook: Any) -> None:
    scenario = yaml.safe_dump(sample_data()["scenario"], allow_unicode=True, sort_keys=False)
    other = dict(sample_data()["scenario"], id="second-story")
    second = yaml.safe_dump(other, allow_unicode=True, sort_keys=False)
    single = yaml.safe_dump(sample_data()["single"], allow_unicode=True, sort_keys=False)
    one = write_notebook("one.ipynb", nbformat.v4.new_code_cell("%%exercise\n" + scenario),
                         nbformat.v4.new_code_cell("%%exercise\n" + single))
    result = export_notebooks([str(one)], "twee", tmp_path / "story.twee")
    assert result.written == [tmp_path / "story.twee"]
    assert [str(p) for p in result.problems] == [
        f"{one}:3: first-words: not exported: single-choice exercises cannot be written to Twee (a Twine story "
        "holds a branching scenario)"
    ]
    two = write_notebook("two.ipynb", nbformat.v4.new_code_cell("%%exercise\n" + second))
    result = export_notebooks([str(one), str(two)], "twee", tmp_path / "stories")
    assert sorted(p.name for p in result.written) == [f"{sample('scenario').id}.twee", "second-story.twee"]
    back = import_file(tmp_path / "stories" / "second-story.twee", tmp_path / "back.ipynb")
    assert back.notes == []
    cell = nbformat.read(back.output, as_version=4).cells[1]
    assert parse_exercise(yaml.safe_load(cell.source.split("\n", 1)[1])) == parse_exercise(other)


def test_hungarian_story_round_trip_through_export(tmp_path: Path) -> None:
    first = import_file(HUNGARIAN, tmp_path / "a.ipynb", language="hu")
    export_notebooks([str(first.output)], "twee", tmp_path / "a.twee")
    second = import_file(tmp_path / "a.twee", tmp_path / "b.ipynb", language="hu")
    assert second.notes == []
    cells_a = nbformat.read(first.output, as_version=4).cells
    cells_b = nbformat.read(second.output, as_version=4).cells
    assert cells_a[1].source == cells_b[1].source


def test_cycle_raw_cell_is_written_back(tmp_path: Path) -> None:
    source = tmp_path / "loop.twee"
    text = story(":: A\n[[B]]", ":: B\n(set: $x to it + 1)[[A]]", title="Loop story")
    source.write_text(text, encoding="utf-8")
    result = import_file(source, tmp_path / "loop.ipynb")
    assert len(result.notes) == 1
    runner = CliRunner()
    done = runner.invoke(main, ["export", str(result.output), "--to", "twee", "-o", str(tmp_path / "out.twee")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "out.twee").read_text(encoding="utf-8") == text


def test_cli_import_twee_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = tmp_path / "clean.twee"
    clean.write_text(story(":: Start\n[[Go->End]]", ":: End\n(set: $calm to it + 1)Done."), encoding="utf-8")
    done = runner.invoke(main, ["import", str(clean), "-o", str(tmp_path / "clean.ipynb")])
    assert done.exit_code == 0, done.output
    assert check_paths([tmp_path / "clean.ipynb"]) == []
    reported = runner.invoke(main, ["import", str(HUNGARIAN), "-o", str(tmp_path / "hu.ipynb")])
    assert reported.exit_code == 1 and f"{HUNGARIAN}:65:" in reported.output


@pytest.mark.parametrize("text", ["][", "[[x]]", "a|b", "left->right", "back<-there", "]"])
def test_choice_texts_that_look_like_link_syntax_come_back_as_written(text):
    """Hypothesis found "][" in a choice text breaking its link; KitData now carries such texts."""
    exercise = parse_exercise({
        "id": "link-text", "type": "scenario", "title": "Links", "start": "a",
        "nodes": [{"id": "a", "text": "Start", "choices": [{"text": text, "goto": "b", "score": {"care": 1}},
                                                           {"text": "plain", "goto": "b", "score": {}}]},
                  {"id": "b", "text": "End", "outcome": "done"}],
    })
    cells, notes = import_twee(exercise_twee(exercise), "x.twee")
    assert notes == []
    [cell] = [cell for cell in cells if cell.kind == "exercise"]
    assert parse_exercise(yaml.safe_load(cell.source.split("\n", 1)[1])) == exercise
