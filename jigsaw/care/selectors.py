"""Children in care: every read, through the access policy.

A record about a child the user may not see does not exist for them (404). Views of a
child's looked-after record are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.people.models import Person
from jigsaw.timescales.rules import all_rules
from jigsaw.timescales.selectors import DeadlineLine, person_deadlines

from . import deadlines as _deadlines  # noqa: F401  (the rules are registered on import)
from .choices import RegisterView
from .models import (
    CareEpisode,
    CareLeaverContact,
    CareReview,
    HostedChild,
    HostNotification,
    IROConcern,
    PeriodOfCare,
)

CARE_RULE_KEYS = frozenset(
    {
        "lac_first_review",
        "lac_second_review",
        "lac_review",
        "host_council_notice",
        "lac_first_visit",
        "lac_visit",
        "lac_initial_health",
        "lac_health_review_under_5",
        "lac_health_review",
        "pep_initial",
        "pep_review",
        "iro_allocation",
    }
)


def _person_or_404(user: Any, person_id: int) -> Person:
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    return person


def _audit(user: Any, obj: Any, purpose: str) -> None:
    audit_record(actor=user, kind=AuditKind.VIEW, obj=obj, purpose=purpose, subject_person_id=obj.person_id)


# The register: three views


def register_episodes(*, user: Any, out_of_area: bool) -> QuerySet[CareEpisode]:
    """The open episode of every child looked after by this council, in or out of its area."""
    return (
        CareEpisode.objects.visible_to(user)
        .filter(ended_on__isnull=True, period__ended_on__isnull=True, out_of_area=out_of_area)
        .select_related("person", "period", "period__iro")
        .order_by("person__family_name", "person__given_names", "pk")
    )


def register_hosted(*, user: Any) -> QuerySet[HostedChild]:
    """Other councils' children placed in this area, still here."""
    return (
        HostedChild.objects.visible_to(user)
        .filter(ended_on__isnull=True)
        .select_related("person")
        .order_by("person__family_name", "person__given_names", "pk")
    )


def register_counts(*, user: Any) -> dict[str, int]:
    return {
        RegisterView.IN_AREA: register_episodes(user=user, out_of_area=False).count(),
        RegisterView.OUT_OF_AREA: register_episodes(user=user, out_of_area=True).count(),
        RegisterView.HOSTED: register_hosted(user=user).count(),
    }


def iro_caseload(*, user: Any) -> QuerySet[PeriodOfCare]:
    """The open periods of care this IRO reviews."""
    return (
        PeriodOfCare.objects.visible_to(user)
        .filter(iro=user, ended_on__isnull=True)
        .select_related("person")
        .order_by("person__family_name", "person__given_names")
    )


def iro_open_concerns(*, user: Any) -> QuerySet[IROConcern]:
    """Open concerns this IRO has raised, oldest first: tracked until resolved."""
    return (
        IROConcern.objects.visible_to(user)
        .filter(raised_by=user, resolved_on__isnull=True)
        .select_related("person")
        .order_by("raised_on", "pk")
    )


def reviews_awaiting_record(*, user: Any) -> QuerySet[CareReview]:
    qs = CareReview.objects.visible_to(user).filter(held_on__isnull=True).select_related("person", "meeting")
    return qs.order_by("convened_for", "pk")


def unsent_host_notifications(*, user: Any) -> QuerySet[HostNotification]:
    return HostNotification.objects.visible_to(user).unsent().select_related("person").order_by("created_at")


# One child's record


@dataclass
class PeriodView:
    period: PeriodOfCare
    episodes: list[CareEpisode]
    reviews: list[CareReview]
    health: list
    education: list
    visits: list
    notes: list
    concerns: list[IROConcern]
    notifications: list[HostNotification]

    @property
    def current(self) -> CareEpisode | None:
        return next((e for e in self.episodes if e.ended_on is None), None)

    @property
    def review_awaiting(self) -> CareReview | None:
        return next((r for r in self.reviews if r.held_on is None), None)

    @property
    def has_initial_health(self) -> bool:
        return any(h.kind == "initial" for h in self.health)


@dataclass
class CareRecordView:
    person: Person
    periods: list[PeriodView]
    hosted: list[HostedChild]
    leaver_contacts: list[CareLeaverContact]
    deadlines: list[DeadlineLine] = field(default_factory=list)

    @property
    def open(self) -> PeriodView | None:
        return next((p for p in self.periods if p.period.ended_on is None), None)

    @property
    def is_care_leaver(self) -> bool:
        return bool(self.periods) and self.open is None

    @property
    def hosted_open(self) -> HostedChild | None:
        return next((h for h in self.hosted if h.ended_on is None), None)


def _period_view(period: PeriodOfCare) -> PeriodView:
    return PeriodView(
        period=period,
        episodes=list(period.episodes.select_related("recorded_by").order_by("-started_on", "-pk")),
        reviews=list(period.reviews.select_related("meeting").order_by("-convened_for", "-pk")),
        health=list(period.health_assessments.all()),
        education=list(period.education_plans.all()),
        visits=list(period.visits.select_related("by")),
        notes=list(period.monitoring_notes.select_related("by")),
        concerns=list(period.concerns.prefetch_related("steps")),
        notifications=list(HostNotification.objects.filter(episode__period=period).order_by("-created_at")),
    )


