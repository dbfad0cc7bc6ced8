"""Child protection plans: started by a conference, their category of abuse changed, and ended."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.core.locking import bump_version, check_version
from jigsaw.people.models import Person
from jigsaw.timescales.clocks import clock_cancel, clock_start

from ..choices import (
    Category,
    ConferenceKind,
    NotificationEvent,
    PlanEndReason,
)
from ..models import (
    CategoryChange,
    Conference,
    ProtectionPlan,
)
from ..permissions import LEAD_PRACTITIONER_ROLES, ProtectionAction
from ._common import (
    PLAN_CLOCKS,
    _agency,
    _category,
    _not_before,
    _not_future,
    _plan_involvements_end,
    _plan_lead_open,
    _require,
    spoken,
)
from .agencies_told import plan_notifications_queue


def _check_lead_practitioner(user: Any) -> None:
    if user is None:
        raise ApplicationError("Choose the lead practitioner for the plan", field="lead_practitioner")
    if not user.is_active or user.role not in LEAD_PRACTITIONER_ROLES:
        role = user.get_role_display().lower() if user.role else "user without a role"
        raise ApplicationError(
            f"The lead practitioner for a child on a child protection plan must be a social worker. {user} is a {role}",
            field="lead_practitioner",
        )


def _open_plan(person: Person) -> ProtectionPlan | None:
    return ProtectionPlan.objects.filter(person=person, ended_on__isnull=True).first()


@records_actor()
@transaction.atomic
def plan_start(*, actor: Any, conference: Conference) -> ProtectionPlan:
    """Start the plan an initial or transfer-in conference decided on; tell every agency."""
    conference = Conference.objects.select_related("person", "episode").get(pk=conference.pk)
    person = conference.person
    _require(actor, ProtectionAction.RECORD_CONFERENCE, person)
    if conference.kind not in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN) or not conference.starts_plan:
        raise ApplicationError("Only an initial or transfer-in conference deciding on a plan starts one")
    if ProtectionPlan.objects.filter(started_by_conference=conference).exists():
        return conference.plan_started
    existing = _open_plan(person)
    if existing is not None:
        raise ApplicationError(
            f"{person.display_name} is already on a child protection plan, from {spoken(existing.started_on)}"
        )
    _check_lead_practitioner(conference.lead_practitioner)
    plan = ProtectionPlan.objects.create(
        episode=conference.episode,
        person=person,
        started_on=conference.held_on,
        started_by_conference=conference,
        initial_category=_category(conference.category),
        category=conference.category,
        lead_practitioner=conference.lead_practitioner,
    )
    chronology_record(
        person=person,
        occurred_on=plan.started_on,
        kind="plan_started",
        summary=f"Child protection plan started: {Category(plan.category).label.lower()}",
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="critical",
        source=plan,
    )
    lead = plan.lead_practitioner
    for rule_key in ("first_core_group", "first_review_conference", "cp_visit"):
        clock_start(rule_key=rule_key, person=person, started_on=plan.started_on, subject=plan, owner=lead)
    _plan_lead_open(plan=plan, lead=lead, on=plan.started_on, actor=actor)
    plan_notifications_queue(plan=plan, event=NotificationEvent.STARTED, actor=actor)
    return plan


def _category_change(
    *, actor: Any, plan: ProtectionPlan, category: str, changed_on: dt.date, conference: Conference | None, reason: str
) -> CategoryChange:
    change = CategoryChange.objects.create(
        plan=plan,
        from_category=plan.category,
        to_category=category,
        changed_on=changed_on,
        conference=conference,
        reason=reason.strip(),
        changed_by=actor,
    )
    plan.category = category
    bump_version(plan)
    plan.save(update_fields=["category", "version"])
    chronology_record(
        person=plan.person,
        occurred_on=changed_on,
        kind="category_changed",
        summary=f"Category of the child protection plan changed from {Category(change.from_category).label.lower()} "
        f"to {Category(category).label.lower()}",
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="high",
        source=change,
    )
    return change


@records_actor()
@transaction.atomic
def plan_change_category(
    *,
    actor: Any,
    plan: ProtectionPlan,
    category: str,
    changed_on: dt.date,
    reason: str = "",
    conference: Conference | None = None,
    expected_version: int | None = None,
) -> CategoryChange:
    """Change the plan's category of abuse (normally at a review conference); the change is kept."""
    plan = ProtectionPlan.objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    _require(actor, ProtectionAction.CHANGE_CATEGORY, plan.person)
    check_version(plan, expected_version)
    if plan.ended_on is not None:
        raise ApplicationError(f"The plan ended on {spoken(plan.ended_on)}")
    # The category and the date are refused together (core refusals()), not one per try.
    with refusals() as refuse:
        if refuse.check(lambda: _category(category)) and category == plan.category:
            refuse.add(f"The plan's category is already {Category(category).label.lower()}", field="category")
        if refuse.check(lambda: _not_future(changed_on, field="changed_on", what="of the change")):
            refuse.check(
                lambda: _not_before(
                    changed_on,
                    plan.started_on,
                    field="changed_on",
                    message=f"The category cannot change before the plan started on {spoken(plan.started_on)}",
                )
            )
    return _category_change(
        actor=actor, plan=plan, category=category, changed_on=changed_on, conference=conference, reason=reason
    )


def _plan_end(
    *, actor: Any, plan: ProtectionPlan, ended_on: dt.date, reason: str, conference: Conference | None
) -> ProtectionPlan:
    if plan.ended_on is not None:
        raise ApplicationError(f"This plan already ended on {spoken(plan.ended_on)}")
    # The reason and the date are refused together (core refusals()), not one per try.
    with refusals() as refuse:
        if reason not in PlanEndReason.values:
            refuse.add("Choose why the plan ended", field="reason")
        elif reason == PlanEndReason.REVIEW_DECISION and conference is None:
            refuse.add(
                "A plan ends on a review conference's decision by recording that conference's outcome", field="reason"
            )
        if refuse.check(lambda: _not_future(ended_on, field="ended_on", what="the plan ended")):
            refuse.check(
                lambda: _not_before(
                    ended_on,
                    plan.started_on,
                    field="ended_on",
                    message=f"The plan cannot end before it started on {spoken(plan.started_on)}",
                )
            )
    plan.ended_on = ended_on
    plan.end_reason = reason
    plan.ended_by = actor
    plan.ending_conference = conference
    plan.save(update_fields=["ended_on", "end_reason", "ended_by", "ending_conference"])
    plan.core_group.filter(left_on__isnull=True).update(left_on=ended_on)
    _plan_involvements_end(plan, ended_on)
    chronology_record(
        person=plan.person,
        occurred_on=ended_on,
        kind="plan_ended",
        summary=f"Child protection plan ended: {PlanEndReason(reason).label.lower()}",
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="critical",
        source=plan,
    )
    for rule_key in PLAN_CLOCKS:
        clock_cancel(rule_key=rule_key, subject=plan, stopped_on=ended_on, reason="The child protection plan ended")
    plan_notifications_queue(plan=plan, event=NotificationEvent.ENDED, actor=actor)
    return plan


@records_actor()
@transaction.atomic
def plan_end(
    *, actor: Any, plan: ProtectionPlan, ended_on: dt.date, reason: str, conference: Conference | None = None
) -> ProtectionPlan:
    """End a plan, with its reason (statutory-reference 1.10), and tell every agency invited to the
    conference that started it and every agency involved now."""
    plan = ProtectionPlan.objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    _require(actor, ProtectionAction.END_PLAN, plan.person)
    return _plan_end(actor=actor, plan=plan, ended_on=ended_on, reason=reason, conference=conference)
