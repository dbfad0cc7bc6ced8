"""POST /api/v1/contacts: a partner agency's system sends a contact."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.api.services import api_token_issue
from jigsaw.frontdoor.models import Contact
from jigsaw.people.models import Person
from jigsaw.timescales.models import Clock

from .conftest import at

pytestmark = pytest.mark.django_db
URL = "/api/v1/contacts"


@pytest.fixture
def api_as(make_user):
    def _client(role: str = Role.PARTNER_PRACTITIONER, **fields) -> APIClient:
        user = make_user(role, **fields)
        client = APIClient()
        client.credentials(
            HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=None, user=user, name='Case system', days=30).secret}"
        )
        client.user = user
        return client

    return _client


def body(**overrides) -> dict:
    data = {
        "family_aware": "no",
        "consent": "not_sought",
        "consent_reason": "Telling the family could put the children at risk",
        "lawful_basis": "safeguarding",
        "worries": "Officers attended a domestic incident at 2am; two children were in the house.",
        "relationship_to_family": "Attending officer",
        "children": [
            {
                "given_names": "Kai",
                "family_name": "Doyle",
                "date_of_birth": "2018-04-02",
                "relationship": "Child in the house",
            }
        ],
    }
    data.update(overrides)
    return data


def test_the_route_is_named(db):
    assert reverse("api:contact-create") == URL


def test_a_police_token_sends_a_contact_from_the_police(api_as, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    client = api_as(Role.PARTNER_PRACTITIONER, job_title="Police constable")

    response = client.post(URL, body(received_at="2026-11-19T09:15:00Z"), format="json")

    assert response.status_code == 201, response.json()
    receipt = response.json()
    contact = Contact.objects.get(pk=receipt["id"])
    assert contact.caller_agency == client.user.agency
    assert contact.caller_agency.name == "Northbridge Police"
    assert (contact.channel, contact.caller_kind, contact.source) == ("api", "professional", "6")
    assert contact.caller_name == client.user.full_name
    assert contact.caller_role == "Police constable"
    assert contact.recorded_by == client.user
    assert receipt == {
        "id": contact.pk,
        "reference": contact.reference,
        "received_at": "2026-11-19T09:15:00Z",
        "decision_due_on": "2026-11-20",
        "status": "awaiting_decision",
        "children": 1,
        "adults": 0,
    }


def test_a_child_the_partner_does_not_know_is_held_for_the_front_door_to_link(api_as, time_machine, make_user):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    client = api_as(Role.PARTNER_PRACTITIONER)
    response = client.post(URL, body(), format="json")
    assert response.status_code == 201
    row = Contact.objects.get().people.get()
    # A partner may not add people to the index: the details wait for the front door.
    assert row.person is None and row.details_name == "Kai Doyle"
    assert row.details["date_of_birth"] == "2018-04-02"
    assert not Person.objects.exists()
    # ...which sees the contact in its queue even though no child is linked yet.
    from jigsaw.frontdoor.selectors import contact_list

    assert [line.contact.pk for line in contact_list(user=make_user(Role.BUSINESS_SUPPORT))] == [row.contact_id]


def test_details_that_surely_match_a_known_child_are_linked_without_telling_the_sender(api_as, time_machine, family):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    client = api_as(Role.PARTNER_PRACTITIONER)
    child = family["child"]
    response = client.post(
        URL,
        body(children=[{"given_names": "Amelia", "family_name": "Rowntree", "date_of_birth": "2015-03-02"}]),
        format="json",
    )
    assert response.status_code == 201
    assert "Amelia" not in response.content.decode() and str(child.pk) not in response.json().values()
    row = Contact.objects.get().people.get()
    assert row.person == child
    assert row.details["linked"] == "automatically, from the details sent"
    assert Clock.objects.get(rule_key="referral_decision").person == child


def test_a_known_child_by_id_needs_an_involvement(api_as, time_machine, family):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    client = api_as(Role.PARTNER_PRACTITIONER)
    child = family["child"]
    refused = client.post(URL, body(children=[{"person_id": child.pk}]), format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "children": [f"No person with id {child.pk} is visible to you: send their details instead"]
    }
    InvolvementFactory(user=client.user, person=child, kind="invited", service="Child protection")
    response = client.post(URL, body(children=[{"person_id": child.pk}]), format="json")
    assert response.status_code == 201
    assert Contact.objects.get().people.get().person == child


def test_a_front_door_token_creates_new_people(api_as, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    client = api_as(Role.BUSINESS_SUPPORT)
    response = client.post(
        URL, body(adults=[{"given_names": "Dean", "family_name": "Doyle", "relationship": "Father"}]), format="json"
    )
    assert response.status_code == 201
    rows = list(Contact.objects.get().people.select_related("person").order_by("role"))
    assert [(r.role, r.person.display_name) for r in rows] == [("adult", "Dean Doyle"), ("child", "Kai Doyle")]
    assert rows[1].person.date_of_birth == dt.date(2018, 4, 2)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"consent": "refused", "consent_reason": ""}, {"consent_reason": ["Enter why consent was refused"]}),
        ({"children": []}, {"children": ["Send at least one child"]}),
        ({"worries": ""}, {"worries": ["Enter the worries, in the caller's words"]}),
        ({"consent": "maybe"}, {"consent": ["Consent to share must be one of: given, refused, not_sought"]}),
        (
            {"children": [{"family_name": "Doyle", "date_of_birth": "2018-02-30"}]},
            {
                "children": {
                    "0": {
                        "date_of_birth": ["Date of birth must be a real date, written as YYYY-MM-DD, like 2015-03-27"]
                    }
                }
            },
        ),
        (
            {"children": [{"relationship": "Son"}]},
            {
                "children": {
                    "0": {"non_field_errors": ["Send the person's id, or at least a given name or a family name"]}
                }
            },
        ),
        ({"shoe_size": 9}, {"shoe_size": ["shoe_size is not a field of a contact"]}),
    ],
)
def test_bad_contacts_get_plain_messages_per_field(api_as, time_machine, overrides, expected):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    response = api_as().post(URL, body(**overrides), format="json")
    assert response.status_code == 400
    assert response.json() == expected
    assert not Contact.objects.exists()


def test_a_contact_from_the_future_is_refused_by_the_service(api_as, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    response = api_as().post(URL, body(received_at="2026-12-01T09:00:00Z"), format="json")
    assert response.status_code == 400
    assert response.json() == {"received_at": ["The date and time the contact was received must be now or in the past"]}


def test_no_token_is_401_and_a_role_without_the_api_is_403(api_as):
    assert APIClient().post(URL, body(), format="json").status_code == 401
    client = api_as(Role.PARTNER_PRACTITIONER)
    client.user.role = Role.ANALYST  # the user's role changed after the token was issued
    client.user.save()
    assert client.post(URL, body(), format="json").status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.parametrize("role", [Role.DATA_PROTECTION_OFFICER, Role.LADO_OFFICER, Role.YOUTH_JUSTICE_OFFICER])
def test_a_role_that_may_use_the_api_but_not_send_contacts_is_403_whatever_it_sends(api_as, role):
    client = api_as(role)
    for sent in (body(), {"worries": ""}):  # a good body, and one that would be a 400
        response = client.post(URL, sent, format="json")
        assert response.status_code == 403
        assert response.json()["detail"] == "Your role does not include sending contacts to the front door"
    assert not Contact.objects.exists()