def care_record(*, user: Any, person_id: int, today: dt.date | None = None) -> CareRecordView:
    """Everything about one child's time in care (404 if the user may not see the child); audited."""
    person = _person_or_404(user, person_id)
    audit_record(
        actor=user, kind=AuditKind.VIEW, obj=person, purpose="children in care record", subject_person_id=person.pk
    )
    periods = PeriodOfCare.objects.filter(person=person).select_related("iro").order_by("-started_on", "-pk")
    care_keys = CARE_RULE_KEYS | {r.key for r in all_rules() if r.key in CARE_RULE_KEYS}
    return CareRecordView(
        person=person,
        periods=[_period_view(p) for p in periods],
        hosted=list(HostedChild.objects.filter(person=person).order_by("-placed_on")),
        leaver_contacts=list(CareLeaverContact.objects.filter(person=person)),
        deadlines=[
            d
            for d in person_deadlines(user=user, person=person, today=today or timezone.localdate())
            if d.rule_key in care_keys
        ],
    )


def period_get(*, user: Any, period_id: int) -> PeriodOfCare:
    period = PeriodOfCare.objects.visible_to(user).select_related("person", "iro").filter(pk=period_id).first()
    if period is None:
        raise Http404("No such period of care")
    return period


def review_get(*, user: Any, review_id: int) -> CareReview:
    review = (
        CareReview.objects.visible_to(user).select_related("person", "period", "meeting").filter(pk=review_id).first()
    )
    if review is None:
        raise Http404("No such review")
    return review


def concern_get(*, user: Any, concern_id: int) -> IROConcern:
    concern = IROConcern.objects.visible_to(user).select_related("person", "period").filter(pk=concern_id).first()
    if concern is None:
        raise Http404("No such concern")
    return concern


def hosted_get(*, user: Any, hosted_id: int) -> HostedChild:
    hosted = HostedChild.objects.visible_to(user).select_related("person").filter(pk=hosted_id).first()
    if hosted is None:
        raise Http404("No such placement")
    return hosted


def person_for_care(*, user: Any, person_id: int) -> Person:
    """The child, for a form's caption (404 if not visible); not audited (the form is not a view of the record)."""
    return _person_or_404(user, person_id)


def find_children(*, user: Any, text: str, limit: int = 20) -> list[Person]:
    """ "Is this child already known?": an exact council id, else the person index's ranked
    search (scoped and audited by people.selectors), then plain name matches."""
    from jigsaw.people.matching import SearchQuery
    from jigsaw.people.selectors import person_search

    text = (text or "").strip()
    if not text:
        return []
    qs = Person.objects.visible_to(user)
    exact = list(qs.filter(council_id__iexact=text)[:1])
    if exact:
        return exact
    ranked = [r.person for r in person_search(user=user, query=SearchQuery(name=text), limit=limit).people]
    for word in text.split():
        qs = qs.filter(given_names__icontains=word) | qs.filter(family_name__icontains=word)
    seen = {p.pk for p in ranked}
    plain = [p for p in qs.order_by("family_name", "given_names")[:limit] if p.pk not in seen]
    return (ranked + plain)[:limit]


def possible_matches(*, user: Any, given_names: str, family_name: str, date_of_birth: dt.date | None) -> list[Person]:
    """People already on the index who may be the child a notification names (high or possible matches)."""
    from jigsaw.people.matching import SearchQuery
    from jigsaw.people.selectors import person_search

    query = SearchQuery(given_name=given_names or "", family_name=family_name or "", date_of_birth=date_of_birth)
    if query.is_empty():
        return []
    results = person_search(user=user, query=query, limit=5, purpose="is the child placed here already known?")
    return [r.person for r in results.people if r.confidence in ("high", "possible")]


# The SSDA903 return as a query: the Episodes, Reviews and OC3 tables for a collection year.


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def ssda903_episodes(*, user: Any, year_start: dt.date, year_end: dt.date) -> list[dict[str, str]]:
    """One row per episode open at any point in the year, in the 903 column order (dates dd/mm/yyyy)."""
    from django.db.models import Q

    qs = (
        CareEpisode.objects.visible_to(user)
        .filter(started_on__lte=year_end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year_start))
        .select_related("person")
        .order_by("person__council_id", "started_on")
    )
    return [
        {
            "CHILD": e.person.council_id,
            "DECOM": _d(e.started_on),
            "RNE": e.reason_new,
            "LS": e.legal_status,
            "CIN": e.category_of_need,
            "PLACE": e.placement_type,
            "PLACE_PROVIDER": e.provider,
            "DEC": _d(e.ended_on if e.ended_on and e.ended_on <= year_end else None),
            "REC": e.reason_ended if e.ended_on and e.ended_on <= year_end else "",
            "REASON_PLACE_CHANGE": e.reason_place_change,
            "HOME_POST": e.home_postcode,
            "PL_POST": e.placement_postcode,
            "URN": e.urn,
        }
        for e in qs
    ]


def ssda903_reviews(*, user: Any, year_start: dt.date, year_end: dt.date) -> list[dict[str, str]]:
    qs = (
        CareReview.objects.visible_to(user)
        .filter(held_on__gte=year_start, held_on__lte=year_end)
        .select_related("person")
        .order_by("person__council_id", "held_on")
    )
    return [{"CHILD": r.person.council_id, "REVIEW": _d(r.held_on), "REVIEW_CODE": r.participation} for r in qs]


def ssda903_care_leavers(*, user: Any, year_start: dt.date, year_end: dt.date) -> list[dict[str, str]]:
    """OC3: the latest contact in the year with each care leaver."""
    latest: dict[int, CareLeaverContact] = {}
    qs = (
        CareLeaverContact.objects.visible_to(user)
        .filter(contacted_on__gte=year_start, contacted_on__lte=year_end)
        .select_related("person")
        .order_by("person_id", "contacted_on")
    )
    for contact in qs:
        latest[contact.person_id] = contact
    return [
        {
            "CHILD": c.person.council_id,
            "IN_TOUCH": c.in_touch,
            "ACTIV": c.activity,
            "ACCOM": c.accommodation,
        }
        for c in sorted(latest.values(), key=lambda c: c.person.council_id)
    ]
