"""Giving a contact to a named worker: who may, the decision clock's owner, the worker told,
reassignment; and the contact's one due date, read from the clocks after a recompute."""

import datetime as dt

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Contact
from jigsaw.frontdoor.selectors import contact_get, contact_timeliness, worker_caseloads
from jigsaw.frontdoor.services import PersonEntry, contact_assign, contact_record, duty_worker_name
from jigsaw.notifications.models import Notification
from jigsaw.timescales.clocks import clock_recompute_all
from jigsaw.timescales.models import BankHoliday, Clock
from jigsaw.timescales.selectors import user_deadlines

from ..conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(officer, family, contact_data, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    return contact_record(
        actor=officer,
        data=contact_data(),
        people=[PersonEntry(role="child", relationship="Subject child", person_id=family["child"].pk)],
    )


def test_a_manager_assigns_a_contact_and_the_worker_owns_its_clock(contact, manager, social_worker, family):
    contact_assign(actor=manager, contact=contact, worker=social_worker)

    clock = Clock.objects.get(rule_key="referral_decision")
    assert clock.owner == social_worker
    told = Notification.objects.get(recipient=social_worker, kind="allocation")
    assert told.url == reverse("frontdoor:contact-detail", args=[contact.pk])
    assert "C0" in told.title and family["child"].display_name in told.title
    assert [line.person for line in user_deadlines(user=social_worker, today=dt.date(2026, 11, 19))] == [
        family["child"]
    ]


def test_reassigning_moves_the_clock_and_tells_the_new_worker(contact, manager, social_worker, make_user):
    other = make_user(Role.SOCIAL_WORKER)
    contact_assign(actor=manager, contact=contact, worker=social_worker)
    contact_assign(actor=manager, contact=contact, worker=other)

    assert Clock.objects.get(rule_key="referral_decision").owner == other
    assert user_deadlines(user=social_worker, today=dt.date(2026, 11, 19)) == []
    assert Notification.objects.filter(recipient=other, kind="allocation").count() == 1
    assert Contact.objects.get(pk=contact.pk).assigned_to == other


def test_a_social_worker_not_on_duty_cannot_assign(contact, social_worker, make_user):
    with pytest.raises(ApplicationError) as e:
        contact_assign(actor=social_worker, contact=contact, worker=make_user(Role.SOCIAL_WORKER))
    assert e.value.field == "worker"
    assert Clock.objects.get(rule_key="referral_decision").owner is None


def test_the_duty_social_worker_may_assign(contact, manager, social_worker, make_user):
    duty_worker_name(actor=manager, worker=social_worker, on=dt.date(2026, 11, 19))
    colleague = make_user(Role.SOCIAL_WORKER)
    contact_assign(actor=social_worker, contact=contact, worker=colleague)
    assert Clock.objects.get(rule_key="referral_decision").owner == colleague


def test_only_a_worker_who_may_decide_can_be_given_a_contact(contact, manager, officer):
    with pytest.raises(ApplicationError) as e:
        contact_assign(actor=manager, contact=contact, worker=officer)
    assert "social worker or a team manager" in e.value.message


def test_the_caseload_counts_children_allocated_and_open_contacts(contact, manager, social_worker, family):
    from jigsaw.access.tests.factories import InvolvementFactory
    from jigsaw.people.tests.factories import PersonFactory

    InvolvementFactory(user=social_worker, person=PersonFactory(), kind="allocated", service="Child in need")
    InvolvementFactory(
        user=social_worker,
        person=PersonFactory(),
        kind="allocated",
        ended_on=dt.date(2026, 1, 5),
        started_on=dt.date(2025, 1, 5),
    )
    contact_assign(actor=manager, contact=contact, worker=social_worker)
    load = {c.worker: c for c in worker_caseloads()}[social_worker]
    assert (load.children_allocated, load.open_contacts) == (1, 1)
    assert "1 child allocated, 1 open contact" in load.label


def test_the_due_date_is_the_clocks_after_a_recompute(contact, manager, time_machine):
    # Friday 20 November 2026 becomes a closure day after the contact was recorded.
    assert contact.decision_due_on == dt.date(2026, 11, 20)
    BankHoliday.objects.create(date=dt.date(2026, 11, 20), name="Council closure")
    assert clock_recompute_all() == 1

    fresh = contact_get(user=manager, contact_id=contact.pk, audit=False)
    assert fresh.decision_due_on == dt.date(2026, 11, 23)
    assert Contact.objects.get(pk=contact.pk).decision_due_on == dt.date(2026, 11, 23)
    time_machine.move_to(at(2026, 11, 20, 12, 0))
    assert contact_timeliness(fresh).label != "Overdue"


@pytest.mark.parametrize(
    "job_title, source",
    [("Health visitor", "3B"), ("School nurse", "3C"), ("Named GP for safeguarding", "3A"), ("Ward sister", "3F")],
)
def test_a_health_partners_referral_carries_the_census_source_of_their_job(make_user, job_title, source):
    from jigsaw.access.choices import AgencyKind
    from jigsaw.access.tests.factories import AgencyFactory
    from jigsaw.frontdoor.services import referral_make

    nurse = make_user(
        Role.PARTNER_PRACTITIONER,
        agency=AgencyFactory(name="Northbridge Community Health", kind=AgencyKind.HEALTH),
        job_title=job_title,
    )
    contact = referral_make(
        actor=nurse,
        data={"worries": "Baby not brought to three appointments", "family_aware": "yes", "consent": "given"},
        people=[PersonEntry(role="child", details={"given_names": "Kacey", "family_name": "Holt"})],
    )
    assert contact.source == source and contact.referrer == nurse and contact.channel == "portal"
