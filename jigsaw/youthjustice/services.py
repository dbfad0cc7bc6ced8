"""Youth justice: every write, as a named business action.

Each service checks who may act, refuses bad input with an ApplicationError naming the
field (in plain words, nothing saved), and does the rest of the business action with it:
the chronology, the deadline clocks (deadlines.py), the case worker's involvement (so the
case is on their "My work"), and through the audit log (models registered in apps.py,
services decorated with @records_actor) who did it.

What is shared with the safeguarding record: when an assessment rates the young person's
safety and wellbeing concerns high or very high, the rating, the date and the officer's
summary go on the young person's chronology (unrestricted, significance high), which
everyone who can see the child's record reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, Role
from jigsaw.access.models import Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.choices import Significance
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, check_version
from jigsaw.timescales.calendar import add_calendar_months
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop

from .choices import (
    CUSTODIAL,
    GRAVITY_MAX,
    GRAVITY_MIN,
    NEEDS_ASSESSMENT,
    NEEDS_LENGTH,
    ORDER_LENGTHS,
    OUT_OF_COURT,
    SHARED_LEVELS,
    AssessmentKind,
    ClosureReason,
    Consent,
    InterventionKind,
    Level,
    OffenceCategory,
    OutcomeKind,
    PartnerKind,
    Progress,
    Rating,
    RestorativeKind,
    VictimKind,
)
from .deadlines import ASSESSMENT, VICTIM_CONTACT
from .models import (
    Assessment,
    CasePartner,
    Intervention,
    Offence,
    Outcome,
    RestorativeWork,
    Victim,
    YouthJusticeCase,
)
from .permissions import YouthJusticeAction, yj_can

SERVICE = "Youth justice"
MIN_AGE, MAX_AGE = 10, 17


# Checks shared by the services


def _require(actor: Any, action: YouthJusticeAction, person: Any) -> None:
    if not yj_can(actor, action, person):
        raise ApplicationError("Your role does not include this youth justice action for this young person")


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _past_date(value: Any, *, field: str, label: str, required: bool = True) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise ApplicationError(f"Enter {label}", field=field)
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ApplicationError(f"{label[:1].upper() + label[1:]} must be a real date", field=field)
    if value > timezone.localdate():
        raise ApplicationError(f"{label[:1].upper() + label[1:]} must be today or in the past", field=field)
    return value


def _choice(value: Any, choices: Any, *, field: str, label: str) -> str:
    if value not in choices.values:
        raise ApplicationError(f"Choose {label}", field=field)
    return value


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Age in whole years on a day."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _open_case(case: YouthJusticeCase) -> YouthJusticeCase:
    case = YouthJusticeCase.objects.select_for_update().select_related("person").get(pk=case.pk)
    if case.closed_on is not None:
        raise ApplicationError(f"This case closed on {_d(case.closed_on)}: open a new case to record more")
    return case


def _agency(actor: Any) -> Any:
    return getattr(actor, "agency", None)


def _chronology(
    case: YouthJusticeCase,
    *,
    actor: Any,
    occurred_on: dt.date,
    kind: str,
    summary: str,
    source: Any,
    significance: str = Significance.STANDARD,
    detail: str = "",
) -> None:
    chronology_record(
        person=case.person,
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        recorded_by=actor,
        source_agency=_agency(actor),
        significance=significance,
        source=source,
        restricted_area="",
        detail=detail,
    )


# Cases


def _allocate(*, person: Any, worker: Any, on: dt.date) -> None:
    """Put the case on the worker's "My work": an allocated involvement for the youth justice service."""
    today = timezone.localdate()
    current = Involvement.objects.filter(person=person, user=worker, service=SERVICE).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    if not current.exists():
        Involvement.objects.create(
            person=person, user=worker, kind=InvolvementKind.ALLOCATED, service=SERVICE, started_on=min(on, today)
        )


