"""Youth justice: a young person's case, offences and outcomes, assessments, interventions,
victims and restorative work, and the partner agencies working on the case.

Every row carries the young person (`person`) so the access policy scopes it in one join.
What is computed (first-time entrant, proven reoffending, custody) is computed from these
rows in selectors.py, never stored twice. Constraints say in the database what the
services check in words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .choices import (
    COURT,
    CUSTODIAL,
    GRAVITY_MAX,
    GRAVITY_MIN,
    OUT_OF_COURT,
    SUBSTANTIVE,
    AssessmentKind,
    ClosureReason,
    Consent,
    InterventionKind,
    Level,
    OffenceCategory,
    OutcomeKind,
    PartnerKind,
    Progress,
    Rating,
    RestorativeKind,
    VictimKind,
)

RETENTION_CLASS = "youth-justice"
LEGAL_BASIS = (
    "UK GDPR 6(1)(e) public task, 10 and DPA 2018 Sch 1 paras 6 and 10 (criminal offence data) and "
    "9(2)(g) substantial public interest (para 18, safeguarding); Crime and Disorder Act 1998 ss37-39"
)


def _visible_people(user):
    from jigsaw.people.models import Person

    return Person.objects.visible_to(user)


class PersonScopedQuerySet(models.QuerySet):
    """Rows about one young person: visible when the young person is (the access policy decides)."""

    def visible_to(self, user) -> PersonScopedQuerySet:
        return self.filter(person__in=_visible_people(user))


class YouthJusticeRecord(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class YouthJusticeCase(YouthJusticeRecord):
    """A young person's case with the youth justice service (youth offending team)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField("date referred to the service")
    referral_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-referred_on", "-pk"]
        verbose_name = "youth justice case"
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(closed_on__isnull=True), name="yj_one_open_case_per_person"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("referred_on")),
                name="yj_case_closed_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, closure_reason="")
                | (Q(closed_on__isnull=False) & ~Q(closure_reason="")),
                name="yj_case_closure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Youth justice case from {self.referred_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Offence(YouthJusticeRecord):
    case = models.ForeignKey(YouthJusticeCase, on_delete=models.CASCADE, related_name="offences")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    committed_on = models.DateField("date of the offence")
    description = models.CharField(max_length=300)
    category = models.CharField(max_length=30, choices=OffenceCategory.choices)
    gravity = models.PositiveSmallIntegerField("gravity score")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-committed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gravity__gte=GRAVITY_MIN, gravity__lte=GRAVITY_MAX), name="yj_offence_gravity_1_to_8"
            ),
            models.CheckConstraint(condition=Q(category__in=OffenceCategory.values), name="yj_offence_category_valid"),
            models.CheckConstraint(condition=~Q(description=""), name="yj_offence_has_description"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description} ({self.committed_on:%-d %B %Y})"


