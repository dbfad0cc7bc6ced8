"""import_people: good rows in, bad rows out with the row number and why, re-runs update."""

import csv
import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from jigsaw.audit.models import AuditEntry
from jigsaw.people.importing import parse_address, parse_other_names
from jigsaw.people.models import Address, Person, PersonIdentifier, PersonName

pytestmark = pytest.mark.django_db

HEADER = [
    "source_id",
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "sex",
    "nhs_number",
    "upn",
    "address",
    "postcode",
]
# Synthetic people: NHS numbers from the NHS test range, UPNs of a made-up authority.
AMELIA = ["10234", "Amelia", "Hartley", "birth: Amelia Pike", "14/03/2015", "F", "999 000 1006", "X990200115001",
          "12 Mill Road, Eastfield, Northbridge", "NB3 4QP"]  # fmt: skip
TYLER = ["10235", "Tyler", "Hartley", "Ty Hartley; Pike", "2010-09-02", "male", "9990001014", "",
         "12 Mill Road, Eastfield, Northbridge", "nb34qp"]  # fmt: skip


def write(tmp_path: Path, rows: list[list[str]], name: str = "people.csv", header=HEADER) -> Path:
    path = tmp_path / name
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_people", str(path), *args, stdout=out)
    return out.getvalue()


def rejects(path: Path) -> dict[int, str]:
    with (path.parent / f"{path.stem}.rejects.csv").open() as handle:
        return {int(row["row"]): row["reason"] for row in csv.DictReader(handle)}


def test_good_rows_are_imported_with_identifiers_names_and_addresses(tmp_path):
    out = run(write(tmp_path, [AMELIA, TYLER]))
    assert "2 created, 0 updated, 0 unchanged, 0 rejected" in out
    amelia = Person.objects.get(given_names="Amelia")
    assert re.fullmatch(r"NB\d{7}", amelia.council_id)
    assert amelia.date_of_birth == dt.date(2015, 3, 14)
    assert (amelia.sex, amelia.nhs_number, amelia.upn) == ("F", "9990001006", "X990200115001")
    assert amelia.identifiers.get(kind="legacy").value == "10234"
    assert amelia.identifiers.get(kind="legacy").source == "legacy"
    birth = amelia.other_names.get()
    assert (birth.kind, birth.given_names, birth.family_name) == ("birth", "Amelia", "Pike")
    address = amelia.addresses.get()
    assert (address.line_1, address.line_2, address.town, address.postcode) == (
        "12 Mill Road",
        "Eastfield",
        "Northbridge",
        "NB3 4QP",
    )
    tyler = Person.objects.get(given_names="Tyler")
    assert tyler.sex == "M" and tyler.addresses.get().postcode == "NB3 4QP"
    assert {(n.given_names, n.family_name) for n in tyler.other_names.all()} == {("Ty", "Hartley"), ("", "Pike")}
    assert not (tmp_path / "people.rejects.csv").exists()


def test_every_save_is_in_the_audit_log_plus_one_summary(tmp_path):
    run(write(tmp_path, [AMELIA]))
    amelia = Person.objects.get()
    assert (
        AuditEntry.objects.filter(kind="create", subject_person_id=amelia.pk).count() >= 4
    )  # person, id, name, address
    summary = AuditEntry.objects.get(kind="import")
    assert summary.additional_data["created"] == 1 and summary.additional_data["file"] == "people.csv"
    assert summary.purpose == "people imported from legacy"


