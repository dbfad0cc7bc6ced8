"""'My work': a worker's cases and what is due on them, and a team manager's team.

Deadlines come from the timescales selectors (through the access policy). Every section is
one query, however many cases and deadlines there are: no query per row.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement
from jigsaw.timescales.choices import DeadlineStatus
from jigsaw.timescales.selectors import DeadlineLine, team_deadlines, user_deadlines


@dataclass
class CaseLine:
    person: Any
    service: str
    worker: Any
    since: Any
    overdue: int = 0
    due_soon: int = 0


@dataclass(frozen=True)
class WorkerSummary:
    worker_id: int | None
    name: str
    cases: int
    overdue: int
    due_soon: int


@dataclass
class MyWork:
    cases: list[CaseLine]
    deadlines: list[DeadlineLine]  # overdue first, then due soon
    team: list[CaseLine] = field(default_factory=list)
    team_deadlines: list[DeadlineLine] = field(default_factory=list)
    team_summary: list[WorkerSummary] = field(default_factory=list)

    @property
    def overdue(self) -> list[DeadlineLine]:
        return [d for d in self.deadlines if d.status == DeadlineStatus.OVERDUE]

    @property
    def due_soon(self) -> list[DeadlineLine]:
        return [d for d in self.deadlines if d.status == DeadlineStatus.DUE_SOON]

    @property
    def team_overdue(self) -> list[DeadlineLine]:
        return [d for d in self.team_deadlines if d.status == DeadlineStatus.OVERDUE]

    @property
    def is_team_manager(self) -> bool:
        return bool(self.team or self.team_summary)


def my_cases(*, user: Any) -> list[CaseLine]:
    today = timezone.localdate()
    rows = (
        Involvement.objects.filter(user=user)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("person", "user")
        .order_by("person__family_name", "person__given_names")
    )
    return [CaseLine(person=i.person, service=i.service, worker=i.user, since=i.started_on) for i in rows]


def team_cases(*, user: Any) -> list[CaseLine]:
    """A team manager sees the open cases of everyone in their team."""
    if user.role != Role.TEAM_MANAGER or not user.team_id:
        return []
    today = timezone.localdate()
    rows = (
        Involvement.objects.filter(user__team_id=user.team_id, kind="allocated")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("person", "user")
        .order_by("user__full_name", "person__family_name")
    )
    return [CaseLine(person=i.person, service=i.service, worker=i.user, since=i.started_on) for i in rows]


def _count_by_person(cases: list[CaseLine], lines: list[DeadlineLine]) -> None:
    counts: dict[int, Counter] = defaultdict(Counter)
    for line in lines:
        counts[line.person.pk][line.status] += 1
    for case in cases:
        case.overdue = counts[case.person.pk][DeadlineStatus.OVERDUE]
        case.due_soon = counts[case.person.pk][DeadlineStatus.DUE_SOON]


def _team_summary(cases: list[CaseLine], lines: list[DeadlineLine]) -> list[WorkerSummary]:
    """Per worker: open cases, overdue and due soon (a deadline with nobody allocated shows as such)."""
    names: dict[int | None, str] = {}
    open_cases: Counter = Counter()
    overdue: Counter = Counter()
    due_soon: Counter = Counter()
    for case in cases:
        names[case.worker.pk] = case.worker.full_name or case.worker.username
        open_cases[case.worker.pk] += 1
    for line in lines:
        names.setdefault(line.worker_id, line.worker_name or "Not allocated")
        (overdue if line.status == DeadlineStatus.OVERDUE else due_soon)[line.worker_id] += 1
    order = sorted(names, key=lambda wid: (-overdue[wid], -due_soon[wid], wid is None, names[wid]))
    return [WorkerSummary(wid, names[wid], open_cases[wid], overdue[wid], due_soon[wid]) for wid in order]


def my_work(*, user: Any, today: date | None = None) -> MyWork:
    """Everything on the "My work" page for this user."""
    cases = my_cases(user=user)
    deadlines = user_deadlines(user=user, today=today)
    _count_by_person(cases, deadlines)
    work = MyWork(cases=cases, deadlines=deadlines)
    if user.role == Role.TEAM_MANAGER and user.team_id:
        work.team = team_cases(user=user)
        work.team_deadlines = team_deadlines(user=user, today=today)
        _count_by_person(work.team, work.team_deadlines)
        work.team_summary = _team_summary(work.team, work.team_deadlines)
    return work