@records_actor()
@transaction.atomic
def case_open(
    *, actor: Any, person: Any, referred_on: dt.date, referral_reason: str = "", case_worker: Any = None
) -> YouthJusticeCase:
    """Open a youth justice case for a young person (aged 10 or over on the day of referral)."""
    _require(actor, YouthJusticeAction.OPEN_CASE, person)
    referred_on = _past_date(referred_on, field="referred_on", label="the date referred to the service")
    worker = case_worker or actor
    if getattr(worker, "role", "") != Role.YOUTH_JUSTICE_OFFICER or not worker.is_active:
        raise ApplicationError("Choose a youth justice officer as the case worker", field="case_worker")
    if person.date_of_birth is None:
        raise ApplicationError(
            f"{person.display_name} has no date of birth on their record. Add it first: youth justice needs the "
            "young person's age",
            field="referred_on",
        )
    if age_on(person.date_of_birth, referred_on) < MIN_AGE:
        raise ApplicationError(
            f"{person.display_name} was under 10 on {_d(referred_on)}: children under 10 cannot be held "
            "criminally responsible, so there is no youth justice case. Consider early help or a referral "
            "to children's social care instead",
            field="referred_on",
        )
    if YouthJusticeCase.objects.filter(person=person, closed_on__isnull=True).exists():
        raise ApplicationError(f"{person.display_name} already has an open youth justice case", field="referred_on")
    case = YouthJusticeCase.objects.create(
        person=person,
        case_worker=worker,
        referred_on=referred_on,
        referral_reason=(referral_reason or "").strip(),
        opened_by=actor,
    )
    _allocate(person=person, worker=worker, on=referred_on)
    _chronology(
        case,
        actor=actor,
        occurred_on=referred_on,
        kind="yj_case_opened",
        summary=f"Referred to the youth justice service; case worker {worker.full_name or worker.username}",
        source=case,
    )
    return case


@records_actor()
@transaction.atomic
def case_close(*, actor: Any, case: YouthJusticeCase, closed_on: dt.date, reason: str) -> YouthJusticeCase:
    """Close the case: the worker's involvement ends and the case's running clocks stop."""
    _require(actor, YouthJusticeAction.CLOSE_CASE, case.person)
    case = _open_case(case)
    closed_on = _past_date(closed_on, field="closed_on", label="the date the case closed")
    reason = _choice(reason, ClosureReason, field="reason", label="why the case is closing")
    if closed_on < case.referred_on:
        raise ApplicationError(
            f"The case cannot close before it was referred ({_d(case.referred_on)})", field="closed_on"
        )
    case.closed_on, case.closure_reason = closed_on, reason
    case.save(update_fields=["closed_on", "closure_reason"])
    Involvement.objects.filter(person=case.person, service=SERVICE, ended_on__isnull=True).update(
        ended_on=max(closed_on, timezone.localdate())
    )
    for rule in (ASSESSMENT.key, VICTIM_CONTACT.key):
        clock_cancel(rule_key=rule, person=case.person, stopped_on=closed_on, reason="Youth justice case closed")
    _chronology(
        case,
        actor=actor,
        occurred_on=closed_on,
        kind="yj_case_closed",
        summary=f"Youth justice case closed: {ClosureReason(reason).label}",
        source=case,
    )
    return case


@records_actor()
@transaction.atomic
def partner_add(
    *,
    actor: Any,
    case: YouthJusticeCase,
    kind: str,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
) -> CasePartner:
    """Name a partner agency's contact on the case (council, police, probation, health...)."""
    _require(actor, YouthJusticeAction.RECORD_PARTNER, case.person)
    case = _open_case(case)
    kind = _choice(kind, PartnerKind, field="kind", label="the partner agency")
    name = _text(name)
    if not name:
        raise ApplicationError("Enter the contact's name", field="name")
    return CasePartner.objects.create(
        case=case,
        person=case.person,
        kind=kind,
        name=name,
        role=_text(role),
        email=(email or "").strip(),
        phone=_text(phone),
        added_by=actor,
    )


# Offences and outcomes


