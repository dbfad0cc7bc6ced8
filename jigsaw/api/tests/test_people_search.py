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

    assert body == {"results": [], "household": [], "warnings": []}


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
        ({"date_of_birth": "27/03/2015"}, "date_of_birth", "Date of birth must be a real date"),
        ({"postcode": "L" * 11}, "postcode", "Postcode must be 10 characters or fewer"),
        ({"sex": "X"}, "sex", "Sex must be F (female), M (male)"),
        ({"given_name": "A" * 101}, "given_name", "Given name must be 100 characters or fewer"),
        ({"given_name": "Jay\x00den"}, "given_name", "Given name must not contain a NUL character"),
        ({"nhs_number": "9434765919", "limit": "1_0"}, "limit", "Limit must be a whole number"),
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
    for query in (
        {"family_name": "Smyth", "postcode": "ls14ap"},
        {"family_name": "Smyth", "postcode": "LS1"},
        {"nhs_number": "943 476 5919"},
    ):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert response.json()["warnings"] == []


def test_a_mistyped_nhs_number_is_a_hint_the_search_is_made_without_it_and_says_so(api_as, family):
    jayden, _sister, _other = family
    client = api_as(Role.SOCIAL_WORKER)

    response = client.get(URL, {"given_name": "Jayden", "family_name": "Smyth", "nhs_number": "943 476 5918"})

    assert response.status_code == 200
    body = response.json()
    assert body["warnings"] == [
        "The NHS number 943 476 5918 is not valid (its check digit is wrong), so the search was made without it"
    ]
    assert body["results"][0]["id"] == jayden.pk
    searched = AuditEntry.objects.get(kind=AuditKind.SEARCH).additional_data["query"]
    assert "nhs_number" not in searched
    assert searched["family_name"] == "Smyth"


@pytest.mark.parametrize(
    ("query", "warning"),
    [
        ({"nhs_number": "12345"}, "The NHS number 12345 is not 10 digits long, so the search was made without it"),
        (
            {"postcode": "QQ1 1QQ"},
            "The postcode QQ1 1QQ is not a UK postcode or the first part of one, so the search was made without it",
        ),
        (
            {"upn": "123"},
            "The unique pupil number 123 is not a letter then 12 numbers, so the search was made without it",
        ),
        ({"middle_names": "Lee"}, "Middle names are used only with a given name, so the search was made without it"),
    ],
)
def test_details_that_cannot_be_right_are_left_out_with_a_warning(api_as, family, query, warning):
    response = api_as(Role.SOCIAL_WORKER).get(URL, {"family_name": "Smyth", **query})

    assert response.status_code == 200
    assert response.json()["warnings"] == [warning]
    assert {r["display_name"] for r in response.json()["results"]} >= {"Jayden Smyth", "Kelly Smyth"}


def test_a_search_with_only_a_mistyped_nhs_number_is_a_400_saying_why(api_as, family):
    response = api_as(Role.SOCIAL_WORKER).get(URL, {"nhs_number": "9434765918", "purpose": "Referral"})

    assert response.status_code == 400
    assert response.json() == {
        "nhs_number": [
            "The NHS number 943 476 5918 is not valid (its check digit is wrong). "
            "Give it correctly, or another detail to search for"
        ]
    }
    assert not AuditEntry.objects.filter(kind=AuditKind.SEARCH).exists()


def test_middle_names_are_searched_as_the_given_names_after_the_first(api_as):
    lee = PersonFactory(given_names="Lee", family_name="Gardiner", date_of_birth=dt.date(2013, 6, 9), sex="M")
    index(lee)
    client = api_as(Role.SOCIAL_WORKER)
    query = {"given_name": "Jayden", "family_name": "Gardiner", "date_of_birth": "2013-06-09"}

    without = client.get(URL, query).json()["results"][0]
    with_middle = client.get(URL, {**query, "middle_names": "Lee"}).json()

    assert with_middle["warnings"] == []
    best = with_middle["results"][0]
    assert best["id"] == without["id"] == lee.pk
    # Known by his middle name: the search now sees that his first name is one of the given names.
    assert "different first name (Jayden / Lee)" in without["reasons"]
    assert "different first name (Jayden / Lee)" not in best["reasons"]
    assert any("middle" in r for r in best["reasons"])
    searched = AuditEntry.objects.filter(kind=AuditKind.SEARCH).latest("sequence").additional_data["query"]
    # Middle names are a field of the search itself, not text added to the given name.
    assert searched["given_name"] == "Jayden"
    assert searched["middle_names"] == "Lee"


def test_an_analysts_token_cannot_search(api_as, family):
    client = api_as(Role.SOCIAL_WORKER)
    client.user.role = Role.ANALYST
    client.user.save()

    assert client.get(URL, {"family_name": "Smyth"}).status_code == 403
    assert not AuditEntry.objects.filter(kind=AuditKind.SEARCH).exists()
