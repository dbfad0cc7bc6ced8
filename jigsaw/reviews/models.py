"""Partnership reviews: serious incidents, their notification to the national Panel, the lead
safeguarding partners told, and the rapid review's decision.

Every record here is restricted (RestrictedArea.REVIEWS): only the partnership team (members of
a team whose restricted area is "reviews": the partnership manager and the council's
safeguarding leads) may learn that one exists. Reads go through selectors.incident_scope;
writes through services.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jigsaw.core.locking import VersionedModel
from jigsaw.records.models import UK_GDPR_PUBLIC_TASK
from jigsaw.timescales.calendar import add_working_days

from .choices import AbuseOrNeglect, Decision, Harm, PanelReply, Stage

LEGAL_BASIS = UK_GDPR_PUBLIC_TASK + "; Children Act 2004 ss16B-16C and WT2023 Ch.5 (serious incidents and reviews)"
RETENTION = "safeguarding-case"

# Working days the law and the guidance give (statutory-reference 1C).
NOTIFY_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15


class SeriousIncident(VersionedModel):
    """A child died or was seriously harmed and abuse or neglect is known or suspected (or a
    looked-after child died, whatever the cause): notified to the Child Safeguarding Practice
    Review Panel within 5 working days of the council becoming aware."""

    incident_on = models.DateField("date of the incident")
    aware_on = models.DateField("date the council became aware")
    place = models.CharField("where it happened", max_length=200)
    harm = models.CharField(max_length=10, choices=Harm.choices)
    abuse_or_neglect = models.CharField(max_length=10, choices=AbuseOrNeglect.choices)
    looked_after = models.BooleanField("the child was looked after", default=False)
    summary = models.TextField("what happened")
    # What Jigsaw held when the incident was recorded (open services, plans, allocated workers),
    # kept as read then: the notification reports what was known at the time.
    known_services = models.JSONField(default=list, blank=True)
    partners_knowledge = models.TextField("what else the council and partners know", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # The national online form (the Child Incident Notification), once submitted.
    notified_on = models.DateField("date submitted to the Panel", null=True, blank=True)
    national_reference = models.CharField("the notification's reference", max_length=60, blank=True)
    late_reason = models.TextField("why the notification was late", blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    # The rapid review (15 working days from the notification).
    rapid_review_sent_on = models.DateField("date the rapid review was sent to the Panel", null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    panel_reply = models.CharField(max_length=10, choices=PanelReply.choices, blank=True)
    panel_reply_on = models.DateField(null=True, blank=True)

    retention_class = RETENTION
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["-aware_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incident_on__lte=models.F("aware_on")), name="reviews_incident_before_aware"
            ),
            models.CheckConstraint(
                condition=~Q(abuse_or_neglect="none") | Q(looked_after=True, harm="died"),
                name="reviews_incident_meets_criteria",
            ),
            models.CheckConstraint(
                condition=(Q(notified_on__isnull=True) & Q(national_reference=""))
                | (Q(notified_on__isnull=False) & ~Q(national_reference="")),
                name="reviews_notified_with_reference",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closed_reason=""), name="reviews_closed_with_reason"
            ),
            models.CheckConstraint(
                condition=Q(rapid_review_sent_on__isnull=True) | (Q(notified_on__isnull=False) & ~Q(decision="")),
                name="reviews_rapid_review_after_notification",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SI-{self.pk:04d}" if self.pk else "SI (new)"

    @property
    def stage(self) -> Stage:
        if self.closed_on:
            return Stage.CLOSED
        if self.rapid_review_sent_on:
            return Stage.RAPID_REVIEW_SENT
        if self.notified_on:
            return Stage.NOTIFIED
        return Stage.RECORDED

    @property
    def notification_due_on(self) -> dt.date:
        return add_working_days(self.aware_on, NOTIFY_WORKING_DAYS)

    @property
    def notified_late(self) -> bool:
        return self.notified_on is not None and self.notified_on > self.notification_due_on

    @property
    def rapid_review_due_on(self) -> dt.date | None:
        return add_working_days(self.notified_on, RAPID_REVIEW_WORKING_DAYS) if self.notified_on else None

    @property
    def rapid_review_late(self) -> bool:
        due = self.rapid_review_due_on
        return due is not None and self.rapid_review_sent_on is not None and self.rapid_review_sent_on > due

    def late_now(self, today: dt.date) -> bool:
        """Not yet notified and past the 5 working days."""
        return self.notified_on is None and self.closed_on is None and today > self.notification_due_on


class IncidentChild(models.Model):
    """A child the incident is about, linked to the person index."""

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    retention_class = RETENTION
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["incident", "person"], name="reviews_child_once_per_incident")]

    def __str__(self) -> str:
        return f"{self.incident} – {self.person_id}"


class PartnerNoticeQuerySet(models.QuerySet):
    def unsent(self) -> PartnerNoticeQuerySet:
        return self.filter(sent_at__isnull=True)


class PartnerNotice(models.Model):
    """One lead safeguarding partner told of the notification (an outbox row: sent once, retried
    on failure). `sent_at` is when the mail relay took it; `acknowledged_on` when the partner
    confirmed they had it (the receipt)."""

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="partner_notices")
    partner_name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PartnerNoticeQuerySet.as_manager()

    retention_class = RETENTION
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "email"], name="reviews_partner_told_once"),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(sent_at__isnull=False),
                name="reviews_acknowledged_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} told of {self.incident}"


class RequestQuerySet(models.QuerySet):
    def unsent(self) -> RequestQuerySet:
        return self.filter(sent_at__isnull=True)

    def awaiting(self) -> RequestQuerySet:
        return self.filter(responded_at__isnull=True)


class InformationRequest(models.Model):
    """The rapid review asks an agency that knew the child or family for what it knows: a
    chronology of its involvement over a stated period, a summary, the practitioners involved.
    Sent by email (an outbox row) to the agency's inbox or a named contact; the contact answers
    in Jigsaw, and sees only their own agency's request."""

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="review_requests"
    )
    email = models.EmailField()
    found_from = models.CharField(max_length=200, help_text="Why this agency was asked, in words")
    asks_chronology = models.BooleanField(default=True)
    asks_summary = models.BooleanField(default=True)
    asks_practitioners = models.BooleanField(default=True)
    period_from = models.DateField()
    period_to = models.DateField()
    due_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    chronology = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    practitioners = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RequestQuerySet.as_manager()

    retention_class = RETENTION
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "agency"], name="reviews_agency_asked_once"),
            models.CheckConstraint(condition=Q(period_from__lte=models.F("period_to")), name="reviews_request_period"),
        ]

    def __str__(self) -> str:
        return f"{self.incident} – {self.agency_id}"

    @property
    def responded_on(self) -> dt.date | None:
        return timezone.localdate(self.responded_at) if self.responded_at else None

    def late(self, today: dt.date) -> bool:
        """Not answered by the due date (or answered after it)."""
        answered = self.responded_on
        return answered > self.due_on if answered else today > self.due_on


