"""Children in care: periods of care, their SSDA903 episodes (legal status and placement),
notifications to host councils, other councils' children placed here, the IRO's part
(allocation, monitoring, concerns), reviews, health assessments, personal education plans,
statutory visits and care leavers' follow-up.

Every row belongs to a child (`person`) so the access policy scopes it in one join. The
services check every rule in words; the constraints below say the same in the database.
All changes are logged by the audit log (registered in apps.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.core.jinja2 import govuk_date
from jigsaw.core.locking import VersionedModel

from .choices import (
    ACCOMMODATION_CHOICES,
    Activity,
    CategoryOfNeed,
    ConcernStage,
    EpisodeEndReason,
    HealthAssessmentKind,
    InTouch,
    LegalStatus,
    NewEpisodeReason,
    Participation,
    PlaceChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    SdqReason,
)

RETENTION_CLASS = "looked-after"
LEGAL_BASIS = (
    "UK GDPR 6(1)(c) legal obligation and 6(1)(e) public task, 9(2)(g) substantial public interest "
    "(DPA 2018 Sch 1 paras 6 and 18); Children Act 1989 Part III and ss22-25B; Care Planning, Placement "
    "and Case Review (England) Regulations 2010"
)


def _visible_people(user):
    from jigsaw.people.models import Person

    return Person.objects.visible_to(user)


class PersonScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(person__in=_visible_people(user))


class CareRecord(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class PeriodOfCare(CareRecord, VersionedModel):
    """One period of being looked after by this council: from the first day to the last."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_periods")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason_ended = models.CharField(max_length=3, choices=EpisodeEndReason.choices, blank=True)
    home_postcode = models.CharField("home postcode", max_length=8, blank=True)
    # SSDA903 header UASC: an unaccompanied asylum-seeking child during this period.
    uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    # SSDA903 UASC table DUC: the date the child stopped being an unaccompanied asylum-seeking child.
    uasc_ceased_on = models.DateField("date UASC status ceased", null=True, blank=True)
    # SSDA903 PrevPerm: a permanence order before this period began (P1 to P4), its council and date.
    previous_permanence = models.CharField(
        "previous permanence order", max_length=2, choices=PreviousPermanence.choices, blank=True
    )
    previous_permanence_council = models.CharField("council that made the arrangement", max_length=200, blank=True)
    previous_permanence_on = models.DateField("date of the previous permanence order", null=True, blank=True)
    iro = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="care_periods_reviewed"
    )
    iro_allocated_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="care_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, reason_ended="")
                | (Q(ended_on__isnull=False) & ~Q(reason_ended__in=["", "X1"])),
                name="care_period_reason_when_ended",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="care_one_open_period_per_child"
            ),
            models.CheckConstraint(
                condition=Q(iro__isnull=True, iro_allocated_on__isnull=True)
                | Q(iro__isnull=False, iro_allocated_on__isnull=False),
                name="care_iro_allocated_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Period of care from {govuk_date(self.started_on)}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class CareEpisode(CareRecord):
    """An SSDA903 episode: a new one starts whenever the legal status or the placement changes;
    the one before closes the same day with REC X1."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="episodes")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("DECOM")
    ended_on = models.DateField("DEC", null=True, blank=True)
    reason_new = models.CharField("RNE", max_length=1, choices=NewEpisodeReason.choices)
    legal_status = models.CharField("LS", max_length=2, choices=LegalStatus.choices)
    category_of_need = models.CharField("CIN", max_length=2, choices=CategoryOfNeed.choices)
    placement_type = models.CharField("PLACE", max_length=3, choices=PlacementType.choices)
    provider = models.CharField("PLACE_PROVIDER", max_length=3, choices=PlacementProvider.choices, blank=True)
    provider_name = models.CharField("carer or provider", max_length=200, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    placement_postcode = models.CharField("PL_POST", max_length=8, blank=True)
    home_postcode = models.CharField("HOME_POST", max_length=8, blank=True)
    distance_miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    out_of_area = models.BooleanField(default=False)
    host_council = models.CharField(max_length=200, blank=True)
    reason_ended = models.CharField("REC", max_length=3, choices=EpisodeEndReason.choices, blank=True)
    reason_place_change = models.CharField(
        "REASON_PLACE_CHANGE", max_length=6, choices=PlaceChangeReason.choices, blank=True
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="care_episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, reason_ended="") | (Q(ended_on__isnull=False) & ~Q(reason_ended="")),
                name="care_episode_reason_when_ended",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="care_one_open_episode_per_child"
            ),
            models.UniqueConstraint(fields=["person", "started_on"], name="care_one_episode_per_child_per_day"),
            models.CheckConstraint(condition=Q(out_of_area=False) | ~Q(host_council=""), name="care_host_when_out"),
            models.CheckConstraint(
                condition=Q(distance_miles__isnull=True) | Q(distance_miles__gte=0), name="care_distance_not_negative"
            ),
            models.CheckConstraint(condition=Q(legal_status__in=LegalStatus.values), name="care_ls_valid"),
            models.CheckConstraint(condition=Q(placement_type__in=PlacementType.values), name="care_place_valid"),
            models.CheckConstraint(condition=Q(reason_new__in=NewEpisodeReason.values), name="care_rne_valid"),
        ]

    def __str__(self) -> str:
        return f"Episode from {govuk_date(self.started_on)} ({self.legal_status}, {self.placement_type})"

    @property
    def days(self) -> int | None:
        if self.ended_on is None:
            return None
        return (self.ended_on - self.started_on).days


class HostNotificationQuerySet(PersonScopedQuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class HostNotification(CareRecord):
    """Written notice to the host (area) council of a placement in its area (reg 13(4))."""

    episode = models.ForeignKey(CareEpisode, on_delete=models.CASCADE, related_name="host_notifications")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    host_council = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200)
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    objects = HostNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["episode", "email"], name="care_one_notice_per_host_contact")]

    def __str__(self) -> str:
        return f"Notice to {self.host_council}"


class HostedChild(CareRecord):
    """Another council's looked-after child placed in this council's area, recorded from the
    notification that council sent."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="hosted_placements")
    placing_council = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    received_on = models.DateField("notification received")
    placed_on = models.DateField()
    placement_type = models.CharField(max_length=3, choices=PlacementType.choices, blank=True)
    provider_name = models.CharField(max_length=200, blank=True)
    placement_postcode = models.CharField(max_length=8, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-placed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("placed_on")), name="hosted_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(placing_council=""), name="hosted_has_placing_council"),
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="hosted_one_open_placement"
            ),
        ]

    def __str__(self) -> str:
        return f"Placed here by {self.placing_council}"


