"""The import review screens over HTTP: business support works through the values an import set aside."""

import csv
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry, AuditSubject
from jigsaw.people.models import ImportSetAside, Person

pytestmark = pytest.mark.django_db

HEADER = ["source_id", "given_name", "family_name", "date_of_birth", "nhs_number"]


@pytest.fixture
def imported(tmp_path: Path) -> dict[str, Person]:
    """Two people imported with a bad value each; the second's record is then restricted (LADO)."""
    path = tmp_path / "people.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(["10234", "Amelia", "O'Hartley", "14/03/2015", "999 000 1015"])
        writer.writerow(["10235", "Dawn", "Pike", "31/02/1983", "9990001022"])
    call_command("import_people", str(path), stdout=StringIO())
    amelia = Person.objects.get(given_names="Amelia")
    dawn = Person.objects.get(given_names="Dawn")
    Person.objects.filter(pk=dawn.pk).update(restricted_area="lado")
    return {"amelia": amelia, "dawn": dawn}


def test_business_support_works_through_a_value_set_aside(signed_in, imported):
    amelia = imported["amelia"]
    client = signed_in(Role.BUSINESS_SUPPORT)
    page = unescape(client.get("/people/import-review/").content.decode())
    assert "Values set aside by imports" in page
    assert "1 value to check." in page
    assert "Amelia O'Hartley" in page and "NHS number" in page and "999 000 1015" in page
    assert "fails its check digit: it is mistyped or not an NHS number" in page
    assert "people.csv, row 2" in page
    assert "Dawn" not in page and "31/02/1983" not in page  # a restricted record: not even counted
    item = ImportSetAside.objects.get(person=amelia)
    assert f'href="/people/import-review/{item.pk}/"' in page
    viewed = AuditEntry.objects.get(kind="view", purpose="import review list", actor=client.user)
    assert AuditSubject.objects.filter(entry=viewed, person_id=amelia.pk).exists()

    page = client.get(f"/people/import-review/{item.pk}/").content.decode()
    assert f'href="/people/{amelia.pk}/change/"' in page  # the record to correct
    assert "999 000 1015" in page

    response = client.post(f"/people/import-review/{item.pk}/", {"note": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter what you did about this value" in page

    note = "Checked with the GP: the right number is on the record now"
    response = client.post(f"/people/import-review/{item.pk}/", {"note": note}, follow=True)
    page = unescape(response.content.decode())
    assert "NHS number of Amelia O'Hartley marked as resolved" in page and "marked as resolved" in page
    assert "There are no values to check." in page
    item.refresh_from_db()
    assert (item.resolved_by, item.resolution) == (client.user, note)
    assert AuditEntry.objects.filter(
        kind="update", actor=client.user, subject_person_id=amelia.pk, purpose="resolved a value set aside by an import"
    ).exists()

    resolved = unescape(client.get("/people/import-review/?show=resolved").content.decode())
    assert note in resolved
    again = client.post(f"/people/import-review/{item.pk}/", {"note": "twice"})
    assert "twice" not in ImportSetAside.objects.get(pk=item.pk).resolution
    assert "Resolved" in again.content.decode()


def test_a_restricted_records_value_is_invisible_outside_its_team(signed_in, imported):
    item = ImportSetAside.objects.get(person=imported["dawn"])
    client = signed_in(Role.BUSINESS_SUPPORT)
    assert client.get(f"/people/import-review/{item.pk}/").status_code == 404
    assert client.post(f"/people/import-review/{item.pk}/", {"note": "x"}).status_code == 404
    assert ImportSetAside.objects.get(pk=item.pk).resolved_at is None


def test_the_data_protection_officer_may_resolve_but_is_sent_to_someone_who_may_change_the_record(signed_in, imported):
    item = ImportSetAside.objects.get(person=imported["amelia"])
    client = signed_in(Role.DATA_PROTECTION_OFFICER)
    page = unescape(client.get(f"/people/import-review/{item.pk}/").content.decode())
    assert f"/people/{imported['amelia'].pk}/change/" not in page
    assert "ask someone who can change people's details" in page
    client.post(f"/people/import-review/{item.pk}/", {"note": "Not this child's number: removed from the file"})
    assert ImportSetAside.objects.get(pk=item.pk).resolved_by == client.user


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PARTNER_PRACTITIONER, Role.SYSTEM_ADMINISTRATOR])
def test_others_may_not_see_the_review_list(signed_in, imported, role):
    item = ImportSetAside.objects.get(person=imported["amelia"])
    client = signed_in(role)
    assert client.get("/people/import-review/").status_code == 403
    assert client.get(f"/people/import-review/{item.pk}/").status_code == 403