@records_actor()
@transaction.atomic
def offence_record(
    *, actor: Any, case: YouthJusticeCase, committed_on: dt.date, description: str, category: str, gravity: Any
) -> Offence:
    """Record an offence. Youth justice is for offences committed aged 10 to 17."""
    _require(actor, YouthJusticeAction.RECORD_OFFENCE, case.person)
    case = _open_case(case)
    person = case.person
    committed_on = _past_date(committed_on, field="committed_on", label="the date of the offence")
    description = _text(description)
    if not description:
        raise ApplicationError("Describe the offence", field="description")
    category = _choice(category, OffenceCategory, field="category", label="the offence category")
    try:
        gravity = int(gravity)
    except (TypeError, ValueError):
        raise ApplicationError("Gravity score must be a whole number from 1 to 8", field="gravity") from None
    if not GRAVITY_MIN <= gravity <= GRAVITY_MAX:
        raise ApplicationError("Gravity score must be a whole number from 1 to 8", field="gravity")
    if person.date_of_birth is None:
        raise ApplicationError(
            f"{person.display_name} has no date of birth on their record: add it first", field="committed_on"
        )
    age = age_on(person.date_of_birth, committed_on)
    if age < MIN_AGE:
        raise ApplicationError(
            f"{person.display_name} was {age} on {_d(committed_on)}. Children under 10 cannot be held criminally "
            "responsible: this cannot be recorded as an offence",
            field="committed_on",
        )
    if age > MAX_AGE:
        raise ApplicationError(
            f"{person.display_name} was {age} on {_d(committed_on)}. The youth justice service deals with offences "
            "committed aged 10 to 17: an offence at 18 or over is for the adult system",
            field="committed_on",
        )
    offence = Offence.objects.create(
        case=case,
        person=person,
        committed_on=committed_on,
        description=description,
        category=category,
        gravity=gravity,
        recorded_by=actor,
    )
    _chronology(
        case,
        actor=actor,
        occurred_on=committed_on,
        kind="yj_offence",
        summary=f"Offence: {OffenceCategory(category).label} (gravity {gravity}): {description}",
        source=offence,
    )
    return offence


