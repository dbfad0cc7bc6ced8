"""Allegations against people who work with children (LADO): records.

Every record here is restricted (RestrictedArea.LADO): only the LADO team and the people
invited to a case (AllegationAccess) may learn that it exists. Reads go through
selectors.allegation_scope; writes through services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jigsaw.core.jinja2 import govuk_date
from jigsaw.core.locking import VersionedModel
from jigsaw.records.models import UK_GDPR_PUBLIC_TASK
from jigsaw.timescales.calendar import add_calendar_months, add_working_days

from .choices import (
    HARM_FIELDS,
    AllegationKind,
    Capacity,
    Engagement,
    FollowUp,
    HarmTest,
    Outcome,
    Sector,
    Timeliness,
)

LEGAL_BASIS = (
    UK_GDPR_PUBLIC_TASK + "; Working Together 2023 Ch.4 and KCSIE Part 4 (the designated officer); "
    "Art 10 and DPA 2018 Sch 1 para 18 for criminal offence data"
)

# Outcomes whose records are kept for 100 years from the subject's birth; the rest for 10 years
# from closure (statutory-reference 3.11, local practice: records.RETENTION_CLASSES).
LONG_RETENTION = frozenset({Outcome.SUBSTANTIATED, Outcome.UNSUBSTANTIATED})
# Outcomes the employer must take off the personnel file and never mention in a reference (3.7, 3.8).
REMOVE_FROM_PERSONNEL_FILE = frozenset({Outcome.FALSE, Outcome.MALICIOUS})
NEVER_IN_REFERENCES = frozenset({Outcome.FALSE, Outcome.MALICIOUS, Outcome.UNSUBSTANTIATED})


def retention_for(kind: str, outcome: str) -> str:
    """The retention class of an allegation: it depends on what kind it is and how it ended."""
    if kind == AllegationKind.ADVICE:
        return "lado-advice"
    if outcome and outcome not in LONG_RETENTION:
        return "lado-unfounded"
    # Open cases are kept as the longest class until they conclude.
    return "lado-substantiated"


class OutcomeRetention:
    """`retention_class` that reads the record's outcome on an instance, and names the
    longest class on the model (what the records test and the disposal job see first)."""

    def __init__(self, path: str = "") -> None:
        self.path = path  # "allegation" for a record that follows its allegation

    def __get__(self, obj: Any, owner: type | None = None) -> str:
        if obj is None:
            return "lado-substantiated"
        allegation = getattr(obj, self.path) if self.path else obj
        return retention_for(allegation.kind, allegation.outcome)


class DutySlot(models.Model):
    """Who is the LADO duty officer on a working day (Monday to Friday)."""

    on = models.DateField(unique=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lado_duty_slots")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    retention_class = "access"
    legal_basis = "UK GDPR 6(1)(e) public task (the council's duty rota)"

    class Meta:
        ordering = ["on"]
        constraints = [
            # Django's week_day: 1 = Sunday, 7 = Saturday.
            models.CheckConstraint(condition=~Q(on__week_day__in=[1, 7]), name="lado_duty_on_a_weekday"),
        ]

    def __str__(self) -> str:
        return f"{govuk_date(self.on)}: {self.officer}"


class Allegation(VersionedModel):
    """A referral to the LADO about an adult in a position of trust, or an advice-only consultation."""

    kind = models.CharField(max_length=10, choices=AllegationKind.choices, default=AllegationKind.REFERRAL)
    subject = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="lado_allegations"
    )
    subject_role = models.CharField("role", max_length=200, blank=True)
    engagement = models.CharField(max_length=10, choices=Engagement.choices, blank=True)
    employer_name = models.CharField(max_length=200, blank=True)
    employer_sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    referrer_name = models.CharField(max_length=200)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_contact = models.CharField(max_length=200, blank=True)
    employer_aware_on = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField()
    received_on = models.DateField(help_text="The date the LADO received it (London)")
    allegation = models.TextField(help_text="What is alleged; for advice, what was asked")
    harm_harmed = models.BooleanField(default=False)
    harm_offence = models.BooleanField(default=False)
    harm_risk = models.BooleanField(default=False)
    harm_unsuitable = models.BooleanField(default=False)
    advice_given = models.TextField(blank=True)
    duty_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="lado_cases"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    followed_by = models.JSONField(default=list, blank=True)
    outcome_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    retention_class = OutcomeRetention()
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["kind", "concluded_on"]), models.Index(fields=["duty_officer", "concluded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="advice")
                | (Q(subject__isnull=False) & Q(employer_aware_on__isnull=False) & ~Q(employer_name="")),
                name="lado_referral_has_subject_employer_and_date",
            ),
            models.CheckConstraint(
                condition=Q(kind="advice")
                | Q(harm_harmed=True)
                | Q(harm_offence=True)
                | Q(harm_risk=True)
                | Q(harm_unsuitable=True),
                name="lado_referral_meets_a_harm_test",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(concluded_on__isnull=True))
                | (~Q(outcome="") & Q(concluded_on__isnull=False) & Q(kind="referral")),
                name="lado_outcome_with_its_date",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=models.F("received_on")),
                name="lado_concluded_after_received",
            ),
            models.CheckConstraint(
                condition=Q(employer_aware_on__isnull=True) | Q(employer_aware_on__lte=models.F("received_on")),
                name="lado_employer_knew_before_referral",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"LADO-{self.pk:05d}" if self.pk else "LADO (new)"

    @property
    def is_advice(self) -> bool:
        return self.kind == AllegationKind.ADVICE

    @property
    def is_open(self) -> bool:
        return self.kind == AllegationKind.REFERRAL and not self.outcome

    # The one-working-day referral (statutory-reference 3.3).
    @property
    def referral_due_on(self) -> dt.date | None:
        if self.employer_aware_on is None:
            return None
        return add_working_days(self.employer_aware_on, 1)

    @property
    def referred_late(self) -> bool:
        due = self.referral_due_on
        return due is not None and self.received_on > due

    @property
    def harm_tests(self) -> list[HarmTest]:
        return [test for test, name in HARM_FIELDS.items() if getattr(self, name)]

    @property
    def followed_by_labels(self) -> list[str]:
        labels = dict(FollowUp.choices)
        return [str(labels.get(code, code)) for code in self.followed_by]

    @property
    def timeliness(self) -> Timeliness | None:
        if self.concluded_on is None:
            return None
        return timeliness_band(self.received_on, self.concluded_on)

    @property
    def remove_from_personnel_file(self) -> bool:
        return self.outcome in REMOVE_FROM_PERSONNEL_FILE

    @property
    def never_in_references(self) -> bool:
        return self.outcome in NEVER_IN_REFERENCES


def timeliness_band(received_on: dt.date, concluded_on: dt.date) -> Timeliness:
    if concluded_on <= received_on + dt.timedelta(weeks=1):
        return Timeliness.WEEK
    if concluded_on <= add_calendar_months(received_on, 1):
        return Timeliness.MONTH
    if concluded_on <= add_calendar_months(received_on, 3):
        return Timeliness.QUARTER
    if concluded_on <= add_calendar_months(received_on, 12):
        return Timeliness.YEAR
    return Timeliness.OVER


class AllegationChild(models.Model):
    """A child the allegation is about (linked to the person index)."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    retention_class = OutcomeRetention("allegation")
    legal_basis = LEGAL_BASIS

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["allegation", "person"], name="lado_child_once_per_allegation"),
        ]

    def __str__(self) -> str:
        return f"{self.allegation} – {self.person_id}"


class AllegationAccess(models.Model):
    """Someone outside the LADO team invited to one case (a police officer, the employer's HR)."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lado_case_access")
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    retention_class = "system-access"
    legal_basis = "UK GDPR 6(1)(e) public task; 32 security of processing (access control and its audit)"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["allegation", "user"], name="lado_access_once_per_user"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("granted_on")),
                name="lado_access_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.allegation}"


class AllegationMeeting(models.Model):
    """An allegation management meeting (the meetings engine holds the papers)."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="meetings")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="lado_case")

    retention_class = OutcomeRetention("allegation")
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["meeting__starts_at"]

    def __str__(self) -> str:
        return f"{self.allegation} – meeting {self.meeting_id}"
