"""Properties of the working-day arithmetic, checked on the pure calendar with random closures."""

from datetime import date, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from jigsaw.timescales.calendar import WorkingCalendar, add_calendar_months
from jigsaw.timescales.choices import BankHolidayKind

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
near_dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))


@st.composite
def calendars(draw) -> WorkingCalendar:
    """A calendar with a few random council closures and removed holidays around 2025-2028."""
    added = draw(st.lists(near_dates, max_size=8))
    removed = draw(st.lists(near_dates, max_size=4))
    rows = [(d, "Closure", BankHolidayKind.CLOSURE) for d in added if d.weekday() < 5]
    rows += [(d, "Removed", BankHolidayKind.REMOVED) for d in removed if d not in set(added)]
    return WorkingCalendar.from_overrides(rows)


steps = st.integers(min_value=1, max_value=300)

# No example database (it would write into the working tree) and no time limit (the first
# call loads the holiday tables; only the answers matter here).
no_database = settings(database=None, deadline=None)


@no_database
@given(cal=calendars(), start=near_dates, n=steps, inclusive=st.booleans())
def test_adding_working_days_lands_on_a_working_day(cal, start, n, inclusive):
    assert cal.is_working_day(cal.add_working_days(start, n, inclusive=inclusive))
    assert cal.is_working_day(cal.add_working_days(start, -n))


@no_database
@given(cal=calendars(), start=near_dates, n=steps, inclusive=st.booleans())
def test_between_undoes_adding(cal, start, n, inclusive):
    assert (
        cal.working_days_between(start, cal.add_working_days(start, n, inclusive=inclusive), inclusive=inclusive) == n
    )
    assert cal.working_days_between(start, cal.add_working_days(start, -n)) == -n


@no_database
@given(cal=calendars(), start=near_dates, n=steps)
def test_one_more_working_day_is_always_later(cal, start, n):
    assert start < cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@no_database
@given(cal=calendars(), a=near_dates, span=st.integers(min_value=0, max_value=800))
def test_counting_matches_a_day_by_day_count(cal, a, span):
    b = a + timedelta(days=span)
    by_hand = sum(1 for i in range(1, span + 1) if cal.is_working_day(a + timedelta(days=i)))
    assert cal.working_days_between(a, b) == by_hand


@settings(max_examples=300, database=None, deadline=None)
@given(d=dates)
def test_library_calendar_agrees_with_the_holidays_package(d):
    england = holidays.country_holidays("GB", subdiv="ENG", years=d.year)
    assert WorkingCalendar().is_working_day(d) == (d.weekday() < 5 and d not in england)


@no_database
@given(d=dates, n=st.integers(min_value=-240, max_value=240))
def test_calendar_months_keep_the_day_or_clamp_to_month_end(d, n):
    result = add_calendar_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    next_month_first = (result.replace(day=28) + timedelta(days=4)).replace(day=1)
    last_day = (next_month_first - timedelta(days=1)).day
    assert result.day == min(d.day, last_day)
