"""Information governance: sharing decisions, rights requests and breaches (issue 12 §1, §5).

The disclosure log itself is a core model (`jigsaw.records.models.Disclosure`), written by every
route out of Jigsaw; a sharing decision to share writes its line there too.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from jigsaw.core.locking import VersionedModel
from jigsaw.people.models import Person
from jigsaw.records.models import UK_GDPR_PUBLIC_TASK

from .choices import (
    Article6,
    BreachRisk,
    Consent,
    PeopleTold,
    RequesterRelationship,
    ReviewStatus,
    RightsKind,
    RightsOutcome,
    SharingKind,
    SpecialCondition,
)
from .deadlines import BREACH_HOURS

RETENTION_CLASS = "governance"
LEGAL_BASIS = "UK GDPR 6(1)(c) legal obligation; 5(2) accountability, 30 records, 33 breaches, 12 rights"


class GovernanceRecord(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        abstract = True


class SharingDecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> SharingDecisionQuerySet:
        return self.filter(person__in=Person.objects.visible_to(user))

    def awaiting_review(self) -> SharingDecisionQuerySet:
        return self.filter(review_status=ReviewStatus.AWAITING)


class SharingDecision(GovernanceRecord, VersionedModel):
    """A practitioner's decision to share, or not to share, information about a person, and why
    (statutory-reference 8B, rule 7: record the decision and the reasons either way)."""

    legal_basis = UK_GDPR_PUBLIC_TASK

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared = models.BooleanField()
    information = models.TextField(help_text="What information (shared, or asked for and not shared)")
    recipient_name = models.CharField(max_length=200)
    recipient_agency = models.CharField(max_length=200)
    recipient_email = models.CharField(max_length=254, blank=True)
    purpose = models.CharField(max_length=500)
    article_6 = models.CharField(max_length=10, choices=Article6.choices)
    special_condition = models.CharField(max_length=10, choices=SpecialCondition.choices, blank=True)
    told = models.BooleanField(help_text="Was the person (or the child's carers) told what would be shared and why?")
    consent = models.CharField(max_length=12, choices=Consent.choices)
    reason = models.TextField(blank=True, help_text="Why shared without consent, or why not shared")
    review_status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.AWAITING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SharingDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["review_status", "decided_on"], name="sharing_review")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.recipient_agency}"

    @property
    def kind(self) -> SharingKind:
        if not self.shared:
            return SharingKind.NOT_SHARED
        return SharingKind.WITH_CONSENT if self.consent == Consent.AGREED else SharingKind.WITHOUT_CONSENT

    def get_kind_display(self) -> str:
        return str(self.kind.label)

    @property
    def lawful_basis_text(self) -> str:
        basis = f"UK GDPR Article {Article6(self.article_6).label}"
        if self.special_condition:
            basis += f"; {SpecialCondition(self.special_condition).label}"
        return basis


class RightsRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> RightsRequestQuerySet:
        return self.filter(person__in=Person.objects.visible_to(user))

    def open(self) -> RightsRequestQuerySet:
        return self.filter(answered_on__isnull=True)


class RightsRequest(GovernanceRecord, VersionedModel):
    """A request to correct, erase, restrict or stop processing a person's records (UK GDPR
    Articles 16, 17, 18, 21), with its own one-month clock (deadlines.RIGHTS_REQUEST)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RightsKind.choices)
    received_on = models.DateField()
    requester_name = models.CharField(max_length=200)
    requester_relationship = models.CharField(max_length=20, choices=RequesterRelationship.choices)
    details = models.TextField(help_text="What the person asks for, in their words")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=RightsOutcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    # Rectification corrects by an addendum beside the record (in the child's chronology), never a rewrite.
    addendum = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RightsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request received {self.received_on:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    @property
    def reference(self) -> str:
        return f"RR{self.pk:05d}"


class BreachQuerySet(models.QuerySet):
    def open(self) -> BreachQuerySet:
        return self.filter(closed_on__isnull=True)


class Breach(GovernanceRecord, VersionedModel):
    """A personal data breach, and the 72 hours from awareness to tell the ICO (Article 33)."""

    summary = models.CharField(max_length=200, help_text="What happened, in a line")
    description = models.TextField(help_text="What happened, how, and how it was found")
    aware_at = models.DateTimeField(help_text="When the council became aware: the 72 hours start here")
    data_affected = models.TextField()
    people_affected = models.TextField(help_text="Who is affected (by group; names belong in their own records)")
    people_count = models.PositiveIntegerField()
    risk = models.CharField(max_length=10, choices=BreachRisk.choices)
    risk_assessment = models.TextField()
    reported_to_ico_at = models.DateTimeField(null=True, blank=True)
    ico_reference = models.CharField(max_length=50, blank=True)
    not_reported_reason = models.TextField(blank=True)
    people_told = models.CharField(max_length=12, choices=PeopleTold.choices, blank=True)
    people_told_on = models.DateField(null=True, blank=True)
    actions = models.TextField(blank=True, help_text="What was done to contain it and stop it happening again")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        ordering = ["-aware_at", "-pk"]

    def __str__(self) -> str:
        return f"Breach {self.reference}: {self.summary}"

    @property
    def reference(self) -> str:
        return f"BR{self.pk:05d}"

    @property
    def ico_due_at(self) -> dt.datetime:
        """The moment the 72 hours end (BREACH_HOURS, from the rule)."""
        return self.aware_at + dt.timedelta(hours=BREACH_HOURS)

    @property
    def ico_decided(self) -> bool:
        return self.reported_to_ico_at is not None or bool(self.not_reported_reason)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
