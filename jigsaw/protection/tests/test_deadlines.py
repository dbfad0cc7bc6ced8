"""The child protection timescales, on real dates with the England and Wales bank holidays:
what a chair or a manager would check on the child's deadlines."""

import datetime as dt

import pytest
import time_machine

from jigsaw.protection import services
from jigsaw.protection.tests.conftest import LONDON, at
from jigsaw.timescales.models import Clock

# Everything below happened in the past, as far as the services know.
LATER = dt.datetime(2027, 12, 1, 12, tzinfo=LONDON)


def clock(rule_key: str, **filters) -> Clock:
    return Clock.objects.filter(rule_key=rule_key, **filters).order_by("-started_on", "-pk").first()


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


def test_section_47_from_monday_14_december_2026_needs_the_conference_by_thursday_7_january(journey, people):
    # 15 working days, across Christmas Day, the Boxing Day substitute (Monday 28th) and New Year's Day.
    journey.strategy(dt.date(2026, 12, 14))

    icpc = clock("icpc", person=people.child)
    assert icpc.started_on == dt.date(2026, 12, 14)
    assert icpc.due_on == dt.date(2027, 1, 7)


def test_the_conference_on_the_due_day_is_on_time_and_a_day_later_is_late(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    assert clock("icpc", person=people.child).met_on == dt.date(2027, 1, 7)
    assert clock("icpc", person=people.child).met_on <= clock("icpc", person=people.child).due_on


def test_a_late_conference_is_met_late(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 8))
    icpc = clock("icpc", person=people.child)
    assert icpc.met_on == dt.date(2027, 1, 8) > icpc.due_on == dt.date(2027, 1, 7)


