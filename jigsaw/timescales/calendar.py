"""Working-day arithmetic for England & Wales.

A working day is any day except Saturday, Sunday and the England & Wales bank holidays
(Christmas Day and Good Friday included), as the usual statutory definition has it
(shared/domain/statutory-reference.md §0, §10). The list comes from the `holidays`
package (substitute days included); the BankHoliday table adds closures the package
does not know and removes holidays that turn out not to be.

Counting convention (§0): "within N working days of X" is X + N working days, so the
day of X is day 0. Some DfE validators count X as day 1; a partnership that wants that
sets JIGSAW_DAY_ZERO_INCLUSIVE = True. Counting backwards ("3 working days before the
conference") never counts the day itself.

`WorkingCalendar` is pure (give it the overrides); the module-level functions use the
current calendar, which reads the table once and keeps it for
JIGSAW_CALENDAR_CACHE_SECONDS (default 300) in each process; a change saved in this
process clears it at once.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays
from django.conf import settings

from .choices import BankHolidayKind

ONE_DAY = timedelta(days=1)
SATURDAY = 5


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str
    kind: BankHolidayKind

    @property
    def closed(self) -> bool:
        return self.kind != BankHolidayKind.REMOVED


def _as_date(value: date) -> date:
    # A datetime is a date too, but comparing one with the holiday list silently never
    # matches; the caller must choose the local date (timezone.localdate(dt)).
    if isinstance(value, datetime):
        raise TypeError("Pass a date, not a datetime: use timezone.localdate(value) first.")
    if not isinstance(value, date):
        raise TypeError(f"Expected a date, got {type(value).__name__}.")
    return value


@lru_cache(maxsize=256)
def library_holidays(year: int) -> Mapping[date, str]:
    """England & Wales bank holidays in `year` that fall on a weekday, from the `holidays` package.

    The package also lists the weekend date a holiday moved away from (e.g. Boxing Day on
    Saturday 26 December 2026); it closes nothing, so it is left out.
    """
    listed = holidays.country_holidays("GB", subdiv="ENG", years=year)
    # Read-only, because the cached mapping is shared by every caller.
    return MappingProxyType(
        {day: _gov_uk_name(name) for day, name in sorted(listed.items()) if day.weekday() < SATURDAY}
    )


# The names gov.uk/bank-holidays uses, which staff will recognise.
_GOV_UK_NAMES = {
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
}


def _gov_uk_name(name: str) -> str:
    base, observed, _ = name.partition(" (observed)")
    base = _GOV_UK_NAMES.get(base, base)
    return f"{base} (substitute day)" if observed else base


def day_zero_inclusive() -> bool:
    return bool(getattr(settings, "JIGSAW_DAY_ZERO_INCLUSIVE", False))


@dataclass(frozen=True, eq=False)
class WorkingCalendar:
    """England & Wales working days, with the council's own closures added and removals taken away."""

    added: dict[date, Holiday] = field(default_factory=dict)
    removed: frozenset[date] = frozenset()
    _years: dict[int, frozenset[date]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_overrides(cls, rows: Iterable[tuple[date, str, str]]) -> WorkingCalendar:
        """Build from (date, name, kind) rows of the bank holiday table."""
        added: dict[date, Holiday] = {}
        removed: set[date] = set()
        for day, name, kind in rows:
            if kind == BankHolidayKind.REMOVED:
                removed.add(day)
            else:
                added[day] = Holiday(day, name, BankHolidayKind(kind))
        return cls(added=added, removed=frozenset(removed))

    def closed_days(self, year: int) -> frozenset[date]:
        """Weekdays in `year` that are not working days (cached per year)."""
        closed = self._years.get(year)
        if closed is None:
            days = set(library_holidays(year)) | {d for d in self.added if d.year == year}
            closed = frozenset(d for d in days - self.removed if d.weekday() < SATURDAY)
            self._years[year] = closed
        return closed

    def is_working_day(self, d: date) -> bool:
        d = _as_date(d)
        return d.weekday() < SATURDAY and d not in self.closed_days(d.year)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        d = _as_date(d) + ONE_DAY
        while not self.is_working_day(d):
            d += ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before `d`."""
        d = _as_date(d) - ONE_DAY
        while not self.is_working_day(d):
            d -= ONE_DAY
        return d

    def working_day_on_or_after(self, d: date) -> date:
        """`d` if it is a working day, else the next one (the ICO rule for a deadline on a holiday)."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def working_day_on_or_before(self, d: date) -> date:
        """`d` if it is a working day, else the last one before it (a deadline that must not slip later)."""
        return d if self.is_working_day(d) else self.previous_working_day(d)

    def add_working_days(self, d: date, n: int, *, inclusive: bool | None = None) -> date:
        """The date N working days after `d` (before it, if N is negative).

        Exclusive (default): `d` is day 0, so 1 working day after Thursday is Friday.
        Inclusive: `d` (or, if it is not a working day, the next working day) is day 1.
        N = 0 gives `d` itself.
        """
        d = _as_date(d)
        if n == 0:
            return d
        if n < 0:
            for _ in range(-n):
                d = self.previous_working_day(d)
            return d
        if day_zero_inclusive() if inclusive is None else inclusive:
            d = self.working_day_on_or_after(d)
            n -= 1
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, a: date, b: date, *, inclusive: bool | None = None) -> int:
        """How many working days `b` is after `a` (negative if before): the inverse of add_working_days.

        For b after a this counts the working days in (a, b], or [a, b] when counting
        inclusively; for b before a it is minus the working days in [b, a). So
        working_days_between(a, add_working_days(a, n)) == n.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self._count(b, a - ONE_DAY)
        if day_zero_inclusive() if inclusive is None else inclusive:
            return self._count(a, b)
        return self._count(a + ONE_DAY, b)

    def _count(self, first: date, last: date) -> int:
        """Working days in [first, last], by whole weeks and then the odd days."""
        if last < first:
            return 0
        total_days = (last - first).days + 1
        weeks, rest = divmod(total_days, 7)
        weekdays = weeks * 5 + sum(1 for i in range(rest) if (first.weekday() + i) % 7 < SATURDAY)
        closed = sum(
            1 for year in range(first.year, last.year + 1) for d in self.closed_days(year) if first <= d <= last
        )
        return weekdays - closed

    def holidays_in_year(self, year: int) -> list[Holiday]:
        """The year's holidays and closures, with the table's removals shown as such, by date."""
        listed: dict[date, Holiday] = {
            d: Holiday(d, name, BankHolidayKind.BANK_HOLIDAY) for d, name in library_holidays(year).items()
        }
        for d, holiday in self.added.items():
            if d.year == year and d not in listed:
                listed[d] = holiday
        for d in self.removed:
            if d.year == year:
                name = listed[d].name if d in listed else "Working day"
                listed[d] = Holiday(d, name, BankHolidayKind.REMOVED)
        return sorted(listed.values(), key=lambda h: h.date)


def add_calendar_months(d: date, n: int) -> date:
    """The same date N months later (earlier if negative), or the month's last day if it has no such date.

    31 January + 1 month = 28 February (29 in a leap year): the convention of §0 and the ICO.
    """
    d = _as_date(d)
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


# The current calendar: library plus the BankHoliday table, kept per process for a while.

_cache_lock = threading.Lock()
_cached: tuple[float, WorkingCalendar] | None = None


def _cache_seconds() -> float:
    return float(getattr(settings, "JIGSAW_CALENDAR_CACHE_SECONDS", 300))


def current_calendar() -> WorkingCalendar:
    """The calendar with the BankHoliday table applied (one small query, then cached)."""
    global _cached
    cached = _cached
    now = time.monotonic()
    if cached is not None and now - cached[0] < _cache_seconds():
        return cached[1]
    from .models import BankHoliday

    working = WorkingCalendar.from_overrides(BankHoliday.objects.values_list("date", "name", "kind"))
    with _cache_lock:
        _cached = (now, working)
    return working


def calendar_cache_clear() -> None:
    """Forget the cached table, so the next call reads it again (after a change, and between tests)."""
    global _cached
    with _cache_lock:
        _cached = None


def is_working_day(d: date) -> bool:
    return current_calendar().is_working_day(d)


def next_working_day(d: date) -> date:
    return current_calendar().next_working_day(d)


def previous_working_day(d: date) -> date:
    return current_calendar().previous_working_day(d)


def working_day_on_or_after(d: date) -> date:
    return current_calendar().working_day_on_or_after(d)


def working_day_on_or_before(d: date) -> date:
    return current_calendar().working_day_on_or_before(d)


def add_working_days(d: date, n: int, *, inclusive: bool | None = None) -> date:
    return current_calendar().add_working_days(d, n, inclusive=inclusive)


def working_days_between(a: date, b: date, *, inclusive: bool | None = None) -> int:
    return current_calendar().working_days_between(a, b, inclusive=inclusive)


def holidays_in_year(year: int) -> list[Holiday]:
    return current_calendar().holidays_in_year(year)
