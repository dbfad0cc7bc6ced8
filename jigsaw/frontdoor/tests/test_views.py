"""The front door screens: the contact question flow, the contact page with its decision,
the episode page, the queue and timeliness; typed input kept on every error; access as 404."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.frontdoor.models import Contact, Episode
from jigsaw.frontdoor.services import PersonEntry, contact_record, decision_record

from .conftest import at

pytestmark = pytest.mark.django_db


def date_post(name: str, d: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(d.day), f"{name}-month": str(d.month), f"{name}-year": str(d.year)}


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def contact(officer, family, contact_data, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    return contact_record(
        actor=officer,
        data=contact_data(),
        people=[
            PersonEntry(role="child", relationship="Subject child", person_id=family["child"].pk),
            PersonEntry(role="adult", relationship="Mother", person_id=family["mother"].pk),
        ],
    )


def test_the_contact_flow_from_first_page_to_saved_contact(signed_in, family, school, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    client = signed_in(Role.BUSINESS_SUPPORT)

    response = client.get(reverse("frontdoor:contact-new"))
    assert response["Location"] == reverse("frontdoor:contact-step", args=["caller"])
    page = client.get(response["Location"])
    assert "About the caller" in text(page)
    assert 'value="19"' in text(page)  # today's date filled in

    caller = {
        **date_post("received_on", dt.date(2026, 11, 19)),
        "received_time": "9:30am",
        "channel": "phone",
        "caller_kind": "professional",
        "caller_name": "Priya Shah",
        "caller_agency": str(school.pk),
        "relationship_to_family": "Class teacher",
    }
    response = client.post(reverse("frontdoor:contact-step", args=["consent"]).replace("consent", "caller"), caller)
    assert response["Location"] == reverse("frontdoor:contact-step", args=["consent"])
    response = client.post(
        response["Location"],
        {
            "family_aware": "no",
            "consent": "refused",
            "consent_reason": "Mother refused",
            "lawful_basis": "safeguarding",
        },
    )
    assert response["Location"] == reverse("frontdoor:contact-people")

    # People: continuing without a child is refused.
    response = client.post(reverse("frontdoor:contact-people"))
    assert "Add at least one child the contact is about" in text(response)
    # "Already known?": the search finds Amelia, and she is picked.
    found = client.get(
        reverse("frontdoor:contact-person-find"),
        {"role": "child", "relationship": "Subject child", "name": "Amelia Rowntree"},
    )
    assert "Add Amelia Rowntree as a child" in text(found)
    client.post(
        reverse("frontdoor:contact-person-find"),
        {"person_id": family["child"].pk, "role": "child", "relationship": "Subject child"},
    )
    # Her baby brother is not known: added as new.
    client.post(
        reverse("frontdoor:contact-person-new"),
        {"role": "child", "relationship": "Brother", "given_names": "Noah", "family_name": "Rowntree", "sex": "M"},
    )
    people_page = client.get(reverse("frontdoor:contact-people"))
    assert "Amelia Rowntree" in text(people_page) and "Noah Rowntree (new record)" in text(people_page)
    response = client.post(reverse("frontdoor:contact-people"))
    assert response["Location"] == reverse("frontdoor:contact-step", args=["worries"])
    response = client.post(response["Location"], {"worries": "Bruise on her cheek.\nScared to go home."})
    assert response["Location"] == reverse("frontdoor:contact-step", args=["need"])
    response = client.post(response["Location"], {"level_of_need": "specialist"})
    assert response["Location"] == reverse("frontdoor:contact-check")

    check = client.get(reverse("frontdoor:contact-check"))
    body = text(check)
    for expected in ("Priya Shah", "Ferry Road Primary School", "Mother refused", "Scared to go home", "Specialist"):
        assert expected in body
    assert body.count("Change<span") >= 10
    # A change link brings the answer back, and Continue returns to the check page.
    change = client.get(reverse("frontdoor:contact-step", args=["worries"]) + "?change=1")
    assert "Scared to go home." in text(change)
    back = client.post(
        reverse("frontdoor:contact-step", args=["worries"]) + "?change=1", {"worries": "Bruise on her cheek."}
    )
    assert back["Location"] == reverse("frontdoor:contact-check")

    saved = client.post(reverse("frontdoor:contact-check"))
    contact = Contact.objects.get()
    assert saved["Location"] == reverse("frontdoor:contact-detail", args=[contact.pk])
    assert contact.received_at == at(2026, 11, 19, 9, 30)
    assert (contact.caller_agency, contact.consent, contact.lawful_basis) == (school, "refused", "safeguarding")
    assert contact.worries == "Bruise on her cheek."
    names = sorted(p.person.display_name for p in contact.people.select_related("person"))
    assert names == ["Amelia Rowntree", "Noah Rowntree"]
    # The draft is gone: a new contact starts empty.
    assert client.get(reverse("frontdoor:contact-check"))["Location"] == reverse(
        "frontdoor:contact-step", args=["caller"]
    )


def test_flow_pages_keep_what_was_typed_on_errors(signed_in, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    client = signed_in(Role.BUSINESS_SUPPORT)
    client.get(reverse("frontdoor:contact-new"))
    response = client.post(
        reverse("frontdoor:contact-step", args=["caller"]),
        {
            **date_post("received_on", dt.date(2026, 11, 19)),
            "received_time": "25:99",
            "channel": "email",
            "caller_kind": "anonymous",
            "caller_name": "Someone Nameless",
            "how_they_know_family": "Lives next door",
        },
    )
    body = text(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "must be a real time" in body
    assert "An anonymous caller has no name" in body
    assert 'value="Someone Nameless"' in body and "Lives next door" in body and 'value="25:99"' in body
    assert re.search(r'value="email"\s+checked', body)

    response = client.post(
        reverse("frontdoor:contact-step", args=["consent"]),
        {"family_aware": "yes", "consent": "not_sought", "consent_reason": "Parents are the alleged abusers"},
    )
    body = text(response)
    assert "Choose the lawful basis for sharing information without consent" in body
    assert "Parents are the alleged abusers" in body

    response = client.post(
        reverse("frontdoor:contact-person-new"),
        {"role": "adult", "relationship": "Stepfather", "nhs_number": "123", "postcode": "nowhere"},
    )
    body = text(response)
    assert "Enter a given name or a family name" in body
    assert "NHS number that is 10 digits" in body
    assert 'value="Stepfather"' in body and 'value="nowhere"' in body


def test_the_contact_page_shows_due_date_and_timeliness(signed_in, contact, time_machine):
    time_machine.move_to(at(2026, 11, 20, 9, 0))
    client = signed_in(Role.SOCIAL_WORKER)
    body = text(client.get(reverse("frontdoor:contact-detail", args=[contact.pk])))
    assert "Friday 20 November 2026" in body
    assert "Due soon" in body
    assert "Amelia Rowntree" in body and "Gemma Rowntree" in body
    assert "Record the decision" in body
    time_machine.move_to(at(2026, 11, 23, 9, 0))
    client = signed_in(Role.SOCIAL_WORKER)  # a new session: the last one timed out over the weekend
    assert "Overdue" in text(client.get(reverse("frontdoor:contact-detail", args=[contact.pk])))


def test_the_decision_form_keeps_what_was_typed_when_dated_before_the_contact(signed_in, contact, time_machine):
    time_machine.move_to(at(2026, 11, 20, 9, 0))
    client = signed_in(Role.SOCIAL_WORKER)
    response = client.post(
        reverse("frontdoor:contact-decide", args=[contact.pk]),
        {
            **date_post("decided_on", dt.date(2026, 11, 18)),
            "decided_time": "16:00",
            "outcome": "referral_assessment",
            "reason": "Unexplained bruising, needs assessment",
            "referral_source": "2A",
            "primary_need": "N1",
        },
    )
    body = text(response)
    assert response.status_code == 200
    assert "The decision cannot be dated before the contact was received (19 November 2026 at 09:30)" in body
    assert 'href="#id_decided_on-day"' in body
    assert "Unexplained bruising, needs assessment" in body
    assert re.search(r'value="N1"\s+selected', body)
    assert not hasattr(Contact.objects.get(), "decision") or Contact.objects.get().status == "awaiting_decision"

    ok = client.post(
        reverse("frontdoor:contact-decide", args=[contact.pk]),
        {
            **date_post("decided_on", dt.date(2026, 11, 20)),
            "decided_time": "08:45",
            "outcome": "referral_assessment",
            "reason": "Unexplained bruising, needs assessment",
            "referral_source": "2A",
            "primary_need": "N1",
        },
    )
    assert ok.status_code == 302
    page = text(client.get(ok["Location"]))
    assert "Decision recorded (on time): Referral for assessment and allocation" in page
    assert "Met on time" in page
    episode = Episode.objects.get()
    assert reverse("frontdoor:episode-detail", args=[episode.pk]) in page


def test_business_support_sees_no_decision_form_and_cannot_post_one(signed_in, contact, time_machine):
    time_machine.move_to(at(2026, 11, 20, 9, 0))
    client = signed_in(Role.BUSINESS_SUPPORT)
    body = text(client.get(reverse("frontdoor:contact-detail", args=[contact.pk])))
    assert "Record the decision" not in body
    response = client.post(
        reverse("frontdoor:contact-decide", args=[contact.pk]),
        {**date_post("decided_on", dt.date(2026, 11, 20)), "decided_time": "09:00", "outcome": "nfa", "reason": "x"},
    )
    assert response.status_code == 403
    assert Contact.objects.get().status == "awaiting_decision"


def test_a_partner_not_involved_cannot_see_the_contact(signed_in, contact, family, make_user):
    client = signed_in(Role.PARTNER_PRACTITIONER)
    url = reverse("frontdoor:contact-detail", args=[contact.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("frontdoor:contact-detail", args=[contact.pk + 1000])).status_code == 404
    InvolvementFactory(user=client.user, person=family["child"], kind="invited", service="Child protection")
    assert client.get(url).status_code == 200
    # ...and a partner never sees the front door's queue.
    assert client.get(reverse("frontdoor:index")).status_code == 403


def test_a_contact_naming_a_restricted_record_stays_with_that_team(signed_in, contact, family, make_user):
    url = reverse("frontdoor:contact-detail", args=[contact.pk])
    client = signed_in(Role.SOCIAL_WORKER)
    assert client.get(url).status_code == 200
    mother = family["mother"]
    mother.restricted_area = "lado"
    mother.save()
    # The child is visible, but the contact would show the restricted record: not found.
    assert client.get(url).status_code == 404
    lado_client = signed_in(Role.LADO_OFFICER)
    assert lado_client.get(url).status_code == 200


def test_the_front_door_page_lists_contacts_and_adds_up(
    signed_in, contact, officer, social_worker, family, contact_data, time_machine
):
    time_machine.move_to(at(2026, 11, 19, 15, 0))
    late = contact_record(
        actor=officer,
        data=contact_data(received_at=at(2026, 11, 16, 9, 0)),
        people=[PersonEntry(role="child", person_id=family["mother"].pk)],
    )
    decision_record(actor=social_worker, contact=late, outcome="nfa", reason="Adult, not a child")  # Thursday: late
    time_machine.move_to(at(2026, 11, 23, 9, 0))
    client = signed_in(Role.TEAM_MANAGER)
    response = client.get(
        reverse("frontdoor:index"),
        {**date_post("date_from", dt.date(2026, 11, 1)), **date_post("date_to", dt.date(2026, 11, 30))},
    )
    body = text(response)
    assert "Contacts awaiting a decision (1)" in body
    assert contact.reference in body and "Overdue" in body
    assert "Recent decisions" in body and late.reference in body and "Met late" in body
    # Two contacts received: one decided late, one awaiting and overdue.
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*<td[^>]*>(\d+)</td>', body)
    counts = dict(rows)
    assert counts == {
        "Decided within one working day": "0",
        "Decided late": "1",
        "Awaiting decision, not yet due": "0",
        "Awaiting decision, overdue": "1",
        "Contacts received": "2",
    }


def test_the_period_form_keeps_bad_dates(signed_in, time_machine):
    time_machine.move_to(at(2026, 11, 23, 9, 0))
    client = signed_in(Role.TEAM_MANAGER)
    body = text(
        client.get(
            reverse("frontdoor:index"),
            {**date_post("date_from", dt.date(2026, 11, 30)), **date_post("date_to", dt.date(2026, 11, 1))},
        )
    )
    assert "The end of the period must be the same as or after its start" in body
    assert 'value="30"' in body


def test_the_episode_page_shows_the_census_items_and_refuses_rc2_without_death(
    signed_in, contact, time_machine, make_user
):
    time_machine.move_to(at(2026, 11, 20, 9, 0))
    client = signed_in(Role.TEAM_MANAGER)
    decision_record(
        actor=client.user,
        contact=contact,
        outcome="referral_assessment",
        reason="Assess",
        referral_source="2A",
        primary_need="N1",
    )
    episode = Episode.objects.get()
    url = reverse("frontdoor:episode-detail", args=[episode.pk])
    body = text(client.get(url))
    for expected in (
        "19 November 2026",
        "2A Schools",
        "N1 Abuse or neglect",
        "Complete the child and family assessment",
        "26 January 2027",
    ):
        assert expected in body
    response = client.post(
        reverse("frontdoor:episode-close", args=[episode.pk]),
        {**date_post("closure_date", dt.date(2026, 11, 20)), "closure_reason": "RC2"},
    )
    body = text(response)
    assert "needs the child&#39;s date of death" in body
    assert re.search(r'value="RC2"\s+selected', body)
    assert Episode.objects.get().is_open

    worker = make_user(Role.SOCIAL_WORKER)
    allocated = client.post(reverse("frontdoor:episode-allocate", args=[episode.pk]), {"worker": str(worker.pk)})
    assert allocated.status_code == 302
    assert Episode.objects.get().allocated_worker == worker


def test_an_episode_is_404_for_a_partner_not_involved(signed_in, contact, social_worker, time_machine):
    time_machine.move_to(at(2026, 11, 20, 9, 0))
    decision_record(actor=social_worker, contact=contact, outcome="referral_assessment", reason="Assess")
    client = signed_in(Role.PARTNER_PRACTITIONER)
    assert client.get(reverse("frontdoor:episode-detail", args=[Episode.objects.get().pk])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, contact):
    response = client.get(reverse("frontdoor:contact-detail", args=[contact.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_contact_refuses_every_broken_rule_at_once(officer, family, contact_data, time_machine):
    """The service gathers its refusals (core refusals()): the screens and the API show them all."""
    from jigsaw.core.exceptions import ApplicationError

    time_machine.move_to(at(2026, 11, 19, 10, 0))
    data = contact_data() | {"caller_kind": "anonymous", "caller_name": "Someone", "consent": "refused", "worries": ""}
    data.pop("consent_reason", None)
    with pytest.raises(ApplicationError) as e:
        contact_record(
            actor=officer,
            data=data,
            people=[PersonEntry(role="child", relationship="Subject child", person_id=family["child"].pk)],
        )
    fields = [one.field for one in e.value.errors]
    assert {"caller_name", "consent_reason", "worries"} <= set(fields)
    assert not Contact.objects.exists()
