from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jigsaw.audit.models import AuditEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.timescales.calendar import add_working_days, holidays_in_year, is_working_day
from jigsaw.timescales.choices import BankHolidayKind
from jigsaw.timescales.models import BankHoliday
from jigsaw.timescales.services import bank_holiday_add_closure, bank_holiday_remove, bank_holidays_sync

pytestmark = pytest.mark.django_db


class TestAddClosure:
    def test_a_closure_between_christmas_and_new_year_moves_deadlines(self):
        assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)  # cached before the change
        bank_holiday_add_closure(on=date(2026, 12, 30), name="Council offices closed")
        assert not is_working_day(date(2026, 12, 30))
        assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 31)
        listed = {h.date: h for h in holidays_in_year(2026)}
        assert listed[date(2026, 12, 30)].kind == BankHolidayKind.CLOSURE

    def test_a_new_one_off_bank_holiday(self):
        bank_holiday_add_closure(on=date(2027, 6, 7), name="Special bank holiday")
        assert add_working_days(date(2027, 6, 4), 1) == date(2027, 6, 8)

    def test_refuses_a_weekend_a_bank_holiday_or_a_blank_name(self):
        with pytest.raises(ApplicationError, match="weekend"):
            bank_holiday_add_closure(on=date(2026, 12, 26), name="Closed")
        with pytest.raises(ApplicationError, match="already a bank holiday: Christmas Day"):
            bank_holiday_add_closure(on=date(2026, 12, 25), name="Closed")
        with pytest.raises(ApplicationError, match="name"):
            bank_holiday_add_closure(on=date(2026, 12, 30), name="  ")
        assert not BankHoliday.objects.exists()

    def test_the_change_is_in_the_audit_log(self):
        row = bank_holiday_add_closure(on=date(2026, 12, 30), name="Council offices closed")
        assert AuditEntry.objects.filter(object_pk=str(row.pk), object_repr__contains="Council offices closed").exists()


class TestRemove:
    def test_removing_a_bank_holiday_makes_it_a_working_day(self):
        bank_holiday_remove(on=date(2026, 12, 28), name="Moved by proclamation")
        assert is_working_day(date(2026, 12, 28))
        assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)
        listed = {h.date: h for h in holidays_in_year(2026)}
        assert listed[date(2026, 12, 28)].kind == BankHolidayKind.REMOVED

    def test_removing_a_closure_deletes_it(self):
        bank_holiday_add_closure(on=date(2026, 12, 30), name="Council offices closed")
        assert bank_holiday_remove(on=date(2026, 12, 30)) is None
        assert is_working_day(date(2026, 12, 30))
        assert not BankHoliday.objects.exists()

    def test_removing_an_ordinary_day_is_refused(self):
        with pytest.raises(ApplicationError, match="not a holiday"):
            bank_holiday_remove(on=date(2026, 12, 30))


class TestSync:
    def test_sync_copies_the_list_and_is_idempotent(self):
        first = bank_holidays_sync(years=range(2026, 2028))
        assert first.created == 16
        assert set(BankHoliday.objects.filter(date__year=2026).values_list("date", flat=True)) == {
            h.date for h in holidays_in_year(2026)
        }
        second = bank_holidays_sync(years=range(2026, 2028))
        assert (second.created, second.updated, second.unchanged) == (0, 0, 16)
        assert BankHoliday.objects.count() == 16

    def test_sync_keeps_a_removal_and_adopts_a_closure_the_list_now_knows(self):
        bank_holiday_remove(on=date(2026, 12, 28))
        BankHoliday.objects.create(date=date(2026, 12, 25), name="Closed", kind=BankHolidayKind.CLOSURE)
        result = bank_holidays_sync(years=range(2026, 2027))
        assert (result.kept_removed, result.updated) == (1, 1)
        assert BankHoliday.objects.get(date=date(2026, 12, 28)).kind == BankHolidayKind.REMOVED
        christmas = BankHoliday.objects.get(date=date(2026, 12, 25))
        assert (christmas.kind, christmas.name) == (BankHolidayKind.BANK_HOLIDAY, "Christmas Day")
        assert is_working_day(date(2026, 12, 28))

    def test_command(self):
        out = StringIO()
        call_command("sync_bank_holidays", "--years", "2020-2035", stdout=out)
        assert "added" in out.getvalue()
        count = BankHoliday.objects.count()
        assert count > 16 * 8
        assert BankHoliday.objects.filter(date=date(2022, 9, 19), name__contains="State Funeral").exists()
        call_command("sync_bank_holidays", "--years", "2020-2035", stdout=StringIO())
        assert BankHoliday.objects.count() == count

    def test_command_refuses_a_backwards_range(self):
        with pytest.raises(CommandError):
            call_command("sync_bank_holidays", "--years", "2035-2020", stdout=StringIO())