class MonitoringNote(CareRecord):
    """The IRO's monitoring of the care plan between reviews (Children Act 1989 s25B)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="monitoring_notes")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    noted_on = models.DateField()
    note = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"Monitoring note of {govuk_date(self.noted_on)}"


class IROConcern(CareRecord):
    """A concern about practice the IRO raises, escalated stage by stage until resolved."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="concerns")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    summary = models.TextField()
    stage = models.CharField(max_length=20, choices=ConcernStage.choices, default=ConcernStage.INFORMAL)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=ConcernStage.values), name="iro_concern_stage_valid"),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("raised_on")),
                name="iro_concern_resolved_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | ~Q(resolution=""), name="iro_concern_resolution_recorded"
            ),
        ]

    def __str__(self) -> str:
        return f"Concern raised {govuk_date(self.raised_on)}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class ConcernStep(CareRecord):
    """One step of a concern's history: raised, or escalated to a stage."""

    concern = models.ForeignKey(IROConcern, on_delete=models.CASCADE, related_name="steps")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20, choices=ConcernStage.choices)
    taken_on = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who must answer an escalation (the team manager, the IRO manager, …): it is on their My work.
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} on {govuk_date(self.taken_on)}"


class CareReview(CareRecord):
    """A looked-after review (reg 33), held as a meeting in the meetings engine."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="reviews")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="care_review")
    convened_for = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    participation = models.CharField(max_length=3, choices=Participation.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-convened_for", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, participation="")
                | (Q(held_on__isnull=False) & Q(participation__in=Participation.values)),
                name="care_review_participation_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"Looked-after review set for {govuk_date(self.convened_for)}"


class HealthAssessment(CareRecord):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="health_assessments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=HealthAssessmentKind.choices)
    done_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {govuk_date(self.done_on)}"


class EducationPlan(CareRecord):
    """A personal education plan (PEP) made or reviewed."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="education_plans")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"Personal education plan of {govuk_date(self.done_on)}"


class CareVisit(CareRecord):
    """A statutory visit by the child's social worker (reg 28)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="visits")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField()
    seen_alone = models.BooleanField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"Visit on {govuk_date(self.visited_on)}"


class CareLeaverContact(CareRecord):
    """Follow-up of a care leaver (SSDA903 OC3: in touch, activity, accommodation)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_leaver_contacts")
    contacted_on = models.DateField()
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activity = models.CharField(max_length=2, choices=Activity.choices)
    accommodation = models.CharField(max_length=2, choices=ACCOMMODATION_CHOICES)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "contacted_on"], name="care_leaver_one_contact_a_day"),
        ]

    def __str__(self) -> str:
        return f"Care leaver contact on {govuk_date(self.contacted_on)}"


class HealthOutcomes(CareRecord):
    """The year's health outcomes of a child looked after for 12 months or more at 31 March
    (SSDA903 OC2), recorded by the child's social worker from the health and education records."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="health_outcomes")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("collection year (the year it ends)")
    sdq_score = models.PositiveSmallIntegerField("strengths and difficulties score", null=True, blank=True)
    sdq_reason = models.CharField("reason there is no score", max_length=4, choices=SdqReason.choices, blank=True)
    health_check = models.BooleanField("health assessment up to date")
    immunisations = models.BooleanField("immunisations up to date")
    teeth_check = models.BooleanField("teeth checked by a dentist")
    health_assessment = models.BooleanField("annual health assessment done")
    substance_misuse = models.BooleanField("identified as having a substance misuse problem")
    intervention_received = models.BooleanField("received an intervention for it", null=True, blank=True)
    intervention_offered = models.BooleanField("offered an intervention and refused it", null=True, blank=True)
    convicted = models.BooleanField("convicted or given a final warning or reprimand in the year")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="care_one_health_outcomes_a_year"),
            models.CheckConstraint(
                condition=(Q(sdq_score__isnull=True) & ~Q(sdq_reason=""))
                | (Q(sdq_score__gte=0, sdq_score__lte=40) & Q(sdq_reason="")),
                name="care_outcomes_sdq_score_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Health outcomes {self.year - 1} to {self.year}"
