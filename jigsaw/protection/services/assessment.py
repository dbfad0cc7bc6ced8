"""Child and family assessments: started, and authorised with the factors identified (45 working days)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.timescales.clocks import clock_start, clock_stop

from ..choices import (
    NO_FACTORS,
    AssessmentFactor,
)
from ..models import (
    Assessment,
    AssessmentFactorIdentified,
)
from ..permissions import ProtectionAction
from ._common import _agency, _not_before, _not_future, _open_episode, _require, spoken


@records_actor()
@transaction.atomic
def assessment_start(*, actor: Any, episode: Any, started_on: dt.date) -> Assessment:
    """Start a child and family assessment. Its 45 working days run from the referral (1.4)."""
    _require(actor, ProtectionAction.START_ASSESSMENT, episode.person)
    _open_episode(episode)
    _not_future(started_on, field="started_on", what="the assessment started")
    _not_before(
        started_on,
        episode.referral_date,
        field="started_on",
        message=f"The assessment cannot start before the referral on {spoken(episode.referral_date)}",
    )
    if Assessment.objects.filter(episode=episode, authorised_on__isnull=True).exists():
        raise ApplicationError("An assessment is already open for this child. Authorise it first", field="started_on")
    assessment = Assessment.objects.create(
        episode=episode, person=episode.person, started_on=started_on, started_by=actor
    )
    # The front door starts this clock at the referral; starting it again changes nothing.
    clock_start(rule_key="assessment", person=episode.person, started_on=episode.referral_date, subject=episode)
    return assessment


@records_actor()
@transaction.atomic
def assessment_authorise(
    *,
    actor: Any,
    assessment: Assessment,
    authorised_on: dt.date,
    factors: Sequence[str],
    child_seen: bool | None = None,
    summary: str = "",
    delay_reason: str = "",
) -> Assessment:
    """A manager authorises the assessment, with the factors identified (CIN census codes).
    Meets the 45 working-day clock started at the referral."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("person", "episode").get(pk=assessment.pk)
    )
    _require(actor, ProtectionAction.AUTHORISE_ASSESSMENT, assessment.person)
    if assessment.authorised_on is not None:
        raise ApplicationError(f"This assessment was already authorised on {spoken(assessment.authorised_on)}")
    _not_future(authorised_on, field="authorised_on", what="the assessment was authorised")
    _not_before(
        authorised_on,
        assessment.started_on,
        field="authorised_on",
        message=f"The assessment cannot be authorised before it started on {spoken(assessment.started_on)}",
    )
    codes = list(dict.fromkeys(factors))
    if not codes:
        raise ApplicationError(
            'Choose the factors identified at the assessment, or "No factors identified"', field="factors"
        )
    for code in codes:
        if code not in AssessmentFactor.values:
            raise ApplicationError(f'"{code}" is not a factor code of the children in need census', field="factors")
    if NO_FACTORS in codes and len(codes) > 1:
        raise ApplicationError('"No factors identified" cannot be chosen with other factors', field="factors")
    assessment.authorised_on = authorised_on
    assessment.authorised_by = actor
    assessment.child_seen = child_seen
    assessment.summary = summary.strip()
    assessment.delay_reason = delay_reason.strip()
    assessment.save()
    AssessmentFactorIdentified.objects.bulk_create(
        [AssessmentFactorIdentified(assessment=assessment, code=code) for code in codes]
    )
    chronology_record(
        person=assessment.person,
        occurred_on=authorised_on,
        kind="assessment",
        summary="Child and family assessment authorised. Factors: "
        + ", ".join(str(AssessmentFactor(c).label).lower() for c in codes),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="standard",
        source=assessment,
    )
    clock_stop(rule_key="assessment", subject=assessment.episode, met_on=authorised_on)
    return assessment
