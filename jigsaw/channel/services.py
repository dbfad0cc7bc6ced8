"""Channel panel (Prevent): every write, as a named business action.

Each service checks that the actor is a member of the Channel panel (the restricted area)
and may take the action, refuses bad input with a plain-English ApplicationError naming
the field, writes the chronology (restricted to Channel) and starts or stops the Channel
clocks. Support is voluntary: no case is adopted without consent (for a child, of a person
with parental responsibility).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, RestrictedArea
from jigsaw.access.models import Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, check_version
from jigsaw.meetings.models import Meeting, MeetingKind, MeetingStatus, MeetingSubject
from jigsaw.meetings.selectors import can_manage
from jigsaw.meetings.services import decision_record, meeting_convene, meeting_subject_add
from jigsaw.people.models import Person
from jigsaw.people.services import person_create
from jigsaw.timescales.calendar import add_calendar_months
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop

from .choices import (
    ADOPTED_DECISIONS,
    EXIT_DECISIONS,
    EXIT_REASON_FOR,
    FACTORS,
    FIRST_DECISIONS,
    ConsentFrom,
    ConsentStatus,
    Decision,
    ExitReviewOutcome,
    GatewayOutcome,
    InterventionKind,
    Rating,
    concern_types,
)
from .deadlines import EXIT_REVIEW_RULES, PANEL_REVIEW
from .models import Assessment, ChannelCase, Consent, ExitReview, FactorRating, Intervention, PanelReview
from .permissions import ChannelAction, channel_can

CHANNEL = RestrictedArea.CHANNEL
SERVICE = "Channel"


def _spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _require(actor: Any, action: ChannelAction, person: Any = None) -> None:
    if not channel_can(actor, action, person):
        raise ApplicationError("Only members of the Channel panel can do this")


def _text(value: str | None, *, field: str, message: str, max_length: int | None = None, label: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if max_length and len(text) > max_length:
        raise ApplicationError(f"{label or field.capitalize()} must be {max_length} characters or fewer", field=field)
    return text


def _date(
    value: dt.date | None, *, field: str, what: str, not_before: dt.date | None = None, after: str = ""
) -> dt.date:
    if value is None:
        raise ApplicationError(f"Enter the date {what}", field=field)
    if value > timezone.localdate():
        raise ApplicationError(f"The date {what} must be today or in the past", field=field)
    if not_before and value < not_before:
        raise ApplicationError(
            f"The date {what} must be the same as or after {after} ({_spoken(not_before)})", field=field
        )
    return value


def _lock(case: ChannelCase) -> ChannelCase:
    return ChannelCase.objects.select_for_update().select_related("person").get(pk=case.pk)


def _chronology(
    case: ChannelCase,
    *,
    actor: Any,
    occurred_on: dt.date,
    kind: str,
    summary: str,
    source: Any,
    significance: str = "standard",
    detail: str = "",
) -> None:
    chronology_record(
        person=case.person,
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        detail=detail,
        recorded_by=actor,
        source_agency=getattr(actor, "agency", None),
        significance=significance,
        source=source,
        restricted_area=CHANNEL,
    )


def _involve(case: ChannelCase, *, started_on: dt.date) -> None:
    """Put the case on the coordinator's "My work" page.

    Only for a person restricted to Channel: an involvement is shown to everyone who may see
    the person ("open to: Channel"), so for someone in the open index it would reveal the case.
    """
    if case.person.restricted_area != CHANNEL:
        return
    Involvement.objects.get_or_create(
        person=case.person,
        user=case.coordinator,
        service=SERVICE,
        ended_on=None,
        defaults={"kind": InvolvementKind.ALLOCATED, "started_on": started_on},
    )


def _uninvolve(case: ChannelCase, *, ended_on: dt.date) -> None:
    for involvement in Involvement.objects.filter(person=case.person, service=SERVICE, ended_on__isnull=True):
        involvement.ended_on = max(ended_on, involvement.started_on)
        involvement.save(update_fields=["ended_on"])


def _close(case: ChannelCase, *, actor: Any, on: dt.date, reason: str) -> None:
    case.closed_on = on
    case.closed_reason = reason[:300]
    clock_cancel(rule_key=PANEL_REVIEW, subject=case, stopped_on=max(on, case.received_on), reason=reason[:300])
    _uninvolve(case, ended_on=on)


# Referral ------------------------------------------------------------------------------


@records_actor()
@transaction.atomic
def case_refer(
    *,
    actor: Any,
    person: Person,
    received_on: dt.date | None,
    received_from: str,
    concern_type: str,
    concerns: str,
    gateway_outcome: str = GatewayOutcome.SUITABLE,
    subject_is_child: bool | None = None,
) -> ChannelCase:
    """Record a referral that the police gateway assessment found suitable for Channel."""
    _require(actor, ChannelAction.REFER, person)
    if person.merged_into_id:
        raise ApplicationError("This record was merged into another: refer that one instead", field="person")
    received_on = _date(received_on, field="received_on", what="the referral was received")
    received_from = _text(
        received_from,
        field="received_from",
        message="Enter who the referral came from",
        max_length=200,
        label="Received from",
    )
    if gateway_outcome != GatewayOutcome.SUITABLE:
        raise ApplicationError(
            "Only referrals the police gateway assessment found suitable for Channel come to the panel. "
            "Others stay with police-led Prevent case management",
            field="gateway_outcome",
        )
    if concern_type not in dict(concern_types()):
        raise ApplicationError("Choose the type of concern", field="concern_type")
    concerns = _text(concerns, field="concerns", message="Enter the concerns")
    age = person.age_on(received_on)
    if age is not None:
        subject_is_child = age < 18
    elif subject_is_child is None:
        raise ApplicationError(
            "Say whether the person was under 18 when referred: their date of birth is not known",
            field="subject_is_child",
        )
    if ChannelCase.objects.filter(person=person, closed_on__isnull=True).exists():
        raise ApplicationError(
            f"{person.display_name} already has an open Channel case. Add to that case instead", field="person"
        )
    case = ChannelCase.objects.create(
        person=person,
        received_on=received_on,
        received_from=received_from,
        gateway_outcome=gateway_outcome,
        concern_type=concern_type,
        concerns=concerns,
        subject_is_child=bool(subject_is_child),
        coordinator=actor,
        created_by=actor,
    )
    _involve(case, started_on=received_on)
    _chronology(
        case,
        actor=actor,
        occurred_on=received_on,
        kind="channel_referral",
        summary=f"Channel referral received from {received_from}",
        significance="high",
        source=case,
    )
    return case


@records_actor()
@transaction.atomic
def case_refer_new_person(*, actor: Any, person_data: Mapping[str, Any], **referral: Any) -> ChannelCase:
    """Refer someone not yet known to the council: their record is made visible only to Channel."""
    _require(actor, ChannelAction.REFER)
    person = person_create(actor=actor, data=dict(person_data), restricted_area=CHANNEL)
    return case_refer(actor=actor, person=person, **referral)


# Consent -------------------------------------------------------------------------------


@records_actor()
@transaction.atomic
def consent_record(
    *,
    actor: Any,
    case: ChannelCase,
    status: str,
    recorded_on: dt.date | None,
    consent_from: str = "",
    given_by_name: str = "",
    capacity_considered: bool = False,
    capacity_notes: str = "",
    alternative_support: str = "",
    notes: str = "",
) -> Consent:
    """Record consent given, refused or withdrawn. Refused or withdrawn before adoption closes the case."""
    case = _lock(case)
    _require(actor, ChannelAction.RECORD_CONSENT, case.person)
    if case.closed_on:
        raise ApplicationError("This case is closed. A new referral is needed")
    if status not in (ConsentStatus.GIVEN, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
        raise ApplicationError("Choose whether consent was given, refused or withdrawn", field="status")
    if status == ConsentStatus.WITHDRAWN and case.consent_status != ConsentStatus.GIVEN:
        raise ApplicationError("Consent can only be withdrawn once it has been given", field="status")
    if status == ConsentStatus.GIVEN and case.consent_status == ConsentStatus.GIVEN:
        raise ApplicationError("Consent has already been given for this case", field="status")
    last = case.consents.order_by("-recorded_on", "-pk").first()
    recorded_on = _date(
        recorded_on,
        field="recorded_on",
        what="of the consent decision",
        not_before=last.recorded_on if last else case.received_on,
        after="the last consent decision" if last else "the date the referral was received",
    )
    expected = ConsentFrom.PARENTAL_RESPONSIBILITY if case.subject_is_child else ConsentFrom.PERSON
    consent_from = consent_from or expected
    if consent_from not in ConsentFrom.values:
        raise ApplicationError("Choose whose consent this is", field="consent_from")
    if case.subject_is_child and consent_from != ConsentFrom.PARENTAL_RESPONSIBILITY:
        raise ApplicationError(
            f"{case.person.display_name} was under 18 when referred: record the decision of a person with "
            "parental responsibility",
            field="consent_from",
        )
    if not case.subject_is_child and consent_from != ConsentFrom.PERSON:
        raise ApplicationError(
            f"{case.person.display_name} is an adult: record their own decision", field="consent_from"
        )
    given_by_name = (given_by_name or "").strip()
    if consent_from == ConsentFrom.PARENTAL_RESPONSIBILITY and not given_by_name:
        raise ApplicationError("Enter the name of the person with parental responsibility", field="given_by_name")
    if len(given_by_name) > 200:
        raise ApplicationError("Name must be 200 characters or fewer", field="given_by_name")
    if status == ConsentStatus.GIVEN and not capacity_considered:
        raise ApplicationError(
            "Consider capacity to consent before recording consent as given", field="capacity_considered"
        )
    alternative_support = (alternative_support or "").strip()
    if status != ConsentStatus.GIVEN and not alternative_support:
        raise ApplicationError(
            "Enter the other support considered, for example a referral to children's social care or early help",
            field="alternative_support",
        )
    consent = Consent.objects.create(
        case=case,
        status=status,
        recorded_on=recorded_on,
        consent_from=consent_from,
        given_by_name=given_by_name,
        capacity_considered=bool(capacity_considered),
        capacity_notes=(capacity_notes or "").strip(),
        alternative_support=alternative_support,
        notes=(notes or "").strip(),
        recorded_by=actor,
    )
    case.consent_status = status
    fields = ["consent_status"]
    who = given_by_name if consent_from == ConsentFrom.PARENTAL_RESPONSIBILITY else case.person.display_name
    if status != ConsentStatus.GIVEN and not case.is_adopted:
        _close(case, actor=actor, on=recorded_on, reason=f"{ConsentStatus(status).label}: {alternative_support}")
        fields += ["closed_on", "closed_reason"]
    case.save(update_fields=fields)
    _chronology(
        case,
        actor=actor,
        occurred_on=recorded_on,
        kind="channel_consent",
        summary=f"Channel support: {ConsentStatus(status).label.lower()} by {who}",
        detail=f"Other support considered: {alternative_support}" if alternative_support else "",
        source=consent,
    )
    return consent


# Vulnerability assessment --------------------------------------------------------------


@records_actor()
@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    case: ChannelCase,
    assessed_on: dt.date | None,
    ratings: Mapping[str, tuple[str, str]],
    summary: str,
) -> Assessment:
    """A vulnerability assessment: every one of the 22 factors rated, with evidence for any concern."""
    case = _lock(case)
    _require(actor, ChannelAction.ASSESS, case.person)
    if case.closed_on:
        raise ApplicationError("This case is closed. A new referral is needed")
    assessed_on = _date(
        assessed_on,
        field="assessed_on",
        what="of the assessment",
        not_before=case.received_on,
        after="the date the referral was received",
    )
    rows = []
    for factor in FACTORS:
        rating, evidence = ratings.get(factor.code, ("", ""))
        evidence = (evidence or "").strip()
        if rating not in Rating.values:
            raise ApplicationError(f"Choose a rating for {factor.label.lower()}", field=f"{factor.code}_rating")
        if rating not in (Rating.NONE, Rating.NOT_KNOWN) and not evidence:
            raise ApplicationError(
                f"Enter the evidence for the rating of {factor.label.lower()}", field=f"{factor.code}_evidence"
            )
        rows.append((factor.code, rating, evidence))
    summary = _text(summary, field="summary", message="Enter a summary of the assessment")
    assessment = Assessment.objects.create(case=case, assessed_on=assessed_on, summary=summary, assessed_by=actor)
    FactorRating.objects.bulk_create(
        FactorRating(assessment=assessment, factor=code, rating=rating, evidence=evidence)
        for code, rating, evidence in rows
    )
    first = not case.assessments.exclude(pk=assessment.pk).exists()
    _chronology(
        case,
        actor=actor,
        occurred_on=assessed_on,
        kind="channel_assessment",
        summary="Channel vulnerability assessment " + ("completed" if first else "repeated to track progress"),
        source=assessment,
    )
    return assessment


# Panels --------------------------------------------------------------------------------


def _panel(meeting: Meeting) -> Meeting:
    if meeting.kind != MeetingKind.CHANNEL_PANEL or meeting.restricted_area != CHANNEL:
        raise ApplicationError("This is not a Channel panel")
    return meeting


@records_actor()
@transaction.atomic
def panel_convene(
    *, actor: Any, starts_at: dt.datetime, location: str = "", online_link: str = "", chair: Any = None
) -> Meeting:
    """Convene a Channel panel (meetings engine, restricted to Channel). Cases are added to its agenda after."""
    _require(actor, ChannelAction.CONVENE_PANEL)
    local = timezone.localtime(starts_at) if timezone.is_aware(starts_at) else starts_at
    return meeting_convene(
        actor=actor,
        kind=MeetingKind.CHANNEL_PANEL,
        title=f"Channel panel, {local.day} {local:%B %Y}",
        starts_at=starts_at,
        location=location,
        online_link=online_link,
        chair=chair or actor,
        subjects=[],
        restricted_area=CHANNEL,
    )


@records_actor()
@transaction.atomic
def panel_case_add(*, actor: Any, meeting: Meeting, case: ChannelCase) -> PanelReview:
    """Put a case on a panel's agenda."""
    _panel(meeting)
    _require(actor, ChannelAction.RECORD_PANEL, case.person)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError("This panel was cancelled. Convene a new one instead")
    if case.closed_on:
        raise ApplicationError("This case is closed, so it cannot go to a panel", field="case")
    if PanelReview.objects.filter(case=case, meeting=meeting).exists():
        raise ApplicationError(f"{case.person.display_name}'s case is already on this panel's agenda", field="case")
    if not meeting.subjects.filter(person=case.person).exists():
        if can_manage(actor, meeting):
            meeting_subject_add(actor=actor, meeting=meeting, person=case.person, notes="Channel case")
        else:
            # A panel with nothing on its agenda yet is visible in the engine only to its chair and
            # convener; any member of the Channel panel (checked above) may put the first case on it.
            MeetingSubject.objects.create(meeting=meeting, person=case.person, notes="Channel case")
    return PanelReview.objects.create(case=case, meeting=meeting, added_by=actor)


