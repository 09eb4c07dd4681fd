"""``kit report``: the HTML page, its CSV tables, the item statistics contract, escaping, languages."""

from __future__ import annotations

import csv
import shutil
import statistics
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from kit.cli import main
from tests.conftest import DATA, exercise_cell
from tests.exercises import sample_data, sample_yaml

CONTRACT = DATA / "contract"
AUTO = {"single-choice", "multiple-choice", "ordering", "matching", "scenario"}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def read_table(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} must start with a byte-order mark"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def contract_report(tmp_path):
    book = tmp_path / "könyv mappa"
    book.mkdir()
    shutil.copy(CONTRACT / "Crisis line basics.ipynb", book)
    output = tmp_path / "jelentés ő.html"
    result = run("report", str(CONTRACT / "responses.jsonl"), "--book", str(book),
                 "--grades", str(CONTRACT / "grades.csv"), "-o", str(output))
    scores = tmp_path / "scores.csv"
    run("score", str(CONTRACT / "responses.jsonl"), "--book", str(book), "--grades", str(CONTRACT / "grades.csv"),
        "-o", str(scores))
    return result, output, scores, book


def test_report_writes_html_and_the_contract_tables(contract_report):
    result, output, _, _ = contract_report
    assert result.exit_code == 1, result.output  # the examples hold rejected lines and invalid answers
    assert "responses.jsonl:14:" in result.stderr
    assert "kit report:" in result.stderr.splitlines()[-1]
    html = output.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    items = read_table(output.with_name("jelentés ő-items.csv"))
    test = read_table(output.with_name("jelentés ő-test.csv"))
    assert list(items[0]) == ["session", "exercise", "n", "facility", "sd", "discrimination", "efficiency"]
    assert list(test[0]) == ["session", "n", "items", "mean", "median", "sd", "cic", "error_ratio",
                             "standard_error"]
    assert [row["session"] for row in test] == ["brno-2026-03-17", "szeged-2026-03-10"]
    for name in ("exercises", "scores", "options", "errors", "endings", "paths", "likert", "participants",
                 "waiting", "unscored"):
        assert read_table(output.with_name(f"jelentés ő-{name}.csv")), name


