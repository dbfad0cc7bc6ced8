"""'My work': a worker's cases and what is due on them, and a team manager's team.

Deadlines come from the timescales selectors (through the access policy). Every section is
one query, however many cases and deadlines there are: no query per row. A manager's team is
summarised per worker by one aggregate query (not a list of every case), and the long lists
of the team view are shown a page at a time.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.models import Involvement
from jigsaw.people.models import Person
from jigsaw.timescales.choices import STATUS_TAG_CLASSES, DeadlineStatus
from jigsaw.timescales.selectors import DeadlineLine, team_deadlines, unallocated_deadlines, user_deadlines


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
    cases: int  # children allocated to them (that the manager may see)
    overdue: int
    due_this_week: int


@dataclass(frozen=True)
class WorkItem:
    """A to-do line that no deadline clock holds yet: a contact assigned to a worker whose
    children are not linked to person records has no clock, but its decision is still due."""

    title: str  # "Decide on contact C000012"
    url: str  # where it is done
    about: str  # who it is about, in words (there may be no person record to link to)
    due_on: date
    status: DeadlineStatus
    hidden_suffix: str = ""  # read out after the title by a screen reader ("for Lily O'Rourke")
    group: str = "Contacts to decide"  # the table it is listed in on "My work"

    @property
    def status_label(self) -> str:
        return str(DeadlineStatus(self.status).label)

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.status]


# A service area's work that is not on a clock: (whose list, who is looking, today) -> items,
# read through the area's selectors from the viewer's access. Core imports no service area,
# so each area registers its source in its AppConfig.ready() (as for the case summary).
WorkSource = Callable[[Any, Any, date], list[WorkItem]]
_WORK_SOURCES: dict[str, WorkSource] = {}


def register_work_source(*, area: str, source: WorkSource) -> None:
    """Called from a service area's AppConfig.ready(); registering twice is harmless."""
    _WORK_SOURCES[area] = source


def _other_work(whose: Any, viewer: Any, today: date) -> list[WorkItem]:
    items = [item for source in _WORK_SOURCES.values() for item in source(whose, viewer, today)]
    return sorted(items, key=lambda i: (i.due_on, i.title))


