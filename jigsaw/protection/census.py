"""Census items of protection's records that the children in need census asks for and the
screens record beside the main service (kept out of services.py while it becomes a package:
fold this in there). Each write checks what the census rules would refuse, and is audited
(the models are registered with the audit log)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jigsaw.audit.actor import records_actor
from jigsaw.core.exceptions import ApplicationError

from .models import Assessment
from .permissions import ProtectionAction, protection_can


@records_actor()
@transaction.atomic
def assessment_internal_review_record(
    *, actor: Any, assessment: Assessment, reviewed_on: dt.date, authorised_on: dt.date | None = None
) -> Assessment:
    """The assessment's internal review (CIN census AssessmentInternalReviewDate): on or after
    the start, not in the future, and not after the authorisation."""
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("person").get(pk=assessment.pk)
    if not protection_can(actor, ProtectionAction.AUTHORISE_ASSESSMENT, assessment.person):
        raise ApplicationError("Only a manager who may authorise the assessment can record its review")
    if reviewed_on > timezone.localdate():
        raise ApplicationError("The internal review date must be today or in the past", field="internal_review_on")
    if reviewed_on < assessment.started_on:
        raise ApplicationError(
            "The internal review cannot be before the assessment started", field="internal_review_on"
        )
    authorised = authorised_on or assessment.authorised_on
    if authorised and reviewed_on > authorised:
        raise ApplicationError(
            "The internal review must be on or before the date the assessment was authorised",
            field="internal_review_on",
        )
    assessment.internal_review_on = reviewed_on
    assessment.save(update_fields=["internal_review_on"])
    return assessment
