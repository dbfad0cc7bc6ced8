"""Reads for the timescales screens.

Rules and bank holidays are reference data, not personal data, so every signed-in user
may read them. Deadlines (clocks) belong to a person, so every read of them starts from
Person.objects.visible_to(user): a person the user may not see has no deadlines for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.policy import restricted_area_visible
from jigsaw.people.models import Person

from . import calendar
from .choices import STATUS_TAG_CLASSES, DeadlineStatus
from .models import Clock
from .ownership import screen_url, unallocated_rule_keys, with_responsible
from .rules import (
    DeadlineRule,
    all_rules,
    deadline_status,
    describe_amount,
    due_soon_working_days,
    event_label,
    hidden_rule_keys,
)
from .rules import get_rule as _get_rule


@dataclass(frozen=True)
class RuleSummary:
    rule: DeadlineRule
    starts_on_label: str
    stopped_by_label: str
    who_is_told: str
    time_allowed: str
    national_default: str  # for an overridden local rule, the amount before the override


def role_label(name: str) -> str:
    return str(Role(name).label) if name in Role.values else event_label(name)


def _in_a_sentence(labels: list[str]) -> str:
    # GOV.UK style: sentence case, so only the first item keeps its capital ("IRO" stays).
    return ", ".join(
        label if i == 0 or label[1:2].isupper() else label[:1].lower() + label[1:] for i, label in enumerate(labels)
    )


def rule_summary_list() -> list[RuleSummary]:
    return [
        RuleSummary(
            rule=rule,
            starts_on_label=event_label(rule.starts_on),
            stopped_by_label=event_label(rule.stopped_by),
            who_is_told=_in_a_sentence([role_label(name) for name in rule.notify]),
            time_allowed=rule.time_allowed,
            national_default=describe_amount(rule.amount, rule.unit) if rule.is_overridden else "",
        )
        for rule in all_rules()
    ]


def holiday_list(*, year: int) -> list[calendar.Holiday]:
    """The year's bank holidays and closures (and any the council removed), by date."""
    return calendar.holidays_in_year(year)


# Deadlines (clocks)


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline of one person, as every screen, the digest and the API show it."""

    clock_id: int
    rule_key: str
    title: str
    person: Person
    started_on: date
    due_on: date
    met_on: date | None
    stopped_on: date | None
    stopped_reason: str
    status: DeadlineStatus
    # Who is responsible (timescales.ownership): owner, the rule's person, the allocated worker; None: nobody.
    worker_id: int | None
    worker_name: str
    late_reason: str
    late_reason_signed_off: bool
    working_days_overdue: int  # for an overdue deadline; 0 otherwise
    url: str = ""
    due_at: datetime | None = (
        None  # for a rule in hours: the moment it falls due  # the page where the work is done (timescales.ownership.screen_url)
    )

    @property
    def status_label(self) -> str:
        return str(DeadlineStatus(self.status).label)

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.status]

    @property
    def is_open(self) -> bool:
        return self.met_on is None and self.stopped_on is None

    @property
    def missed(self) -> bool:
        """Overdue, or met late: a reason for the delay is expected."""
        return self.status in (DeadlineStatus.OVERDUE, DeadlineStatus.MET_LATE)

    @property
    def person_label(self) -> str:
        """What the person beside this deadline is: a child, a young person (a care leaver, an
        exploitation case to 25) or the subject of a case about an adult (an allegation against
        someone who works with children is never about a child)."""
        try:
            if _get_rule(self.rule_key).restricted_area == RestrictedArea.LADO:
                return "Subject"
        except LookupError:
            pass
        age = self.person.age_on(timezone.localdate())
        if age is None or age < 18:
            return "Child"
        return "Young person" if age <= 25 else "Subject"


PERSON_LABELS = ("Child", "Young person", "Subject")


def person_heading(lines: list[DeadlineLine]) -> str:
    """A column heading for the people beside these deadlines: "Child", or "Child or subject"..."""
    present = {line.person_label for line in lines}
    labels = [label for label in PERSON_LABELS if label in present] or ["Child"]
    return " or ".join([labels[0], *(label.lower() for label in labels[1:])])


def _rule_title(rule_key: str) -> str:
    try:
        return _get_rule(rule_key).title
    except LookupError:  # a rule since retired: its clocks still show, under their key
        return event_label(rule_key)


def _viewer_may_know(viewer: Any) -> set[int] | None:
    """Users in restricted teams the viewer may not know about (None: no viewer, show all)."""
    if viewer is None:
        return None
    from django.contrib.auth import get_user_model

    hidden = [area for area in RestrictedArea.values if area and not restricted_area_visible(viewer, area)]
    return set(get_user_model().objects.filter(team__restricted_area__in=hidden).values_list("pk", flat=True))


def _with_worker(qs: QuerySet[Clock], *, today: date) -> QuerySet[Clock]:
    """Annotate who is responsible (timescales.ownership: owner, the rule's person, the allocated worker)."""
    return with_responsible(qs.select_related("person"), today=today)


def _lines(clocks: list[Clock], today: date, *, viewer: Any = None) -> list[DeadlineLine]:
    """The screen's lines, with the responsible worker's name (one query for all the names). A worker
    in a restricted team the viewer may not know of is not named (policy.restricted_area_visible)."""
    from django.contrib.auth import get_user_model

    ids = {c.responsible_id for c in clocks if getattr(c, "responsible_id", None)}
    names = {
        pk: full_name or username
        for pk, full_name, username in get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "full_name", "username")
    }
    hidden = _viewer_may_know(viewer) if ids else set()
    return [_line(c, today, names=names, hidden=hidden or set()) for c in clocks]


