"""Which children each return counts, for a collection year: the insights query layer's one
definition (`jigsaw/insights/cohorts.py`), so that the dashboard, its list and the return give
the same number for the same year.

- The census: the insights' children in need. The census can only send a child with an episode
  of need (CINdetails); a child looked after or on a plan whose record has none is reported by
  the return as a finding to put right (`children_in_need_without_episode`), never dropped silently.
- The SSDA903: children looked after in the year, short breaks (V3, V4) included as the return
  includes them, and care leavers followed up around their 17th to 21st birthdays.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from jigsaw.care.models import CareLeaverContact
from jigsaw.insights import cohorts as insights
from jigsaw.people.models import Person

from .years import CollectionYear


def period(year: CollectionYear) -> insights.Period:
    return insights.Period.collection_year(year.end_year)


def cin_episodes(year: CollectionYear) -> QuerySet:
    """Episodes of need open at any time in the year: the census's CINdetails."""
    return insights.cin_episodes(period(year))


def children_in_need(year: CollectionYear) -> QuerySet:
    """Children in need in the year, as the dashboard counts them."""
    return insights.children_in_need(period(year)).order_by("council_id")


def census_children(year: CollectionYear) -> QuerySet:
    """The children the census can send: children in need with an episode of need in the year."""
    return children_in_need(year).filter(pk__in=cin_episodes(year).values("person_id"))


def children_in_need_without_episode(year: CollectionYear) -> QuerySet:
    return insights.children_in_need_without_episode(period(year)).order_by("council_id")


def care_periods(year: CollectionYear) -> QuerySet:
    return insights.care_periods(period(year))


def looked_after(year: CollectionYear) -> QuerySet:
    """Children looked after at any time in the year (the SSDA903's Episodes), short breaks included."""
    return insights.looked_after(period(year), include_short_breaks=True).order_by("council_id")


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
    return Person.objects.filter(
        Q(pk__in=looked_after(year).values("pk")) | Q(pk__in=care_leaver_contacts(year).values("person_id"))
    ).order_by("council_id")


def countable_ids() -> QuerySet:
    return Person.objects.filter(merged_into__isnull=True).values("pk")
