"""Set the scene for the figures' tests: episodes of need, plans and care, written straight to the
tables (the areas' own tests prove their services; here we need exact dates, quickly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jigsaw.care.models import CareEpisode, PeriodOfCare
from jigsaw.frontdoor.models import Episode
from jigsaw.meetings.models import Meeting
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.protection.models import Conference, ProtectionPlan, Section47, StrategyDiscussion


def child(**fields: Any) -> Any:
    fields.setdefault("date_of_birth", dt.date(2016, 5, 1))
    return PersonFactory(**fields)


def episode(person: Any, worker: Any, referred: dt.date, closed: dt.date | None = None, **fields: Any) -> Episode:
    return Episode.objects.create(
        person=person,
        referral_date=referred,
        referral_source=fields.pop("referral_source", "6"),
        primary_need=fields.pop("primary_need", "N1"),
        closure_date=closed,
        closure_reason=fields.pop("closure_reason", "RC7" if closed else ""),
        opened_by=worker,
        **fields,
    )


def _meeting(kind: str, day: dt.date, worker: Any) -> Meeting:
    return Meeting.objects.create(
        kind=kind,
        title=kind,
        starts_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC),
        convened_by=worker,
    )


def icpc(
    person: Any,
    worker: Any,
    held: dt.date,
    *,
    strategy_on: dt.date | None = None,
    cin: Episode | None = None,
    decision: str = "plan",
    category: str = "NEG",
) -> Conference:
    """An initial conference, after the strategy discussion (default: 15 days before) that began its s47."""
    strategy_on = strategy_on or held - dt.timedelta(days=15)
    cin = cin or episode(person, worker, strategy_on - dt.timedelta(days=5))
    strategy = StrategyDiscussion.objects.create(
        meeting=_meeting("strategy_discussion", strategy_on, worker),
        title="Strategy discussion",
        held_on=strategy_on,
        convened_by=worker,
        recorded_at=dt.datetime(strategy_on.year, strategy_on.month, strategy_on.day, 12, tzinfo=dt.UTC),
    )
    s47 = Section47.objects.create(
        episode=cin,
        person=person,
        strategy_discussion=strategy,
        started_on=strategy_on,
        completed_on=held,
        outcome="icpc",
        icpc_needed=True,
    )
    return Conference.objects.create(
        meeting=_meeting("icpc", held, worker),
        episode=cin,
        person=person,
        kind="initial",
        section_47=s47,
        convened_for=held,
        convened_by=worker,
        held_on=held,
        decision=decision,
        category=category if decision == "plan" else "",
        lead_practitioner=worker if decision == "plan" else None,
    )


def plan(
    person: Any, worker: Any, started: dt.date, ended: dt.date | None = None, category: str = "NEG", **fields: Any
) -> ProtectionPlan:
    cin = fields.pop("cin", None) or episode(person, worker, started - dt.timedelta(days=30), ended)
    conference = icpc(person, worker, started, cin=cin, category=category)
    return ProtectionPlan.objects.create(
        episode=cin,
        person=person,
        started_on=started,
        started_by_conference=conference,
        initial_category=fields.pop("initial_category", category),
        category=category,
        lead_practitioner=worker,
        ended_on=ended,
        end_reason="review_decision" if ended else "",
        ended_by=worker if ended else None,
        **fields,
    )


def care(
    person: Any, worker: Any, started: dt.date, ended: dt.date | None = None, legal_status: str = "C2", **fields: Any
) -> CareEpisode:
    period = PeriodOfCare.objects.create(
        person=person, started_on=started, ended_on=ended, reason_ended="E8" if ended else "", started_by=worker
    )
    return CareEpisode.objects.create(
        period=period,
        person=person,
        started_on=started,
        ended_on=ended,
        reason_new="S",
        legal_status=legal_status,
        category_of_need=fields.pop("category_of_need", "N1"),
        placement_type=fields.pop("placement_type", "U6"),
        reason_ended="E8" if ended else "",
        recorded_by=worker,
        **fields,
    )