def _line(clock: Clock, today: date, *, names: dict[int, str], hidden: set[int]) -> DeadlineLine:
    if clock.stopped_on is not None:
        status = DeadlineStatus.STOPPED
    else:
        status = deadline_status(clock.due_on, clock.met_on, today)
        if (
            clock.due_at is not None
            and clock.met_on is None
            and today == timezone.localdate()
            and timezone.now() > clock.due_at
        ):
            status = DeadlineStatus.OVERDUE  # past its hour, on its own day: overdue, as the screens say
    worker_id = getattr(clock, "responsible_id", None)
    worker_name = names.get(worker_id, "") if worker_id else ""
    if worker_id in hidden:
        worker_name = "A worker in another team"
    overdue = calendar.working_days_between(clock.due_on, today) if status == DeadlineStatus.OVERDUE else 0
    return DeadlineLine(
        clock_id=clock.pk,
        rule_key=clock.rule_key,
        title=_rule_title(clock.rule_key),
        person=clock.person,
        started_on=clock.started_on,
        due_on=clock.due_on,
        met_on=clock.met_on,
        stopped_on=clock.stopped_on,
        stopped_reason=clock.stopped_reason,
        status=status,
        worker_id=worker_id,
        worker_name=worker_name,
        late_reason=clock.late_reason,
        late_reason_signed_off=clock.late_reason_signed_off_by_id is not None,
        working_days_overdue=overdue,
        due_at=clock.due_at,
        url=screen_url(
            rule_key=clock.rule_key,
            person_id=clock.person_id,
            content_type_id=clock.content_type_id,
            object_id=clock.object_id,
            arg=getattr(clock, "screen_arg", None),
        ),
    )


def due_soon_horizon(today: date) -> date:
    """The last due date that counts as "due soon" today (rules.deadline_status, as a date).

    Due soon means at most JIGSAW_DUE_SOON_WORKING_DAYS working days after today, so the
    horizon is the day before the next working day after those.
    """
    return calendar.add_working_days(today, due_soon_working_days() + 1, inclusive=False) - timedelta(days=1)


