"""GET /api/v1/people/search: ranked, explained, scoped to the token's user, audited; clear 400s."""

import datetime as dt

import pytest
from django.urls import reverse

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.people.tests.factories import AddressFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/people/search"


def index(*people) -> None:
    from jigsaw.people.matching import index_persons

    index_persons([p.pk for p in people])


@pytest.fixture
def family():
    """Two Smyth children and an unrelated Smith with another birthday, all synthetic."""
    jayden = PersonFactory(given_names="Jayden", family_name="Smyth", date_of_birth=dt.date(2015, 3, 27), sex="M")
    sister = PersonFactory(given_names="Kelly", family_name="Smyth", date_of_birth=dt.date(2012, 8, 1), sex="F")
    other = PersonFactory(given_names="Jordan", family_name="Smith", date_of_birth=dt.date(2001, 1, 5), sex="M")
    AddressFactory(person=jayden, line_1="14 Acacia Avenue", postcode="LS1 4AP")
    AddressFactory(person=sister, line_1="14 Acacia Avenue", postcode="LS1 4AP")
    index(jayden, sister, other)
    return jayden, sister, other


def test_the_url_is_the_documented_one():
    assert reverse("api:person-search") == URL


def test_a_social_worker_finds_the_child_despite_a_typo_ranked_with_reasons(api_as, family):
    jayden, _sister, _other = family
    InvolvementFactory(person=jayden, service="Child in need")
    client = api_as(Role.SOCIAL_WORKER)

    response = client.get(URL, {"given_name": "Jaden", "family_name": "Smith", "date_of_birth": "2015-03-27"})

    assert response.status_code == 200
    body = response.json()
    best = body["results"][0]
    assert best["id"] == jayden.pk
    assert best["council_id"] == jayden.council_id
    assert best["display_name"] == "Jayden Smyth"
    assert best["date_of_birth"] == "2015-03-27"
    assert best["reasons"]
    assert best["confidence"] in ("high", "possible", "low")
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert [s["service"] for s in best["open_services"]] == ["Child in need"]
    assert set(best["open_services"][0]) == {"service", "worker", "kind", "since"}
    assert isinstance(body["household"], list)


def test_a_partner_practitioner_only_finds_people_they_are_involved_with(api_as, family):
    jayden, sister, _other = family
    client = api_as(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=client.user, person=sister, kind="invited", service="Child protection")

    body = client.get(URL, {"family_name": "Smyth"}).json()

    found = {r["id"] for r in body["results"]} | {r["id"] for r in body["household"]}
    assert sister.pk in found
    assert jayden.pk not in found


def test_a_restricted_person_is_never_found_by_a_social_worker(api_as):
    hidden = PersonFactory(
        given_names="Morwenna",
        family_name="Trelawney",
        date_of_birth=dt.date(1980, 2, 2),
        restricted_area=RestrictedArea.LADO,
    )
    index(hidden)
    client = api_as(Role.SOCIAL_WORKER)

    body = client.get(URL, {"given_name": "Morwenna", "family_name": "Trelawney", "date_of_birth": "1980-02-02"}).json()

    assert body == {"results": [], "household": []}


def test_searching_is_audited_as_the_tokens_user(api_as, family):
    jayden, _sister, _other = family
    client = api_as(Role.SOCIAL_WORKER)

    client.get(URL, {"given_name": "Jayden", "family_name": "Smyth", "purpose": "Referral from school"})

    entry = AuditEntry.objects.get(kind=AuditKind.SEARCH)
    assert entry.actor == client.user
    assert client.secret[:12] in entry.purpose
    assert "Referral from school" in entry.purpose
    assert entry.additional_data["query"]["family_name"] == "Smyth"
    assert jayden.pk in entry.additional_data["results"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"date_of_birth": "2015-02-30"}, "date_of_birth", "Date of birth must be a real date"),
        ({"date_of_birth": "next tuesday"}, "date_of_birth", "Date of birth must be a real date"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "Date of birth must be today or in the past"),
        ({"nhs_number": "12345"}, "nhs_number", "Enter an NHS number that is 10 digits long"),
        ({"nhs_number": "9434765918"}, "nhs_number", "fails its check digit"),
        ({"postcode": "QQ1 1QQ"}, "postcode", "Enter a real UK postcode"),
        ({"postcode": "L" * 11}, "postcode", "Postcode must be 10 characters or fewer"),
        ({"sex": "X"}, "sex", "Sex must be F (female), M (male)"),
        ({"upn": "123"}, "upn", "Enter a unique pupil number of 13 characters"),
        ({"given_name": "A" * 101}, "given_name", "Given name must be 100 characters or fewer"),
        ({"dob": "2015-03-27"}, "dob", "dob is not a search field"),
        ({"family_name": "Smyth", "limit": "0"}, "limit", "Limit must be between 1 and 50"),
    ],
)
def test_bad_details_get_a_400_with_a_plain_english_message_for_that_field(api_as, query, field, message):
    client = api_as(Role.SOCIAL_WORKER)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not AuditEntry.objects.filter(kind=AuditKind.SEARCH).exists()


@pytest.mark.parametrize("query", [{}, {"given_name": "  ", "postcode": ""}, {"purpose": "Checking", "limit": "5"}])
def test_an_empty_search_is_a_400(api_as, query):
    response = api_as(Role.SOCIAL_WORKER).get(URL, query)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Enter at least one detail to search for"]}


def test_search_accepts_a_full_or_partial_postcode_and_a_spaced_nhs_number(api_as, family):
    client = api_as(Role.SOCIAL_WORKER)
    assert client.get(URL, {"family_name": "Smyth", "postcode": "ls14ap"}).status_code == 200
    assert client.get(URL, {"family_name": "Smyth", "postcode": "LS1"}).status_code == 200
    assert client.get(URL, {"nhs_number": "943 476 5919"}).status_code == 200


def test_an_analysts_token_cannot_search(api_as, family):
    client = api_as(Role.SOCIAL_WORKER)
    client.user.role = Role.ANALYST
    client.user.save()

    assert client.get(URL, {"family_name": "Smyth"}).status_code == 403
    assert not AuditEntry.objects.filter(kind=AuditKind.SEARCH).exists()