@pytest.mark.parametrize(
    "change, reason",
    [
        ({0: ""}, "no source_id"),
        ({1: "", 2: ""}, "no name"),
        ({4: "31/02/2015"}, "not a real date"),
        ({4: "2015-13-01"}, "not a real date"),
        ({4: "14.03.2015"}, "not a date: write it as YYYY-MM-DD or DD/MM/YYYY"),
        ({4: "01/01/2099"}, "in the future"),
        ({6: "999 000 1015"}, "fails its check digit"),
        ({6: "12345"}, "is not 10 digits"),
        ({7: "A990200115001"}, "fails its check letter"),
        ({8: "1 High Street", 9: "NB1"}, "is not a UK postcode"),
        ({5: "X"}, "sex 'X' is not one we know"),
    ],
)
def test_a_bad_row_is_rejected_with_its_row_number_and_why_and_the_rest_imported(tmp_path, change, reason):
    bad = list(AMELIA)
    bad[0] = "90001"
    for index, value in change.items():
        bad[index] = value
    path = write(tmp_path, [TYLER, bad, AMELIA])
    out = run(path)
    assert "2 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert "Row 3: " in out and reason in out
    assert list(rejects(path)) == [3]
    assert reason in rejects(path)[3]
    assert set(Person.objects.values_list("given_names", flat=True)) == {"Tyler", "Amelia"}


def test_the_same_source_id_twice_keeps_the_first(tmp_path):
    second = list(TYLER)
    second[0] = AMELIA[0]
    path = write(tmp_path, [AMELIA, TYLER, second])
    out = run(path)
    assert "2 created" in out and "1 rejected" in out
    assert "in the file twice (first on row 2)" in rejects(path)[4]
    assert Person.objects.get(identifiers__value="10234").given_names == "Amelia"


def test_a_rerun_updates_and_never_duplicates(tmp_path):
    run(write(tmp_path, [AMELIA, TYLER]))
    amelia = Person.objects.get(given_names="Amelia")
    moved = list(AMELIA)
    moved[2] = "Pike-Hartley"
    moved[7] = "R990200121003"  # a new UPN
    moved[8], moved[9] = "3 Castle Street, Northbridge", "NB1 2AB"
    out = run(write(tmp_path, [moved, TYLER], name="again.csv"))
    assert "0 created, 1 updated, 1 unchanged, 0 rejected" in out
    assert Person.objects.count() == 2
    assert PersonIdentifier.objects.filter(kind="legacy").count() == 2
    amelia.refresh_from_db()
    assert amelia.family_name == "Pike-Hartley" and amelia.upn == "R990200121003"
    assert amelia.version == 2
    # Nothing lost: the old address, the old UPN and the birth name are all still there.
    assert set(amelia.addresses.values_list("postcode", flat=True)) == {"NB3 4QP", "NB1 2AB"}
    assert amelia.identifiers.filter(kind="former_upn", value="X990200115001").exists()
    assert amelia.other_names.count() == 1
    assert AuditEntry.objects.filter(kind="update", subject_person_id=amelia.pk).exists()


def test_blank_cells_leave_what_is_held(tmp_path):
    run(write(tmp_path, [AMELIA]))
    sparse = ["10234", "", "Hartley", "", "", "", "", "", "", ""]
    assert "1 unchanged" in run(write(tmp_path, [sparse], name="sparse.csv"))
    amelia = Person.objects.get()
    assert amelia.given_names == "Amelia" and amelia.nhs_number == "9990001006"


def test_ids_from_another_source_are_other_people(tmp_path):
    path = write(tmp_path, [AMELIA])
    run(path)
    run(path, "--source", "eclipse")
    assert Person.objects.count() == 2
    assert set(PersonIdentifier.objects.values_list("source", flat=True)) == {"legacy", "eclipse"}


def test_nothing_saved_is_lost_when_a_later_row_is_bad(tmp_path):
    rows = []
    for n in range(450):  # more than two batches of 200
        rows.append([f"S{n}", f"Child{n}", "Hartley", "", "2015-03-14", "F", "", "", "", ""])
    rows[420][4] = "30/02/2015"
    rows[449][6] = "999 000 1015"
    path = write(tmp_path, rows)
    out = run(path)
    assert "448 created, 0 updated, 0 unchanged, 2 rejected" in out
    assert Person.objects.count() == 448
    assert sorted(rejects(path)) == [422, 451]  # header is row 1


