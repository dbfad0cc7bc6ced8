"""Missing children: episodes (when, from where, the police report, the return, the risk),
return home interviews, and prompts for a strategy discussion when episodes repeat.

Every row belongs to a child (`person`), so the access policy scopes it in one join. The
database says what the services check in words: a return after the child went missing,
one open episode per child, "away from placement" only for a child missing from care,
an interview held only once accepted, a decision on a prompt with its reason.
All changes are logged by the audit log (registered in apps.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .choices import EpisodeKind, InterviewResponse, MissingFrom, PromptDecision, RiskLevel

RETENTION_CLASS = "missing-exploitation"
LEGAL_BASIS = (
    "UK GDPR 6(1)(e) public task and 9(2)(g) substantial public interest (DPA 2018 Sch 1 para 18, "
    "safeguarding of children); Children Act 1989 s17 and s47; statutory guidance on children who run away "
    "or go missing from home or care (DfE 2014)"
)
RHI_HOURS = 72


def _visible_people(user):
    from jigsaw.people.models import Person

    return Person.objects.visible_to(user)


class PersonScopedQuerySet(models.QuerySet):
    """Rows about one child: visible when the child is (the access policy decides)."""

    def visible_to(self, user):
        return self.filter(person__in=_visible_people(user))


class MissingRecord(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        abstract = True


class EpisodeQuerySet(PersonScopedQuerySet):
    def open(self):
        return self.filter(returned_at__isnull=True)

    def returned(self):
        return self.filter(returned_at__isnull=False)


class MissingEpisode(MissingRecord):
    """One time a child went missing, or was away from their placement without authorisation."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="missing_episodes")
    kind = models.CharField("kind of episode", max_length=1, choices=EpisodeKind.choices, default=EpisodeKind.MISSING)
    missing_from = models.CharField(max_length=20, choices=MissingFrom.choices)
    missing_from_detail = models.CharField("where they were last seen", max_length=300, blank=True)
    went_missing_at = models.DateTimeField()
    reported_to_police = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=50, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices)
    risk_notes = models.TextField(blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    where_found = models.CharField("where they were found or returned from", max_length=300, blank=True)
    return_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    return_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_agency = models.ForeignKey(
        "access.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-went_missing_at", "-pk"]
        indexes = [models.Index(fields=["person", "went_missing_at"]), models.Index(fields=["returned_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EpisodeKind.values), name="missing_kind_valid"),
            models.CheckConstraint(condition=Q(missing_from__in=MissingFrom.values), name="missing_from_valid"),
            models.CheckConstraint(condition=Q(risk_level__in=RiskLevel.values), name="missing_risk_valid"),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gt=F("went_missing_at")),
                name="missing_return_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind=EpisodeKind.MISSING) | Q(missing_from=MissingFrom.CARE_PLACEMENT),
                name="missing_away_only_from_care",
            ),
            models.CheckConstraint(
                condition=Q(reported_to_police=True) | (Q(reported_at__isnull=True) & Q(police_reference="")),
                name="missing_police_details_only_if_reported",
            ),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True) | Q(reported_at__gte=F("went_missing_at")),
                name="missing_reported_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(returned_at__isnull=True), name="missing_one_open_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {timezone.localtime(self.went_missing_at):%-d %B %Y %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    @property
    def duration(self) -> dt.timedelta:
        return (self.returned_at or timezone.now()) - self.went_missing_at

    @property
    def duration_hours(self) -> int:
        return int(self.duration.total_seconds() // 3600)

    @property
    def rhi_due_at(self) -> dt.datetime | None:
        """The return home interview is due within 72 hours of the return."""
        return self.returned_at + dt.timedelta(hours=RHI_HOURS) if self.returned_at else None

    @property
    def ssda903_start(self) -> dt.date:
        return timezone.localdate(self.went_missing_at)

    @property
    def ssda903_end(self) -> dt.date | None:
        return timezone.localdate(self.returned_at) if self.returned_at else None


class ReturnInterview(MissingRecord):
    """The return home interview offered after an episode: the offer, the answer, and what the child said."""

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="interview")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField()
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    interviewer = models.CharField("who will hold or held the interview", max_length=200, blank=True)
    interviewer_independent = models.BooleanField(
        "independent of the child's carers and placement", null=True, blank=True
    )
    response = models.CharField(max_length=10, choices=InterviewResponse.choices, blank=True, default="")
    declined_reason = models.TextField(blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    where_they_were = models.TextField(blank=True)
    with_whom = models.TextField(blank=True)
    push_factors = models.TextField("what made them leave (push factors)", blank=True)
    pull_factors = models.TextField("what drew them away (pull factors)", blank=True)
    indicators = models.JSONField("signs of exploitation", default=list, blank=True)
    child_said = models.TextField("what the child said, in their words", blank=True)
    actions = models.TextField("actions agreed", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at"]
        constraints = [
            models.CheckConstraint(condition=Q(response__in=InterviewResponse.values), name="rhi_response_valid"),
            models.CheckConstraint(
                condition=Q(held_at__isnull=True) | Q(response=InterviewResponse.ACCEPTED),
                name="rhi_held_only_if_accepted",
            ),
            models.CheckConstraint(
                condition=~Q(response=InterviewResponse.DECLINED) | ~Q(declined_reason=""),
                name="rhi_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(held_at__isnull=True) | Q(held_at__gte=F("offered_at")),
                name="rhi_held_after_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"Return home interview for {self.episode}"

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def is_closed(self) -> bool:
        return self.held_at is not None or self.response == InterviewResponse.DECLINED

    @property
    def indicator_labels(self) -> list[str]:
        from .choices import Indicator

        labels = dict(Indicator.choices)
        return [str(labels.get(code, code)) for code in self.indicators or []]


class PromptQuerySet(PersonScopedQuerySet):
    def open(self):
        return self.filter(decision=PromptDecision.OPEN)


class StrategyPrompt(MissingRecord):
    """Repeated or worrying episodes: the partnership's threshold says to consider a strategy
    discussion. Someone decides (requested, or not needed and why); the decision is audited."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="prompts")
    raised_at = models.DateTimeField(default=timezone.now)
    triggers = models.JSONField(default=list)
    reasons = models.TextField()
    decision = models.CharField(max_length=20, choices=PromptDecision.choices, blank=True, default="")
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PromptQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=PromptDecision.values), name="prompt_decision_valid"),
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True)
                | (~Q(decision="") & Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="prompt_decided_with_reason",
            ),
            models.UniqueConstraint(fields=["person"], condition=Q(decision=""), name="prompt_one_open_per_child"),
        ]

    def __str__(self) -> str:
        return f"Strategy discussion prompt: {self.reasons}"

    @property
    def is_open(self) -> bool:
        return self.decision == PromptDecision.OPEN
