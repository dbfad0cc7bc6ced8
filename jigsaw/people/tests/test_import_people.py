"""import_people: everyone in, a bad value set aside with its reason, re-runs update, an
interrupted run carries on. (The file's own problems: test_import_file.py.)"""

import csv
import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from jigsaw.audit.models import AuditEntry, AuditSubject
from jigsaw.people import importing
from jigsaw.people.importing import parse_address, parse_other_names, record_from_row
from jigsaw.people.models import Address, ImportRun, ImportSetAside, Person, PersonIdentifier, PersonName

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


def set_aside() -> dict[tuple[str, str], ImportSetAside]:
    return {(item.source_id, item.field): item for item in ImportSetAside.objects.all()}


def test_good_rows_are_imported_with_identifiers_names_and_addresses(tmp_path):
    out = run(write(tmp_path, [AMELIA, TYLER]))
    assert "2 created, 0 updated, 0 unchanged, 0 rejected (2 rows)" in out
    assert "set aside" not in out
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


def test_each_new_person_is_in_the_audit_log_with_what_was_recorded_plus_one_summary(tmp_path):
    run(write(tmp_path, [AMELIA, TYLER]))
    amelia = Person.objects.get(given_names="Amelia")
    # The batch's entry names each person (linked to them) and what was recorded for them.
    created = AuditEntry.objects.get(
        kind="create", pk__in=AuditSubject.objects.filter(person_id=amelia.pk).values("entry")
    )
    about = created.additional_data["people"][str(amelia.pk)]
    assert about["council id"] == amelia.council_id and about["legacy id"] == "legacy 10234"
    assert about["nhs_number"] == "9990001006" and about["other names"] == ["birth: Amelia Pike"]
    assert about["address"] == "12 Mill Road, Eastfield, Northbridge, NB3 4QP"
    summary = AuditEntry.objects.get(kind="import", purpose="people imported from legacy")
    assert summary.additional_data["created"] == 2 and summary.additional_data["file"] == "people.csv"


@pytest.mark.parametrize(
    "column, value, reason",
    [
        (4, "31/02/2015", "date_of_birth '31/02/2015' is not a real date (there is no such day)"),
        (4, "2015-13-01", "is not a real date"),
        (4, "14.03.2015", "date_of_birth '14.03.2015' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY"),
        (4, "14/03/15", "has a two-digit year"),
        (4, "01/01/2099", "date_of_birth 01/01/2099 is in the future (for an unborn baby, use expected_date_of_birth)"),
        (4, "1899-12-31", "is before 1900"),
        (6, "999 000 1015", "nhs_number '999 000 1015' fails its check digit: it is mistyped or not an NHS number"),
        (6, "12345", "nhs_number '12345' is not 10 digits"),
        (7, "A990200115001", "upn 'A990200115001' fails its check letter: it is mistyped or not a UPN"),
        (7, "X99", "is not a unique pupil number"),
        (9, "NB1", "postcode 'NB1' is not a UK postcode (like LS1 4AP)"),
        (5, "X", "sex 'X' is not one we know"),
    ],
)
def test_a_bad_value_is_set_aside_with_its_reason_and_the_person_kept(tmp_path, column, value, reason):
    bad = list(AMELIA)
    bad[0] = "90001"
    bad[column] = value
    out = run(write(tmp_path, [TYLER, bad]))
    assert "2 created, 0 updated, 0 unchanged, 0 rejected (2 rows); 1 value set aside for review" in out
    assert "Row 3 (90001): " in out and reason in out
    assert not (tmp_path / "people.rejects.csv").exists()
    person = Person.objects.get(identifiers__value="90001")
    assert (person.given_names, person.family_name) == ("Amelia", "Hartley")  # the rest of the row is kept
    item = ImportSetAside.objects.get()
    assert (item.person, item.source_id, item.row_number, item.field, item.value) == (
        person,
        "90001",
        3,
        HEADER[column],
        value,
    )
    assert reason in item.reason and item.resolved_at is None
    field = {4: "date_of_birth", 6: "nhs_number", 7: "upn", 5: "sex"}.get(column)
    if field:
        assert getattr(person, field) in (None, "", "U")  # not stored
    if column == 9:
        address = person.addresses.get()  # the address kept, without the postcode
        assert (address.line_1, address.postcode) == ("12 Mill Road", "")


def test_several_bad_values_in_one_row_are_each_set_aside(tmp_path):
    bad = ["90002", "Ben", "Oduya", "", "30/02/2016", "X", "999 000 1015", "", "4 Castle Street", "NB1"]
    out = run(write(tmp_path, [bad]))
    assert "1 created" in out and "4 values set aside for review" in out
    assert set(set_aside()) == {
        ("90002", "date_of_birth"),
        ("90002", "sex"),
        ("90002", "nhs_number"),
        ("90002", "postcode"),
    }
    ben = Person.objects.get()
    assert (ben.given_names, ben.date_of_birth, ben.sex, ben.nhs_number) == ("Ben", None, "U", "")
    assert ben.addresses.get().line_1 == "4 Castle Street"