def test_a_row_the_database_refuses_is_rejected_alone(tmp_path, monkeypatch):
    from django.db import IntegrityError

    from jigsaw.people import importing

    real = importing.person_import_record

    def flaky(record, *, source):
        if record.source_id == "10235":
            Person.objects.create(council_id="NBBROKEN", family_name="Half-saved")
            raise IntegrityError("the database said no")
        return real(record, source=source)

    monkeypatch.setattr(importing, "person_import_record", flaky)
    path = write(tmp_path, [AMELIA, TYLER])
    out = run(path)
    assert "1 created" in out and "1 rejected" in out
    assert "the database said no" in rejects(path)[3]
    assert list(Person.objects.values_list("given_names", flat=True)) == ["Amelia"]  # no half-saved row


def test_a_dry_run_changes_nothing(tmp_path):
    bad = list(TYLER)
    bad[6] = "999 000 1015"
    path = write(tmp_path, [AMELIA, bad])
    entries_before = AuditEntry.objects.count()
    out = run(path, "--dry-run")
    assert "Dry run, nothing changed: 1 would be created" in out
    assert not Person.objects.exists()
    assert AuditEntry.objects.count() == entries_before
    assert list(rejects(path)) == [3]


def test_the_rejects_file_can_be_corrected_and_imported(tmp_path):
    bad = list(TYLER)
    bad[4] = "31/09/2010"
    path = write(tmp_path, [AMELIA, bad])
    run(path)
    rejected = tmp_path / "people.rejects.csv"
    fixed = rejected.read_text().replace("31/09/2010", "30/09/2010")
    rejected.write_text(fixed)
    out = run(rejected)
    assert "Columns not used: row, reason" in out
    assert "1 created" in out and "0 rejected" in out
    assert Person.objects.get(given_names="Tyler").date_of_birth == dt.date(2010, 9, 30)


def test_a_file_without_source_id_is_refused_whole(tmp_path):
    path = write(tmp_path, [["Amelia", "Hartley"]], header=["given_name", "family_name"])
    with pytest.raises(CommandError, match="no source_id column"):
        run(path)
    assert not Person.objects.exists()


def test_the_example_in_the_docs_imports_as_it_says(tmp_path):
    doc = (Path(settings.BASE_DIR) / "docs" / "import-format.md").read_text()
    example = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.csv"
    path.write_text(example)
    out = run(path)
    assert "4 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert "Row 6: date_of_birth '31/02/2016' is not a real date" in out
    assert Person.objects.get(given_names="Amelia Rose").other_names.get().kind == "birth"
    assert Address.objects.filter(line_1="Flat 4", line_2="7 Castle Street").exists()
    assert PersonName.objects.filter(kind="previous", family_name="Pike").exists()


def test_reading_other_names_and_addresses():
    names = parse_other_names("Jo Smith; Smith, Jo Ann; birth: Brown; ;")
    assert [(n.kind, n.given_names, n.family_name) for n in names] == [
        ("alias", "Jo", "Smith"),
        ("alias", "Jo Ann", "Smith"),
        ("birth", "", "Brown"),
    ]
    address = parse_address("7 Castle Street, Old Town, Northbridge, NB1 2AB", "nb12ab")
    assert (address.line_1, address.line_2, address.town, address.postcode) == (
        "7 Castle Street",
        "Old Town",
        "Northbridge",
        "NB1 2AB",
    )
    assert parse_address("", "") is None


def test_a_file_unreadable_part_way_keeps_what_came_before_and_says_so(tmp_path):
    rows = [[f"S{n}", f"Child{n}", "Hartley", "", "2015-03-14", "F", "", "", "", ""] for n in range(400)]
    path = write(tmp_path, rows)
    with path.open("ab") as handle:
        handle.write("S400,Zo\xeb,Hartley,,,,,,,\n".encode("latin-1"))  # not UTF-8
    with pytest.raises(CommandError, match=r"cannot be read after row .*Save it as CSV UTF-8"):
        run(path)
    assert Person.objects.count() >= 100  # the rows before the unreadable part
    summary = AuditEntry.objects.get(kind="import")
    assert summary.additional_data["created"] == Person.objects.count()
    assert "cannot be read" in summary.additional_data["error"]
