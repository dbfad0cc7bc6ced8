"""Screens of issue 10: assigning a contact with each worker's caseload, a partner's web
referral (acknowledgement, "Your referrals", the outcome told), the decision revising the
level of need, the partnership's levels of need, and the menu by role."""

import pytest
from django.urls import reverse
from markupsafe import escape

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, InvolvementFactory
from jigsaw.frontdoor.models import Contact, LevelOfNeed
from jigsaw.frontdoor.services import PersonEntry, contact_record
from jigsaw.notifications.models import Notification
from jigsaw.timescales.models import Clock

from .conftest import at

pytestmark = pytest.mark.django_db


def escaped(value: str) -> str:
    """As Jinja writes it into the page (generated names carry apostrophes)."""
    return str(escape(value))


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def contact(officer, family, contact_data, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    return contact_record(
        actor=officer,
        data=contact_data(),
        people=[PersonEntry(role="child", relationship="Subject child", person_id=family["child"].pk)],
    )


@pytest.fixture
def teacher(make_user):
    school = AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION)
    return make_user(Role.PARTNER_PRACTITIONER, agency=school, job_title="Designated safeguarding lead")


def sign_in_as(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


REFERRAL = {
    "child_given_names": "Kacey",
    "child_family_name": "O'Donnell",
    "child_date_of_birth-day": "4",
    "child_date_of_birth-month": "5",
    "child_date_of_birth-year": "2017",
    "address_line_1": "12 Mill Lane",
    "postcode": "LS28 5QS",
    "adult_given_names": "Dawn",
    "adult_family_name": "O'Donnell",
    "adult_relationship": "Mother",
    "worries": "Kacey has come to school hungry every day this week and says there is no food at home.",
    "caller_contact_details": "0113 496 0101",
    "family_aware": "no",
    "consent": "not_sought",
    "consent_reason": "Asking could put Kacey at risk",
    "lawful_basis": "safeguarding",
}


# Assigning -----------------------------------------------------------------------------------


def test_the_manager_sees_each_workers_caseload_and_assigns(signed_in, contact, make_user, family):
    worker = make_user(Role.SOCIAL_WORKER, full_name="Nadia Okafor")
    InvolvementFactory(user=worker, person=family["mother"], kind="allocated", service="Child in need")
    client = signed_in(Role.TEAM_MANAGER)

    page = client.get(reverse("frontdoor:contact-assign", args=[contact.pk]))
    assert page.status_code == 200
    assert "Nadia Okafor" in text(page) and "1 child allocated, 0 open contacts" in text(page)

    response = client.post(reverse("frontdoor:contact-assign", args=[contact.pk]), {"worker": str(worker.pk)})
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).assigned_to == worker
    assert Clock.objects.get(rule_key="referral_decision").owner == worker
    queue = text(client.get(reverse("frontdoor:index")))
    assert "Nadia Okafor<br>" in queue and "&lt;" not in queue