def test_an_unborn_baby_with_both_dates_keeps_the_date_of_birth():
    record = record_from_row(
        {
            "source_id": "1",
            "family_name": "Hartley",
            "date_of_birth": "2020-01-01",
            "expected_date_of_birth": "2020-01-03",
        },
        2,
        today=dt.date(2026, 1, 1),
    )
    assert record.date_of_birth == dt.date(2020, 1, 1) and record.expected_date_of_birth is None
    assert [(i.field, i.value) for i in record.set_aside] == [("expected_date_of_birth", "2020-01-03")]


@pytest.mark.parametrize(
    "change, reason",
    [
        ({0: ""}, "no source_id: every row needs the id the person has in the old system"),
        ({1: "", 2: ""}, "no name: give a given_name, a family_name or a preferred_name"),
        ({0: "x" * 101}, "source_id is longer than 100 characters"),
    ],
)
def test_a_row_with_nothing_to_identify_a_person_is_rejected_with_why(tmp_path, change, reason):
    bad = list(AMELIA)
    bad[0] = "90001"
    for index, value in change.items():
        bad[index] = value
    bad[6] = "999 000 1015"  # a bad value besides: named too, so the row can be corrected in one go
    path = write(tmp_path, [TYLER, bad])
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows)" in out
    assert f"Row 3: {reason}" in out
    assert reason in rejects(path)[3]
    if 0 not in change:
        assert "Also: nhs_number '999 000 1015' fails its check digit" in rejects(path)[3]
    assert set(Person.objects.values_list("given_names", flat=True)) == {"Tyler"}
    assert not ImportSetAside.objects.exists()


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
    assert "0 created, 1 updated, 1 unchanged, 0 rejected (2 rows)" in out
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


def test_a_rerun_lists_a_bad_value_once_and_leaves_what_is_held(tmp_path):
    run(write(tmp_path, [AMELIA]))
    bad = list(AMELIA)
    bad[6] = "999 000 1015"
    out = run(write(tmp_path, [bad], name="again.csv"))
    assert "0 created, 0 updated, 1 unchanged" in out and "1 value set aside for review" in out
    out = run(write(tmp_path, [bad], name="once-more.csv"))
    assert "1 value set aside for review (1 already on the list)" in out
    assert "[already on the review list]" in out
    assert ImportSetAside.objects.count() == 1
    assert Person.objects.get().nhs_number == "9990001006"  # the good number held is not replaced


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


def test_many_rows_over_several_batches_lose_nobody(tmp_path):
    rows = []
    for n in range(1100):  # more than two batches of 500
        rows.append([f"S{n}", f"Child{n}", "Hartley", "", "2015-03-14", "F", "", "", "", ""])
    rows[420][4] = "30/02/2015"
    rows[1099][6] = "999 000 1015"
    path = write(tmp_path, rows)
    out = run(path)
    assert "1100 created, 0 updated, 0 unchanged, 0 rejected (1100 rows); 2 values set aside for review" in out
    assert Person.objects.count() == 1100
    assert sorted(ImportSetAside.objects.values_list("row_number", flat=True)) == [422, 1101]  # header is row 1
    assert ImportRun.objects.get().last_row == 1101


def test_a_batch_the_database_refuses_is_saved_row_by_row_and_only_the_refused_row_is_lost(tmp_path, monkeypatch):
    from django.db import IntegrityError

    def refuse(self, batch, outcome):
        raise IntegrityError("the batch was refused")

    real = importing.person_import_record

    def flaky(record, *, source):
        if record.source_id == "10235":
            Person.objects.create(council_id="NBBROKEN", family_name="Half-saved")
            raise IntegrityError("the database said no")
        return real(record, source=source)

    monkeypatch.setattr(importing._Importer, "_save_in_bulk", refuse)
    monkeypatch.setattr(importing, "person_import_record", flaky)
    bad = list(AMELIA)
    bad[6] = "999 000 1015"
    path = write(tmp_path, [bad, TYLER])
    out = run(path)
    assert "1 created, 0 updated, 0 unchanged, 1 rejected (2 rows); 1 value set aside" in out
    assert "could not be saved: the database said no" in rejects(path)[3]
    assert list(Person.objects.values_list("given_names", flat=True)) == ["Amelia"]  # no half-saved row
    assert ImportSetAside.objects.get().field == "nhs_number"
    assert ImportRun.objects.get().refused[0]["source_id"] == "10235"


def test_someone_adding_a_person_during_the_import_does_not_stop_it(tmp_path, monkeypatch):
    """The bulk path hands out council ids itself; a person added meanwhile by a front-door
    officer takes the next one, the database refuses the batch, and it is saved row by row."""
    real = importing.index_persons
    added = []

    def someone_adds_a_person(ids):
        real(ids)
        if not added:
            top = max(Person.objects.values_list("council_id", flat=True))
            added.append(Person.objects.create(council_id=f"NB{int(top[2:]) + 1:07d}", family_name="Walk-in"))

    monkeypatch.setattr(importing, "index_persons", someone_adds_a_person)
    rows = [[f"S{n}", f"Child{n}", "Hartley", "", "", "", "", "", "", ""] for n in range(4)]
    out = run(write(tmp_path, rows), "--batch-size", "2")
    assert "4 created, 0 updated, 0 unchanged, 0 rejected (4 rows)" in out
    assert Person.objects.count() == 5
    assert Person.objects.get(family_name="Walk-in").council_id == added[0].council_id


