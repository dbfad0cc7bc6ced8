"""Writes to the bank holiday table. Each change clears the cached calendar (signals.py), is
logged by the audit log (the model is registered with it), and, once committed, queues a
recomputation of every running deadline (a closure moves the due dates that span it)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from jigsaw.core.exceptions import ApplicationError

from .calendar import library_holidays
from .choices import BankHolidayKind
from .models import BankHoliday


def deadlines_recompute_later() -> None:
    """After this transaction commits, recompute every running clock's due date in the worker."""

    def enqueue() -> None:
        from .tasks import recompute_deadlines

        recompute_deadlines.enqueue()

    transaction.on_commit(enqueue)


def _spoken(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@transaction.atomic
def bank_holiday_add_closure(*, on: date, name: str) -> BankHoliday:
    """Close on a day the England & Wales list does not: a one-off holiday or a local closure."""
    name = name.strip()
    if not name:
        raise ApplicationError("Enter a name for the closure.", field="name")
    if on.weekday() >= 5:
        raise ApplicationError(f"{_spoken(on)} is a weekend day; weekends are never working days.", field="on")
    row = BankHoliday.objects.select_for_update().filter(date=on).first()
    if row is not None and row.kind != BankHolidayKind.REMOVED:
        raise ApplicationError(f"{_spoken(on)} is already closed: {row.name}.", field="on")
    if row is None and on in library_holidays(on.year):
        raise ApplicationError(f"{_spoken(on)} is already a bank holiday: {library_holidays(on.year)[on]}.", field="on")
    if row is None:
        row = BankHoliday(date=on)
    row.name = name
    row.kind = BankHolidayKind.CLOSURE
    row.full_clean()
    row.save()
    deadlines_recompute_later()
    return row


@transaction.atomic
def bank_holiday_remove(*, on: date, name: str = "") -> BankHoliday | None:
    """Make a listed holiday or a closure a working day again.

    A closure the council added is simply deleted (returns None); a day from the
    England & Wales list is kept as a REMOVED row, so a later sync does not bring it back.
    """
    row = BankHoliday.objects.select_for_update().filter(date=on).first()
    if row is not None and row.kind == BankHolidayKind.CLOSURE:
        row.delete()
        deadlines_recompute_later()
        return None
    if row is not None and row.kind == BankHolidayKind.REMOVED:
        return row
    listed_name = library_holidays(on.year).get(on)
    if row is None and listed_name is None:
        raise ApplicationError(f"{_spoken(on)} is not a holiday or closure.", field="on")
    if row is None:
        row = BankHoliday(date=on, name=listed_name)
    if name.strip():
        row.name = name.strip()
    row.kind = BankHolidayKind.REMOVED
    row.full_clean()
    row.save()
    deadlines_recompute_later()
    return row


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    unchanged: int
    kept_removed: int


@transaction.atomic
def bank_holidays_sync(*, years: range) -> SyncResult:
    """Copy the England & Wales list for `years` into the table. Safe to run again.

    New days are added; a renamed day is renamed; a closure the list now knows (a
    one-off holiday added to the package) becomes a bank holiday; a day the council
    removed stays removed.
    """
    existing = {row.date: row for row in BankHoliday.objects.select_for_update().filter(date__year__in=list(years))}
    created = updated = unchanged = kept_removed = 0
    for year in years:
        for day, name in library_holidays(year).items():
            row = existing.get(day)
            if row is None:
                BankHoliday.objects.create(date=day, name=name, kind=BankHolidayKind.BANK_HOLIDAY)
                created += 1
            elif row.kind == BankHolidayKind.REMOVED:
                kept_removed += 1
            elif row.kind != BankHolidayKind.BANK_HOLIDAY or row.name != name:
                row.name = name
                row.kind = BankHolidayKind.BANK_HOLIDAY
                row.save(update_fields=["name", "kind", "updated_at"])
                updated += 1
            else:
                unchanged += 1
    # No recomputation: the rows copy the list the calendar already uses, so no working day changes.
    return SyncResult(created=created, updated=updated, unchanged=unchanged, kept_removed=kept_removed)
