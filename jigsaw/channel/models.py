"""Channel panel (Prevent): referrals with consent, vulnerability assessments, panel
reviews, interventions and the reviews after a person leaves Channel.

Every record belongs to one Channel case, and through it to one person (child or adult).
Channel records are restricted: only members of the Channel panel's team see them
(selectors and `ChannelQuerySet.visible_to`); everyone else meets a 404, empty lists
and counts of nothing. Panels are meetings in the shared engine (kind CHANNEL_PANEL,
restricted to Channel). Constraints say in the database what the services check in words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.core.locking import VersionedModel

from .choices import (
    CaseStage,
    ConsentFrom,
    ConsentStatus,
    Decision,
    ExitReason,
    ExitReviewOutcome,
    GatewayOutcome,
    InterventionKind,
    Rating,
)

RETENTION_CLASS = "channel"
LEGAL_BASIS = (
    "UK GDPR 6(1)(c) legal obligation and 6(1)(e) public task, 9(2)(g) substantial public interest and "
    "10 (DPA 2018 Sch 1 paras 6, 10 and 18); Counter-Terrorism and Security Act 2015 ss36-41; "
    "Channel duty guidance (Home Office, 2023)"
)


def _channel_member(user) -> bool:
    from jigsaw.access.policy import Action, can

    return can(user, Action.CHANNEL)


class ChannelQuerySet(models.QuerySet):
    """Rows of a Channel case: only the Channel team sees them, and only for people it may see."""

    person_path = "case__person"

    def visible_to(self, user):
        if not _channel_member(user):
            return self.none()
        from jigsaw.people.models import Person

        return self.filter(**{f"{self.person_path}__in": Person.objects.visible_to(user)})


class CaseQuerySet(ChannelQuerySet):
    person_path = "person"

    def open(self):
        return self.filter(closed_on__isnull=True)


class ChannelRecord(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        abstract = True


class ChannelCase(ChannelRecord):
    """A Channel referral and the case that follows it, for one person."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The referral, as it comes from the police gateway assessment.
    received_on = models.DateField("date received")
    received_from = models.CharField(max_length=200)
    gateway_outcome = models.CharField(max_length=30, choices=GatewayOutcome.choices, default=GatewayOutcome.SUITABLE)
    concern_type = models.CharField(max_length=50)
    concerns = models.TextField()
    subject_is_child = models.BooleanField(help_text="Under 18 when referred: consent comes from a parent")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Consent as it stands (the history is in Consent rows).
    consent_status = models.CharField(max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.AWAITING)
    # The panel's decision to adopt the case or not, and why.
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    # Leaving Channel (adopted cases) and closing (every case, whatever the route).
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(max_length=30, choices=ExitReason.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "Channel case"
        constraints = [
            models.CheckConstraint(condition=~Q(concerns=""), name="channel_case_has_concerns"),
            models.CheckConstraint(condition=~Q(received_from=""), name="channel_case_has_source"),
            models.CheckConstraint(
                condition=Q(gateway_outcome=GatewayOutcome.SUITABLE), name="channel_case_suitable_at_gateway"
            ),
            models.CheckConstraint(
                condition=Q(consent_status__in=ConsentStatus.values), name="channel_case_consent_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision="", decision_on__isnull=True)
                | (Q(decision__in=Decision.values) & Q(decision_on__isnull=False) & ~Q(decision_reasons="")),
                name="channel_case_decision_dated_with_reasons",
            ),
            models.CheckConstraint(
                condition=Q(decision_on__isnull=True) | Q(decision_on__gte=F("received_on")),
                name="channel_case_decided_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True, exit_reason="")
                | Q(exited_on__isnull=False, decision=Decision.ADOPT) & ~Q(exit_reason=""),
                name="channel_case_exit_of_adopted_case_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=F("decision_on")),
                name="channel_case_exit_after_adoption",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="channel_case_closed_after_referral",
            ),
            # One open case per person: a new referral waits until the last one closes.
            models.UniqueConstraint(
                fields=["person"], condition=Q(closed_on__isnull=True), name="channel_one_open_case_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Channel case {self.pk}, referred {self.received_on:%d %b %Y}"

    @property
    def concern_label(self) -> str:
        from .choices import concern_label

        return concern_label(self.concern_type)

    @property
    def is_adopted(self) -> bool:
        return self.decision == Decision.ADOPT

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_supported(self) -> bool:
        """Adopted and not yet left Channel: support is under way."""
        return self.is_adopted and self.exited_on is None

    @property
    def stage(self) -> CaseStage:
        if self.exited_on:
            return CaseStage.EXITED
        if self.decision == Decision.ADOPT:
            return CaseStage.ADOPTED
        if self.decision:
            return CaseStage.NOT_ADOPTED
        if self.consent_status in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
            return CaseStage.DECLINED
        if self.consent_status == ConsentStatus.AWAITING:
            return CaseStage.AWAITING_CONSENT
        if not self.has_assessment:
            return CaseStage.AWAITING_ASSESSMENT
        return CaseStage.AWAITING_DECISION

    @property
    def has_assessment(self) -> bool:
        cached = getattr(self, "_has_assessment", None)
        if cached is not None:
            return cached
        return self.assessments.exists()


class Consent(ChannelRecord):
    """Consent to Channel support, as given, refused or withdrawn, and by whom (history kept)."""

    case = models.ForeignKey(ChannelCase, on_delete=models.CASCADE, related_name="consents")
    status = models.CharField(max_length=20, choices=ConsentStatus.choices)
    recorded_on = models.DateField("date")
    consent_from = models.CharField(max_length=30, choices=ConsentFrom.choices)
    given_by_name = models.CharField(max_length=200, blank=True)
    capacity_considered = models.BooleanField(default=False)
    capacity_notes = models.TextField(blank=True)
    alternative_support = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["case", "recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[ConsentStatus.GIVEN, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN]),
                name="channel_consent_status_valid",
            ),
            models.CheckConstraint(condition=Q(consent_from__in=ConsentFrom.values), name="channel_consent_from_valid"),
            models.CheckConstraint(
                condition=Q(status=ConsentStatus.GIVEN) | ~Q(alternative_support=""),
                name="channel_consent_declined_has_alternative",
            ),
            models.CheckConstraint(
                condition=~Q(status=ConsentStatus.GIVEN) | Q(capacity_considered=True),
                name="channel_consent_given_capacity_considered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.recorded_on:%d %b %Y}"


class Assessment(ChannelRecord):
    """A vulnerability assessment (VAF): 22 factor ratings with evidence, and a summary. Repeated to track progress."""

    case = models.ForeignKey(ChannelCase, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    summary = models.TextField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["case", "assessed_on", "pk"]
        verbose_name = "vulnerability assessment"
        constraints = [models.CheckConstraint(condition=~Q(summary=""), name="channel_assessment_has_summary")]

    def __str__(self) -> str:
        return f"Vulnerability assessment of {self.assessed_on:%d %b %Y}"


class FactorRating(ChannelRecord):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    factor = models.CharField(max_length=40)
    rating = models.CharField(max_length=20, choices=Rating.choices)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "factor"], name="channel_factor_rated_once"),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="channel_rating_valid"),
            models.CheckConstraint(
                condition=Q(rating__in=[Rating.NONE, Rating.NOT_KNOWN]) | ~Q(evidence=""),
                name="channel_rating_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factor}: {self.get_rating_display()}"


class PanelReview(ChannelRecord):
    """A case on a Channel panel's agenda, and the panel's decision for it."""

    case = models.ForeignKey(ChannelCase, on_delete=models.PROTECT, related_name="panel_reviews")
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    reasons = models.TextField(blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "meeting"], name="channel_case_once_per_panel"),
            models.CheckConstraint(
                condition=Q(decision="", reviewed_on__isnull=True)
                | (Q(decision__in=Decision.values) & Q(reviewed_on__isnull=False) & ~Q(reasons="")),
                name="channel_review_decision_dated_with_reasons",
            ),
        ]

    def __str__(self) -> str:
        return f"Panel review of case {self.case_id}"


class Intervention(ChannelRecord, VersionedModel):
    """Support given to a person on Channel, by whom, when, and how it is going."""

    case = models.ForeignKey(ChannelCase, on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(max_length=30, choices=InterventionKind.choices)
    provider = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    progress = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["case", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InterventionKind.values), name="channel_intervention_kind"),
            models.CheckConstraint(condition=~Q(provider=""), name="channel_intervention_has_provider"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="channel_intervention_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.provider}"


class ExitReview(ChannelRecord):
    """The review 6 or 12 months after a person leaves Channel."""

    case = models.ForeignKey(ChannelCase, on_delete=models.CASCADE, related_name="exit_reviews")
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    reviewed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ExitReviewOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["case", "months"]
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="channel_exit_review_once"),
            models.CheckConstraint(condition=Q(months__in=[6, 12]), name="channel_exit_review_6_or_12"),
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True, outcome="")
                | (Q(reviewed_on__isnull=False) & Q(outcome__in=ExitReviewOutcome.values) & ~Q(notes="")),
                name="channel_exit_review_recorded_with_notes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months}-month review after leaving Channel"