def _marks_from_scores(scores: Path, book: Path):
    """Per session: participants, items, maxima and marks, read straight from the scores CSV."""
    from kit.catalog import load_catalog

    types = {e.id: e.type for e in load_catalog([book]).exercises.values()}
    with open(scores, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sessions = {}
    for row in rows:
        session = sessions.setdefault(row["session"], {"people": set(), "items": {}, "marks": {}})
        session["people"].add(row["participant"])
        if types.get(row["exercise"]) in AUTO:
            session["items"][row["exercise"]] = float(row["max_score"])
            if row["status"] == "scored":
                session["marks"][(row["participant"], row["exercise"])] = float(row["score"])
    return sessions


def test_item_statistics_match_an_independent_computation_from_the_scores(contract_report):
    """As an outside check would do it: from the scores CSV, with the statistics module.

    The scores CSV rounds marks to four decimals, so the figures agree to a few ten-thousandths.
    """
    _, output, scores, book = contract_report
    close = {"abs": 5e-3}
    items = {(r["session"], r["exercise"]): r for r in read_table(output.with_name("jelentés ő-items.csv"))}
    tests = {r["session"]: r for r in read_table(output.with_name("jelentés ő-test.csv"))}
    checked = 0
    for name, session in _marks_from_scores(scores, book).items():
        people = sorted(session["people"])
        marks = {item: [session["marks"].get((p, item), 0.0) for p in people] for item in session["items"]}
        totals = [sum(marks[item][k] for item in marks) for k in range(len(people))]
        for item, x in marks.items():
            rest = [t - v for t, v in zip(totals, x, strict=True)]
            row = items[(name, item)]
            maximum = session["items"][item]
            assert int(row["n"]) == len(people)
            assert float(row["facility"]) == pytest.approx(100 * statistics.mean(x) / maximum, **close)
            assert float(row["sd"]) == pytest.approx(100 * statistics.stdev(x) / maximum, **close)
            assert float(row["discrimination"]) == pytest.approx(100 * statistics.correlation(x, rest), **close)
            cov_max = statistics.covariance(sorted(x), sorted(rest))
            assert float(row["efficiency"]) == pytest.approx(100 * statistics.covariance(x, rest) / cov_max, **close)
            checked += 1
        whole = sum(session["items"].values())
        p = len(marks)
        item_variances = sum(statistics.variance(x) for x in marks.values())
        cic = 100 * p / (p - 1) * (1 - item_variances / statistics.variance(totals))
        sd = 100 * statistics.stdev(totals) / whole
        expected = {"n": len(people), "items": p, "mean": 100 * statistics.mean(totals) / whole,
                    "median": 100 * statistics.median(totals) / whole, "sd": sd, "cic": cic,
                    "error_ratio": 100 * (1 - cic / 100) ** 0.5, "standard_error": (1 - cic / 100) ** 0.5 * sd}
        for column, value in expected.items():
            assert float(tests[name][column]) == pytest.approx(value, **close), (name, column)
    assert checked == 14


MALICIOUS_ID = '<script>alert("p")</script>'
MALICIOUS_SESSION = "\"'><img src=x onerror=alert(1)>"
LONG_WORD = "<script>" + "Ő" * 4000 + "</script>"


def _malicious_book(write_notebook):
    single = sample_data()["single"] | {"options": [
        {"text": "Ask <script>alert(1)</script> for the story.", "feedback": "x"},
        {"text": "Say your name.", "correct": True},
        {"text": "Wait <img src=x onerror=alert(2)>.", "weight": 50},
    ]}
    import yaml

    return write_notebook("m.ipynb", exercise_cell(yaml.safe_dump(single)), exercise_cell(sample_yaml("free")),
                          exercise_cell(sample_yaml("likert")), exercise_cell(sample_yaml("scenario")))


def test_participant_text_is_escaped_everywhere(write_notebook, write_jsonl, tmp_path):
    book = _malicious_book(write_notebook)
    at = "2026-03-10T09:00:00+01:00"
    responses = write_jsonl("r.jsonl", [
        {"session": MALICIOUS_SESSION, "participant": MALICIOUS_ID, "exercise": "first-words", "answer": "a",
         "submitted_at": at},
        {"session": MALICIOUS_SESSION, "participant": MALICIOUS_ID, "exercise": "handover", "answer": LONG_WORD,
         "submitted_at": at},
        {"session": MALICIOUS_SESSION, "participant": "p2", "exercise": "first-words",
         "answer": "<svg onload=alert(3)>", "submitted_at": at},
        {"session": MALICIOUS_SESSION, "participant": "p2", "exercise": "<b onmouseover=alert(4)>x</b>",
         "answer": "a", "submitted_at": at},
        {"session": MALICIOUS_SESSION, "participant": "p2", "exercise": "handover",
         "answer": "=HYPERLINK(\"http://evil\")", "submitted_at": at},
        {"session": MALICIOUS_SESSION, "participant": "p3" + "W" * 300, "exercise": "after-shift",
         "answer": {"talk": 2}, "submitted_at": at},
    ])
    output = tmp_path / "report.html"
    result = run("report", str(responses), "--book", str(book), "-o", str(output))
    assert result.exit_code == 1, result.output  # an invalid answer and an unknown exercise
    html = output.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["script", "img", "b", "iframe"]) == []
    svg_only = {"svg", "g", "rect", "text", "title"}
    assert {tag.name for tag in soup.find_all(True) if tag.find_parent("svg")} <= svg_only
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag.name
    text = soup.get_text()
    for needle in (MALICIOUS_ID, MALICIOUS_SESSION, "<svg onload=alert(3)>", "<b onmouseover=alert(4)>x</b>",
                   "Ask <script>alert(1)</script> for the story.", "<script>ŐŐŐ"):
        assert needle in text, needle
    # very long words: cut in chart labels, wrapped in tables
    from kit.report.charts import LABEL_WIDTH, text_width

    labels = [label.get_text() for label in soup.select("text.kit-chart-label")]
    assert labels and max(map(text_width, labels)) <= LABEL_WIDTH
    assert any(label.startswith("p3WWW") and label.endswith("…") for label in labels)
    assert "overflow-wrap: anywhere" in html
    # the CSV tables keep the text, but a spreadsheet never runs it as a formula
    waiting = read_table(tmp_path / "report-waiting.csv")
    assert {row["answer"] for row in waiting} >= {"'=HYPERLINK(\"http://evil\")"}
    assert any(row["answer"].startswith("<script>ŐŐŐ") for row in waiting)


