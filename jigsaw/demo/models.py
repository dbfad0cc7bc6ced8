"""A note that the demo council is here, so `seed_demo` makes it only once."""

from django.db import models
from django.utils import timezone


class DemoCouncil(models.Model):
    """Written last, in the same transaction as the council and its casework: `complete` means
    everything was made. A note without it was written by an earlier seed_demo, before the
    casework, which may then have stopped part-way."""

    name = models.CharField(max_length=200)
    seed = models.BigIntegerField()
    children = models.PositiveIntegerField()
    people = models.PositiveIntegerField()
    as_of = models.DateField(help_text="The day the council's ages and dates were worked out from")
    seeded_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)
    complete = models.BooleanField(default=False)

    class Meta:
        ordering = ["-seeded_at"]

    def __str__(self) -> str:
        return f"{self.name} (seed {self.seed}, {self.children} children)"