@records_actor()
@transaction.atomic
def panel_decision_record(*, actor: Any, review: PanelReview, decision: str, reasons: str) -> PanelReview:
    """The panel's decision for one case on its agenda: adopt or not; then continue, exit or refer elsewhere."""
    review = PanelReview.objects.select_for_update().select_related("meeting").get(pk=review.pk)
    meeting = _panel(review.meeting)
    case = _lock(review.case)
    _require(actor, ChannelAction.RECORD_PANEL, case.person)
    if review.decision:
        raise ApplicationError("The panel's decision for this case is already recorded")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError("This panel was cancelled")
    on = meeting.local_date
    if timezone.localdate() < on:
        raise ApplicationError(f"You can record the panel's decisions from the day of the panel, {_spoken(on)}")
    if case.closed_on:
        raise ApplicationError("This case is closed")
    allowed = ADOPTED_DECISIONS if case.is_adopted else FIRST_DECISIONS
    if decision not in allowed:
        raise ApplicationError(
            "Choose one of: " + ", ".join(str(Decision(d).label).lower() for d in allowed), field="decision"
        )
    reasons = _text(reasons, field="reasons", message="Enter the reasons for the panel's decision")
    if decision == Decision.ADOPT:
        if case.consent_status != ConsentStatus.GIVEN:
            who = "a person with parental responsibility" if case.subject_is_child else case.person.display_name
            raise ApplicationError(
                f"Channel support is voluntary: it cannot start without the consent of {who}. "
                "Record consent first, or decide not to adopt the case",
                field="decision",
            )
        if not case.assessments.exists():
            raise ApplicationError(
                "Complete a vulnerability assessment before the panel adopts the case", field="decision"
            )
    if on < case.received_on:
        raise ApplicationError("The panel was held before the referral was received", field="decision")

    review.decision = decision
    review.reasons = reasons
    review.reviewed_on = on
    review.recorded_by = actor
    review.save(update_fields=["decision", "reasons", "reviewed_on", "recorded_by"])

    if not case.is_adopted:
        case.decision = Decision.ADOPT if decision == Decision.ADOPT else Decision.NOT_ADOPT
        case.decision_on = on
        case.decision_reasons = reasons
        fields = ["decision", "decision_on", "decision_reasons"]
        if decision == Decision.ADOPT:
            clock_start(rule_key=PANEL_REVIEW, person=case.person, started_on=on, subject=case, owner=case.coordinator)
        else:
            _close(case, actor=actor, on=on, reason=f"{Decision(decision).label}: {reasons}")
            fields += ["closed_on", "closed_reason"]
        case.save(update_fields=fields)
    else:
        clock_stop(rule_key=PANEL_REVIEW, subject=case, met_on=on)
        if decision == Decision.CONTINUE:
            clock_start(rule_key=PANEL_REVIEW, person=case.person, started_on=on, subject=case, owner=case.coordinator)
        elif decision in EXIT_DECISIONS:
            _exit(case, actor=actor, on=on, decision=decision, reasons=reasons)

    decision_record(
        actor=actor,
        meeting=meeting,
        text=f"{Decision(decision).label}. {reasons}",
        code=decision,
        person=case.person,
        decided_at=min(meeting.starts_at, timezone.now()),
    )
    return review