def work_groups(items: list[WorkItem]) -> list[tuple[str, list[WorkItem]]]:
    """The work not on a clock, one table per kind ("Contacts to decide", "Conferences to
    arrange"), each soonest due first, the groups in the order their first item is due."""
    groups: dict[str, list[WorkItem]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    return list(groups.items())


TEAM_PAGE_SIZE = 50
WEEK = timedelta(days=6)  # "due this week": today and the six days after


def _page(items: list[Any], number: Any) -> Page:
    """A page of a list already read (a bad or too large page number gives the first or last page)."""
    return Paginator(items, TEAM_PAGE_SIZE).get_page(number)


def _overdue(lines: list[DeadlineLine]) -> list[DeadlineLine]:
    return [d for d in lines if d.status == DeadlineStatus.OVERDUE]


def _this_week(lines: list[DeadlineLine], today: date) -> list[DeadlineLine]:
    return [d for d in lines if d.status != DeadlineStatus.OVERDUE and d.due_on <= today + WEEK]


@dataclass
class MyWork:
    """A to-do list: what the person is responsible for (timescales.ownership), grouped overdue,
    due this week and later, each line linking to where it is done; and for a team manager, the
    team's caseloads, its overdue and due-this-week items, and what nobody is responsible for."""

    worker: Any  # whose list this is (a manager may open a worker's)
    today: date
    cases: list[CaseLine]
    everything: list[DeadlineLine]  # all their running deadlines, unfiltered
    kind: str = ""  # filter: a rule key
    child: int | None = None  # filter: a person id
    team_deadlines: list[DeadlineLine] = field(default_factory=list)  # overdue and due this week, held by a member
    team_summary: list[WorkerSummary] = field(default_factory=list)
    unallocated: list[DeadlineLine] = field(default_factory=list)
    is_team_manager: bool = False
    other_work: list[WorkItem] = field(default_factory=list)  # not on a clock yet (WorkItem)

    @property
    def other_work_groups(self) -> list[tuple[str, list[WorkItem]]]:
        return work_groups(self.other_work)

    @property
    def deadlines(self) -> list[DeadlineLine]:
        """After the filters."""
        return [
            d
            for d in self.everything
            if (not self.kind or d.rule_key == self.kind) and (self.child is None or d.person.pk == self.child)
        ]

    @property
    def overdue(self) -> list[DeadlineLine]:
        return _overdue(self.deadlines)

    @property
    def due_this_week(self) -> list[DeadlineLine]:
        return _this_week(self.deadlines, self.today)

    @property
    def later(self) -> list[DeadlineLine]:
        week = {d.clock_id for d in self.overdue + self.due_this_week}
        return [d for d in self.deadlines if d.clock_id not in week]

    @property
    def week_ends(self) -> date:
        return self.today + WEEK

    @property
    def kinds(self) -> list[tuple[str, str]]:
        """The filter's choices: the kinds of work on this list, by title."""
        return sorted({(d.rule_key, d.title) for d in self.everything}, key=lambda kt: kt[1])

    @property
    def children(self) -> list[tuple[int, str]]:
        return sorted({(d.person.pk, d.person.display_name) for d in self.everything}, key=lambda pn: pn[1])

    @property
    def filtered(self) -> bool:
        return bool(self.kind) or self.child is not None

    def team_summary_page(self, number: Any = 1) -> Page:
        return _page(self.team_summary, number)

    def team_overdue_page(self, number: Any = 1) -> Page:
        return _page(self.team_overdue, number)

    def unallocated_page(self, number: Any = 1) -> Page:
        return _page(self.unallocated, number)

    @property
    def team_overdue(self) -> list[DeadlineLine]:
        return _overdue(self.team_deadlines)

    @property
    def team_this_week(self) -> list[DeadlineLine]:
        return _this_week(self.team_deadlines, self.today)


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


def my_cases(*, user: Any, viewer: Any = None) -> list[CaseLine]:
    """The people `user` works with, as far as `viewer` (default: the user) may see them."""
    rows = (
        involvements_visible_to(viewer or user)
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
    """Per worker of the manager's team: their name and how many children are allocated to them
    that the manager may see. One aggregate query."""
    if user.role != Role.TEAM_MANAGER or not user.team_id:
        return {}
    rows = (
        _team_involvements(user)
        .values("user_id", "user__full_name", "user__username")
        .annotate(cases=Count("person", distinct=True))
        .order_by()
    )
    return {r["user_id"]: (r["user__full_name"] or r["user__username"], r["cases"]) for r in rows}


def _count_by_person(cases: list[CaseLine], lines: list[DeadlineLine], today: date) -> None:
    counts: dict[int, Counter] = defaultdict(Counter)
    for line in _overdue(lines):
        counts[line.person.pk]["overdue"] += 1
    for line in _this_week(lines, today):
        counts[line.person.pk]["week"] += 1
    for case in cases:
        case.overdue = counts[case.person.pk]["overdue"]
        case.due_soon = counts[case.person.pk]["week"]


def _team_summary(counts: dict[int, tuple[str, int]], lines: list[DeadlineLine], today: date) -> list[WorkerSummary]:
    """Per worker: children allocated, overdue and due this week; those with most overdue first."""
    names: dict[int, str] = {}
    open_cases: Counter = Counter()
    overdue: Counter = Counter()
    week: Counter = Counter()
    for worker_id, (name, cases) in counts.items():
        names[worker_id] = name
        open_cases[worker_id] = cases
    for line in lines:
        if line.worker_id is None:
            continue  # on the unallocated list instead
        names.setdefault(line.worker_id, line.worker_name)
        if line.status == DeadlineStatus.OVERDUE:
            overdue[line.worker_id] += 1
        elif line.due_on <= today + WEEK:
            week[line.worker_id] += 1
    order = sorted(names, key=lambda wid: (-overdue[wid], -week[wid], names[wid]))
    return [WorkerSummary(wid, names[wid], open_cases[wid], overdue[wid], week[wid]) for wid in order]


def team_member(*, manager: Any, worker_id: Any) -> Any:
    """A worker of the manager's team, whose list the manager may open (404 for anyone else)."""
    from django.contrib.auth import get_user_model
    from django.http import Http404

    if manager.role != Role.TEAM_MANAGER or not manager.team_id:
        raise Http404("No such worker")
    try:
        return get_user_model().objects.get(pk=int(worker_id), team_id=manager.team_id, is_active=True)
    except (ValueError, TypeError, LookupError, get_user_model().DoesNotExist):
        raise Http404("No such worker") from None


def my_work(*, user: Any, today: date | None = None, worker: Any = None, kind: str = "", child: Any = None) -> MyWork:
    """Everything on the "My work" page for this user; or, for a team manager opening one of
    their workers' lists (`worker`), that worker's list as far as the manager may see it."""
    today = today or timezone.localdate()
    whose = worker or user
    cases = my_cases(user=whose, viewer=user)
    everything = user_deadlines(user=whose, today=today, everything=True, viewer=user)
    _count_by_person(cases, everything, today)
    try:
        child_id = int(child) if child not in (None, "") else None
    except (TypeError, ValueError):
        child_id = None
    work = MyWork(worker=whose, today=today, cases=cases, everything=everything, kind=kind or "", child=child_id)
    work.other_work = _other_work(whose, user, today)
    if worker is None and user.role == Role.TEAM_MANAGER and user.team_id:
        team_all = team_deadlines(user=user, today=today, everything=True)
        held = [d for d in team_all if d.worker_id is not None]  # the rest are on the unallocated list
        work.team_deadlines = _overdue(held) + _this_week(held, today)
        work.team_summary = _team_summary(team_case_counts(user=user), team_all, today)
        work.unallocated = [d for d in team_all if d.worker_id is None]
        work.is_team_manager = True
    elif worker is None:
        # A restricted team without a manager: its members share what nobody holds.
        work.unallocated = unallocated_deadlines(user=user, today=today)
    return work
