"""The bank holiday table: the England & Wales list as seeded, plus the council's own changes.

The `holidays` package already knows the statutory list (jigsaw.timescales.calendar);
this table is where a one-off holiday announced at short notice, a local closure, or a
holiday that turned out not to be one is recorded without waiting for a new release.
It holds no personal data. Changes are logged by the audit log (registered in apps.py).

Clocks: the deadlines running for each person (jigsaw.timescales.clocks), and the record
of which daily digests have been sent.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.core.locking import VersionedModel

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


class ClockQuerySet(models.QuerySet):
    def open(self) -> "ClockQuerySet":
        """Clocks still running: neither met nor stopped as no longer needed."""
        return self.filter(met_on__isnull=True, stopped_on__isnull=True)

    def closed(self) -> "ClockQuerySet":
        return self.exclude(met_on__isnull=True, stopped_on__isnull=True)


class Clock(VersionedModel):
    """One running (or finished) deadline for one person: a rule, when it started, when it is due.

    `due_on` is computed from the rule (rules.deadline_for) and stored, so "what is due
    soon or overdue" is an indexed query; clock_recompute_all refreshes it after the
    calendar or a local rule changes. The clock belongs to a person and, usually, to the
    record whose event started it (the subject: a referral, a section 47, a conference).
    """

    rule_key = models.CharField(max_length=64)
    # Foreign keys without their own index where a composite index below starts with them:
    # recomputing due dates rewrites every index of a moved row, so each index costs.
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="clocks", db_index=False)
    # The record the clock belongs to. PROTECT: a case record is never deleted under a running clock.
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    # The worker responsible, when it is not simply the child's allocated worker (the
    # conference chair for a conference, say). Empty: whoever is allocated now, so a
    # reallocated case takes its deadlines with it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="clocks", db_index=False
    )
    started_on = models.DateField()
    due_on = models.DateField()
    # For a rule in hours (the return home interview's 72), the moment it falls due, so the clock
    # and the screens agree to the hour; due_on is that moment's day. Empty for day rules.
    due_at = models.DateTimeField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)
    # A clock that stopped without being met because it is no longer needed (the
    # referral ended in no further action, the child moved away): when and why.
    stopped_on = models.DateField(null=True, blank=True)
    stopped_reason = models.CharField(max_length=300, blank=True)
    # Working Together expects the reason for a missed timescale to be recorded, and a
    # manager to agree it.
    late_reason = models.TextField(blank=True)
    # Not indexed: nobody looks clocks up by who explained them (and users are not deleted).
    late_reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    late_reason_at = models.DateTimeField(null=True, blank=True)
    late_reason_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    late_reason_signed_off_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClockQuerySet.as_manager()

    # records app (ARCHITECTURE rule 5): part of the child's case record.
    retention_class = "person-index"
    legal_basis = "UK GDPR 6(1)(e) public task; 9(2)(g) substantial public interest (Children Act 1989)"

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # "Due soon and overdue": open clocks by due date.
            models.Index(fields=["due_on", "met_on"], name="clock_due"),
            # "My work": a worker's open clocks.
            models.Index(fields=["owner", "met_on"], name="clock_owner"),
            models.Index(fields=["person", "due_on"], name="clock_person"),
            models.Index(fields=["content_type", "object_id"], name="clock_subject"),
        ]
        constraints = [
            # One running clock per rule and record (or per rule and person, without a record):
            # starting it again is a no-op, not a second deadline.
            models.UniqueConstraint(
                fields=["rule_key", "content_type", "object_id"],
                condition=Q(met_on__isnull=True, stopped_on__isnull=True, content_type__isnull=False),
                name="clock_one_open_per_subject",
            ),
            models.UniqueConstraint(
                fields=["rule_key", "person"],
                condition=Q(met_on__isnull=True, stopped_on__isnull=True, content_type__isnull=True),
                name="clock_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="clock_subject_whole_or_absent",
            ),
            models.CheckConstraint(condition=Q(due_on__gte=F("started_on")), name="clock_due_not_before_start"),
            models.CheckConstraint(
                condition=Q(met_on__isnull=True) | Q(met_on__gte=F("started_on")), name="clock_met_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(met_on__isnull=True) | Q(stopped_on__isnull=True), name="clock_met_or_stopped_not_both"
            ),
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | ~Q(stopped_reason=""), name="clock_stop_needs_reason"
            ),
            models.CheckConstraint(
                condition=Q(late_reason_signed_off_by__isnull=True) | ~Q(late_reason=""),
                name="clock_sign_off_needs_reason",
            ),
            models.CheckConstraint(condition=~Q(rule_key=""), name="clock_rule_key_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_key} for person {self.person_id}, due {self.due_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.met_on is None and self.stopped_on is None


class DigestSent(models.Model):
    """A deadline digest emailed to a user for a date, so running the job again sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    for_date = models.DateField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    retention_class = "access"
    legal_basis = "UK GDPR 6(1)(e) public task: running the service"

    class Meta:
        verbose_name = "deadline digest sent"
        verbose_name_plural = "deadline digests sent"
        constraints = [models.UniqueConstraint(fields=["user", "for_date"], name="digest_once_per_user_and_date")]

    def __str__(self) -> str:
        return f"Digest for {self.user} on {self.for_date:%Y-%m-%d}"
