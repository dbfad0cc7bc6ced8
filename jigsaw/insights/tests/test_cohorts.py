"""The one definition of who counts: children in need, on a plan, looked after, for a period."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.insights import cohorts
from jigsaw.insights.cohorts import Period

from .scene import care, child, episode, plan

D = dt.date
YEAR = Period.collection_year(2026)  # 1 April 2025 to 31 March 2026


@pytest.fixture
def worker(make_user):
    return make_user(Role.SOCIAL_WORKER)


def test_collection_year_runs_april_to_march():
    assert Period(D(2025, 4, 1), D(2026, 3, 31)) == YEAR
    assert D(2025, 4, 1) in YEAR and D(2026, 3, 31) in YEAR and D(2026, 4, 1) not in YEAR
    with pytest.raises(ValueError):
        Period(D(2026, 1, 2), D(2026, 1, 1))


def test_children_in_need_are_those_with_an_episode_open_in_the_period(worker):
    before = child()
    episode(before, worker, D(2024, 1, 1), D(2025, 3, 31))  # closed the day before the year began
    last_day = child()
    episode(last_day, worker, D(2024, 1, 1), D(2025, 4, 1))  # closed on its first day: counts
    still_open = child()
    episode(still_open, worker, D(2023, 6, 1))
    referred_on_last_day = child()
    episode(referred_on_last_day, worker, D(2026, 3, 31))
    after = child()
    episode(after, worker, D(2026, 4, 1))

    assert cohorts.ids(cohorts.children_in_need(YEAR)) == {last_day.pk, still_open.pk, referred_on_last_day.pk}


def test_a_child_with_two_episodes_in_the_year_counts_once(worker):
    twice = child()
    episode(twice, worker, D(2025, 5, 1), D(2025, 6, 1))
    episode(twice, worker, D(2025, 9, 1))

    assert cohorts.children_in_need(YEAR).count() == 1
    assert cohorts.cin_episodes(YEAR).count() == 2


def test_referrals_needing_no_further_action_are_in_the_census_but_can_be_left_out(worker):
    nfa = child()
    episode(nfa, worker, D(2025, 5, 1), D(2025, 5, 1), referral_nfa=True, closure_reason="RC8")

    assert cohorts.ids(cohorts.children_in_need(YEAR)) == {nfa.pk}
    assert cohorts.ids(cohorts.children_in_need(YEAR, include_nfa=False)) == set()


def test_looked_after_children_are_children_in_need_even_without_an_episode(worker):
    in_care = child()
    care(in_care, worker, D(2025, 10, 1))

    assert cohorts.ids(cohorts.children_in_need(YEAR)) == {in_care.pk}
    assert cohorts.ids(cohorts.children_in_need_without_episode(YEAR)) == {in_care.pk}


def test_children_on_a_plan_in_the_period_and_at_a_day(worker):
    ended_31_march = child()
    plan(ended_31_march, worker, D(2025, 6, 2), D(2026, 3, 31))
    open_plan = child()
    plan(open_plan, worker, D(2025, 11, 3))
    ended_before = child()
    plan(ended_before, worker, D(2024, 6, 3), D(2025, 3, 3))

    assert cohorts.ids(cohorts.children_on_plan(YEAR)) == {ended_31_march.pk, open_plan.pk}
    # A plan that ended on 31 March ceased during the year: not "on a plan at 31 March".
    assert cohorts.ids(cohorts.children_on_plan_at(D(2026, 3, 31))) == {open_plan.pk}
    # Every child on a plan is a child in need (their plan's episode is in the year too).
    assert cohorts.ids(cohorts.children_on_plan(YEAR)) <= cohorts.ids(cohorts.children_in_need(YEAR))


def test_looked_after_leaves_out_short_breaks_unless_asked(worker):
    fostered = child()
    care(fostered, worker, D(2025, 7, 1))
    short_breaks = child()
    care(short_breaks, worker, D(2025, 8, 1), D(2025, 8, 3), legal_status="V3")
    left = child()
    care(left, worker, D(2024, 1, 1), D(2025, 12, 1))

    assert cohorts.ids(cohorts.looked_after(YEAR)) == {fostered.pk, left.pk}
    assert cohorts.ids(cohorts.looked_after(YEAR, include_short_breaks=True)) == {fostered.pk, left.pk, short_breaks.pk}
    assert cohorts.ids(cohorts.looked_after_at(D(2026, 3, 31))) == {fostered.pk}
    assert cohorts.ids(cohorts.started_to_be_looked_after(YEAR)) == {fostered.pk, short_breaks.pk}
    assert cohorts.ids(cohorts.ceased_to_be_looked_after(YEAR)) == {short_breaks.pk, left.pk}