def test_a_dry_run_changes_nothing(tmp_path):
    bad = list(TYLER)
    bad[6] = "999 000 1015"
    no_name = ["10236", "", "", "", "", "", "", "", "", ""]
    path = write(tmp_path, [AMELIA, bad, no_name])
    entries_before = AuditEntry.objects.count()
    out = run(path, "--dry-run")
    assert "Dry run, nothing changed: 2 would be created, 0 would be updated, 0 unchanged, 1 rejected (3 rows)" in out
    assert "1 value would be set aside for review" in out
    assert not Person.objects.exists() and not ImportSetAside.objects.exists() and not ImportRun.objects.exists()
    assert AuditEntry.objects.count() == entries_before
    assert list(rejects(path)) == [4]


def test_the_rejects_file_can_be_corrected_and_imported(tmp_path):
    nameless = list(TYLER)
    nameless[1] = nameless[2] = ""
    path = write(tmp_path, [AMELIA, nameless])
    run(path)
    rejected = tmp_path / "people.rejects.csv"
    with rejected.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["row", "reason", *HEADER]
    rows[1][2 + HEADER.index("given_name")] = "Tyler"
    rows[1][2 + HEADER.index("family_name")] = "Hartley"
    with rejected.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    out = run(rejected)
    assert "Columns not used: row, reason" in out
    assert "1 created" in out and "0 rejected" in out
    assert Person.objects.get(given_names="Tyler").date_of_birth == dt.date(2010, 9, 2)


def test_an_interrupted_import_carries_on_where_it_stopped_without_duplicates(tmp_path, monkeypatch):
    rows = [[f"S{n}", f"Child{n}", "Hartley", "", "2015-03-14", "F", "", "", "", ""] for n in range(10)]
    rows[1][0] = ""  # rejected
    rows[2][6] = "999 000 1015"  # set aside
    rows[7][4] = "2099-01-01"  # set aside
    path = write(tmp_path, rows)
    real = importing._Importer.save_batch
    saved = []

    def stopped_after_two_batches(self):
        real(self)
        saved.append(self.last_row)
        if len(saved) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(importing._Importer, "save_batch", stopped_after_two_batches)
    with pytest.raises(CommandError, match="Every row up to row 8 is saved: run the same command again"):
        run(path, "--batch-size", "3")
    assert Person.objects.count() == 6  # two batches of three people (and the row rejected between)
    monkeypatch.setattr(importing._Importer, "save_batch", real)

    out = run(path, "--batch-size", "3")
    assert "Carried on after row 8, where an earlier run of this file stopped" in out
    assert "9 created, 0 updated, 0 unchanged, 1 rejected (10 rows); 2 values set aside for review" in out
    assert Person.objects.count() == 9
    assert PersonIdentifier.objects.filter(kind="legacy").count() == 9
    assert ImportSetAside.objects.count() == 2
    assert list(rejects(path)) == [3]  # the rejection before the stop is still in the rejects file
    run_record = ImportRun.objects.get()
    assert run_record.finished_at is not None and run_record.rows == 10 and run_record.created == 9

    # A finished file read again: every row already there.
    again = run(path)
    assert "0 created, 0 updated, 9 unchanged, 1 rejected (10 rows)" in again
    assert "--restart" not in again and Person.objects.count() == 9


def test_restart_reads_an_interrupted_file_from_the_start(tmp_path, monkeypatch):
    rows = [[f"S{n}", f"Child{n}", "Hartley", "", "", "", "", "", "", ""] for n in range(4)]
    path = write(tmp_path, rows)

    def stop(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(importing._Importer, "save_batch", stop)
    with pytest.raises(CommandError, match="up to row 1 is saved"):
        run(path, "--batch-size", "2")
    monkeypatch.undo()
    out = run(path, "--restart")
    assert "Carried on" not in out and "4 created" in out
    assert ImportRun.objects.filter(finished_at__isnull=True).count() == 0


def test_the_example_in_the_docs_imports_as_it_says(tmp_path):
    doc = (Path(settings.BASE_DIR) / "docs" / "import-format.md").read_text()
    example = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.csv"
    path.write_text(example)
    out = run(path)
    assert "5 created, 0 updated, 0 unchanged, 1 rejected (6 rows); 1 value set aside for review" in out
    assert "Row 6 (10238): date_of_birth '31/02/2016' is not a real date" in out
    assert "Row 7: no name: give a given_name, a family_name or a preferred_name" in out
    assert Person.objects.get(given_names="Ben").date_of_birth is None
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