def test_a_social_worker_not_on_duty_cannot_assign(signed_in, contact, make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    client = signed_in(Role.SOCIAL_WORKER)
    assert client.get(reverse("frontdoor:contact-assign", args=[contact.pk])).status_code == 403
    response = client.post(reverse("frontdoor:contact-assign", args=[contact.pk]), {"worker": str(worker.pk)})
    assert response.status_code == 403
    assert Contact.objects.get(pk=contact.pk).assigned_to is None
    # No link to what they cannot do.
    assert reverse("frontdoor:contact-assign", args=[contact.pk]) not in text(
        client.get(reverse("frontdoor:contact-detail", args=[contact.pk]))
    )


def test_assigning_without_choosing_says_so(signed_in, contact):
    client = signed_in(Role.TEAM_MANAGER)
    response = client.post(reverse("frontdoor:contact-assign", args=[contact.pk]), {})
    assert response.status_code == 200
    assert "Choose who should decide on the contact" in text(response)


def test_the_assigned_worker_sees_the_contact_on_my_work(client, contact, manager, make_user, family):
    from jigsaw.frontdoor.services import contact_assign

    worker = make_user(Role.SOCIAL_WORKER)
    contact_assign(actor=manager, contact=contact, worker=worker)
    page = sign_in_as(client, worker).get(reverse("core:home"))
    assert escaped(family["child"].display_name) in text(page)
    notifications = client.get(reverse("notifications:list"))
    assert f"Contact {contact.reference}" in text(notifications)


# A partner's referral --------------------------------------------------------------------------


def test_a_teacher_makes_a_referral_and_gets_a_reference(client, teacher, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    sign_in_as(client, teacher)
    assert client.get(reverse("frontdoor:referral-new")).status_code == 200

    response = client.post(reverse("frontdoor:referral-new"), REFERRAL)
    assert response.status_code == 302, text(response)
    contact = Contact.objects.get()
    assert response["Location"] == reverse("frontdoor:referral-received", args=[contact.pk])
    sent = client.get(response["Location"])
    assert contact.reference in text(sent) and "20 November 2026" in text(sent)
    assert contact.referrer == teacher and contact.channel == "portal" and contact.source == "2A"
    assert contact.caller_agency == teacher.agency and contact.status == "awaiting_decision"
    assert {(p.role, p.details_name) for p in contact.people.all()} == {
        ("child", "Kacey O'Donnell"),
        ("adult", "Dawn O'Donnell"),
    }
    told = Notification.objects.get(recipient=teacher, kind="referral_received")
    assert contact.reference in told.title
    listing = client.get(reverse("frontdoor:referral-list"))
    assert contact.reference in text(listing) and "Awaiting a decision" in text(listing)


def test_the_referral_lands_in_the_front_doors_queue(client, teacher, signed_in, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    sign_in_as(client, teacher).post(reverse("frontdoor:referral-new"), REFERRAL)
    contact = Contact.objects.get()
    queue = signed_in(Role.TEAM_MANAGER).get(reverse("frontdoor:index"))
    assert contact.reference in text(queue)


def test_a_referral_with_a_missing_answer_keeps_what_was_typed(client, teacher):
    sign_in_as(client, teacher)
    response = client.post(reverse("frontdoor:referral-new"), {**REFERRAL, "worries": "", "lawful_basis": ""})
    assert response.status_code == 200
    page = text(response)
    assert "Enter what you are worried about" in page
    assert "Choose the lawful basis for sharing information without consent" in page
    assert escaped("O'Donnell") in page and "12 Mill Lane" in page and "0113 496 0101" in page
    assert not Contact.objects.exists()


def test_a_partner_never_sees_another_partners_referral(client, teacher, make_user, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    sign_in_as(client, teacher).post(reverse("frontdoor:referral-new"), REFERRAL)
    contact = Contact.objects.get()
    client.logout()
    gp = make_user(Role.PARTNER_PRACTITIONER, agency=AgencyFactory(name="Millbrook Surgery", kind=AgencyKind.HEALTH))
    sign_in_as(client, gp)
    assert client.get(reverse("frontdoor:referral-detail", args=[contact.pk])).status_code == 404
    assert client.get(reverse("frontdoor:referral-received", args=[contact.pk])).status_code == 404
    assert contact.reference not in text(client.get(reverse("frontdoor:referral-list")))
    # Nor the front door's own page of the contact.
    assert client.get(reverse("frontdoor:contact-detail", args=[contact.pk])).status_code == 404


def test_a_partner_refers_a_child_they_work_with_found_by_already_known(client, teacher, family, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    InvolvementFactory(user=teacher, person=family["child"], kind="invited", service="School")
    sign_in_as(client, teacher)
    found = client.get(reverse("frontdoor:referral-new"), {"name": "Amelia Rowntree"})
    assert f"?child={family['child'].pk}" in text(found)
    # A child they do not work with is not found.
    other = client.get(reverse("frontdoor:referral-new"), {"name": "Gemma Rowntree"})
    assert f"?child={family['mother'].pk}" not in text(other)

    data = {k: v for k, v in REFERRAL.items() if not k.startswith("child_") and k not in ("address_line_1", "postcode")}
    response = client.post(reverse("frontdoor:referral-new") + f"?child={family['child'].pk}", data)
    assert response.status_code == 302, text(response)
    row = Contact.objects.get().people.get(role="child")
    assert row.person == family["child"]
    assert Clock.objects.filter(rule_key="referral_decision", person=family["child"]).exists()


def test_the_decision_tells_the_referrer_the_outcome(client, teacher, family, signed_in, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    InvolvementFactory(user=teacher, person=family["child"], kind="invited", service="School")
    # Only the child, already known: nothing for the front door to link before deciding.
    data = {k: v for k, v in REFERRAL.items() if not k.startswith(("child_", "adult_"))}
    sign_in_as(client, teacher).post(reverse("frontdoor:referral-new") + f"?child={family['child'].pk}", data)
    contact = Contact.objects.get()
    client.logout()

    time_machine.move_to(at(2026, 11, 19, 12, 0))
    worker = signed_in(Role.SOCIAL_WORKER)
    decide = {
        "outcome": "early_help",
        "reason": "Family support will help with food and routines",
        "referral_source": "2A",
        "primary_need": "N0",
        "decided_on-day": "19",
        "decided_on-month": "11",
        "decided_on-year": "2026",
        "decided_time": "11:00am",
        "level_of_need": "early_help",
    }
    missing = worker.post(reverse("frontdoor:contact-decide", args=[contact.pk]), decide)
    assert "Enter what to tell the referrer about the outcome" in text(missing)
    assert "&lt;" not in text(missing)  # no escaped markup on the page
    assert 'value="Family support will help' in text(missing) or "Family support will help" in text(missing)
    message = "Thank you. The family will be offered early help."
    response = worker.post(
        reverse("frontdoor:contact-decide", args=[contact.pk]), {**decide, "referrer_message": message}
    )
    assert response.status_code == 302, text(response)
    told = Notification.objects.get(recipient=teacher, kind="referral_outcome")
    assert told.body == message and told.send_email
    worker.logout()

    sign_in_as(client, teacher)
    page = text(client.get(reverse("frontdoor:referral-detail", args=[contact.pk])))
    assert message in page
    assert "Family support will help" not in page  # the front door's own reasons stay there


def test_the_decision_revises_the_level_of_need(signed_in, contact, time_machine):
    time_machine.move_to(at(2026, 11, 19, 12, 0))
    client = signed_in(Role.SOCIAL_WORKER)
    decide = {
        "outcome": "nfa",
        "reason": "Explained: a fall in the playground, seen by the school nurse",
        "referral_source": "2A",
        "primary_need": "N0",
        "decided_on-day": "19",
        "decided_on-month": "11",
        "decided_on-year": "2026",
        "decided_time": "11:00am",
        "level_of_need": "universal",
        "level_reason": "No unmet needs once the fall was explained",
    }
    assert client.post(reverse("frontdoor:contact-decide", args=[contact.pk]), decide).status_code == 302
    fresh = Contact.objects.get(pk=contact.pk)
    assert fresh.level_of_need == "universal"
    revision = fresh.level_revisions.get()
    assert (revision.previous_level, revision.new_level) == ("specialist", "universal")
    page = text(client.get(reverse("frontdoor:contact-detail", args=[contact.pk])))
    assert "Specialist to Universal" in page and "&lt;" not in page


# Levels of need as the partnership's setting ---------------------------------------------------


def test_the_partnership_manager_renames_a_level_and_adds_one(signed_in):
    client = signed_in(Role.PARTNERSHIP_MANAGER)
    assert "Levels of need" in text(client.get(reverse("core:home")))
    early = LevelOfNeed.objects.get(key="early_help")
    response = client.post(
        reverse("frontdoor:level-edit", args=[early.pk]),
        {"label": "Earliest help", "canonical_level": "2", "position": "2", "in_use": "on"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("frontdoor:level-new"), {"label": "Family help", "canonical_level": "3", "position": "5"}
    )
    assert response.status_code == 302
    from jigsaw.frontdoor.choices import levels_of_need

    levels = dict(levels_of_need())
    assert levels["early_help"] == "Earliest help" and "family_help" not in levels  # added retired (unticked)
    page = text(client.get(reverse("frontdoor:levels")))
    assert "Earliest help" in page and "Family help" in page and "Retired" in page


def test_a_level_without_a_name_is_refused_and_others_cannot_change_levels(signed_in, client):
    manager = signed_in(Role.PARTNERSHIP_MANAGER)
    response = manager.post(reverse("frontdoor:level-new"), {"label": "", "canonical_level": "2", "position": "3"})
    assert "Enter the name of the level" in text(response)
    manager.logout()
    worker = signed_in(Role.SOCIAL_WORKER)
    assert worker.get(reverse("frontdoor:levels")).status_code == 403


# The menu by role --------------------------------------------------------------------------------


def test_a_partner_sees_their_referrals_and_no_front_door_link(client, teacher):
    page = text(sign_in_as(client, teacher).get(reverse("core:home")))
    assert reverse("frontdoor:referral-list") in page
    assert f'href="{reverse("frontdoor:index")}"' not in page
    assert reverse("frontdoor:levels") not in page


def test_council_staff_do_not_see_the_partners_referral_menu(signed_in):
    page = text(signed_in(Role.SOCIAL_WORKER).get(reverse("core:home")))
    assert reverse("frontdoor:referral-list") not in page
    assert reverse("frontdoor:levels") not in page


def test_the_manager_names_the_duty_social_worker_who_may_then_assign(client, signed_in, contact, make_user):
    duty = make_user(Role.SOCIAL_WORKER, full_name="Sam Whitely")
    colleague = make_user(Role.SOCIAL_WORKER)
    manager = signed_in(Role.TEAM_MANAGER)
    response = manager.post(reverse("frontdoor:duty"), {"worker": str(duty.pk)})
    assert response.status_code == 302
    assert "Duty social worker today: Sam Whitely" in text(manager.get(reverse("frontdoor:index")))
    manager.logout()

    sign_in_as(client, duty)
    page = text(client.get(reverse("frontdoor:contact-detail", args=[contact.pk])))
    assert reverse("frontdoor:contact-assign", args=[contact.pk]) in page
    response = client.post(reverse("frontdoor:contact-assign", args=[contact.pk]), {"worker": str(colleague.pk)})
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).assigned_to == colleague
    # Only a manager names the duty worker.
    assert client.post(reverse("frontdoor:duty"), {"worker": str(colleague.pk)}).status_code == 403


def test_a_contact_whose_children_are_not_linked_is_on_the_assigned_workers_my_work(
    client, teacher, manager, make_user, time_machine
):
    """A partner's referral names children the front door has not yet linked to records, so no
    decision clock runs; once assigned, the decision is still on the worker's "My work"."""
    from jigsaw.frontdoor.services import contact_assign

    time_machine.move_to(at(2026, 11, 19, 10, 0))
    sign_in_as(client, teacher).post(reverse("frontdoor:referral-new"), REFERRAL)
    contact = Contact.objects.get()
    assert not contact.people.filter(person__isnull=False).exists()
    worker = make_user(Role.SOCIAL_WORKER)
    contact_assign(actor=manager, contact=contact, worker=worker)

    page = text(sign_in_as(client, worker).get(reverse("core:home")))
    detail = reverse("frontdoor:contact-detail", args=[contact.pk])
    assert f"Decide on contact {contact.reference}" in page
    assert f'href="{detail}"' in page
    assert escaped("Kacey O'Donnell") in page and "20 November 2026" in page
    assert client.get(detail).status_code == 200

    # Overdue the day after it was due.
    time_machine.move_to(at(2026, 11, 23, 10, 0))
    assert "Overdue" in text(sign_in_as(client, worker).get(reverse("core:home")))

    # Nobody else has it on their list.
    other = make_user(Role.SOCIAL_WORKER)
    assert contact.reference not in text(sign_in_as(client, other).get(reverse("core:home")))
