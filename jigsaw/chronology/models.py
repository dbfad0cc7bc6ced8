"""One merged, multi-agency chronology per child.

Every significant event any service area records lands here (chronology_record), and
partner agencies add their own entries (partner_entry_add). Entries are never edited or
deleted: a mistake is put right by a correction, a new entry that supersedes the old
one with a reason, so the chronology shows what was known when as well as what is true.
"""

from typing import Any

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea
from jigsaw.core.jinja2 import govuk_date

from .choices import Significance, kind_label


class EntryImmutableError(RuntimeError):
    """A chronology entry is corrected by a new entry, never changed or removed."""

    def __init__(self) -> None:
        super().__init__("Chronology entries are never changed or deleted: correct them with entry_correct")


class ChronologyEntryQuerySet(models.QuerySet):
    def current(self) -> "ChronologyEntryQuerySet":
        """Entries not superseded by a correction, nor by the same event recorded again by its own area."""
        return self.filter(correction__isnull=True, recorded_again__isnull=True)

    def update(self, **kwargs: Any) -> int:
        raise EntryImmutableError

    def delete(self) -> tuple[int, dict[str, int]]:
        raise EntryImmutableError


class ChronologyEntry(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="chronology_entries")
    occurred_on = models.DateField("date of the event")
    occurred_at = models.DateTimeField("time of the event", null=True, blank=True)
    kind = models.CharField(max_length=40, help_text='A short code, e.g. "strategy_discussion" or "partner_entry"')
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    significance = models.CharField(max_length=10, choices=Significance.choices, default=Significance.STANDARD)
    source_agency = models.ForeignKey(
        "access.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="chronology_entries"
    )
    # Null for entries the system records itself (a decision's entry is recorded by its service).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # The local (UK) date of recorded_at: a UTC timestamp's date is the day before for the
    # first hour of a summer day, so the "not after it was recorded" rule needs this column.
    recorded_on = models.DateField(default=timezone.localdate)
    # The record the entry came from (a contact, a conference...), as a generic reference.
    source_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    restricted_area = models.CharField(
        max_length=10,
        choices=RestrictedArea.choices,
        blank=True,
        default=RestrictedArea.NONE,
        help_text="An entry from a restricted record (LADO, Channel) is seen only by that team.",
    )
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction")
    correction_reason = models.TextField(blank=True)
    # One event, one entry: the meetings engine's generic "Meeting held" that this entry, the
    # owning area's record of the same meeting, stands in for. Entries are never changed, so the
    # newer entry points at the older one, and the older one drops out of `current()`.
    same_event_as = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="recorded_again"
    )

    objects = ChronologyEntryQuerySet.as_manager()

    # records app: retention class and legal basis (ARCHITECTURE rule 5). A chronology is
    # part of the child's case record, kept as long as the person index keeps the child.
    retention_class = "person-index"
    legal_basis = "UK GDPR 6(1)(e) public task; 9(2)(g) substantial public interest (Children Act 1989)"

    class Meta:
        verbose_name = "chronology entry"
        verbose_name_plural = "chronology entries"
        ordering = ["-occurred_on", "-occurred_at", "-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-occurred_on"], name="chronology_person_date"),
            models.Index(fields=["source_content_type", "source_object_id"], name="chronology_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(significance__in=Significance.values), name="chronology_significance_is_a_level"
            ),
            models.CheckConstraint(
                condition=Q(restricted_area__in=RestrictedArea.values), name="chronology_restricted_area_is_an_area"
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="chronology_has_summary"),
            models.CheckConstraint(condition=~Q(kind=""), name="chronology_has_kind"),
            models.CheckConstraint(
                condition=Q(occurred_on__lte=F("recorded_on")), name="chronology_not_recorded_before_it_happened"
            ),
            models.CheckConstraint(
                condition=Q(occurred_at__isnull=True) | Q(occurred_at__lte=F("recorded_at")),
                name="chronology_time_not_after_recorded",
            ),
            models.CheckConstraint(
                condition=Q(source_content_type__isnull=True, source_object_id__isnull=True)
                | Q(source_content_type__isnull=False, source_object_id__isnull=False),
                name="chronology_source_complete",
            ),
            models.CheckConstraint(condition=~Q(corrects=F("id")), name="chronology_not_correcting_itself"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, correction_reason="")
                | (Q(corrects__isnull=False) & ~Q(correction_reason="")),
                name="chronology_correction_has_reason",
            ),
            # One entry per event of a record in each person's chronology (chronology_record is
            # idempotent; a meeting about three children gives each their own entry);
            # corrections carry the same source and are left out.
            models.UniqueConstraint(
                fields=["person", "source_content_type", "source_object_id", "kind"],
                condition=Q(source_content_type__isnull=False, corrects__isnull=True),
                name="chronology_once_per_source_event",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="chronology_entries_immutable", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{govuk_date(self.occurred_on)}, {self.kind_display}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise EntryImmutableError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise EntryImmutableError

    @property
    def kind_display(self) -> str:
        return kind_label(self.kind)

    @property
    def is_significant(self) -> bool:
        return self.significance in (Significance.HIGH, Significance.CRITICAL)

    @property
    def is_corrected(self) -> bool:
        """Whether a later correction supersedes this entry."""
        try:
            return self.correction is not None
        except ChronologyEntry.DoesNotExist:
            return False
