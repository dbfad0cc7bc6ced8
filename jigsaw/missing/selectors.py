"""Missing children: every read, through the access policy.

Every list starts from the children the user may see (Person.objects.visible_to); a
record about a child they may not see does not exist for them (404). Views of one child's
episodes, of one episode or of one prompt are audited, with their purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.people.models import Person
from jigsaw.people.selectors import person_get
from jigsaw.timescales.selectors import DeadlineLine, person_deadlines

from .choices import InterviewResponse
from .deadlines import RHI, STRATEGY_PROMPT
from .models import MissingEpisode, ReturnInterview, StrategyPrompt
from .thresholds import Threshold, threshold


def _visible(user: Any):
    return Person.objects.visible_to(user)


# The 72-hour interview, by the hour.


@dataclass(frozen=True)
class InterviewDue:
    episode: MissingEpisode
    interview: ReturnInterview | None
    due_at: dt.datetime
    now: dt.datetime

    @property
    def overdue(self) -> bool:
        return self.now > self.due_at

    @property
    def hours_left(self) -> int:
        return int((self.due_at - self.now).total_seconds() // 3600)

    @property
    def hours_late(self) -> int:
        return int((self.now - self.due_at).total_seconds() // 3600)

    @property
    def status(self) -> str:
        if self.interview is None:
            return "Not yet offered"
        if self.interview.response == InterviewResponse.ACCEPTED:
            return "Accepted, not yet held"
        return "Offered, no answer yet"


def interview_timing(episode: MissingEpisode, now: dt.datetime | None = None) -> str:
    """In words: held 20 hours after the return (on time), or 3 hours late."""
    interview = getattr(episode, "interview", None) if episode.pk else None
    if episode.returned_at is None:
        return ""
    due = episode.rhi_due_at
    if interview is not None and interview.is_closed:
        when = interview.held_at or interview.offered_at
        hours = int((when - episode.returned_at).total_seconds() // 3600)
        what = "Held" if interview.held_at else "Offered and declined"
        late = " (late)" if when > due else ""
        return f"{what} {hours} hours after the return{late}"
    now = now or timezone.now()
    if now > due:
        return f"{int((now - due).total_seconds() // 3600)} hours late"
    return f"{int((due - now).total_seconds() // 3600)} hours left"


# Lists for the area's front page.


def missing_now(*, user: Any) -> list[MissingEpisode]:
    """Children recorded as missing and not yet back, longest missing first."""
    return list(
        MissingEpisode.objects.filter(person__in=_visible(user), returned_at__isnull=True)
        .select_related("person")
        .order_by("went_missing_at")[:500]
    )


def interviews_due(*, user: Any, now: dt.datetime | None = None) -> list[InterviewDue]:
    """Children back from an episode whose interview is neither held nor declined: most urgent first."""
    now = now or timezone.now()
    episodes = (
        MissingEpisode.objects.filter(person__in=_visible(user), returned_at__isnull=False)
        .filter(Q(interview__isnull=True) | Q(interview__held_at__isnull=True) & ~Q(interview__response="declined"))
        .select_related("person", "interview")
        .order_by("returned_at")[:500]
    )
    return [
        InterviewDue(episode=e, interview=getattr(e, "interview", None), due_at=e.rhi_due_at, now=now) for e in episodes
    ]


def prompts_open(*, user: Any) -> list[StrategyPrompt]:
    return list(
        StrategyPrompt.objects.filter(person__in=_visible(user))
        .open()
        .select_related("person", "episode")
        .order_by("raised_at")[:500]
    )


def recent_episodes(*, user: Any, days: int = 30) -> list[MissingEpisode]:
    since = timezone.now() - dt.timedelta(days=days)
    return list(
        MissingEpisode.objects.filter(person__in=_visible(user), went_missing_at__gte=since)
        .select_related("person", "interview")
        .order_by("-went_missing_at")[:200]
    )


# One child.


@dataclass
class Pattern:
    threshold: Threshold
    in_period: int
    in_year: int
    total: int
    total_hours: int

    @property
    def reached(self) -> bool:
        return self.in_period >= self.threshold.episodes


@dataclass
class ChildRecord:
    person: Person
    episodes: list[MissingEpisode]
    prompts: list[StrategyPrompt]
    pattern: Pattern
    deadlines: list[DeadlineLine] = field(default_factory=list)

    @property
    def open_episode(self) -> MissingEpisode | None:
        return next((e for e in self.episodes if e.returned_at is None), None)

    @property
    def open_prompt(self) -> StrategyPrompt | None:
        return next((p for p in self.prompts if p.is_open), None)


def _pattern(episodes: list[MissingEpisode], now: dt.datetime) -> Pattern:
    limits = threshold()
    since = now - dt.timedelta(days=limits.days)
    year = now - dt.timedelta(days=365)
    return Pattern(
        threshold=limits,
        in_period=sum(1 for e in episodes if e.went_missing_at > since),
        in_year=sum(1 for e in episodes if e.went_missing_at > year),
        total=len(episodes),
        total_hours=sum(e.duration_hours for e in episodes),
    )


def child_record(*, user: Any, person_id: int) -> ChildRecord:
    """A child's missing episodes, interviews, prompts and deadlines (404 if the user may not see the child)."""
    person = person_get(user=user, person_id=person_id, purpose="missing children record")
    episodes = list(
        MissingEpisode.objects.filter(person=person)
        .select_related("interview", "recorded_by", "return_recorded_by", "source_agency")
        .order_by("-went_missing_at", "-pk")
    )
    prompts = list(StrategyPrompt.objects.filter(person=person).select_related("decided_by", "episode"))
    keys = {RHI.key, STRATEGY_PROMPT.key}
    deadlines = [d for d in person_deadlines(user=user, person=person) if d.rule_key in keys]
    return ChildRecord(
        person=person,
        episodes=episodes,
        prompts=prompts,
        pattern=_pattern(episodes, timezone.now()),
        deadlines=deadlines,
    )


