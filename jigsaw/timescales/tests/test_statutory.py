"""The statutory clocks of shared/domain/statutory-reference.md §1, on real dates."""

from datetime import date

import pytest

from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import deadline_for, get_rule, rules_started_by
from jigsaw.timescales.statutory import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "start", "due"),
    [
        # 1.1 A referral on Christmas Eve 2026 is decided by Tuesday 29 December.
        ("referral_decision", date(2026, 12, 24), date(2026, 12, 29)),
        # ... and one on the Thursday before Easter 2027 by the Tuesday after.
        ("referral_decision", date(2027, 3, 25), date(2027, 3, 30)),
        # 1.4 45 working days from a referral on Monday 2 November 2026, over Christmas and New Year.
        ("assessment", date(2026, 11, 2), date(2027, 1, 7)),
        # 1.5 15 working days from s47 on Monday 14 December 2026 skips 25, 28 Dec and 1 Jan.
        ("icpc", date(2026, 12, 14), date(2027, 1, 7)),
        # 1.6 First core group 10 working days after that ICPC.
        ("first_core_group", date(2027, 1, 7), date(2027, 1, 21)),
        # 1.7 First review conference within 3 months; 30 November has no 30 February.
        # Clamped to 28 February 2027, a Sunday, so due the Friday before.
        ("first_review_conference", date(2026, 11, 30), date(2027, 2, 26)),
        ("first_review_conference", date(2027, 1, 7), date(2027, 4, 7)),
        # 1.8 Later reviews every 6 months; 2028 is a leap year.
        ("review_conference", date(2027, 8, 31), date(2028, 2, 29)),
        # 1.9 Transfer-in conference over the early May bank holiday 2027.
        ("transfer_in_conference", date(2027, 4, 23), date(2027, 5, 17)),
        # 1C Serious incident notification over Christmas 2026, rapid review over Easter 2027.
        # (the reviews area's rules: jigsaw/reviews/deadlines.py)
        ("reviews_notification", date(2026, 12, 21), date(2026, 12, 30)),
        ("reviews_rapid_review", date(2027, 3, 17), date(2027, 4, 9)),
    ],
)
def test_statutory_deadline(key, start, due):
    assert deadline_for(get_rule(key), start) == due


def test_icpc_clock_starts_at_section_47_and_stops_at_the_conference():
    icpc = get_rule("icpc")
    assert (icpc.starts_on, icpc.stopped_by, icpc.amount, icpc.unit) == (
        Event.SECTION_47_STARTED,
        Event.ICPC_HELD,
        15,
        Unit.WORKING_DAYS,
    )
    assert not icpc.local
    assert "cp_chair_iro" in icpc.notify


def test_holding_an_icpc_starts_the_core_group_and_review_clocks():
    assert {r.key for r in rules_started_by(Event.ICPC_HELD)} == {"first_core_group", "first_review_conference"}


def test_local_practice_rules_take_the_councils_setting(settings):
    settings.JIGSAW_TIMESCALE_OVERRIDES = {"strategy_discussion": 2}
    assert get_rule("strategy_discussion").local
    assert deadline_for("strategy_discussion", date(2026, 12, 24)) == date(2026, 12, 30)


def test_day_one_convention_brings_the_icpc_forward_a_day(settings):
    settings.JIGSAW_DAY_ZERO_INCLUSIVE = True
    assert deadline_for("icpc", date(2026, 12, 14)) == date(2027, 1, 6)