def _exit(case: ChannelCase, *, actor: Any, on: dt.date, decision: str, reasons: str) -> None:
    """The person leaves Channel: the case closes and the 6- and 12-month reviews are due."""
    case.exited_on = on
    case.exit_reason = EXIT_REASON_FOR[Decision(decision)]
    _close(case, actor=actor, on=on, reason=f"Left Channel: {Decision(decision).label}")
    case.save(update_fields=["exited_on", "exit_reason", "closed_on", "closed_reason"])
    for intervention in case.interventions.filter(ended_on__isnull=True):
        intervention.ended_on = max(on, intervention.started_on)
        intervention.save(update_fields=["ended_on", "updated_at"])
    for months, rule_key in EXIT_REVIEW_RULES.items():
        review, _ = ExitReview.objects.get_or_create(
            case=case, months=months, defaults={"due_on": add_calendar_months(on, months)}
        )
        clock_start(rule_key=rule_key, person=case.person, started_on=on, subject=review, owner=case.coordinator)
    _chronology(
        case,
        actor=actor,
        occurred_on=on,
        kind="channel_exit",
        summary=f"Left Channel: {Decision(decision).label.removeprefix('Exit: ')}",
        detail=reasons,
        significance="high",
        source=case,
    )


# Interventions -------------------------------------------------------------------------


