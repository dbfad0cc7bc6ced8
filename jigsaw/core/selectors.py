"""'My work': a worker's cases and what is due on them, and a team manager's team.

Deadlines come from the timescales selectors (through the access policy). Every section is
one query, however many cases and deadlines there are: no query per row. A manager's team is
summarised per worker by one aggregate query (not a list of every case), and the long lists
of the team view are shown a page at a time.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.models import Involvement
from jigsaw.people.models import Person
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


TEAM_PAGE_SIZE = 50


def _page(items: list[Any], number: Any) -> Page:
    """A page of a list already read (a bad or too large page number gives the first or last page)."""
    return Paginator(items, TEAM_PAGE_SIZE).get_page(number)


@dataclass
class MyWork:
    cases: list[CaseLine]
    deadlines: list[DeadlineLine]  # overdue first, then due soon
    # The team's cases are summarised per worker (team_summary), not listed: left empty.
    team: list[CaseLine] = field(default_factory=list)
    team_deadlines: list[DeadlineLine] = field(default_factory=list)
    team_summary: list[WorkerSummary] = field(default_factory=list)

    def team_summary_page(self, number: Any = 1) -> Page:
        return _page(self.team_summary, number)

    def team_overdue_page(self, number: Any = 1) -> Page:
        return _page(self.team_overdue, number)

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


def involvements_visible_to(user: Any) -> QuerySet[Involvement]:
    """Open involvements this user may know about: with people the policy lets them see, and
    not held by a member of another restricted team (LADO, Channel, adoption), whose very
    involvement would tell them that such a case exists (as people's "open to" leaves out)."""
    today = timezone.localdate()
    own = getattr(user, "restricted_area", "") or ""
    hidden_teams = [area for area in RestrictedArea.values if area and area != own]
    return (
        Involvement.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .filter(person__in=Person.objects.visible_to(user).values("pk"))
        .exclude(user__team__restricted_area__in=hidden_teams)
    )


def my_cases(*, user: Any) -> list[CaseLine]:
    rows = (
        involvements_visible_to(user)
        .filter(user=user)
        .select_related("person", "user")
        .order_by("person__family_name", "person__given_names")
    )
    return [CaseLine(person=i.person, service=i.service, worker=i.user, since=i.started_on) for i in rows]


def _team_involvements(user: Any) -> QuerySet[Involvement]:
    """The manager's team's allocations, as far as the manager may see them: a case they could
    not open is not counted either."""
    return involvements_visible_to(user).filter(user__team_id=user.team_id, kind="allocated")


def team_case_counts(*, user: Any) -> dict[int, tuple[str, int]]:
    """Per worker of the manager's team: their name and how many open cases are allocated to
    them that the manager may see. One aggregate query."""
    if user.role != Role.TEAM_MANAGER or not user.team_id:
        return {}
    rows = (
        _team_involvements(user)
        .values("user_id", "user__full_name", "user__username")
        .annotate(cases=Count("id"))
        .order_by()
    )
    return {r["user_id"]: (r["user__full_name"] or r["user__username"], r["cases"]) for r in rows}


def _count_by_person(cases: list[CaseLine], lines: list[DeadlineLine]) -> None:
    counts: dict[int, Counter] = defaultdict(Counter)
    for line in lines:
        counts[line.person.pk][line.status] += 1
    for case in cases:
        case.overdue = counts[case.person.pk][DeadlineStatus.OVERDUE]
        case.due_soon = counts[case.person.pk][DeadlineStatus.DUE_SOON]


def _team_summary(counts: dict[int, tuple[str, int]], lines: list[DeadlineLine]) -> list[WorkerSummary]:
    """Per worker: open cases, overdue and due soon (a deadline with nobody allocated shows as such)."""
    names: dict[int | None, str] = {}
    open_cases: Counter = Counter()
    overdue: Counter = Counter()
    due_soon: Counter = Counter()
    for worker_id, (name, cases) in counts.items():
        names[worker_id] = name
        open_cases[worker_id] = cases
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
        work.team_deadlines = team_deadlines(user=user, today=today)
        work.team_summary = _team_summary(team_case_counts(user=user), work.team_deadlines)
    return work
