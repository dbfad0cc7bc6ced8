"""The front door's reads: the queue oldest first with due/overdue tags, the timeliness
report whose figures add up, the episode reads protection uses, and linking a person a
partner's system sent."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.frontdoor.models import Decision
from jigsaw.frontdoor.selectors import (
    contact_list,
    decision_timeliness,
    episode_for_person,
    episode_get,
    episodes_for_person,
)
from jigsaw.frontdoor.services import PersonEntry, contact_person_link, contact_record, decision_record
from jigsaw.timescales.models import Clock

from .conftest import at

pytestmark = pytest.mark.django_db


def record(officer, contact_data, person, when):
    return contact_record(
        actor=officer, data=contact_data(received_at=when), people=[PersonEntry(role="child", person_id=person.pk)]
    )


def test_the_queue_is_oldest_first_with_due_and_overdue_tags(officer, family, contact_data, time_machine):
    time_machine.move_to(at(2026, 11, 25, 12, 0))  # a Wednesday
    newest = record(officer, contact_data, family["child"], at(2026, 11, 25, 9, 0))  # due Thursday 26th
    oldest = record(officer, contact_data, family["child"], at(2026, 11, 20, 9, 0))  # due Monday 23rd
    middle = record(officer, contact_data, family["mother"], at(2026, 11, 24, 9, 0))  # due today

    lines = contact_list(user=officer)

    assert [line.contact.pk for line in lines] == [oldest.pk, middle.pk, newest.pk]
    assert [line.timeliness.label for line in lines] == ["Overdue", "Due soon", "Due soon"]
    assert [line.timeliness.due_on for line in lines] == [
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 25),
        dt.date(2026, 11, 26),
    ]
    assert lines[0].timeliness.tag_class == "govuk-tag--red"


def test_the_timeliness_report_adds_up(officer, social_worker, family, contact_data, time_machine):
    time_machine.move_to(at(2026, 11, 27, 12, 0))  # a Friday
    on_time = record(officer, contact_data, family["child"], at(2026, 11, 23, 9, 0))
    late = record(officer, contact_data, family["child"], at(2026, 11, 23, 10, 0))
    overdue = record(officer, contact_data, family["child"], at(2026, 11, 24, 10, 0))
    waiting = record(officer, contact_data, family["child"], at(2026, 11, 27, 10, 0))
    outside = record(officer, contact_data, family["child"], at(2026, 10, 30, 10, 0))
    decision_record(
        actor=social_worker, contact=on_time, outcome="nfa", reason="No concerns", decided_at=at(2026, 11, 24, 16, 0)
    )
    decision_record(
        actor=social_worker, contact=late, outcome="early_help", reason="Support", decided_at=at(2026, 11, 25, 9, 0)
    )
    decision_record(
        actor=social_worker, contact=outside, outcome="nfa", reason="No concerns", decided_at=at(2026, 10, 30, 11, 0)
    )

    report = decision_timeliness(user=social_worker, date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 30))

    assert (report.decided_on_time, report.decided_late, report.awaiting_in_time, report.awaiting_overdue) == (
        1,
        1,
        1,
        1,
    )
    assert report.received == 4 == sum(count for _label, count, _share in report.rows)
    assert [share for _label, _count, share in report.rows] == ["25%", "25%", "25%", "25%"]
    assert overdue.decision_due_on == dt.date(2026, 11, 25) and waiting.decision_due_on == dt.date(2026, 11, 30)
    # A partner sees only the contacts about children they are involved with.
    partner = InvolvementFactory(person=family["mother"], user__role=Role.PARTNER_PRACTITIONER).user
    assert (
        decision_timeliness(user=partner, date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 30)).received == 0
    )


def test_episode_reads_for_protection(officer, social_worker, family, contact_data, time_machine, make_user):
    time_machine.move_to(at(2026, 11, 20, 12, 0))
    contact = record(officer, contact_data, family["child"], at(2026, 11, 20, 9, 0))
    assert episode_for_person(user=social_worker, person=family["child"]) is None
    decision_record(actor=social_worker, contact=contact, outcome="referral_assessment", reason="Assess")
    episode = episode_for_person(user=social_worker, person=family["child"])
    assert episode is not None and episode.referral_date == dt.date(2026, 11, 20)
    assert episode_get(user=social_worker, episode_id=episode.pk) == episode
    assert episodes_for_person(user=social_worker, person=family["child"]) == [episode]
    partner = make_user(Role.PARTNER_PRACTITIONER)
    assert episode_for_person(user=partner, person=family["child"]) is None
    with pytest.raises(Http404):
        episode_get(user=partner, episode_id=episode.pk)


def test_linking_a_person_a_partner_sent(officer, social_worker, make_user, contact_data, police, time_machine):
    time_machine.move_to(at(2026, 11, 20, 12, 0))
    partner = make_user(Role.PARTNER_PRACTITIONER)
    contact = contact_record(
        actor=partner,
        data=contact_data(caller_agency=police),
        people=[PersonEntry(role="child", details={"given_names": "Kai", "family_name": "Doyle"})],
        via_api=True,
    )
    row = contact.people.get()
    with pytest.raises(Exception, match="before deciding"):
        decision_record(actor=social_worker, contact=contact, outcome="nfa", reason="No concerns")
    assert not Clock.objects.exists()

    contact_person_link(actor=officer, contact_person=row, details={"given_names": "Kai", "family_name": "Doyle"})

    row.refresh_from_db()
    assert row.person is not None and row.person.display_name == "Kai Doyle"
    clock = Clock.objects.get(rule_key="referral_decision")
    assert (clock.person, clock.started_on) == (row.person, dt.date(2026, 11, 19))
    decision = decision_record(actor=social_worker, contact=contact, outcome="nfa", reason="No concerns")
    assert decision.on_time is True  # received Thursday 19th, decided Friday 20th


def test_the_database_keeps_emergency_type_with_emergency_protection(
    officer, social_worker, family, contact_data, time_machine
):
    time_machine.move_to(at(2026, 11, 20, 12, 0))
    contact = record(officer, contact_data, family["child"], at(2026, 11, 20, 9, 0))
    decision = decision_record(actor=social_worker, contact=contact, outcome="nfa", reason="No concerns")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(outcome="emergency_protection")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(emergency_type="epo")