def _intervention_dates(case: ChannelCase, started_on: dt.date | None, ended_on: dt.date | None) -> None:
    if started_on is None:
        raise ApplicationError("Enter the date the support started", field="started_on")
    if case.decision_on and started_on < case.decision_on:
        raise ApplicationError(
            f"Support cannot start before the panel adopted the case on {_spoken(case.decision_on)}",
            field="started_on",
        )
    if started_on > timezone.localdate() + dt.timedelta(days=366):
        raise ApplicationError("The start date must be within the next year", field="started_on")
    if ended_on is not None:
        if ended_on < started_on:
            raise ApplicationError(
                "The date the support ended must be the same as or after it started", field="ended_on"
            )
        if ended_on > timezone.localdate():
            raise ApplicationError("The date the support ended must be today or in the past", field="ended_on")


@records_actor()
@transaction.atomic
def intervention_add(
    *,
    actor: Any,
    case: ChannelCase,
    kind: str,
    provider: str,
    started_on: dt.date | None,
    ended_on: dt.date | None = None,
    progress: str = "",
) -> Intervention:
    """Support for an adopted case, by an Intervention Provider or another service."""
    case = _lock(case)
    _require(actor, ChannelAction.RECORD_INTERVENTION, case.person)
    if not case.is_supported:
        raise ApplicationError("Support can be added only to a case the panel has adopted and that is still open")
    if case.consent_status != ConsentStatus.GIVEN:
        raise ApplicationError("Consent has been withdrawn: no new support can start. The panel decides what next")
    if kind not in InterventionKind.values:
        raise ApplicationError("Choose the kind of support", field="kind")
    provider = _text(
        provider, field="provider", message="Enter who provides the support", max_length=200, label="Provider"
    )
    _intervention_dates(case, started_on, ended_on)
    intervention = Intervention.objects.create(
        case=case,
        kind=kind,
        provider=provider,
        started_on=started_on,
        ended_on=ended_on,
        progress=(progress or "").strip(),
        recorded_by=actor,
    )
    _chronology(
        case,
        actor=actor,
        occurred_on=min(started_on, timezone.localdate()),
        kind="channel_intervention",
        summary=f"Channel support: {intervention.get_kind_display().lower()} by {provider}",
        source=intervention,
    )
    return intervention