@records_actor()
@transaction.atomic
def outcome_record(
    *,
    actor: Any,
    case: YouthJusticeCase,
    kind: str,
    outcome_on: dt.date,
    offences: list[Offence],
    length_months: int | None = None,
    court_or_panel: str = "",
    requirements: str = "",
) -> Outcome:
    """Record what came of one or more offences; starts the assessment clock when the service works with it."""
    _require(actor, YouthJusticeAction.RECORD_OUTCOME, case.person)
    case = _open_case(case)
    kind = _choice(kind, OutcomeKind, field="kind", label="the outcome")
    outcome_on = _past_date(outcome_on, field="outcome_on", label="the date of the outcome")
    offences = list(offences or [])
    if not offences:
        raise ApplicationError("Choose the offence or offences this outcome is for", field="offences")
    if any(o.case_id != case.pk for o in offences):
        raise ApplicationError("Choose offences of this case only", field="offences")
    decided = Offence.objects.filter(pk__in=[o.pk for o in offences], outcomes__isnull=False).first()
    if decided is not None:
        raise ApplicationError(
            f"The offence of {_d(decided.committed_on)} ({decided.description}) already has an outcome",
            field="offences",
        )
    latest = max(o.committed_on for o in offences)
    if outcome_on < latest:
        raise ApplicationError(
            f"The outcome cannot come before the offence it is for ({_d(latest)})", field="outcome_on"
        )
    court_or_panel = _text(court_or_panel)
    requirements = (requirements or "").strip()
    if length_months in ("", None):
        length_months = None
    else:
        try:
            length_months = int(length_months)
        except (TypeError, ValueError):
            raise ApplicationError("Length must be a whole number of months", field="length_months") from None
        if length_months < 1:
            raise ApplicationError("Length must be at least 1 month", field="length_months")
    label = OutcomeKind(kind).label
    if kind in NEEDS_LENGTH and length_months is None:
        raise ApplicationError(f"Enter the length of the {label.lower()} in months", field="length_months")
    if kind in ORDER_LENGTHS and length_months is not None:
        low, high = ORDER_LENGTHS[kind]
        if not low <= length_months <= high:
            raise ApplicationError(f"A {label.lower()} lasts from {low} to {high} months", field="length_months")
    if kind not in OUT_OF_COURT and not court_or_panel:
        raise ApplicationError("Enter the court that decided the outcome", field="court_or_panel")
    if kind in (OutcomeKind.YOUTH_REHABILITATION_ORDER, OutcomeKind.YOUTH_CONDITIONAL_CAUTION) and not requirements:
        raise ApplicationError(
            f"Enter the {'requirements' if kind == OutcomeKind.YOUTH_REHABILITATION_ORDER else 'conditions'} "
            f"of the {label.lower()}",
            field="requirements",
        )
    ends_on = add_calendar_months(outcome_on, length_months) if length_months else None
    outcome = Outcome.objects.create(
        case=case,
        person=case.person,
        kind=kind,
        outcome_on=outcome_on,
        length_months=length_months,
        ends_on=ends_on,
        court_or_panel=court_or_panel,
        requirements=requirements,
        recorded_by=actor,
    )
    outcome.offences.set(offences)
    length = f" for {length_months} months" if length_months else ""
    where = f" ({court_or_panel})" if court_or_panel else ""
    _chronology(
        case,
        actor=actor,
        occurred_on=outcome_on,
        kind="yj_custody" if kind in CUSTODIAL else "yj_outcome",
        summary=f"Youth justice outcome: {label}{length}{where}",
        source=outcome,
        significance=Significance.HIGH if kind in CUSTODIAL else Significance.STANDARD,
    )
    if kind in NEEDS_ASSESSMENT:
        clock_start(
            rule_key=ASSESSMENT.key, person=case.person, started_on=outcome_on, subject=outcome, owner=case.case_worker
        )
    return outcome


# Assessments


@records_actor()
@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    case: YouthJusticeCase,
    kind: str,
    completed_on: dt.date,
    likelihood_of_reoffending: str,
    risk_of_serious_harm: str,
    safety_and_wellbeing: str,
    narrative: str,
    safety_summary: str = "",
    outcome: Outcome | None = None,
) -> Assessment:
    """Record an assessment. High or very high safety and wellbeing concerns are shared with the
    safeguarding record (the chronology); the assessment clocks of the young person stop."""
    _require(actor, YouthJusticeAction.RECORD_ASSESSMENT, case.person)
    case = _open_case(case)
    kind = _choice(kind, AssessmentKind, field="kind", label="the kind of assessment")
    completed_on = _past_date(completed_on, field="completed_on", label="the date the assessment was completed")
    likelihood = _choice(
        likelihood_of_reoffending, Rating, field="likelihood_of_reoffending", label="the likelihood of reoffending"
    )
    harm = _choice(risk_of_serious_harm, Level, field="risk_of_serious_harm", label="the risk of serious harm")
    safety = _choice(
        safety_and_wellbeing, Level, field="safety_and_wellbeing", label="the level of safety and wellbeing concerns"
    )
    narrative = (narrative or "").strip()
    if not narrative:
        raise ApplicationError("Enter the assessment's explanations and conclusions", field="narrative")
    if outcome is not None and outcome.case_id != case.pk:
        raise ApplicationError("Choose an outcome of this case", field="outcome")
    if completed_on < case.referred_on:
        raise ApplicationError(
            f"The assessment cannot be completed before the case was referred ({_d(case.referred_on)})",
            field="completed_on",
        )
    safety_summary = (safety_summary or "").strip()
    shared = safety in SHARED_LEVELS
    if shared and not safety_summary:
        raise ApplicationError(
            "Safety and wellbeing concerns are high or very high: write what to share with the safeguarding record",
            field="safety_summary",
        )
    assessment = Assessment.objects.create(
        case=case,
        person=case.person,
        outcome=outcome,
        kind=kind,
        completed_on=completed_on,
        likelihood_of_reoffending=likelihood,
        risk_of_serious_harm=harm,
        safety_and_wellbeing=safety,
        narrative=narrative,
        safety_summary=safety_summary if shared else "",
        shared_with_safeguarding=shared,
        recorded_by=actor,
    )
    _chronology(
        case,
        actor=actor,
        occurred_on=completed_on,
        kind="yj_assessment",
        summary=f"Youth justice assessment completed: {AssessmentKind(kind).label}",
        source=assessment,
    )
    if shared:
        _chronology(
            case,
            actor=actor,
            occurred_on=completed_on,
            kind="yj_safety_wellbeing",
            summary=f"Youth justice: safety and wellbeing concerns {Level(safety).label.lower()}. {safety_summary}",
            source=assessment,
            significance=Significance.HIGH,
        )
    clock_stop(rule_key=ASSESSMENT.key, person=case.person, met_on=completed_on)
    return assessment