class Outcome(YouthJusticeRecord):
    """What came of one or more offences: an out-of-court disposal or a court's sentence."""

    case = models.ForeignKey(YouthJusticeCase, on_delete=models.CASCADE, related_name="outcomes")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    offences = models.ManyToManyField(Offence, related_name="outcomes")
    kind = models.CharField(max_length=30, choices=OutcomeKind.choices)
    outcome_on = models.DateField("date of the outcome")
    length_months = models.PositiveSmallIntegerField("length in months", null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    court_or_panel = models.CharField("court or panel", max_length=200, blank=True)
    requirements = models.TextField("requirements or conditions", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-outcome_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OutcomeKind.values), name="yj_outcome_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("outcome_on")), name="yj_outcome_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(length_months__isnull=True) | Q(length_months__gte=1), name="yj_outcome_length_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.outcome_on:%-d %B %Y})"

    @property
    def is_out_of_court(self) -> bool:
        return self.kind in OUT_OF_COURT

    @property
    def is_court(self) -> bool:
        return self.kind in COURT

    @property
    def is_custodial(self) -> bool:
        return self.kind in CUSTODIAL

    @property
    def is_substantive(self) -> bool:
        return self.kind in SUBSTANTIVE


class Assessment(YouthJusticeRecord):
    """An AssetPlus assessment (statutory orders) or the out-of-court and prevention tool."""

    case = models.ForeignKey(YouthJusticeCase, on_delete=models.CASCADE, related_name="assessments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=30, choices=AssessmentKind.choices)
    completed_on = models.DateField()
    likelihood_of_reoffending = models.CharField(max_length=10, choices=Rating.choices)
    risk_of_serious_harm = models.CharField(max_length=10, choices=Level.choices)
    safety_and_wellbeing = models.CharField("safety and wellbeing concerns", max_length=10, choices=Level.choices)
    narrative = models.TextField()
    safety_summary = models.TextField("what to share with the safeguarding record", blank=True)
    shared_with_safeguarding = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AssessmentKind.values), name="yj_assessment_kind_valid"),
            models.CheckConstraint(
                condition=Q(likelihood_of_reoffending__in=Rating.values), name="yj_assessment_likelihood_valid"
            ),
            models.CheckConstraint(condition=Q(risk_of_serious_harm__in=Level.values), name="yj_assessment_rosh_valid"),
            models.CheckConstraint(
                condition=Q(safety_and_wellbeing__in=Level.values), name="yj_assessment_safety_valid"
            ),
            models.CheckConstraint(condition=~Q(narrative=""), name="yj_assessment_has_narrative"),
            models.CheckConstraint(
                condition=Q(shared_with_safeguarding=False) | ~Q(safety_summary=""),
                name="yj_assessment_shared_has_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.completed_on:%-d %B %Y})"


class Intervention(YouthJusticeRecord):
    case = models.ForeignKey(YouthJusticeCase, on_delete=models.CASCADE, related_name="interventions")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=InterventionKind.choices)
    provider = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    sessions_planned = models.PositiveSmallIntegerField()
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_RATED)
    progress_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InterventionKind.values), name="yj_intervention_kind_valid"),
            models.CheckConstraint(condition=Q(progress__in=Progress.values), name="yj_intervention_progress_valid"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="yj_intervention_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(sessions_attended__lte=F("sessions_planned")),
                name="yj_intervention_attended_within_planned",
            ),
            models.CheckConstraint(condition=~Q(provider=""), name="yj_intervention_has_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.provider}"


class Victim(YouthJusticeRecord):
    """A victim of the young person's offence: a person or an organisation, with what they agreed to."""

    case = models.ForeignKey(YouthJusticeCase, on_delete=models.CASCADE, related_name="victims")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    offence = models.ForeignKey(Offence, null=True, blank=True, on_delete=models.PROTECT, related_name="victims")
    kind = models.CharField(max_length=20, choices=VictimKind.choices)
    name = models.CharField("victim's name or organisation", max_length=200)
    identified_on = models.DateField("date the service learnt of the victim")
    contacted_on = models.DateField(null=True, blank=True)
    contact_consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.NOT_ASKED)
    consent_recorded_on = models.DateField(null=True, blank=True)
    rj_offered_on = models.DateField("restorative justice offered on", null=True, blank=True)
    wants_restorative_justice = models.BooleanField(null=True, blank=True)
    views = models.TextField("the victim's views", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["identified_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=VictimKind.values), name="yj_victim_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="yj_victim_has_name"),
            models.CheckConstraint(
                condition=Q(contact_consent=Consent.NOT_ASKED) | Q(consent_recorded_on__isnull=False),
                name="yj_victim_consent_dated",
            ),
            models.CheckConstraint(
                condition=Q(contacted_on__isnull=True) | Q(contacted_on__gte=F("identified_on")),
                name="yj_victim_contacted_after_identified",
            ),
            models.CheckConstraint(
                condition=Q(rj_offered_on__isnull=True) | Q(contact_consent=Consent.GIVEN),
                name="yj_victim_rj_offered_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RestorativeWork(YouthJusticeRecord):
    """Restorative justice between a victim and the young person: both must agree to it."""

    case = models.ForeignKey(YouthJusticeCase, on_delete=models.CASCADE, related_name="restorative_work")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="restorative_work")
    kind = models.CharField(max_length=20, choices=RestorativeKind.choices)
    victim_consented_on = models.DateField()
    young_person_consented_on = models.DateField()
    planned_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name_plural = "restorative work"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RestorativeKind.values), name="yj_rj_kind_valid"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("planned_on")),
                name="yj_rj_completed_after_planned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.victim}"


class CasePartner(YouthJusticeRecord):
    """A partner agency's named contact on the case (the service's partners: council, police,
    probation, health, and others)."""

    case = models.ForeignKey(YouthJusticeCase, on_delete=models.CASCADE, related_name="partners")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("agency", max_length=20, choices=PartnerKind.choices)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PartnerKind.values), name="yj_partner_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="yj_partner_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"
