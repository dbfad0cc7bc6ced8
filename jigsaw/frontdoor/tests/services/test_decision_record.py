"""decision_record: one working day on the real calendar, who may decide, and what each
outcome opens (episodes with their CIN codes, the assessment and strategy clocks)."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Decision, Episode
from jigsaw.frontdoor.selectors import contact_get, contact_timeliness, episodes_awaiting_strategy
from jigsaw.frontdoor.services import PersonEntry, contact_record, decision_record
from jigsaw.timescales.models import Clock

from ..conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def christmas_eve_contact(officer, family, contact_data, time_machine):
    """A contact on Thursday 24 December 2026 about Amelia and her new brother."""
    time_machine.move_to(at(2026, 12, 24, 15, 0))
    return contact_record(
        actor=officer,
        data=contact_data(received_at=at(2026, 12, 24, 14, 45)),
        people=[
            PersonEntry(role="child", relationship="Subject child", person_id=family["child"].pk),
            PersonEntry(
                role="child", relationship="Brother", details={"given_names": "Noah", "family_name": "Rowntree"}
            ),
        ],
    )


def test_the_decision_is_due_the_next_working_day_after_christmas(christmas_eve_contact):
    # 25 December (Friday) and 28 December (Monday, for Boxing Day on a Saturday) are bank holidays.
    assert christmas_eve_contact.decision_due_on == dt.date(2026, 12, 29)
    clocks = Clock.objects.filter(rule_key="referral_decision")
    assert clocks.count() == 2 and {c.due_on for c in clocks} == {dt.date(2026, 12, 29)}


def test_deciding_on_the_29th_is_on_time(christmas_eve_contact, social_worker, time_machine):
    time_machine.move_to(at(2026, 12, 29, 17, 0))
    decision = decision_record(
        actor=social_worker, contact=christmas_eve_contact, outcome="nfa", reason="Explained by the hospital: a fall"
    )
    assert decision.on_time is True
    assert {c.met_on for c in Clock.objects.filter(rule_key="referral_decision")} == {dt.date(2026, 12, 29)}
    christmas_eve_contact.refresh_from_db()
    assert contact_timeliness(christmas_eve_contact).label == "Met on time"


def test_deciding_on_the_30th_is_late(christmas_eve_contact, social_worker, time_machine):
    time_machine.move_to(at(2026, 12, 29, 23, 0))
    assert contact_timeliness(christmas_eve_contact).label == "Due soon"
    time_machine.move_to(at(2026, 12, 30, 9, 0))
    assert contact_timeliness(christmas_eve_contact).label == "Overdue"
    decision = decision_record(
        actor=social_worker, contact=christmas_eve_contact, outcome="early_help", reason="Family support worker"
    )
    assert decision.on_time is False
    christmas_eve_contact.refresh_from_db()
    assert contact_timeliness(christmas_eve_contact).label == "Met late"
    assert {(c.due_on, c.met_on) for c in Clock.objects.filter(rule_key="referral_decision")} == {
        (dt.date(2026, 12, 29), dt.date(2026, 12, 30))
    }


def test_a_decision_cannot_be_dated_before_the_contact(christmas_eve_contact, social_worker, time_machine):
    time_machine.move_to(at(2026, 12, 29, 9, 0))
    with pytest.raises(ApplicationError) as e:
        decision_record(
            actor=social_worker,
            contact=christmas_eve_contact,
            outcome="nfa",
            reason="No concerns",
            decided_at=at(2026, 12, 24, 14, 0),  # 45 minutes before the call came in
        )
    assert e.value.field == "decided_at"
    assert "cannot be dated before the contact" in e.value.message
    assert not Decision.objects.exists()


def test_business_support_cannot_decide(christmas_eve_contact, officer, time_machine):
    time_machine.move_to(at(2026, 12, 29, 9, 0))
    with pytest.raises(ApplicationError) as e:
        decision_record(actor=officer, contact=christmas_eve_contact, outcome="nfa", reason="No concerns")
    assert e.value.field == "decided_by"
    assert "social worker or a team manager" in e.value.message
    assert not Decision.objects.exists()


def test_a_contact_is_decided_once(christmas_eve_contact, social_worker, manager, time_machine):
    time_machine.move_to(at(2026, 12, 29, 9, 0))
    decision_record(actor=social_worker, contact=christmas_eve_contact, outcome="nfa", reason="No concerns")
    with pytest.raises(ApplicationError, match="already been decided"):
        decision_record(actor=manager, contact=christmas_eve_contact, outcome="early_help", reason="Second thoughts")


def test_emergency_protection_needs_its_kind(christmas_eve_contact, manager, time_machine):
    time_machine.move_to(at(2026, 12, 24, 16, 0))
    with pytest.raises(ApplicationError) as e:
        decision_record(actor=manager, contact=christmas_eve_contact, outcome="emergency_protection", reason="Injury")
    assert e.value.field == "emergency_type"
    decision = decision_record(
        actor=manager,
        contact=christmas_eve_contact,
        outcome="emergency_protection",
        emergency_type="police_protection",
        reason="Serious injury; police took the children into police protection",
    )
    assert decision.outcome_display == "Emergency protection: police protection"
    assert ChronologyEntry.objects.filter(kind="emergency_protection", significance="critical").count() == 2
    # A strategy discussion must follow emergency action.
    assert len(episodes_awaiting_strategy(user=manager)) == 2


def test_a_referral_opens_an_episode_per_child_and_starts_the_assessment_clock(
    christmas_eve_contact, social_worker, time_machine, family
):
    time_machine.move_to(at(2026, 12, 29, 11, 0))
    decision_record(
        actor=social_worker,
        contact=christmas_eve_contact,
        outcome="referral_assessment",
        reason="Unexplained bruising; needs an assessment",
        referral_source="2A",
        primary_need="N1",
    )
    episodes = list(Episode.objects.order_by("pk"))
    assert len(episodes) == 2
    assert episodes[0].person == family["child"]
    for episode in episodes:
        assert episode.referral_date == dt.date(2026, 12, 24)  # the contact's date, not the decision's
        assert (episode.referral_source, episode.primary_need) == ("2A", "N1")
        assert episode.contact == christmas_eve_contact
        assert episode.is_open and episode.strategy_status == ""
    assessment = Clock.objects.filter(rule_key="assessment").order_by("pk")
    assert [c.object_id for c in assessment] == [e.pk for e in episodes]
    # 45 working days from 24 December 2026, skipping the Christmas and New Year bank holidays.
    assert {c.due_on for c in assessment} == {dt.date(2027, 3, 2)}
    assert ChronologyEntry.objects.filter(kind="referral").count() == 2
    decision_entries = ChronologyEntry.objects.filter(kind="decision")
    assert decision_entries.count() == 2
    assert all(e.summary.endswith("Referral for assessment and allocation") for e in decision_entries)


def test_a_strategy_outcome_waits_for_the_strategy_discussion(christmas_eve_contact, manager, time_machine, family):
    from jigsaw.frontdoor.services import episode_strategy_held

    time_machine.move_to(at(2026, 12, 29, 11, 0))
    decision_record(
        actor=manager,
        contact=christmas_eve_contact,
        outcome="strategy_discussion",
        reason="Disclosure of physical abuse",
        primary_need="N1",
    )
    waiting = episodes_awaiting_strategy(user=manager)
    assert waiting[0].person == family["child"]
    assert len(waiting) == 2
    assert {e.referral_source for e in waiting} == {"2A"}  # the contact's source: a school
    assert not Clock.objects.filter(rule_key="assessment").exists()
    strategy = Clock.objects.filter(rule_key="strategy_discussion")
    assert strategy.count() == 2 and {c.due_on for c in strategy} == {dt.date(2026, 12, 30)}

    episode_strategy_held(actor=manager, episode=waiting[0], held_on=dt.date(2026, 12, 29))
    assert [e.pk for e in episodes_awaiting_strategy(user=manager)] == [waiting[1].pk]
    assert Clock.objects.get(rule_key="strategy_discussion", object_id=waiting[0].pk).met_on == dt.date(2026, 12, 29)
    assert Clock.objects.get(rule_key="strategy_discussion", object_id=waiting[1].pk).met_on is None


def test_a_child_already_open_keeps_their_episode(
    christmas_eve_contact, social_worker, officer, contact_data, family, time_machine
):
    time_machine.move_to(at(2026, 12, 29, 11, 0))
    decision_record(actor=social_worker, contact=christmas_eve_contact, outcome="referral_assessment", reason="Assess")
    later = contact_record(
        actor=officer,
        data=contact_data(received_at=at(2026, 12, 29, 10, 0)),
        people=[PersonEntry(role="child", person_id=family["child"].pk)],
    )
    decision_record(actor=social_worker, contact=later, outcome="strategy_discussion", reason="New disclosure")
    episodes = Episode.objects.filter(person=family["child"])
    assert episodes.count() == 1
    assert episodes.get().strategy_status == "needed"


def test_the_contact_page_read_is_audited(christmas_eve_contact, social_worker, family):
    from jigsaw.audit.models import AuditEntry

    contact_get(user=social_worker, contact_id=christmas_eve_contact.pk, purpose="decide")
    entry = AuditEntry.objects.filter(kind="view", actor=social_worker).latest("sequence")
    assert entry.subject_person_id == family["child"].pk
    assert entry.purpose == "decide"


@pytest.mark.parametrize("role", [Role.CP_CHAIR_IRO, Role.PARTNER_PRACTITIONER, Role.ANALYST])
def test_other_roles_cannot_decide(christmas_eve_contact, make_user, role, time_machine):
    time_machine.move_to(at(2026, 12, 29, 9, 0))
    with pytest.raises(ApplicationError):
        decision_record(actor=make_user(role), contact=christmas_eve_contact, outcome="nfa", reason="No concerns")


def test_a_decision_in_the_same_minute_as_the_contact_is_not_before_it(officer, social_worker, family, contact_data):
    # The contact came in at 14:45:40; the decision form says 14:45 (times are typed to the minute).
    contact = contact_record(
        actor=officer,
        data=contact_data(received_at=at(2026, 11, 19, 14, 45).replace(second=40)),
        people=[PersonEntry(role="child", person_id=family["child"].pk)],
    )
    decision = decision_record(
        actor=social_worker, contact=contact, outcome="nfa", reason="Explained", decided_at=at(2026, 11, 19, 14, 45)
    )
    assert decision.on_time
    with pytest.raises(ApplicationError) as e:
        other = contact_record(
            actor=officer,
            data=contact_data(received_at=at(2026, 11, 19, 14, 45)),
            people=[PersonEntry(role="child", person_id=family["mother"].pk)],
        )
        decision_record(
            actor=social_worker, contact=other, outcome="nfa", reason="Explained", decided_at=at(2026, 11, 19, 14, 44)
        )
    assert e.value.field == "decided_at"
