"""GET /api/v1/people/{id}: the record, through the access policy, audited; 404 when not visible."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.people.models import PersonName
from jigsaw.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def person_url(person_or_id) -> str:
    return reverse("api:person-detail", args=[getattr(person_or_id, "pk", person_or_id)])


@pytest.fixture
def child():
    child = PersonFactory(
        given_names="Amelia", family_name="Hartley", date_of_birth=dt.date(2016, 5, 9), nhs_number="9434765919"
    )
    AddressFactory(person=child, line_1="1 Old Road", postcode="LS2 7AB", lived_to=dt.date(2020, 1, 1))
    AddressFactory(person=child, line_1="14 Acacia Avenue", postcode="LS1 4AP", lived_from=dt.date(2020, 1, 2))
    PersonName.objects.create(person=child, kind="previous", given_names="Amelia", family_name="Stone")
    return child


def test_a_social_worker_reads_the_whole_record(api_as, child):
    client = api_as(Role.SOCIAL_WORKER)
    mother = PersonFactory(given_names="Rachel", family_name="Hartley")
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    InvolvementFactory(person=child, service="Child protection")

    response = client.get(person_url(child))

    assert response.status_code == 200
    body = response.json()
    assert body["display_name"] == "Amelia Hartley"
    assert body["date_of_birth"] == "2016-05-09"
    assert body["nhs_number"] == "9434765919"
    assert body["current_address"]["line_1"] == "14 Acacia Avenue"
    assert body["current_address"]["postcode"] == "LS1 4AP"
    assert [n["family_name"] for n in body["other_names"]] == ["Stone"]
    assert [s["service"] for s in body["open_services"]] == ["Child protection"]
    assert [(m["relationship"], m["person"]["id"]) for m in body["family"]] == [("Parent", mother.pk)]


def test_relatives_the_user_may_not_see_are_left_out_of_the_family(api_as, child):
    client = api_as(Role.SOCIAL_WORKER)
    hidden = PersonFactory(family_name="Hartley", restricted_area=RestrictedArea.LADO)
    sister = PersonFactory(family_name="Hartley")
    RelationshipFactory(from_person=hidden, to_person=child, kind="parent")
    RelationshipFactory(from_person=sister, to_person=child, kind="sibling")

    family = client.get(person_url(child)).json()["family"]

    assert [m["person"]["id"] for m in family] == [sister.pk]
    assert hidden.council_id not in str(family)


def test_a_restricted_record_is_404_like_one_that_does_not_exist(api_as):
    client = api_as(Role.SOCIAL_WORKER)
    restricted = PersonFactory(restricted_area=RestrictedArea.LADO)

    hidden = client.get(person_url(restricted))
    missing = client.get(person_url(restricted.pk + 1000))

    assert hidden.status_code == 404
    assert missing.status_code == 404
    assert hidden.json() == missing.json()
    assert not AuditEntry.objects.filter(kind=AuditKind.VIEW).exists()


def test_the_lado_team_does_see_its_own_restricted_record(api_as):
    client = api_as(Role.LADO_OFFICER)
    restricted = PersonFactory(restricted_area=RestrictedArea.LADO)
    assert client.get(person_url(restricted)).status_code == 200


def test_a_partner_practitioner_reads_only_people_they_are_involved_with(api_as):
    client = api_as(Role.PARTNER_PRACTITIONER)
    theirs, other = PersonFactory(), PersonFactory()
    InvolvementFactory(user=client.user, person=theirs, kind="invited", service="Child protection")

    assert client.get(person_url(theirs)).status_code == 200
    assert client.get(person_url(other)).status_code == 404


def test_reading_a_record_is_audited_as_the_tokens_user(api_as, child):
    client = api_as(Role.SOCIAL_WORKER)

    client.get(person_url(child), {"purpose": "Strategy discussion"})

    entry = AuditEntry.objects.get(kind=AuditKind.VIEW)
    assert entry.actor == client.user
    assert entry.subject_person_id == child.pk
    assert client.secret[:12] in entry.purpose
    assert "Strategy discussion" in entry.purpose


def test_a_merged_duplicate_points_to_the_record_kept(api_as):
    client = api_as(Role.SOCIAL_WORKER)
    kept = PersonFactory()
    duplicate = PersonFactory(merged_into=kept)

    assert client.get(person_url(duplicate)).json()["merged_into"] == kept.pk


def test_unauthenticated_reads_are_refused_before_looking_anything_up(child):
    assert APIClient().get(person_url(child)).status_code == 401
    assert not AuditEntry.objects.filter(kind=AuditKind.VIEW).exists()
