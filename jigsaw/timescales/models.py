"""The bank holiday table: the England & Wales list as seeded, plus the council's own changes.

The `holidays` package already knows the statutory list (jigsaw.timescales.calendar);
this table is where a one-off holiday announced at short notice, a local closure, or a
holiday that turned out not to be one is recorded without waiting for a new release.
It holds no personal data. Changes are logged by the audit log (registered in apps.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .choices import BankHolidayKind


class BankHoliday(models.Model):
    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=BankHolidayKind.choices, default=BankHolidayKind.CLOSURE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=BankHolidayKind.values), name="timescales_bankholiday_kind_valid"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="timescales_bankholiday_name_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name} ({self.get_kind_display()})"

    def clean(self) -> None:
        # Weekends are never working days, so a weekend row would change nothing and
        # would only mislead whoever reads the list.
        if self.date is not None and self.date.weekday() >= 5:
            raise ValidationError(
                {
                    "date": f"{self.date:%A} {self.date.day} {self.date:%B %Y} is a weekend day; weekends are never working days."
                }
            )
