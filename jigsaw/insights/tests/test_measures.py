"""Every figure's number is the length of its list; restricted children stay out of counts."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.insights import cohorts, measures
from jigsaw.insights.dashboards import DASHBOARDS, dashboards_for

from .conftest import PERIOD

D = dt.date


def test_each_dashboard_number_is_the_length_of_its_list(council, make_user):
    manager = make_user(Role.TEAM_MANAGER)
    seen = 0
    for board in dashboards_for(manager):
        for key in board.keys:
            m = measures.measure_get(key)
            rows = measures.rows(m, PERIOD, manager)
            assert rows is not None, key
            assert measures.count(m, PERIOD, manager) == len(rows), key
            seen += len(rows)
    assert seen > 0
    # ... and the figures a return would be built on are the cohort's, less the sealed child.
    in_need = measures.measure_get("cin_in_period")
    assert measures.count(in_need, PERIOD, manager) == len(cohorts.ids(cohorts.children_in_need(PERIOD))) - 1
    # The lead extends this when the returns are merged: the census's children for the period
    # must be the list above (jigsaw/returns).


def test_the_figures_count_what_happened(council, make_user):
    manager = make_user(Role.TEAM_MANAGER)

    def n(key):
        return measures.count(measures.measure_get(key), PERIOD, manager)

    # Amara, Bram's second and Cerys's before her conference (the sealed child's is not counted).
    assert n("referrals") == 3
    assert n("re_referrals") == 1  # Bram, within 12 months of January's
    assert n("cp_started") == 1 and n("cp_started_EMO") == 1
    assert n("cp_ended") == 1 and n("cp_two_years") == 1  # Dylan's lasted 2 years and 2 months
    assert n("cp_at_end") == 1
    # Cerys's conference, 15 days (11 working days) after the strategy discussion.
    assert n("icpcs") == 1 and n("icpcs_in_15_wd") == 1
    assert n("lac_at_end") == 1 and n("lac_started") == 1
    assert n("dq_in_need_without_episode") == 1  # Esme is looked after with no episode of need


def test_an_analyst_gets_counts_not_children(council, make_user):
    analyst = make_user(Role.ANALYST)
    m = measures.measure_get("cin_in_period")
    assert measures.count(m, PERIOD, analyst) == 5
    assert measures.rows(m, PERIOD, analyst) is None


def test_restricted_measures_are_only_for_their_team(make_user):
    manager = make_user(Role.TEAM_MANAGER)
    lado = make_user(Role.LADO_OFFICER)
    referrals = measures.measure_get("lado_referrals")
    assert not measures.may_see(manager, referrals)
    assert measures.count(referrals, PERIOD, manager) == 0
    assert measures.may_see(lado, referrals)
    assert [d.slug for d in dashboards_for(lado)] == ["lado"]
    assert "lado" not in [d.slug for d in dashboards_for(manager)]
    assert "channel" not in [d.slug for d in dashboards_for(make_user(Role.ANALYST))]


def test_by_month_is_the_same_as_asking_month_by_month(council, make_user):
    manager = make_user(Role.TEAM_MANAGER)
    for key in ("referrals", "cp_started_EMO", "cp_started_NEG"):
        m = measures.measure_get(key)
        for month, n in measures.by_month(m, PERIOD, manager):
            assert n == measures.count(m, month, manager), (key, month)
    assert [p.start for p in measures.months(PERIOD)][:2] == [D(2026, 4, 1), D(2026, 5, 1)]
    assert measures.months(PERIOD)[-1].end == D(2026, 11, 30)


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, "fewer than 5"), (4, "fewer than 5"), (5, 5), (None, "")])
def test_small_numbers_are_suppressed_in_what_leaves_the_council(value, shown):
    assert measures.suppressed(value) == shown


def test_every_dashboard_names_only_measures_that_exist():
    for board in DASHBOARDS:
        for key in board.keys:
            m = measures.measure_get(key)
            assert not m.restricted_area or m.restricted_area == board.restricted_area, key


def test_a_conference_after_15_working_days_is_not_on_time(worker, make_user):
    from .scene import child, icpc

    manager = make_user(Role.TEAM_MANAGER)
    # Strategy discussion on Monday 1 June 2026; the 15th working day after it is Monday 22 June.
    on_time, late = child(), child()
    icpc(on_time, worker, D(2026, 6, 22), strategy_on=D(2026, 6, 1))
    icpc(late, worker, D(2026, 6, 23), strategy_on=D(2026, 6, 1))
    within = measures.rows(measures.measure_get("icpcs_in_15_wd"), PERIOD, manager)
    assert [r.person_id for r in within] == [on_time.pk]
    assert measures.count(measures.measure_get("icpcs"), PERIOD, manager) == 2


def test_a_coded_detail_is_shown_in_words(council, make_user):
    manager = make_user(Role.TEAM_MANAGER)
    listed = measures.rows(measures.measure_get("cp_at_end"), PERIOD, manager)
    assert [r.detail for r in listed] == ["Emotional abuse"]
