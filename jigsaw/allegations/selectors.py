"""Allegations against staff (LADO): every read, through the access policy.

`allegation_scope(user)` is the one rule: the LADO team sees every case; a user invited
to a case (AllegationAccess, not ended) sees that case; nobody else sees any, so a
record answers 404 and no list, search or count includes it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.models import Agency
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.people.models import Person
from jigsaw.timescales.calendar import working_day_on_or_after
from jigsaw.timescales.choices import STATUS_TAG_CLASSES, DeadlineStatus
from jigsaw.timescales.models import Clock
from jigsaw.timescales.rules import deadline_status, get_rule
from jigsaw.timescales.selectors import DeadlineLine, clock_line

from .choices import AllegationKind, Outcome, Timeliness
from .models import Allegation, AllegationAccess, DutySlot
from .permissions import lado_team


def _active(user: Any) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active and user.role)


def allegation_scope(*, user: Any) -> QuerySet[Allegation]:
    """Every allegation (and advice consultation) this user may know exists."""
    if not _active(user):
        return Allegation.objects.none()
    if lado_team(user):
        return Allegation.objects.all()
    today = timezone.localdate()
    # Access ends on the day it is ended (ended_on: the day it stopped).
    invited = AllegationAccess.objects.filter(user=user).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    # Advice-only consultations are the LADO team's own notes: never shared.
    return Allegation.objects.filter(kind=AllegationKind.REFERRAL, pk__in=invited.values("allegation_id"))


def allegation_get(*, user: Any, allegation_id: int, purpose: str = "", audit: bool = True) -> Allegation:
    """One allegation, if the user may see it (404 otherwise); the view is audited."""
    allegation = (
        allegation_scope(user=user)
        .filter(pk=allegation_id)
        .select_related("subject", "duty_officer", "recorded_by")
        .first()
    )
    if allegation is None:
        raise Http404("No such allegation")
    if audit:
        children = list(allegation.children.values_list("person_id", flat=True))
        audit_record(
            actor=user,
            kind=AuditKind.VIEW,
            obj=allegation,
            purpose=purpose or "viewed an allegation against a person who works with children",
            subject_person_id=allegation.subject_id or (children[0] if children else None),
            also_about=children,
        )
    return allegation


def open_referrals(*, user: Any) -> QuerySet[Allegation]:
    return (
        allegation_scope(user=user)
        .filter(kind=AllegationKind.REFERRAL, concluded_on__isnull=True)
        .select_related("subject", "duty_officer")
        .order_by("received_at")
    )


def concluded_referrals(*, user: Any) -> QuerySet[Allegation]:
    return (
        allegation_scope(user=user)
        .filter(kind=AllegationKind.REFERRAL, concluded_on__isnull=False)
        .select_related("subject", "duty_officer")
        .order_by("-concluded_on")
    )


def advice_list(*, user: Any) -> QuerySet[Allegation]:
    return (
        allegation_scope(user=user)
        .filter(kind=AllegationKind.ADVICE)
        .select_related("subject", "duty_officer")
        .order_by("-received_at")
    )


def person_allegations(*, user: Any, person: Person) -> QuerySet[Allegation]:
    """The allegations this user may see where the person is the subject or one of the children."""
    return (
        allegation_scope(user=user)
        .filter(Q(subject=person) | Q(children__person=person))
        .distinct()
        .select_related("subject", "duty_officer")
        .order_by("-received_at")
    )


@dataclass
class ChildLine:
    person: Person | None  # None: the user may not see this child's record
    person_id: int


def allegation_children(*, user: Any, allegation: Allegation) -> list[ChildLine]:
    """The children involved; one the user may not see is shown as such, not named."""
    rows = list(allegation.children.select_related("person").order_by("person__family_name", "person__given_names"))
    visible = set(
        Person.objects.visible_to(user).filter(pk__in=[r.person_id for r in rows]).values_list("pk", flat=True)
    )
    return [ChildLine(person=r.person if r.person_id in visible else None, person_id=r.person_id) for r in rows]


def allegation_access_list(*, allegation: Allegation) -> QuerySet[AllegationAccess]:
    return allegation.access.select_related("user", "user__agency").order_by("granted_on", "pk")


def allegation_meetings(*, allegation: Allegation) -> list[Any]:
    """The case's meetings (the meetings engine's records), earliest first, with their actions."""
    return [
        m.meeting
        for m in allegation.meetings.select_related("meeting", "meeting__chair").prefetch_related("meeting__actions")
    ]


def allegation_deadlines(*, allegation: Allegation, today: dt.date | None = None) -> list[DeadlineLine]:
    """The case's clocks (the LADO rules), running first."""
    ct = ContentType.objects.get_for_model(Allegation)
    clocks = list(Clock.objects.filter(content_type=ct, object_id=allegation.pk).order_by("due_on", "pk"))
    lines = [clock_line(clock=c, today=today) for c in clocks]
    return sorted(lines, key=lambda line: (not line.is_open, line.due_on))


