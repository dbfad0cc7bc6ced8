"""A realistic migration: the demo council exported as an old system's file, about 2% of rows
with one bad value each, imported with `import_people`. Nobody may be lost."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from jigsaw.demo.legacy_file import write_legacy_file
from jigsaw.people.models import ImportSetAside, Person, PersonIdentifier


@pytest.mark.django_db
def test_every_person_in_a_realistic_file_is_imported_and_every_bad_value_set_aside(tmp_path):
    legacy = write_legacy_file(
        tmp_path / "legacy.csv", people=1200, seed=11, as_of=timezone.localdate(), bad_share=0.02
    )
    assert legacy.rows >= 1200 and 12 <= len(legacy.bad) <= 50  # about 2%, and the test means something

    out = StringIO()
    call_command("import_people", str(legacy.path), "--source", "carefirst", stdout=out)
    assert f"{legacy.rows} created, 0 updated, 0 unchanged, 0 rejected ({legacy.rows} rows)" in out.getvalue()

    # Every distinct person in the file exists afterwards, under their own name.
    imported = dict(
        PersonIdentifier.objects.filter(kind="legacy", source="carefirst").values_list("value", "person_id")
    )
    assert set(imported) == set(legacy.people)
    people = Person.objects.in_bulk(imported.values())
    for source_id, (given, family) in legacy.people.items():
        person = people[imported[source_id]]
        assert (person.given_names, person.family_name) == (given, family), source_id

    # Each bad value is on the review list, against the right person and column, and not on the record.
    listed = {(i.source_id, i.field): i for i in ImportSetAside.objects.select_related("person")}
    assert set(listed) == {(source_id, column) for source_id, (column, _kind) in legacy.bad.items()}
    for (source_id, column), item in listed.items():
        assert item.person_id == imported[source_id]
        assert item.reason.startswith(column)
        if column == "nhs_number":
            assert item.person.nhs_number == ""
        if column == "date_of_birth":
            assert item.person.date_of_birth is None

    # Run again: nobody twice, nothing listed twice.
    again = StringIO()
    call_command("import_people", str(legacy.path), "--source", "carefirst", stdout=again)
    assert f"0 created, 0 updated, {legacy.rows} unchanged" in again.getvalue()
    assert Person.objects.count() == legacy.rows
    assert ImportSetAside.objects.count() == len(legacy.bad)
