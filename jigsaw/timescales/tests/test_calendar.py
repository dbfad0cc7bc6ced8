"""Working days on real England & Wales dates (shared/domain/statutory-reference.md §10)."""

from datetime import date, datetime

import pytest

from jigsaw.timescales.calendar import (
    add_calendar_months,
    add_working_days,
    holidays_in_year,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_day_on_or_after,
    working_days_between,
)
from jigsaw.timescales.choices import BankHolidayKind

pytestmark = pytest.mark.django_db


class TestChristmas:
    def test_christmas_day_and_substitute_boxing_day_are_closed(self):
        # 25 Dec 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28 Dec is the substitute.
        assert not is_working_day(date(2026, 12, 25))
        assert not is_working_day(date(2026, 12, 26))
        assert not is_working_day(date(2026, 12, 28))
        assert is_working_day(date(2026, 12, 24))
        assert is_working_day(date(2026, 12, 29))

    def test_three_working_days_after_23_december_2026_is_30_december(self):
        assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)

    def test_one_working_day_after_christmas_eve_is_tuesday_29th(self):
        assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)

    def test_2027_christmas_has_two_substitute_days(self):
        # 25 and 26 Dec 2027 are a weekend: Monday 27 and Tuesday 28 are the holidays.
        assert not is_working_day(date(2027, 12, 27))
        assert not is_working_day(date(2027, 12, 28))
        assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)


class TestNewYear:
    def test_new_year_2027_is_a_friday_holiday(self):
        assert not is_working_day(date(2027, 1, 1))
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)

    def test_working_days_from_christmas_eve_to_first_monday(self):
        # 29, 30, 31 December and Monday 4 January.
        assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 4


class TestSpringHoliday:
    def test_easter_2027(self):
        assert not is_working_day(date(2027, 3, 26))  # Good Friday
        assert not is_working_day(date(2027, 3, 29))  # Easter Monday
        assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
        assert working_days_between(date(2027, 3, 25), date(2027, 3, 30)) == 1

    def test_early_may_and_spring_bank_holidays_2027(self):
        assert not is_working_day(date(2027, 5, 3))
        assert not is_working_day(date(2027, 5, 31))
        assert add_working_days(date(2027, 4, 30), 1) == date(2027, 5, 4)
        assert add_working_days(date(2027, 5, 28), 1) == date(2027, 6, 1)


class TestNeighbour:
    def test_next_and_previous_working_day_skip_the_christmas_closure(self):
        assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)
        assert previous_working_day(date(2026, 12, 29)) == date(2026, 12, 24)

    def test_on_or_after_keeps_a_working_day_and_moves_a_holiday(self):
        assert working_day_on_or_after(date(2026, 12, 24)) == date(2026, 12, 24)
        assert working_day_on_or_after(date(2026, 12, 25)) == date(2026, 12, 29)

    def test_counting_backwards(self):
        # Reports 3 working days before a conference on Tuesday 5 January 2027: 31 Dec, 4 Jan... back to 30 Dec.
        assert add_working_days(date(2027, 1, 5), -3) == date(2026, 12, 30)
        assert working_days_between(date(2027, 1, 5), date(2026, 12, 30)) == -3

    def test_zero_working_days_is_the_same_day(self):
        assert add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 25)
        assert working_days_between(date(2026, 12, 23), date(2026, 12, 23)) == 0


class TestDayZeroConvention:
    def test_inclusive_counting_when_the_setting_asks_for_it(self, settings):
        # The DfE validators' convention: the start day is day 1.
        settings.JIGSAW_DAY_ZERO_INCLUSIVE = True
        assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)
        assert working_days_between(date(2026, 12, 23), date(2026, 12, 29)) == 3

    def test_inclusive_counting_from_a_holiday_starts_on_the_next_working_day(self, settings):
        settings.JIGSAW_DAY_ZERO_INCLUSIVE = True
        assert add_working_days(date(2026, 12, 26), 1) == date(2026, 12, 29)

    def test_the_keyword_overrides_the_setting(self, settings):
        settings.JIGSAW_DAY_ZERO_INCLUSIVE = True
        assert add_working_days(date(2026, 12, 23), 3, inclusive=False) == date(2026, 12, 30)


class TestCalendarMonth:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (date(2027, 1, 31), 1, date(2027, 2, 28)),
            (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
            (date(2026, 11, 30), 3, date(2027, 2, 28)),
            (date(2026, 10, 31), 3, date(2027, 1, 31)),
            (date(2026, 8, 31), 6, date(2027, 2, 28)),
            (date(2027, 3, 31), -1, date(2027, 2, 28)),
            (date(2026, 12, 15), 0, date(2026, 12, 15)),
        ],
    )
    def test_same_date_in_the_target_month_or_its_last_day(self, start, months, expected):
        assert add_calendar_months(start, months) == expected


class TestHolidayList:
    def test_2026_list_matches_gov_uk(self):
        # statutory-reference.md §10, from the gov.uk feed.
        assert [h.date for h in holidays_in_year(2026)] == [
            date(2026, 1, 1),
            date(2026, 4, 3),
            date(2026, 4, 6),
            date(2026, 5, 4),
            date(2026, 5, 25),
            date(2026, 8, 31),
            date(2026, 12, 25),
            date(2026, 12, 28),
        ]

    def test_2027_list_matches_gov_uk(self):
        assert [h.date for h in holidays_in_year(2027)] == [
            date(2027, 1, 1),
            date(2027, 3, 26),
            date(2027, 3, 29),
            date(2027, 5, 3),
            date(2027, 5, 31),
            date(2027, 8, 30),
            date(2027, 12, 27),
            date(2027, 12, 28),
        ]

    def test_one_off_holidays_of_2022_and_2023_are_known(self):
        assert not is_working_day(date(2022, 9, 19))  # State Funeral
        assert not is_working_day(date(2023, 5, 8))  # Coronation

    def test_names_are_the_ones_gov_uk_uses(self):
        by_date = {h.date: h for h in holidays_in_year(2026)}
        assert by_date[date(2026, 12, 28)].name == "Boxing Day (substitute day)"
        assert by_date[date(2026, 12, 28)].kind == BankHolidayKind.BANK_HOLIDAY
        assert [h.name for h in holidays_in_year(2027)] == [
            "New Year's Day",
            "Good Friday",
            "Easter Monday",
            "Early May bank holiday",
            "Spring bank holiday",
            "Summer bank holiday",
            "Christmas Day (substitute day)",
            "Boxing Day (substitute day)",
        ]


def test_a_datetime_is_refused_rather_than_silently_never_a_holiday():
    with pytest.raises(TypeError, match="localdate"):
        is_working_day(datetime(2026, 12, 25, 9, 0))
