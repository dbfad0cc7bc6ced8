"""Statutory visits to a child on a plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.timescales.clocks import clock_start, clock_stop

from ..models import (
    ProtectionPlan,
    Visit,
)
from ..permissions import ProtectionAction
from ._common import _agency, _not_before, _not_future, _require, spoken


@records_actor()
@transaction.atomic
def visit_record(
    *,
    actor: Any,
    plan: ProtectionPlan,
    visited_on: dt.date,
    seen_alone: bool | None,
    notes: str = "",
    by: Any = None,
) -> Visit:
    """Record a statutory visit to a child on a plan; the next one is due within the partnership's interval."""
    plan = ProtectionPlan.objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    _require(actor, ProtectionAction.RECORD_VISIT, plan.person)
    _not_future(visited_on, field="visited_on", what="of the visit")
    _not_before(
        visited_on,
        plan.started_on,
        field="visited_on",
        message=f"A visit under the plan cannot be before the plan started on {spoken(plan.started_on)}",
    )
    if plan.ended_on is not None and visited_on > plan.ended_on:
        raise ApplicationError(f"The plan ended on {spoken(plan.ended_on)}", field="visited_on")
    if seen_alone is None:
        raise ApplicationError("Choose whether the child was seen alone", field="seen_alone")
    latest = plan.visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
    visit = Visit.objects.create(
        plan=plan, person=plan.person, visited_on=visited_on, seen_alone=seen_alone, by=by or actor, notes=notes.strip()
    )
    chronology_record(
        person=plan.person,
        occurred_on=visited_on,
        kind="visit",
        summary="Statutory visit: child " + ("seen alone" if seen_alone else "not seen alone"),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="standard",
        source=visit,
    )
    # A visit recorded late, after a later one, changes no deadline.
    if latest is None or visited_on >= latest:
        clock_stop(rule_key="cp_visit", subject=plan, met_on=visited_on)
        if plan.ended_on is None:
            clock_start(
                rule_key="cp_visit",
                person=plan.person,
                started_on=visited_on,
                subject=plan,
                owner=plan.lead_practitioner,
            )
    return visit
