"""Plurals and numbers as people read them (Babel's CLDR rules): "1 point", "2 body", "1,5 pont".

Machine outputs (the scores CSV, the report's CSV tables) keep the decimal point.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.i18n import (
    LANGUAGES,
    english_count,
    format_number,
    plural_catalog,
    plural_categories,
    plural_table,
    translator,
)
from kit.models import parse_exercise
from kit.render import exercise_html
from kit.scoring import Result
from kit.ui.feedback import score_line
from tests.conftest import exercise_cell
from tests.exercises import sample_data, sample_yaml

KIT = Path(__file__).resolve().parent.parent / "kit"
COUNTS = (0, 1, 2, 5, 1.5)
POINTS = {
    "en": ["0 points", "1 point", "2 points", "5 points", "1.5 points"],
    # Hungarian: no plural noun after a numeral
    "hu": ["0 pont", "1 pont", "2 pont", "5 pont", "1,5 pont"],
    # Czech: one, few (2–4), many (decimals), other
    "cs": ["0 bodů", "1 bod", "2 body", "5 bodů", "1,5 bodu"],
}
PARTICIPANTS = {
    "en": ["0 participants", "1 participant", "2 participants", "5 participants", "1.5 participants"],
    "hu": ["0 résztvevő", "1 résztvevő", "2 résztvevő", "5 résztvevő", "1,5 résztvevő"],
    "cs": ["0 účastníků", "1 účastník", "2 účastníci", "5 účastníků", "1,5 účastníka"],
}
NUMBERS = {"en": ["0", "1", "2", "5", "1.5"], "hu": ["0", "1", "2", "5", "1,5"], "cs": ["0", "1", "2", "5", "1,5"]}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("position", range(len(COUNTS)))
def test_counts_and_numbers_in_three_languages(language, position):
    _ = translator(language)
    count = COUNTS[position]
    assert _.n("{n} point", "{n} points", count) == POINTS[language][position]
    assert _.n("{n} participant", "{n} participants", count) == PARTICIPANTS[language][position]
    assert _.number(count) == format_number(count, language) == NUMBERS[language][position]


def test_a_count_takes_the_form_of_the_number_as_printed():
    _ = translator("cs")
    assert _.n("{n} point", "{n} points", 1.0001, decimals=2) == "1 bod"  # printed "1": singular
    assert _.n("{n} point", "{n} points", 2.004, decimals=2) == "2 body"
    assert format_number(1234.5, "en") == "1,234.5" and format_number(1234.5, "hu") == "1\xa0234,5"
    assert format_number(-0.00001, "cs") == "0" and format_number(None, "hu") == ""


def test_an_untranslated_plural_falls_back_to_english_forms():
    assert translator("hu").n("{n} apple", "{n} apples", 2) == "2 apples"
    assert translator("xx").n("{n} point", "{n} points", 1.5) == "1.5 points"  # unknown language: English


def test_a_page_script_gets_the_forms_by_category():
    assert plural_table("cs")["{n} point"] == {"one": "{n} bod", "few": "{n} body", "many": "{n} bodu",
                                                "other": "{n} bodů"}
    assert plural_table("hu")["{n} point"] == {"one": "{n} pont", "other": "{n} pont"}
    assert plural_table("en")["{n} point"] == {"one": "{n} point", "other": "{n} points"}


def test_the_command_line_counts_in_english():
    assert [english_count(n, "response", "responses") for n in COUNTS] == [
        "0 responses", "1 response", "2 responses", "5 responses", "1.5 responses"]


PLURAL_CALL = re.compile(r"""\.n\(\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)\"""")


def used_plurals() -> set[tuple[str, str]]:
    """Every ``_.n("…", "…", …)`` in the templates and in Python (widgets, reports, guides)."""
    found: set[tuple[str, str]] = set()
    for path in [*KIT.rglob("*.py"), *(KIT / "templates").glob("*.j2")]:
        found |= set(PLURAL_CALL.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_scan_finds_the_plurals():
    assert {("{n} point", "{n} points"), ("{n} participant", "{n} participants"),
            ("Your score: {score} of {n} point.", "Your score: {score} of {n} points.")} <= used_plurals()


@pytest.mark.parametrize("language", ["hu", "cs"])
def test_every_plural_has_every_form_with_its_placeholders(language):
    forms = plural_catalog(language)
    size = len(plural_categories(language))
    for singular, plural in used_plurals():
        assert singular in forms, f"kit/locale/{language}/LC_MESSAGES/kit.po lacks the plural {singular!r}"
        assert len(forms[singular]) == size, (singular, forms[singular])
        placeholders = set(re.findall(r"\{(\w+)\}", plural))
        for form in forms[singular]:
            assert set(re.findall(r"\{(\w+)\}", form)) == placeholders, (singular, form)


def test_widget_score_and_heading_in_czech():
    _ = translator("cs")
    assert "Vaše skóre: 1,5 z 2 bodů." in score_line(Result("scored", 1.5, 2), _)
    assert "Vaše skóre: 1 z 1 bodu." in score_line(Result("scored", 1, 1), _)
    assert "Your score: 0.25 of 1.5 points." in score_line(Result("scored", 0.25, 1.5), translator("en"))


def test_static_exercise_page_counts_points():
    single = parse_exercise(sample_data()["single"])  # 2 points
    assert "2 body" in exercise_html(single, "cs") and "2 points" in exercise_html(single, "en")
    one = parse_exercise({**sample_data()["single"], "points": 1.5})
    assert "1,5 pont" in exercise_html(one, "hu") and "1.5 points" in exercise_html(one, "en")


def test_report_reads_in_hungarian_while_its_tables_keep_the_decimal_point(write_notebook, write_jsonl, tmp_path):
    one_point = sample_yaml("single").replace("points: 2", "points: 1")
    book = write_notebook("hu.ipynb", exercise_cell(one_point), language="hu")
    at = "2026-03-10T09:00:00Z"
    # 1 point and half a point: a mean of 0.75
    answers = write_jsonl("a.jsonl", [
        {"session": "s", "participant": "p1", "exercise": "first-words", "answer": "b", "submitted_at": at},
        {"session": "s", "participant": "p2", "exercise": "first-words", "answer": "c", "submitted_at": at}])
    output = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(answers), "--book", str(book), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "kit report: 2 responses read, 0 rejected; 1 session, 2 results" in result.output
    html = output.read_text(encoding="utf-8")
    assert "2 válasz beolvasva, 0 elutasítva." in html and "· 1 pont<" in html
    assert "0,75 / 1" in html and "75 %" in html  # the mean score
    assert ">0,5<" in html and ">0.5<" not in html  # the chart of scores
    with open(tmp_path / "report-exercises.csv", encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["mean_score"] == "0.75"
    with open(tmp_path / "report-scores.csv", encoding="utf-8-sig", newline="") as handle:
        assert [row["score"] for row in csv.DictReader(handle)] == ["0.5", "1"]


def test_kit_score_says_one_response(write_notebook, write_jsonl, tmp_path):
    book = write_notebook("m.ipynb", exercise_cell(sample_yaml("single")))
    answers = write_jsonl("a.jsonl", [{"session": "s", "participant": "p1", "exercise": "first-words",
                                       "answer": "b", "submitted_at": "2026-03-10T09:00:00Z"}])
    result = CliRunner().invoke(main, ["score", str(answers), "--book", str(book), "-o", str(tmp_path / "s.csv")])
    assert result.exit_code == 0, result.output
    assert "kit score: 1 response read, 0 rejected; 1 result (1 scored)" in result.output