def person_deadlines(*, user: Any, person: Person, today: date | None = None) -> list[DeadlineLine]:
    """Every deadline of the person: running ones first (soonest due first), then finished ones, latest first."""
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise Http404("No such person")
    today = today or timezone.localdate()
    clocks = list(
        _with_worker(
            Clock.objects.filter(person=person).exclude(rule_key__in=hidden_rule_keys(user)), today=today
        ).order_by("due_on", "pk")
    )
    running = [c for c in clocks if c.is_open]
    finished = sorted((c for c in clocks if not c.is_open), key=lambda c: (c.due_on, c.pk), reverse=True)
    return _lines(running + finished, today, viewer=user)


def _due_by(today: date) -> QuerySet[Clock]:
    return Clock.objects.open().filter(due_on__lte=due_soon_horizon(today))


def _visible_open(viewer: Any, *, today: date, everything: bool) -> QuerySet[Clock]:
    """Open clocks of people the viewer may see, of rules they may know of, responsible annotated."""
    qs = Clock.objects.open() if everything else _due_by(today)
    qs = qs.exclude(rule_key__in=hidden_rule_keys(viewer)).filter(person__in=Person.objects.visible_to(viewer))
    return _with_worker(qs, today=today)


def _ordered(qs: QuerySet[Clock]) -> QuerySet[Clock]:
    return qs.order_by("due_on", "person__family_name", "pk")


def user_deadlines(
    *, user: Any, today: date | None = None, everything: bool = False, viewer: Any = None
) -> list[DeadlineLine]:
    """The deadlines `user` is responsible for (timescales.ownership): due soon and overdue, or with
    `everything`, all running ones. Earliest due first. `viewer` (default: the user) is who is
    looking: a team manager opening a worker's list sees only what they themselves may see."""
    today = today or timezone.localdate()
    viewer = viewer or user
    qs = _visible_open(viewer, today=today, everything=everything).filter(responsible_id=user.pk)
    return _lines(list(_ordered(qs)), today, viewer=viewer)


def _is_manager(user: Any) -> bool:
    return getattr(user, "role", "") == Role.TEAM_MANAGER and bool(getattr(user, "team_id", None))


def team_deadlines(*, user: Any, today: date | None = None, everything: bool = False) -> list[DeadlineLine]:
    """A team manager's view: the deadlines the team's members are responsible for, and the ones
    nobody is responsible for in the areas the team owns (its "Unallocated" list). Due soon and
    overdue, or all with `everything`. Anyone else gets only the unallocated ones they see
    (the members of a restricted team without a manager), or nothing."""
    today = today or timezone.localdate()
    unallocated = Q(responsible_id__isnull=True, rule_key__in=unallocated_rule_keys(user))
    if _is_manager(user):
        from django.contrib.auth import get_user_model

        members = get_user_model().objects.filter(team_id=user.team_id).values("pk")
        where = Q(responsible_id__in=members) | unallocated
    else:
        where = unallocated
    qs = _visible_open(user, today=today, everything=everything).filter(where)
    return _lines(list(_ordered(qs)), today, viewer=user)


def unallocated_deadlines(*, user: Any, today: date | None = None) -> list[DeadlineLine]:
    """Running deadlines with nobody responsible, in the areas whose unallocated list the user sees."""
    today = today or timezone.localdate()
    keys = unallocated_rule_keys(user)
    if not keys:
        return []
    qs = _visible_open(user, today=today, everything=True).filter(responsible_id__isnull=True, rule_key__in=keys)
    return _lines(list(_ordered(qs)), today, viewer=user)


def clock_get(*, user: Any, clock_id: int) -> Clock:
    """One clock, if the user may see its person (404 otherwise)."""
    clock = (
        Clock.objects.filter(pk=clock_id, person__in=Person.objects.visible_to(user))
        .exclude(rule_key__in=hidden_rule_keys(user))
        .select_related("person", "owner", "late_reason_by", "late_reason_signed_off_by")
        .first()
    )
    if clock is None:
        raise Http404("No such deadline")
    return clock


def clock_line(*, clock: Clock, today: date | None = None) -> DeadlineLine:
    """The screen's view of one clock already fetched through clock_get."""
    today = today or timezone.localdate()
    return _lines([_with_worker(Clock.objects.filter(pk=clock.pk), today=today).get()], today)[0]
