"""``kit guide`` end to end: notebooks, roster and results in; Markdown, HTML and PDF out."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from kit.cli import main
from tests.conftest import exercise_cell
from tests.exercises import sample_yaml

EXAMPLES = Path("/work/shared/contract/examples")
if not EXAMPLES.is_dir():  # the shared folder sits next to the repository
    EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "contract" / "examples"
EVIL = "<script>alert(1)</script>"


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["guide", *map(str, args)], catch_exceptions=False)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The contract's English module, under a name with spaces and accents."""
    path = tmp_path / "Krízisvonal – alapok ő.ipynb"
    shutil.copy(EXAMPLES / "Crisis line basics.ipynb", path)
    return path


@pytest.fixture
def hungarian(write_notebook) -> Path:
    note = nbformat.v4.new_markdown_cell("**Trénereknek.** Párban dolgozzanak.")
    note.metadata["tags"] = ["facilitator"]
    lunch = nbformat.v4.new_markdown_cell("## Ebéd")
    lunch.metadata.update({"tags": ["agenda"], "kit": {"minutes": 45}})
    return write_notebook("Esetmegbeszélés ősz 2026.ipynb", exercise_cell(sample_yaml("single")), note,
                          exercise_cell(sample_yaml("scenario")), lunch, exercise_cell(sample_yaml("case")),
                          language="hu", title="Esetmegbeszélő csoport", group_size=10)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """23 people; one without a name, one whose name is an attack, one with Markdown in it."""
    rows = [f"p{i:02d},Résztvevő {i:02d}" for i in range(1, 24)]
    rows[1], rows[2], rows[4] = f'p02,"{EVIL}"', "p03,", "p05,Tóth *Éva* | [x](y)"
    path = tmp_path / "névsor.csv"
    path.write_text("\ufeffparticipant,name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_markdown_to_stdout_with_exact_clock_times(example):
    result = run(example)
    assert result.exit_code == 0, result.stderr
    agenda = re.findall(r"^\| (\d\d:\d\d) \| (\d+) \| ([^|]+) \|", result.stdout, re.MULTILINE)
    assert agenda[:3] == [("09:00", "5", "When the caller says nothing"),
                          ("09:05", "5", "Sentences that need a follow-up question"),
                          ("09:10", "8", "What goes into a safety plan")]
    assert [time for time, _, _ in agenda] == ["09:00", "09:05", "09:10", "09:18", "09:23", "09:29", "09:39",
                                               "10:09", "10:12", "10:32"]
    assert "**10:57**" in result.stdout
    assert "kit guide: 1 module, 10 exercises, 09:00–10:57" in result.stderr


def test_start_and_breaks_shift_what_follows(example):
    result = run(example, "--start", "13:15", "--break", "after:stuck-case=15 Coffee", "--break", "13:30=5 Stretch")
    assert result.exit_code == 0, result.stderr
    times = dict((title.strip(), time) for time, title in
                 re.findall(r"^\| (\d\d:\d\d) \| \d+ \| ([^|]+) \|", result.stdout, re.MULTILINE))
    assert times["When the caller says nothing"] == "13:15"
    # boundaries at 13:20, 13:25 and 13:33: the nearest to 13:30 is 13:33
    assert times["Stretch"] == "13:33" and times["The stages of a crisis call"] == "13:38"
    assert times["Coffee"] == "14:29" and times["After the shift"] == "14:44"


def test_html_in_the_module_language_with_groups_keys_notes_and_escaping(hungarian, roster, tmp_path):
    out = tmp_path / "útmutató ősz.html"
    result = run(hungarian, "--roster", roster, "--start", "08:30", "-o", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "hu" and soup.find("h2").text == "Napirend"
    assert [td.text for td in soup.select(".agenda td.time")] == ["08:30", "08:35", "08:40", "09:25", "09:30"]
    groups = soup.select(".group")
    assert [len(group.select("li")) for group in groups] == [8, 8, 7]
    shown = [li.contents[0].strip() for li in soup.select(".group li")]
    assert sorted(shown) == sorted([EVIL, "p03", "Tóth *Éva* | [x](y)"] + [f"Résztvevő {i:02d}" for i in range(1, 24)
                                                                        if i not in (2, 3, 5)])
    assert EVIL not in html and "&lt;script&gt;" in html and not soup.select("body script")
    # keys, feedback, notes and the facilitator cell where it stands
    single = soup.find("article", id="first-words")
    assert "Say your name and that there is time." in single.select_one("tr.correct").text
    assert "Too early." in single.text
    scenario = soup.find("article", id="night")
    assert [code.text for code in scenario.select("table.key")[0].select("code")] == ["open", "listen"]
    assert scenario.find("svg") is not None and "end-safe" in scenario.find("svg").text
    note = soup.select_one("aside.note")
    assert "Párban dolgozzanak." in note.text
    assert note.find_next("article")["id"] == "night"
    assert "Ebéd" in soup.select_one(".agenda-item").text
    case = soup.find("article", id="stuck")
    assert "Coverage" in case.text and "A kliens problémája" in case.text


def test_markdown_escapes_participant_text(hungarian, roster):
    result = run(hungarian, "--roster", roster)
    assert result.exit_code == 0, result.stderr
    assert EVIL not in result.stdout and "\\<script\\>alert(1)\\</script\\>" in result.stdout
    assert "Tóth \\*Éva\\* \\| \\[x\\](y)" in result.stdout
    assert "## Csoportok" in result.stdout


def test_invalid_exercises_are_reported_and_the_rest_still_written(write_notebook, tmp_path):
    broken = "id: broken-one\ntype: single-choice\ntitle: Broken\nminutes: 12\nprompt: P\noptions: [{text: A}]\n"
    path = write_notebook("two bad.ipynb", exercise_cell(sample_yaml("single")), exercise_cell(broken),
                          exercise_cell(sample_yaml("ordering")))
    out = tmp_path / "guide.html"
    result = run(path, "-o", out)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if not line.startswith("kit guide:")]
    assert lines and all(line.startswith(f"{path}:3: broken-one: ") for line in lines)
    html = out.read_text(encoding="utf-8")
    assert 'id="first-words"' in html and 'id="call-order"' in html and "broken-one" in html
    soup = BeautifulSoup(html, "html.parser")
    assert [td.text for td in soup.select(".agenda td.time")] == ["09:00", "09:05", "09:17", "09:22"]


def test_unusable_arguments_give_one_line_and_exit_2(example, tmp_path):
    for args in ([tmp_path / "missing.ipynb"], [example, "-o", tmp_path / "guide.docx"],
                 [example, "--start", "9.30"], [example, "--roster", tmp_path / "none.csv"],
                 [example, "--break", "after:no-such-exercise=5"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("kit guide: ")
    assert not (tmp_path / "guide.docx").exists()


def test_results_and_responses_show_how_the_room_answered(example, tmp_path):
    scores = tmp_path / "scores.csv"
    shutil.copy(EXAMPLES / "responses.jsonl", tmp_path / "responses.jsonl")
    scored = CliRunner().invoke(main, ["score", str(tmp_path / "responses.jsonl"), "--book", str(example),
                                       "--grades", str(EXAMPLES / "grades.csv"), "-o", str(scores)])
    assert scores.exists(), scored.stderr
    out = tmp_path / "room.html"
    result = run(example, "--results", scores, "--responses", tmp_path / "responses.jsonl",
                 "--session", "szeged-2026-03-10", "-o", out)
    assert result.exit_code == 1  # the responses hold malformed lines, reported as FILE:LINE
    assert re.search(r"responses\.jsonl:\d+: ", result.stderr)
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    rooms = {article["id"]: article.select_one(".room").text for article in soup.select("article.exercise")}
    assert "Full score" in rooms["silent-caller"] and "Most chosen wrong option" in rooms["silent-caller"]
    assert "Ending reached" in rooms["night-call"] and "end-safe" in rooms["night-call"]
    assert "szeged-2026-03-10" in soup.select_one(".results-overview").text
    assert "brno" not in soup.select_one(".results-overview").text


def test_results_escape_session_names(example, tmp_path):
    responses = tmp_path / "r.jsonl"
    responses.write_text(json.dumps({"session": "<img src=x onerror=alert(1)>", "participant": "p1",
                                     "exercise": "silent-caller", "answer": "a",
                                     "submitted_at": "2026-03-10T09:00:00Z"}) + "\n", encoding="utf-8")
    out = tmp_path / "g.html"
    assert run(example, "--responses", responses, "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    md = run(example, "--responses", responses).stdout
    assert re.search(r"(?<!\\)<img", md) is None and "\\<img" in md


def test_pdf_is_written_offline_and_holds_the_times(hungarian, roster, tmp_path):
    out = tmp_path / "útmutató.pdf"
    result = run(hungarian, "--roster", roster, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Napirend" in text and "09:00" in text and "Csoport 3" in text


def test_import_kit_guide_stays_light():
    code = "import sys, kit.guide; print([m for m in ('jinja2', 'weasyprint', 'pandas') if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_an_id_used_in_two_notebooks_is_reported_and_the_second_left_without_key(example, tmp_path):
    twin = tmp_path / "twin.ipynb"
    shutil.copy(example, twin)
    result = run(example, twin)
    assert result.exit_code == 1
    assert f"{twin}:2: silent-caller: the id 'silent-caller' is already used at {example}:2" in result.stderr
    assert result.stdout.count("#### Key") == 10


def test_an_unknown_session_is_an_unusable_argument(example, tmp_path):
    responses = tmp_path / "r.jsonl"
    responses.write_text(json.dumps({"session": "s1", "participant": "p1", "exercise": "silent-caller",
                                     "answer": "b", "submitted_at": "2026-03-10T09:00:00Z"}) + "\n", encoding="utf-8")
    result = run(example, "--responses", responses, "--session", "s2")
    assert result.exit_code == 2 and "--session s2" in result.stderr


def test_an_unreadable_notebook_is_reported_and_the_day_goes_on_without_it(example, tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    result = run(broken, example)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}:0: -: cannot read the notebook")
    assert "# Crisis line basics\n" in result.stdout and "| 09:00 | 5 | When the caller says nothing |" in result.stdout
    alone = run(broken)
    assert alone.exit_code == 1 and alone.stdout == "" and "nothing to write" in alone.stderr


def test_the_end_row_says_how_long_the_day_is(example):
    result = run(example)
    end = next(line for line in result.stdout.splitlines() if "**End**" in line)
    # the Minutes column stays empty: the total is not one more activity's minutes
    assert end == "| **10:57** | | **End** · the day takes 1 h 57 min | |"
    assert "**09:00–10:57** · 1 h 57 min · 10 exercises" in result.stdout


def test_breaks_auto_adds_a_coffee_break_to_a_long_day(example, hungarian):
    plain = run(example, hungarian, "--breaks", "auto")
    assert plain.exit_code == 0, plain.stderr
    breaks = re.findall(r"^\| (\d\d:\d\d) \| 15 \| Coffee break \| break \|", plain.stdout, re.MULTILINE)
    assert breaks == ["10:32"]  # due at 10:30, at the boundary nearest to it
    assert "Coffee break" not in run(example, hungarian).stdout