# Interventions


def _sessions(value: Any, *, field: str, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ApplicationError(f"{label} must be a whole number", field=field) from None
    if number < 0:
        raise ApplicationError(f"{label} must be 0 or more", field=field)
    return number


@records_actor()
@transaction.atomic
def intervention_start(
    *,
    actor: Any,
    case: YouthJusticeCase,
    kind: str,
    provider: str,
    started_on: dt.date,
    sessions_planned: Any,
) -> Intervention:
    _require(actor, YouthJusticeAction.RECORD_INTERVENTION, case.person)
    case = _open_case(case)
    kind = _choice(kind, InterventionKind, field="kind", label="the kind of intervention")
    provider = _text(provider)
    if not provider:
        raise ApplicationError("Enter who provides the intervention", field="provider")
    started_on = _past_date(started_on, field="started_on", label="the start date")
    if started_on < case.referred_on:
        raise ApplicationError(
            f"The intervention cannot start before the case was referred ({_d(case.referred_on)})", field="started_on"
        )
    planned = _sessions(sessions_planned, field="sessions_planned", label="Sessions planned")
    if planned < 1:
        raise ApplicationError("Sessions planned must be at least 1", field="sessions_planned")
    intervention = Intervention.objects.create(
        case=case,
        person=case.person,
        kind=kind,
        provider=provider,
        started_on=started_on,
        sessions_planned=planned,
        recorded_by=actor,
    )
    _chronology(
        case,
        actor=actor,
        occurred_on=started_on,
        kind="yj_intervention",
        summary=f"Youth justice intervention started: {InterventionKind(kind).label} with {provider}",
        source=intervention,
    )
    return intervention


@records_actor()
@transaction.atomic
def intervention_progress_record(
    *,
    actor: Any,
    intervention: Intervention,
    sessions_attended: Any,
    progress: str,
    progress_notes: str = "",
    ended_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Intervention:
    """Record attendance and progress; with an end date, the intervention has ended."""
    _require(actor, YouthJusticeAction.RECORD_INTERVENTION, intervention.person)
    intervention = Intervention.objects.select_for_update().select_related("case", "person").get(pk=intervention.pk)
    check_version(intervention, expected_version)
    _open_case(intervention.case)
    attended = _sessions(sessions_attended, field="sessions_attended", label="Sessions attended")
    if attended > intervention.sessions_planned:
        raise ApplicationError(
            f"Sessions attended cannot be more than the {intervention.sessions_planned} planned",
            field="sessions_attended",
        )
    progress = _choice(progress, Progress, field="progress", label="how much progress has been made")
    ended_on = _past_date(ended_on, field="ended_on", label="the end date", required=False)
    if ended_on is not None and ended_on < intervention.started_on:
        raise ApplicationError(
            f"The end date cannot be before the intervention started ({_d(intervention.started_on)})", field="ended_on"
        )
    was_open = intervention.ended_on is None
    intervention.sessions_attended = attended
    intervention.progress = progress
    intervention.progress_notes = (progress_notes or "").strip()
    intervention.ended_on = ended_on
    intervention.updated_at = timezone.now()
    bump_version(intervention)
    intervention.save()
    if ended_on is not None and was_open:
        chronology_record(
            person=intervention.person,
            occurred_on=ended_on,
            kind="yj_intervention_ended",
            summary=f"Youth justice intervention ended: {intervention.get_kind_display()} "
            f"({attended} of {intervention.sessions_planned} sessions; {Progress(progress).label.lower()})",
            recorded_by=actor,
            source_agency=_agency(actor),
            source=intervention,
        )
    return intervention


# Victims and restorative justice


@records_actor()
@transaction.atomic
def victim_record(
    *,
    actor: Any,
    case: YouthJusticeCase,
    kind: str,
    name: str,
    identified_on: dt.date,
    offence: Offence | None = None,
) -> Victim:
    """Record a victim the service has learnt of; the clock to contact them starts."""
    _require(actor, YouthJusticeAction.RECORD_VICTIM, case.person)
    case = _open_case(case)
    kind = _choice(kind, VictimKind, field="kind", label="whether the victim is a person or an organisation")
    name = _text(name)
    if not name:
        raise ApplicationError(
            "Enter the victim's name" if kind == VictimKind.PERSON else "Enter the organisation's name", field="name"
        )
    identified_on = _past_date(identified_on, field="identified_on", label="the date the service learnt of the victim")
    if offence is not None:
        if offence.case_id != case.pk:
            raise ApplicationError("Choose an offence of this case", field="offence")
        if identified_on < offence.committed_on:
            raise ApplicationError(
                f"The service cannot learn of the victim before the offence ({_d(offence.committed_on)})",
                field="identified_on",
            )
    victim = Victim.objects.create(
        case=case,
        person=case.person,
        offence=offence,
        kind=kind,
        name=name,
        identified_on=identified_on,
        recorded_by=actor,
    )
    clock_start(
        rule_key=VICTIM_CONTACT.key,
        person=case.person,
        started_on=identified_on,
        subject=victim,
        owner=case.case_worker,
    )
    return victim


@records_actor()
@transaction.atomic
def victim_contact_record(
    *,
    actor: Any,
    victim: Victim,
    contacted_on: dt.date,
    contact_consent: str,
    rj_offered: bool = False,
    wants_restorative_justice: bool | None = None,
    views: str = "",
) -> Victim:
    """Record contact with a victim: whether they consent to the service's contact, whether
    restorative justice was offered (only with their consent) and whether they want it."""
    _require(actor, YouthJusticeAction.RECORD_VICTIM, victim.person)
    victim = Victim.objects.select_for_update().select_related("case", "person").get(pk=victim.pk)
    _open_case(victim.case)
    contacted_on = _past_date(contacted_on, field="contacted_on", label="the date of contact")
    if contacted_on < victim.identified_on:
        raise ApplicationError(
            f"Contact cannot be before the service learnt of the victim ({_d(victim.identified_on)})",
            field="contacted_on",
        )
    if contact_consent not in (Consent.GIVEN, Consent.REFUSED):
        raise ApplicationError("Say whether the victim consented to contact from the service", field="contact_consent")
    if rj_offered and contact_consent != Consent.GIVEN:
        raise ApplicationError(
            "Restorative justice can only be offered to a victim who consented to contact", field="rj_offered"
        )
    if wants_restorative_justice is not None and not rj_offered:
        raise ApplicationError(
            "Say that restorative justice was offered before recording whether the victim wants it",
            field="wants_restorative_justice",
        )
    victim.contacted_on = contacted_on
    victim.contact_consent = contact_consent
    victim.consent_recorded_on = contacted_on
    victim.rj_offered_on = contacted_on if rj_offered else None
    victim.wants_restorative_justice = wants_restorative_justice if rj_offered else None
    victim.views = (views or "").strip()
    victim.save()
    clock_stop(rule_key=VICTIM_CONTACT.key, subject=victim, met_on=contacted_on)
    return victim


@records_actor()
@transaction.atomic
def restorative_work_plan(
    *,
    actor: Any,
    victim: Victim,
    kind: str,
    victim_consented_on: dt.date | None,
    young_person_consented_on: dt.date | None,
    planned_on: dt.date,
    notes: str = "",
) -> RestorativeWork:
    """Plan restorative work. Both the victim and the young person must have agreed to it."""
    _require(actor, YouthJusticeAction.RECORD_RESTORATIVE, victim.person)
    victim = Victim.objects.select_related("case", "person").get(pk=victim.pk)
    case = _open_case(victim.case)
    kind = _choice(kind, RestorativeKind, field="kind", label="the kind of restorative work")
    if victim_consented_on is None:
        raise ApplicationError(
            "Restorative work needs the victim's consent: record the date they agreed", field="victim_consented_on"
        )
    if young_person_consented_on is None:
        raise ApplicationError(
            f"Restorative work needs {case.person.display_name}'s consent: record the date they agreed",
            field="young_person_consented_on",
        )
    victim_consented_on = _past_date(
        victim_consented_on, field="victim_consented_on", label="the date the victim agreed"
    )
    young_person_consented_on = _past_date(
        young_person_consented_on, field="young_person_consented_on", label="the date the young person agreed"
    )
    if victim.contact_consent != Consent.GIVEN or victim.rj_offered_on is None:
        raise ApplicationError(
            "Record the contact with the victim first: their consent to contact and the offer of restorative justice",
            field="kind",
        )
    if victim.wants_restorative_justice is False:
        raise ApplicationError(
            "The victim said they do not want restorative justice. Record their new answer first", field="kind"
        )
    if victim_consented_on < victim.identified_on:
        raise ApplicationError(
            f"The victim cannot agree before the service learnt of them ({_d(victim.identified_on)})",
            field="victim_consented_on",
        )
    if not isinstance(planned_on, dt.date):
        raise ApplicationError("Enter the date the restorative work is planned for", field="planned_on")
    if planned_on < max(victim_consented_on, young_person_consented_on):
        raise ApplicationError("The work cannot be planned for before both agreed to it", field="planned_on")
    work = RestorativeWork.objects.create(
        case=case,
        person=case.person,
        victim=victim,
        kind=kind,
        victim_consented_on=victim_consented_on,
        young_person_consented_on=young_person_consented_on,
        planned_on=planned_on,
        notes=(notes or "").strip(),
        recorded_by=actor,
    )
    if victim.wants_restorative_justice is None:
        victim.wants_restorative_justice = True
        victim.save(update_fields=["wants_restorative_justice"])
    return work


@records_actor()
@transaction.atomic
def restorative_work_complete(
    *, actor: Any, work: RestorativeWork, completed_on: dt.date, notes: str = ""
) -> RestorativeWork:
    _require(actor, YouthJusticeAction.RECORD_RESTORATIVE, work.person)
    work = RestorativeWork.objects.select_for_update().select_related("case", "person", "victim").get(pk=work.pk)
    case = _open_case(work.case)
    if work.completed_on is not None:
        raise ApplicationError(f"This restorative work was completed on {_d(work.completed_on)}", field="completed_on")
    completed_on = _past_date(completed_on, field="completed_on", label="the date it was completed")
    if completed_on < work.planned_on:
        raise ApplicationError(
            f"It cannot be completed before the date it was planned for ({_d(work.planned_on)})", field="completed_on"
        )
    work.completed_on = completed_on
    if notes:
        work.notes = (work.notes + "\n\n" + notes.strip()).strip()
    work.save(update_fields=["completed_on", "notes"])
    _chronology(
        case,
        actor=actor,
        occurred_on=completed_on,
        kind="yj_restorative",
        summary=f"Restorative justice completed: {work.get_kind_display()}",
        source=work,
    )
    return work