def test_headings_follow_the_dominant_language(write_notebook, write_jsonl, tmp_path):
    hu = write_notebook("hu.ipynb", exercise_cell(sample_yaml("single")), exercise_cell(sample_yaml("likert")),
                        language="hu")
    cs = write_notebook("cs.ipynb", exercise_cell(sample_yaml("ordering")), language="cs")
    at = "2026-03-10T09:00:00Z"
    answers = [{"session": "s", "participant": "p", "exercise": "first-words", "answer": "b", "submitted_at": at},
               {"session": "s", "participant": "p", "exercise": "after-shift", "answer": {"talk": 5},
                "submitted_at": at}]
    both = write_jsonl("hu.jsonl", answers)
    output = tmp_path / "hu.html"
    assert run("report", str(both), "--book", str(hu), "--book", str(cs), "-o", str(output)).exit_code == 0
    html = output.read_text(encoding="utf-8")
    assert '<html lang="hu">' in html and "Jelentés az alkalomról" in html and "Könnyűségi index" in html
    assert "Teljesen egyetértek" in html  # the default Likert scale in the notebook's language
    # one Hungarian and one Czech exercise: no language dominates, so English
    mixed = write_jsonl("mixed.jsonl", [answers[0], {**answers[0], "exercise": "call-order",
                                                     "answer": ["contact", "problem", "feelings", "options", "plan"]}])
    output = tmp_path / "mixed.html"
    assert run("report", str(mixed), "--book", str(hu), "--book", str(cs), "-o", str(output)).exit_code == 0
    assert '<html lang="en">' in output.read_text(encoding="utf-8")


def test_unusable_arguments_exit_2(write_notebook, write_jsonl, tmp_path):
    book = write_notebook("m.ipynb", exercise_cell(sample_yaml("single")))
    responses = write_jsonl("r.jsonl", [{"session": "s", "participant": "p", "exercise": "first-words",
                                         "answer": "b", "submitted_at": "2026-03-10T09:00:00Z"}])
    assert run("report", str(responses), "--book", str(book)).exit_code == 2  # no -o
    missing_folder = run("report", str(responses), "--book", str(book), "-o", str(tmp_path / "nowhere" / "r.html"))
    assert missing_folder.exit_code == 2 and "does not exist" in missing_folder.output
    assert run("report", str(tmp_path / "none.jsonl"), "--book", str(book), "-o", str(tmp_path / "r.html")
               ).exit_code == 2
    clean = run("report", str(responses), "--book", str(book), "-o", str(tmp_path / "clean.htm"))
    assert clean.exit_code == 0, clean.output
    assert (tmp_path / "clean-items.csv").exists() and (tmp_path / "clean-test.csv").exists()


def test_import_kit_report_loads_no_template_engine_or_pandas():
    import subprocess
    import sys

    code = ("import sys, kit.report, kit.report.stats, kit.report.data; "
            "print(','.join(m for m in ('jinja2', 'pandas') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


@pytest.mark.parametrize("sessions", [1, 2])
def test_a_report_drawn_from_spooled_sessions_equals_the_one_drawn_in_memory(contract_report, tmp_path, sessions):
    from dataclasses import replace

    from kit.report.data import build_report
    from kit.report.html import report_html, write_report_html
    from kit.report.spool import SessionSpool
    from kit.report.tables import TableWriter, write_tables
    from kit.scoring.load import load_scoring_inputs
    from kit.scoring.session import score_responses

    _, _, _, book = contract_report
    data = load_scoring_inputs([CONTRACT / "responses.jsonl"], [book], CONTRACT / "grades.csv", every_attempt=False)
    whole = build_report(score_responses(data.latest, data.catalog.exercises, data.grades), data.catalog,
                         data.lines, data.rejections, data.grades)
    whole = replace(whole, sessions=whole.sessions[:sessions])
    assert len(whole.sessions) == sessions and whole.rejections
    (tmp_path / "memory").mkdir()
    (tmp_path / "spooled").mkdir()
    (tmp_path / "memory" / "r.html").write_text(report_html(whole), encoding="utf-8")
    write_tables(whole, tmp_path / "memory" / "r.html")
    with TableWriter(tmp_path / "spooled" / "r.html") as tables, SessionSpool(also=tables.add) as spool:
        for session in whole.sessions:
            spool.append(session)
        assert [s.session for s in spool] == [s.session for s in whole.sessions]
        write_report_html(replace(whole, sessions=spool), tmp_path / "spooled" / "r.html")
    names = sorted(path.name for path in (tmp_path / "memory").iterdir())
    assert len(names) == 13 and sorted(path.name for path in (tmp_path / "spooled").iterdir()) == names
    for name in names:
        assert (tmp_path / "spooled" / name).read_bytes() == (tmp_path / "memory" / name).read_bytes(), name