class RapidReviewMeeting(models.Model):
    """The rapid review meeting, held through the meetings engine (restricted to the partnership
    team and whoever is invited to it: the lead partners, the agencies asked, the independent
    scrutineer)."""

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="meetings")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="+")

    retention_class = RETENTION
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Rapid review meeting for {self.incident}"


class Finding(models.Model):
    """What the rapid review established: the facts, and the learning identified."""

    class Kind(models.TextChoices):
        FACT = "fact", "Fact established"
        LEARNING = "learning", "Learning identified"

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    retention_class = RETENTION
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["fact", "learning"]), name="reviews_finding_kind"),
            models.CheckConstraint(condition=~Q(text=""), name="reviews_finding_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.incident}"


class ImmediateAction(models.Model):
    """An action the rapid review agreed for the safety of a child now: one owner, a due date,
    on the owner's "My work" until they mark it done with a note."""

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_actions")
    due_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    retention_class = RETENTION
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="reviews_action_has_text"),
            models.CheckConstraint(
                condition=(Q(done_on__isnull=True) & Q(done_note="")) | (Q(done_on__isnull=False) & ~Q(done_note="")),
                name="reviews_action_done_with_note",
            ),
        ]

    def __str__(self) -> str:
        return f"Immediate action for {self.incident}"

    def late(self, today: dt.date) -> bool:
        return (self.done_on or today) > self.due_on