def test_a_plan_starts_the_first_core_group_clock_10_working_days_and_first_review_3_months(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    plan = journey.plan

    assert plan.started_on == dt.date(2027, 1, 7)
    assert clock("first_core_group", person=people.child).due_on == dt.date(2027, 1, 21)
    assert clock("first_review_conference", person=people.child).due_on == dt.date(2027, 4, 7)
    assert clock("cp_visit", person=people.child).due_on == dt.date(2027, 1, 21)


def test_a_review_meets_the_first_review_clock_and_the_next_is_due_at_most_6_months_later(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    review = journey.convene(dt.date(2027, 4, 1), kind="review")
    journey.record(review, dt.date(2027, 4, 1), decision="continue", category="NEG")

    first = clock("first_review_conference", person=people.child)
    assert first.met_on == dt.date(2027, 4, 1) and first.due_on == dt.date(2027, 4, 7)
    nxt = clock("review_conference", person=people.child)
    assert (nxt.started_on, nxt.due_on, nxt.met_on) == (dt.date(2027, 4, 1), dt.date(2027, 10, 1), None)

    # Rolling: the next one counts from the review actually held.
    second = journey.convene(dt.date(2027, 9, 30), kind="review")
    journey.record(second, dt.date(2027, 9, 30), decision="continue", category="NEG")
    assert clock("review_conference", person=people.child, met_on__isnull=True).due_on == dt.date(2028, 3, 30)


def test_core_group_meets_the_first_clock_then_runs_at_the_partnership_interval(journey, people, settings):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    core = services.core_group_convene(actor=people.worker, plan=journey.plan, starts_at=at(dt.date(2027, 1, 20)))
    services.core_group_record(
        actor=people.worker,
        core_group_meeting=core,
        held_on=dt.date(2027, 1, 20),
        attendance={i.pk: "attended" for i in core.meeting.invitations.all()},
    )

    first = clock("first_core_group", person=people.child)
    assert (first.met_on, first.due_on) == (dt.date(2027, 1, 20), dt.date(2027, 1, 21))
    # The partnership's default: 20 working days.
    assert clock("core_group", person=people.child).due_on == dt.date(2027, 2, 17)

    settings.JIGSAW_CORE_GROUP_INTERVAL_WORKING_DAYS = 15
    core2 = services.core_group_convene(actor=people.worker, plan=journey.plan, starts_at=at(dt.date(2027, 2, 10)))
    services.core_group_record(actor=people.worker, core_group_meeting=core2, held_on=dt.date(2027, 2, 10))
    assert clock("core_group", person=people.child, met_on__isnull=True).due_on == dt.date(2027, 3, 3)


def test_visits_are_due_every_10_working_days(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    services.visit_record(actor=people.worker, plan=journey.plan, visited_on=dt.date(2027, 1, 12), seen_alone=True)

    assert clock("cp_visit", person=people.child, met_on=dt.date(2027, 1, 12)).due_on == dt.date(2027, 1, 21)
    assert clock("cp_visit", person=people.child, met_on__isnull=True).due_on == dt.date(2027, 1, 26)


def test_assessment_authorised_meets_the_45_working_day_clock_from_the_referral(journey, people):
    assessment = services.assessment_start(
        actor=people.worker, episode=people.episode, started_on=dt.date(2026, 12, 11)
    )
    services.assessment_authorise(
        actor=people.manager,
        assessment=assessment,
        authorised_on=dt.date(2027, 2, 10),
        factors=["3B", "16A"],
        child_seen=True,
    )
    assessment_clock = clock("assessment", person=people.child)
    # 45 working days from Thursday 10 December 2026, over Christmas and New Year.
    assert assessment_clock.due_on == dt.date(2027, 2, 16)
    assert assessment_clock.met_on == dt.date(2027, 2, 10)
    assert sorted(assessment.factors.values_list("code", flat=True)) == ["16A", "3B"]


def test_transfer_in_conference_due_15_working_days_from_the_notice(journey, people):
    conference = journey.convene(
        dt.date(2027, 2, 1), kind="transfer_in", transfer_notified_on=dt.date(2027, 1, 20), transferring_council="Leeds"
    )
    assert clock("transfer_in_conference", person=people.child).due_on == dt.date(2027, 2, 10)
    journey.record(conference, dt.date(2027, 2, 1))
    assert clock("transfer_in_conference", person=people.child).met_on == dt.date(2027, 2, 1)
    conference.refresh_from_db()
    assert conference.plan_started.started_on == dt.date(2027, 2, 1)


def test_ending_the_plan_stops_its_clocks_as_no_longer_needed(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    services.plan_end(actor=people.manager, plan=journey.plan, ended_on=dt.date(2027, 2, 1), reason="left_uk")

    running = Clock.objects.open().filter(person=people.child)
    assert not running.exists()
    assert clock("first_review_conference", person=people.child).stopped_on == dt.date(2027, 2, 1)


def test_a_section_47_ending_without_a_conference_stops_the_conference_clock(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2026, 12, 22), outcome="cin_plan")
    icpc = clock("icpc", person=people.child)
    assert icpc.met_on is None and icpc.stopped_on == dt.date(2026, 12, 22)


def test_a_first_review_falling_on_a_sunday_is_due_the_friday_before(journey, people):
    # Monday 4 January 2027 + 3 months = Sunday 4 April 2027: due Friday 2 April, not Monday 5.
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2026, 12, 30))
    journey.icpc(dt.date(2027, 1, 4))
    assert clock("first_review_conference", person=people.child).due_on == dt.date(2027, 4, 2)


def test_a_first_review_falling_on_easter_monday_is_due_before_good_friday(journey, people):
    # Tuesday 29 December 2026 + 3 months = Easter Monday 29 March 2027; Good Friday is 26 March.
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2026, 12, 22))
    journey.icpc(dt.date(2026, 12, 29))
    assert clock("first_review_conference", person=people.child).due_on == dt.date(2027, 3, 25)


def test_the_next_review_due_on_a_saturday_is_due_the_friday_before(journey, people):
    # A review held on Friday 16 April 2027: 6 months on is Saturday 16 October.
    from jigsaw.timescales.rules import deadline_for

    assert dt.date(2027, 10, 16).weekday() == 5  # Saturday
    assert deadline_for("review_conference", dt.date(2027, 4, 16)) == dt.date(2027, 10, 15)
    # Not a month rule: working-day rules are untouched.
    assert deadline_for("first_core_group", dt.date(2027, 1, 4)) == dt.date(2027, 1, 18)
