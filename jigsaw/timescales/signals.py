"""Keep the cached working-day calendar in step with the bank holiday table."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .calendar import calendar_cache_clear
from .models import BankHoliday


@receiver(post_save, sender=BankHoliday, dispatch_uid="timescales-calendar-save")
@receiver(post_delete, sender=BankHoliday, dispatch_uid="timescales-calendar-delete")
def forget_calendar(**kwargs: Any) -> None:
    # Now, for this thread; and again at commit, for readers that cached the old table meanwhile.
    calendar_cache_clear()
    transaction.on_commit(calendar_cache_clear)
