"""A child's case summary, at the top of their page: what a worker needs before anything else.

Core knows a person's age, allocated workers, deadlines and chronology; the rest (on a plan,
looked after, an open contact, missing, a youth justice case) belongs to the service areas, and
core imports none of them. So each area registers a small provider in its AppConfig.ready():

    register_summary(area="protection", provider=protection_summary)

A provider takes the person and the user and returns an `AreaSummary` (rows for the summary,
and a link to the area's record) or None when the area holds nothing for that person, reading
through its selectors, which start from the access policy. A restricted area's provider
(`restricted_area=`) is not even asked for anyone outside its team: it contributes nothing,
not a row, not a link, not an empty heading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from jigsaw.access.policy import restricted_area_visible


@dataclass(frozen=True)
class SummaryRow:
    key: str  # "Legal status"
    value: str  # "Interim care order"
    href: str = ""  # where it is seen or done, if anywhere
    link_text: str = ""  # "View", "Record the decision"
    warning: bool = False  # an alert: shown first, as a warning


@dataclass(frozen=True)
class AreaSummary:
    rows: list[SummaryRow] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (href, text) of the area's record of this person
    # For the page's "Next deadlines": (due, what) an area knows of that the clocks do not.
    deadlines: list[tuple[dt.date, str]] = field(default_factory=list)


Provider = Callable[[Any, Any], AreaSummary | None]


@dataclass(frozen=True)
class _Registered:
    area: str
    provider: Provider
    restricted_area: str


_PROVIDERS: list[_Registered] = []


def register_summary(*, area: str, provider: Provider, restricted_area: str = "") -> None:
    """Called from a service area's AppConfig.ready(); registering twice (tests reload) is harmless."""
    _PROVIDERS[:] = [p for p in _PROVIDERS if p.area != area]
    _PROVIDERS.append(_Registered(area=area, provider=provider, restricted_area=restricted_area))


@dataclass
class CaseSummary:
    age: str
    rows: list[SummaryRow]  # the areas' rows, alerts first
    allocated: list[str]  # "Bronwen Tarrant (Child in need)"
    deadlines: list[Any]  # timescales DeadlineLine, soonest first
    chronology: list[Any]  # the latest entries, newest first
    links: list[tuple[str, str]]  # the areas that hold something for this person

    @property
    def alerts(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.warning]


def age_text(person: Any, today: dt.date) -> str:
    if person.date_of_birth is None:
        if getattr(person, "expected_date_of_birth", None):
            return f"Unborn, expected {person.expected_date_of_birth.day} {person.expected_date_of_birth:%B %Y}"
        return "Not known"
    born = person.date_of_birth
    end = person.date_of_death or today
    years = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
    if years >= 2:
        text = f"{years} years old"
    else:
        months = (end.year - born.year) * 12 + end.month - born.month - (end.day < born.day)
        text = f"{months} month{'s' if months != 1 else ''} old" if months >= 1 else "Under a month old"
    if person.date_of_death:
        text = f"Died aged {text.removesuffix(' old')}"
    return text


def _allocated(person: Any, today: dt.date) -> list[str]:
    from jigsaw.access.choices import InvolvementKind
    from jigsaw.access.models import Involvement

    rows = (
        Involvement.objects.filter(person=person, kind=InvolvementKind.ALLOCATED, started_on__lte=today)
        .exclude(ended_on__lt=today)
        .select_related("user")
        .order_by("started_on", "pk")
    )
    out = []
    for inv in rows:
        # A worker in a restricted team (LADO, Channel, adoption) must not be named to outsiders.
        if inv.user.restricted_area:
            continue
        name = inv.user.full_name or inv.user.username
        out.append(f"{name} ({inv.service})" if inv.service else name)
    return out


def _latest_chronology(user: Any, person: Any, count: int) -> list[Any]:
    from django.db.models import Q

    from jigsaw.chronology.models import ChronologyEntry
    from jigsaw.chronology.selectors import entries_visible_to

    return list(
        ChronologyEntry.objects.filter(Q(person=person) | Q(person__merged_into=person))
        .filter(entries_visible_to(user), correction__isnull=True)
        .order_by("-occurred_on", "-pk")[:count]
    )


def case_summary(*, user: Any, person: Any, today: dt.date | None = None) -> CaseSummary:
    """The summary of a person the user may see (the caller has checked that, through the policy)."""
    from jigsaw.timescales.selectors import person_deadlines

    today = today or timezone.localdate()
    rows: list[SummaryRow] = []
    links: list[tuple[str, str]] = []
    for registered in _PROVIDERS:
        if registered.restricted_area and not restricted_area_visible(user, registered.restricted_area):
            continue
        found = registered.provider(person, user)
        if found is None:
            continue
        rows.extend(found.rows)
        if found.link:
            links.append(found.link)
    rows.sort(key=lambda r: not r.warning)  # alerts first; otherwise in the areas' order
    deadlines = [d for d in person_deadlines(user=user, person=person, today=today) if d.is_open][:3]
    return CaseSummary(
        age=age_text(person, today),
        rows=rows,
        allocated=_allocated(person, today),
        deadlines=deadlines,
        chronology=_latest_chronology(user, person, 3),
        links=links,
    )


def person_link(url_name: str, person: Any, text: str) -> tuple[str, str]:
    """The (href, text) of an area's record of the person, for an AreaSummary."""
    return reverse(url_name, args=[person.pk]), text