def episode_get(*, user: Any, episode_id: int, purpose: str = "missing episode") -> MissingEpisode:
    episode = (
        MissingEpisode.objects.filter(pk=episode_id, person__in=_visible(user))
        .select_related("person", "recorded_by", "return_recorded_by", "source_agency")
        .first()
    )
    if episode is None:
        raise Http404("No such missing episode")
    audit_record(actor=user, kind=AuditKind.VIEW, obj=episode, purpose=purpose, subject_person_id=episode.person_id)
    return episode


def interview_get(*, user: Any, interview_id: int, purpose: str = "return home interview") -> ReturnInterview:
    interview = (
        ReturnInterview.objects.filter(pk=interview_id, person__in=_visible(user))
        .select_related("person", "episode", "offered_by")
        .first()
    )
    if interview is None:
        raise Http404("No such return home interview")
    audit_record(actor=user, kind=AuditKind.VIEW, obj=interview, purpose=purpose, subject_person_id=interview.person_id)
    return interview


def prompt_get(*, user: Any, prompt_id: int, purpose: str = "strategy discussion prompt") -> StrategyPrompt:
    prompt = (
        StrategyPrompt.objects.filter(pk=prompt_id, person__in=_visible(user))
        .select_related("person", "episode", "decided_by")
        .first()
    )
    if prompt is None:
        raise Http404("No such prompt")
    audit_record(actor=user, kind=AuditKind.VIEW, obj=prompt, purpose=purpose, subject_person_id=prompt.person_id)
    return prompt


def episode_counts(*, user: Any, person_ids: Iterable[int], days: int | None = None) -> dict[int, int]:
    """How many missing episodes each child the user may see has had (in the last `days` days, if given).
    For other areas' screens (exploitation screening, say): counts only, no detail."""
    qs = MissingEpisode.objects.filter(person_id__in=list(person_ids), person__in=_visible(user))
    if days is not None:
        qs = qs.filter(went_missing_at__gte=timezone.now() - dt.timedelta(days=days))
    return dict(qs.values("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))


@dataclass(frozen=True)
class MissingReturnRow:
    """One episode as the statutory returns want it: SSDA903 AMISSING (MISSING, MIS_START,
    MIS_END) and Annex A's return interview offered / accepted."""

    person_id: int
    missing: str  # M or A
    mis_start: dt.date
    mis_end: dt.date | None
    interview_offered: bool
    interview_accepted: bool


def missing_return_rows(*, user: Any, period_start: dt.date, period_end: dt.date) -> list[MissingReturnRow]:
    """Episodes that were open at any time in the period (a query over the records, no re-keying)."""
    tz_start = timezone.make_aware(dt.datetime.combine(period_start, dt.time.min))
    tz_end = timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min))
    episodes = (
        MissingEpisode.objects.filter(person__in=_visible(user), went_missing_at__lt=tz_end)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__gte=tz_start))
        .select_related("interview")
        .order_by("person_id", "went_missing_at")
    )
    rows = []
    for e in episodes:
        interview = getattr(e, "interview", None)
        rows.append(
            MissingReturnRow(
                person_id=e.person_id,
                missing=e.kind,
                mis_start=e.ssda903_start,
                mis_end=e.ssda903_end,
                interview_offered=interview is not None,
                interview_accepted=bool(interview and interview.response == InterviewResponse.ACCEPTED),
            )
        )
    return rows
