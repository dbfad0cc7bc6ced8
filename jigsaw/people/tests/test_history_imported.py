"""A person made by the legacy import has a history: the batch's one audit entry, linked to
each person it created (AuditSubject), shows on each person's history with their part only."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from jigsaw.access.choices import Role
from jigsaw.people.models import Person
from jigsaw.people.selectors import person_history
from jigsaw.people.services import person_update

pytestmark = pytest.mark.django_db

HEADER = ["source_id", "given_name", "family_name", "date_of_birth", "sex", "nhs_number", "address", "postcode"]
# Synthetic people: NHS numbers from the NHS test range.
AMELIA = ["10234", "Amelia", "Hartley", "14/03/2015", "F", "999 000 1006", "12 Mill Road, Northbridge", "NB3 4QP"]
TYLER = ["10235", "Tyler", "Hartley", "2010-09-02", "male", "9990001014", "12 Mill Road, Northbridge", "NB3 4QP"]


def _import(tmp_path) -> None:
    path = tmp_path / "people.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([AMELIA, TYLER])
    call_command("import_people", str(path), stdout=StringIO())


def test_an_imported_person_history_shows_their_creation_and_nobody_elses_details(tmp_path, signed_in):
    _import(tmp_path)
    amelia = Person.objects.get(given_names="Amelia")
    client = signed_in(Role.SOCIAL_WORKER)

    page = client.get(f"/people/{amelia.pk}/history/").content.decode()
    assert "No changes recorded" not in page
    assert "Person created" in page and "imported from" in page
    assert "legacy 10234" in page and "9990001006" in page  # what was recorded for Amelia
    assert "10235" not in page and "9990001014" not in page  # nothing of Tyler, imported in the same batch


def test_a_later_change_is_listed_above_the_import(tmp_path, make_user):
    _import(tmp_path)
    worker = make_user(Role.SOCIAL_WORKER)
    tyler = Person.objects.get(given_names="Tyler")
    person_update(actor=worker, person=tyler, data={"school": "Hillside"}, expected_version=tyler.version)
    versions = person_history(user=worker, person=tyler)
    assert [v.kind for v in versions] == ["Changed", "Created"]
    assert versions[1].snapshot["legacy id"] == "legacy 10235"
    assert "10234" not in str(versions[1].snapshot)
