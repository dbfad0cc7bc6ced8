"""Who sees which deadlines: the child's page, the worker's list, the team manager's list."""

from datetime import date

import pytest
from django.http import Http404

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.tests.factories import InvolvementFactory, TeamFactory
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.choices import DeadlineStatus
from jigsaw.timescales.clocks import clock_start, clock_stop
from jigsaw.timescales.selectors import due_soon_horizon, person_deadlines, team_deadlines, user_deadlines

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 11)  # a Monday


@pytest.fixture
def deadlines(case, make_user):
    child = case.child
    clock_start(rule_key="icpc", person=child, started_on=date(2026, 12, 14))  # due Thu 7 Jan: overdue
    clock_start(rule_key="referral_decision", person=child, started_on=date(2027, 1, 8))  # due today
    clock_start(rule_key="strategy_discussion", person=child, started_on=date(2027, 1, 11))  # due tomorrow
    clock_start(rule_key="assessment", person=child, started_on=date(2026, 12, 23))  # due 1 March: not soon
    clock_start(rule_key="first_core_group", person=child, started_on=date(2026, 12, 14))
    clock_stop(rule_key="first_core_group", person=child, met_on=date(2026, 12, 29))  # met on its due date

    elsewhere = make_user(Role.SOCIAL_WORKER, team=TeamFactory(name="Child protection east"))
    stranger = PersonFactory(given_names="Noah", family_name="Stranger")
    InvolvementFactory(user=elsewhere, person=stranger)
    clock_start(rule_key="icpc", person=stranger, started_on=date(2026, 12, 1))
    return type("Deadlines", (), {"elsewhere": elsewhere, "stranger": stranger})


def titles(lines):
    return [line.title for line in lines]


def test_due_soon_means_within_two_working_days():
    assert due_soon_horizon(date(2027, 1, 11)) == date(2027, 1, 13)  # Monday: up to Wednesday
    assert due_soon_horizon(date(2027, 1, 14)) == date(2027, 1, 18)  # Thursday: Friday, weekend, Monday
    assert due_soon_horizon(date(2026, 12, 24)) == date(2026, 12, 30)  # over Christmas


def test_the_allocated_worker_sees_overdue_then_due_soon(case, deadlines):
    lines = user_deadlines(user=case.worker, today=TODAY)
    assert titles(lines) == [
        "Hold the initial child protection conference",
        "Decide on a referral and tell the referrer",
        "Hold the strategy discussion",
    ]
    assert [line.status for line in lines] == [
        DeadlineStatus.OVERDUE,
        DeadlineStatus.DUE_SOON,
        DeadlineStatus.DUE_SOON,
    ]
    assert lines[0].working_days_overdue == 2  # Friday 8th and Monday 11th
    assert lines[0].worker_name == "Priya Worker"
    assert lines[0].tag_class == "govuk-tag--red"


def test_the_owner_of_a_clock_sees_it_without_being_allocated(case, deadlines, make_user):
    chair = make_user(Role.CP_CHAIR_IRO, full_name="Casey Chair")
    clock_start(rule_key="transfer_in_conference", person=case.child, started_on=date(2027, 1, 4), owner=chair)
    # Not yet due soon on the 11th (due 25 January); on the 22nd it is.
    assert user_deadlines(user=chair, today=TODAY) == []
    [line] = user_deadlines(user=chair, today=date(2027, 1, 22))
    assert line.title == "Hold the transfer-in conference"
    assert line.worker_name == "Casey Chair"


def test_another_worker_sees_none_of_it(case, deadlines):
    assert titles(user_deadlines(user=deadlines.elsewhere, today=TODAY)) == [
        "Hold the initial child protection conference"
    ]
    assert {line.person for line in user_deadlines(user=deadlines.elsewhere, today=TODAY)} == {deadlines.stranger}


def test_the_team_manager_sees_the_team_and_nobody_else_does(case, deadlines, make_user):
    lines = team_deadlines(user=case.manager, today=TODAY)
    assert {line.person for line in lines} == {case.child}
    assert len(lines) == 3
    assert {line.worker_name for line in lines} == {"Priya Worker"}
    other_manager = make_user(Role.TEAM_MANAGER, team=deadlines.elsewhere.team)
    assert {line.person for line in team_deadlines(user=other_manager, today=TODAY)} == {deadlines.stranger}
    assert team_deadlines(user=case.worker, today=TODAY) == []


def test_an_ended_allocation_takes_the_deadlines_off_the_worker(case, deadlines):
    case.involvement.ended_on = date(2027, 1, 8)
    case.involvement.save()
    assert user_deadlines(user=case.worker, today=TODAY) == []


def test_the_child_page_lists_every_deadline_running_first(case, deadlines):
    lines = person_deadlines(user=case.worker, person=case.child, today=TODAY)
    assert [(line.rule_key, line.status) for line in lines] == [
        ("icpc", DeadlineStatus.OVERDUE),
        ("referral_decision", DeadlineStatus.DUE_SOON),
        ("strategy_discussion", DeadlineStatus.DUE_SOON),
        ("assessment", DeadlineStatus.DUE),
        ("first_core_group", DeadlineStatus.MET_ON_TIME),
    ]


def test_a_person_the_user_cannot_see_is_not_found(case, deadlines, make_user):
    partner = make_user(Role.PARTNER_PRACTITIONER)
    with pytest.raises(Http404):
        person_deadlines(user=partner, person=case.child, today=TODAY)
    InvolvementFactory(user=partner, person=case.child, kind="invited")
    assert len(person_deadlines(user=partner, person=case.child, today=TODAY)) == 5


def test_restricted_records_keep_their_deadlines_to_their_team(case, make_user):
    lado = make_user(Role.LADO_OFFICER)
    subject = PersonFactory(restricted_area=RestrictedArea.LADO)
    InvolvementFactory(user=lado, person=subject)
    clock_start(rule_key="strategy_discussion", person=subject, started_on=TODAY)
    assert len(user_deadlines(user=lado, today=TODAY)) == 1
    # Even an owner outside the team does not see it.
    clock_start(rule_key="referral_decision", person=subject, started_on=TODAY, owner=case.worker)
    assert user_deadlines(user=case.worker, today=TODAY) == []
    with pytest.raises(Http404):
        person_deadlines(user=case.manager, person=subject, today=TODAY)