@records_actor()
@transaction.atomic
def intervention_update(
    *,
    actor: Any,
    intervention: Intervention,
    progress: str,
    ended_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Intervention:
    """Record how the support is going, and when it ended."""
    intervention = Intervention.objects.select_for_update().select_related("case__person").get(pk=intervention.pk)
    check_version(intervention, expected_version)
    case = intervention.case
    _require(actor, ChannelAction.RECORD_INTERVENTION, case.person)
    progress = _text(progress, field="progress", message="Enter how the support is going")
    _intervention_dates(case, intervention.started_on, ended_on)
    intervention.progress = progress
    intervention.ended_on = ended_on
    bump_version(intervention)
    intervention.save(update_fields=["progress", "ended_on", "updated_at", "version"])
    return intervention


# Reviews after leaving Channel ---------------------------------------------------------


@records_actor()
@transaction.atomic
def exit_review_record(
    *, actor: Any, review: ExitReview, reviewed_on: dt.date | None, outcome: str, notes: str
) -> ExitReview:
    """The 6- or 12-month review after leaving Channel. Concerns mean a new Prevent referral."""
    review = ExitReview.objects.select_for_update().select_related("case__person").get(pk=review.pk)
    case = review.case
    _require(actor, ChannelAction.RECORD_EXIT_REVIEW, case.person)
    if review.reviewed_on:
        raise ApplicationError("This review is already recorded")
    reviewed_on = _date(
        reviewed_on,
        field="reviewed_on",
        what="of the review",
        not_before=case.exited_on,
        after="the date the person left Channel",
    )
    if outcome not in ExitReviewOutcome.values:
        raise ApplicationError("Choose the outcome of the review", field="outcome")
    notes = _text(notes, field="notes", message="Enter what the review found")
    review.reviewed_on = reviewed_on
    review.outcome = outcome
    review.notes = notes
    review.recorded_by = actor
    review.save(update_fields=["reviewed_on", "outcome", "notes", "recorded_by"])
    clock_stop(rule_key=EXIT_REVIEW_RULES[review.months], subject=review, met_on=reviewed_on)
    _chronology(
        case,
        actor=actor,
        occurred_on=reviewed_on,
        kind="channel_exit_review",
        summary=f"{review.months}-month review after leaving Channel: {review.get_outcome_display().lower()}",
        detail=notes,
        significance="high" if outcome == ExitReviewOutcome.CONCERNS else "standard",
        source=review,
    )
    return review