@dataclass(frozen=True)
class NextDeadline:
    title: str
    due_on: dt.date
    status_label: str
    tag_class: str


def next_deadlines(*, allegations: list[Allegation], today: dt.date | None = None) -> dict[int, NextDeadline]:
    """The soonest running deadline of each allegation, for a list (one query, however many cases)."""
    ct = ContentType.objects.get_for_model(Allegation)
    out: dict[int, NextDeadline] = {}
    clocks = Clock.objects.open().filter(content_type=ct, object_id__in=[a.pk for a in allegations])
    for clock in clocks.order_by("due_on", "pk"):
        if clock.object_id not in out:
            status = deadline_status(clock.due_on, None, today)
            out[clock.object_id] = NextDeadline(
                title=get_rule(clock.rule_key).title,
                due_on=clock.due_on,
                status_label=str(DeadlineStatus(status).label),
                tag_class=STATUS_TAG_CLASSES[status],
            )
    return out


# The duty rota.


def lado_officers() -> QuerySet[Any]:
    """Users who may be on the LADO duty rota: LADO officers in the LADO team."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role=Role.LADO_OFFICER, team__restricted_area=RestrictedArea.LADO)
        .order_by("full_name", "username")
    )


def duty_officer_for(received_on: dt.date) -> Any | None:
    """Who is on duty for a referral received that day: that day's officer, or, at a weekend
    or on a holiday, the next working day's."""
    slot = DutySlot.objects.filter(on=working_day_on_or_after(received_on)).select_related("officer").first()
    return slot.officer if slot else None


def duty_week(*, week_start: dt.date) -> list[tuple[dt.date, Any | None]]:
    """Monday to Friday of the week starting `week_start` (a Monday), with who is on duty."""
    days = [week_start + dt.timedelta(days=n) for n in range(5)]
    slots = {s.on: s.officer for s in DutySlot.objects.filter(on__in=days).select_related("officer")}
    return [(day, slots.get(day)) for day in days]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# The index's figures (the LADO team only: the view refuses anyone else first).


@dataclass
class TimelinessRow:
    label: str
    count: int
    cumulative: int
    percent: int  # cumulative share of concluded cases
    target: str


@dataclass
class TimelinessSummary:
    concluded: int
    rows: list[TimelinessRow]
    quick_outcomes: int  # unsubstantiated, unfounded, false or malicious
    quick_within_week: int
    referrals: int
    referrals_on_time: int


_TARGETS = {
    Timeliness.MONTH: "80% within 1 month",
    Timeliness.QUARTER: "90% within 3 months",
    Timeliness.YEAR: "All but the most exceptional within 12 months",
}
_QUICK = frozenset({Outcome.UNSUBSTANTIATED, Outcome.UNFOUNDED, Outcome.FALSE, Outcome.MALICIOUS})


def timeliness_summary(*, user: Any) -> TimelinessSummary:
    """How long concluded allegations took, against the targets (statutory-reference 3.6)."""
    referrals = list(allegation_scope(user=user).filter(kind=AllegationKind.REFERRAL))
    concluded = [a for a in referrals if a.concluded_on is not None]
    bands = Counter(a.timeliness for a in concluded)
    rows = []
    running = 0
    for band in Timeliness:
        running += bands[band]
        rows.append(
            TimelinessRow(
                label=str(band.label),
                count=bands[band],
                cumulative=running,
                percent=round(100 * running / len(concluded)) if concluded else 0,
                target=_TARGETS.get(band, ""),
            )
        )
    quick = [a for a in concluded if a.outcome in _QUICK]
    return TimelinessSummary(
        concluded=len(concluded),
        rows=rows,
        quick_outcomes=len(quick),
        quick_within_week=sum(1 for a in quick if a.timeliness == Timeliness.WEEK),
        referrals=len(referrals),
        referrals_on_time=sum(1 for a in referrals if not a.referred_late),
    )


def agencies_by_name() -> dict[str, Agency]:
    return {a.name.lower(): a for a in Agency.objects.all()}


def invitable_user(*, username_or_email: str) -> Any | None:
    """An active Jigsaw user with that username or email address (one only)."""
    text = (username_or_email or "").strip()
    if not text:
        return None
    matches = list(
        get_user_model().objects.filter(Q(username__iexact=text) | Q(email__iexact=text), is_active=True)[:2]
    )
    return matches[0] if len(matches) == 1 else None
