"""The anonymisation check of case material: true and false positives."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kit.anonymity import find_personal_data, is_birth_number, is_taj
from kit.cli import main
from tests.conftest import exercise_cell


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Write to anna.kovacs@gmail.com today.", "an e-mail address", "anna.kovacs@gmail.com"),
        ("Her mobile is +36 30 123 4567.", "a phone number", "+36 30 123 4567"),
        ("Call her back on 06-30-123-4567.", "a phone number", "06-30-123-4567"),
        ("Číslo matky je +420 603 123 456.", "a phone number", "+420 603 123 456"),
        ("Zavolejte na 603 123 456.", "a phone number", "603 123 456"),
        ("TAJ-száma 123 456 782.", "a Hungarian TAJ number", "123 456 782"),
        ("Azonosító: 123456788", "a Hungarian TAJ number", "123456788"),
        ("Rodné číslo 855215/1234.", "a Czech birth number", "855215/1234"),
        ("Narozen 040812/123.", "a Czech birth number", "040812/123"),
        ("She lives at Kossuth Lajos utca 12.", "a street address", "Kossuth Lajos utca 12"),
        ("A Petőfi tér 3. szám alatt.", "a street address", "Petőfi tér 3"),
        ("Bydlí v ulici Husova 1234/5.", "a street address", "Husova 1234/5"),
        ("Sejdeme se na nám. Míru 15.", "a street address", "nám. Míru 15"),
        ("He moved to 221B Baker Street.", "a street address", "221B Baker Street"),
    ],
)
def test_true_positives(text, kind, found):
    assert (kind, found) in [(finding.kind, finding.text) for finding in find_personal_data(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Call the LESZ line on 116 123, OKIT on 06-80-20-55-20 or 06 80 225 225, or 112 in an emergency.",
        "Linka bezpečí 116 111 and the victims' line 116 006.",
        "Write to help@example.org for a made-up address.",
        "The project ran 2018-05-01 – 2021-04-30 with HUF 298,170,294.",
        "Project EFOP-1.2.4-VEKOP-16-2016-00001 and CZ.1.04/3.1.00/05.00061.",
        "Act No. 359/1999 Coll. and Decree 473/2012 Coll. on social-legal protection.",
        "At 02:30 she had 10 % battery left; 20 participants came on 9 April 2013.",
        "A TAJ number is nine digits long; never write one into a case.",
        "She sat in Room 12 on the second floor of the town hall.",
        "Mrs B. lives in a small town on the Great Plain.",
        "Budget: 1.16 bn forints, a ratio of 1:2.",
    ],
)
def test_false_positives(text):
    assert list(find_personal_data(text)) == []


def test_check_digits():
    assert is_taj("123456788") and not is_taj("123456789")
    assert is_birth_number("85", "52", "15", "1234") and not is_birth_number("85", "52", "15", "1235")
    assert not is_birth_number("85", "13", "15", "123")  # no 13th month


def test_kit_check_flags_case_material_and_honours_the_allow_list(write_notebook, tmp_path):
    exercise = (
        "id: real-case\ntype: free-text\ntitle: A case\n"
        "case: Contact her at anna.kovacs@gmail.com or on 06 1 555 0123.\n"
        "prompt: Write a note.\nrubric: [{id: facts, criterion: Facts, points: 1}]\n"
    )
    path = write_notebook("m.ipynb", exercise_cell(exercise), anonymity_allow=["06 1 555 0123"])
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:2: real-case: case: looks like an e-mail address ('anna.kovacs@gmail.com'); "
        "use a made-up one such as name@example.org"
    ]
