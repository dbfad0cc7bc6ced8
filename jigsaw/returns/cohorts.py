"""Which children each return counts, for a collection year.

Kept here until the insights query layer (`jigsaw/insights/cohorts.py`) is on main: the lead
reconciles the two so that the dashboard, its list and the return give the same number. Each
function is one definition, used by the return and by the screen that lists its children.

A merged-away duplicate is never counted (its records moved to the person kept). A person
whose whole record is restricted (LADO, Channel) is left to that team: the returns are made
by an analyst outside it, and restricted means invisible everywhere (ARCHITECTURE.md).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from jigsaw.care.models import CareLeaverContact, PeriodOfCare
from jigsaw.frontdoor.models import Episode
from jigsaw.people.models import Person

from .years import CollectionYear


def _countable() -> QuerySet:
    return Person.objects.filter(merged_into__isnull=True, restricted_area="")


def cin_episodes(year: CollectionYear) -> QuerySet:
    """Episodes of need open at any time in the year: the census's CINdetails."""
    return Episode.objects.filter(referral_date__lte=year.end).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=year.start)
    )


def children_in_need(year: CollectionYear) -> QuerySet:
    """Children in need during the year (the CIN census's children), looked-after children included."""
    return _countable().filter(pk__in=cin_episodes(year).values("person_id")).order_by("council_id")


def care_periods(year: CollectionYear) -> QuerySet:
    return PeriodOfCare.objects.filter(started_on__lte=year.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=year.start)
    )


def looked_after(year: CollectionYear) -> QuerySet:
    """Children looked after at any time in the year (the SSDA903's Episodes)."""
    return _countable().filter(pk__in=care_periods(year).values("person_id")).order_by("council_id")


def care_leaver_contacts(year: CollectionYear) -> QuerySet:
    """The care leavers' contacts in the year, of young people who were 17 to 21 in it (the OC3:
    the follow-up around the 17th to 21st birthdays)."""
    oldest_born = year.start.replace(year=year.start.year - 22) + dt.timedelta(days=1)
    youngest_born = year.end.replace(year=year.end.year - 17)
    return CareLeaverContact.objects.filter(
        contacted_on__gte=year.start,
        contacted_on__lte=year.end,
        person__date_of_birth__gte=oldest_born,
        person__date_of_birth__lte=youngest_born,
    )


def ssda903_children(year: CollectionYear) -> QuerySet:
    """Everyone in the SSDA903: looked after in the year, or a care leaver followed up in it."""
    return (
        _countable()
        .filter(
            Q(pk__in=care_periods(year).values("person_id")) | Q(pk__in=care_leaver_contacts(year).values("person_id"))
        )
        .order_by("council_id")
    )


def countable_ids() -> QuerySet:
    return _countable().values("pk")
