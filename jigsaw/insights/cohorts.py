"""Who counts: the one definition of children in need, on a child protection plan and looked
after, for a period. Every figure, dashboard, drill-down list and statutory return starts here,
so the same question gives the same children wherever it is asked ("figures that add up").

Definitions (../shared/domain/returns-reference.md §8, statutory-reference.md §1A):

- **Children in need** (the CIN census): every child with an episode of need (CINdetails) open
  at any time in the period, i.e. referred on or before its last day and not closed before its
  first. Looked-after children and children on a protection plan are children in need by law
  (Children Act 1989 s17(10), s22), so a child looked after or on a plan in the period counts
  even when the record has no episode for them: the census's "looked-after children absent"
  finding (issue 13) is a missing episode, and leaving them out here would hide it. Referrals
  that needed no further action (ReferralNFA) are in the census, so they count unless asked not
  to (`include_nfa=False`, the DfE's "episodes of need" excluding them).
- **On a child protection plan**: a plan started on or before the period's last day and not
  ended before its first (CPPstartDate / CPPendDate).
- **Looked after** (SSDA903): a child with an SSDA903 episode (DECOM to DEC) overlapping the
  period. The DfE's published figures leave out children whose only care in the period was an
  agreed series of short breaks (legal status V3/V4), and so do we unless asked
  (`include_short_breaks=True`, as the SSDA903 return itself includes them).

"At a day" (a snapshot, e.g. 31 March): started on or before the day and not ended on or before
it: a plan or period of care that ended on 31 March is not "at 31 March" (it ceased during the
year), as in the DfE's statistics.

These are whole-council querysets with no access filter: the returns need every child.
Figures shown to a person go through `measures.py`, which applies the access policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

# The query layer reads the areas' records directly (pyproject.toml's import-linter contract
# lets only cohorts.py and measures.py do so): a reporting layer that went through each area's
# screen-shaped selectors would count what the screens show, not what the records say.
from jigsaw.care.models import CareEpisode, PeriodOfCare
from jigsaw.frontdoor.models import Episode
from jigsaw.people.models import Person
from jigsaw.protection.models import ProtectionPlan

SHORT_BREAK_STATUSES = ("V3", "V4")


@dataclass(frozen=True)
class Period:
    """A reporting period, both days included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"A period cannot end ({self.end}) before it starts ({self.start}).")

    @classmethod
    def collection_year(cls, year: int) -> Period:
        """The DfE collection year named by its end: 2026 is 1 April 2025 to 31 March 2026."""
        return cls(dt.date(year - 1, 4, 1), dt.date(year, 3, 31))

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(day, day)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _overlapping(start_field: str, end_field: str, period: Period) -> Q:
    return Q(**{f"{start_field}__lte": period.end}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": period.start})
    )


def _open_at(start_field: str, end_field: str, day: dt.date) -> Q:
    return Q(**{f"{start_field}__lte": day}) & (Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gt": day}))


# Children in need ---------------------------------------------------------------------------


def cin_episodes(period: Period, *, include_nfa: bool = True) -> QuerySet[Episode]:
    """Episodes of need (CINdetails) open at any time in the period."""
    qs = Episode.objects.filter(_overlapping("referral_date", "closure_date", period))
    if not include_nfa:
        qs = qs.filter(referral_nfa=False)
    return qs


def cin_episodes_at(day: dt.date) -> QuerySet[Episode]:
    return Episode.objects.filter(_open_at("referral_date", "closure_date", day))


def children_in_need(period: Period, *, include_nfa: bool = True) -> QuerySet[Person]:
    """Children in need at any time in the period (with an episode, on a plan, or looked after)."""
    return Person.objects.filter(
        Q(pk__in=cin_episodes(period, include_nfa=include_nfa).values("person_id"))
        | Q(pk__in=protection_plans(period).values("person_id"))
        | Q(pk__in=care_episodes(period, include_short_breaks=True).values("person_id"))
    )


def children_in_need_at(day: dt.date) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk__in=cin_episodes_at(day).values("person_id"))
        | Q(pk__in=protection_plans_at(day).values("person_id"))
        | Q(pk__in=care_episodes_at(day, include_short_breaks=True).values("person_id"))
    )


def children_in_need_without_episode(period: Period) -> QuerySet[Person]:
    """Children in need (on a plan or looked after) for whom the record holds no episode of need
    in the period: the census would leave them out, so the data-quality view lists them."""
    return children_in_need(period).exclude(pk__in=cin_episodes(period).values("person_id"))


# Child protection ---------------------------------------------------------------------------


def protection_plans(period: Period) -> QuerySet[ProtectionPlan]:
    return ProtectionPlan.objects.filter(_overlapping("started_on", "ended_on", period))


def protection_plans_at(day: dt.date) -> QuerySet[ProtectionPlan]:
    return ProtectionPlan.objects.filter(_open_at("started_on", "ended_on", day))


def children_on_plan(period: Period) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=protection_plans(period).values("person_id"))


def children_on_plan_at(day: dt.date) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=protection_plans_at(day).values("person_id"))


# Looked after -------------------------------------------------------------------------------


def care_episodes(period: Period, *, include_short_breaks: bool = False) -> QuerySet[CareEpisode]:
    """SSDA903 episodes overlapping the period."""
    qs = CareEpisode.objects.filter(_overlapping("started_on", "ended_on", period))
    if not include_short_breaks:
        qs = qs.exclude(legal_status__in=SHORT_BREAK_STATUSES)
    return qs


def care_episodes_at(day: dt.date, *, include_short_breaks: bool = False) -> QuerySet[CareEpisode]:
    qs = CareEpisode.objects.filter(_open_at("started_on", "ended_on", day))
    if not include_short_breaks:
        qs = qs.exclude(legal_status__in=SHORT_BREAK_STATUSES)
    return qs


def care_periods(period: Period) -> QuerySet[PeriodOfCare]:
    return PeriodOfCare.objects.filter(_overlapping("started_on", "ended_on", period))


def looked_after(period: Period, *, include_short_breaks: bool = False) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=care_episodes(period, include_short_breaks=include_short_breaks).values("person_id")
    )


def looked_after_at(day: dt.date, *, include_short_breaks: bool = False) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=care_episodes_at(day, include_short_breaks=include_short_breaks).values("person_id")
    )


def started_to_be_looked_after(period: Period) -> QuerySet[Person]:
    """Children whose period of care began in the period (DfE: "started to be looked after")."""
    return Person.objects.filter(
        pk__in=PeriodOfCare.objects.filter(started_on__range=(period.start, period.end)).values("person_id")
    )


def ceased_to_be_looked_after(period: Period) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=PeriodOfCare.objects.filter(ended_on__range=(period.start, period.end)).values("person_id")
    )


def ids(people: QuerySet[Person]) -> set[int]:
    """The children's ids, for comparing one figure with another."""
    return set(people.values_list("pk", flat=True))
