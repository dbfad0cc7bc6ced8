"""Section 47 enquiries: their outcome, and whether an initial conference is needed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.timescales.clocks import clock_cancel

from ..choices import (
    Section47Outcome,
)
from ..models import (
    Section47,
)
from ..permissions import ProtectionAction
from ._common import _agency, _not_before, _not_future, _require, spoken
from .conveners import conveners_tell_conference_needed


@records_actor()
@transaction.atomic
def section47_complete(
    *, actor: Any, section_47: Section47, completed_on: dt.date, outcome: str, summary: str = ""
) -> Section47:
    """Record the outcome of a section 47 enquiry. Only an outcome of "initial conference" lets
    a conference be convened; any other stops the conference clock as no longer needed."""
    section_47 = Section47.objects.select_for_update(of=("self",)).select_related("person").get(pk=section_47.pk)
    _require(actor, ProtectionAction.COMPLETE_SECTION_47, section_47.person)
    if section_47.completed_on is not None:
        raise ApplicationError(f"This enquiry was already completed on {spoken(section_47.completed_on)}")
    # Every rule the form breaks is refused together (core refusals()), not one per try.
    with refusals() as refuse:
        if refuse.check(lambda: _not_future(completed_on, field="completed_on", what="the enquiry was completed")):
            refuse.check(
                lambda: _not_before(
                    completed_on,
                    section_47.started_on,
                    field="completed_on",
                    message=f"The enquiry cannot be completed before it started on {spoken(section_47.started_on)}",
                )
            )
        if outcome not in Section47Outcome.values:
            refuse.add(
                "Choose the outcome: no further action, a child in need plan, or an initial child protection "
                "conference",
                field="outcome",
            )
    section_47.completed_on = completed_on
    section_47.outcome = outcome
    section_47.icpc_needed = outcome == Section47Outcome.ICPC
    section_47.outcome_summary = summary.strip()
    section_47.completed_by = actor
    section_47.save()
    chronology_record(
        person=section_47.person,
        occurred_on=completed_on,
        kind="s47_outcome",
        summary=f"Section 47 enquiry completed: {Section47Outcome(outcome).label.lower()}"
        + (f". {section_47.outcome_summary}" if section_47.outcome_summary else ""),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="high",
        source=section_47,
    )
    if outcome == Section47Outcome.ICPC:
        conveners_tell_conference_needed(section_47=section_47)
    else:
        clock_cancel(
            rule_key="icpc",
            subject=section_47,
            stopped_on=completed_on,
            reason="Section 47 enquiry found no conference was needed",
        )
    return section_47
