"""Partnership reviews: every write, as a named business action.

Each service checks that the actor is in the partnership team, refuses bad input with an
ApplicationError naming the field (every broken rule at once, `refusals()`), and leaves the
audit trail through django-auditlog (apps.py, with the actor from @records_actor). Events land
in the child's chronology restricted to the partnership team; every clock uses the reviews
rules (deadlines.py), which only that team sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jigsaw.audit.actor import records_actor
from jigsaw.chronology.choices import Significance
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.core.locking import bump_version, check_version
from jigsaw.core.outbox import outbox_send
from jigsaw.notifications.services import notify
from jigsaw.people.models import Person
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop

from .. import deadlines
from ..choices import AbuseOrNeglect, Decision, Harm, PanelReply
from ..models import IncidentChild, InformationRequest, PartnerNotice, SeriousIncident
from ..permissions import AREA, reviews_team
from ..selectors import incident_children, known_services

__all__ = [
    "incident_close",
    "incident_notified",
    "incident_partners_tell",
    "incident_record",
    "information_request_answer",
    "information_requests_make",
    "information_requests_send",
    "panel_reply_record",
    "partner_notice_acknowledge",
    "partner_notices_send",
    "rapid_review_record",
    "request_reminders_send",
]


def _require(actor: Any) -> None:
    if not reviews_team(actor):
        raise ApplicationError("Only the safeguarding partnership team can do this")


def spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _text(value: Any, *, field: str, message: str, max_length: int = 0, label: str = "") -> str:
    text = " ".join(str(value or "").split()) if max_length else str(value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if max_length and len(text) > max_length:
        raise ApplicationError(f"{label} must be {max_length} characters or fewer", field=field)
    return text


def _locked(incident: SeriousIncident) -> SeriousIncident:
    return SeriousIncident.objects.select_for_update().get(pk=incident.pk)


def _url(incident: SeriousIncident) -> str:
    return reverse("reviews:incident", args=[incident.pk])


def _chronology(*, actor: Any, incident: SeriousIncident, on: dt.date, kind: str, summary: str) -> None:
    for child in incident_children(incident=incident):
        chronology_record(
            person=child,
            occurred_on=on,
            kind=kind,
            summary=summary,
            recorded_by=actor,
            source_agency=getattr(actor, "agency", None),
            significance=Significance.HIGH,
            source=incident,
            restricted_area=AREA,
        )


def _team_others(actor: Any) -> list[Any]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, team__restricted_area=AREA).exclude(pk=actor.pk)
    return [u for u in users.order_by("pk") if u.role]


# The serious incident.


@records_actor()
@transaction.atomic
def incident_record(
    *,
    actor: Any,
    children: Sequence[Person],
    incident_on: dt.date | None,
    aware_on: dt.date | None,
    place: str,
    harm: str,
    abuse_or_neglect: str,
    looked_after: bool,
    summary: str,
    partners_knowledge: str = "",
) -> SeriousIncident:
    """Record a serious incident. What Jigsaw already holds for the children (open services,
    plans, allocated workers) is read now and kept with it; the 5-working-day clocks for the
    notification and for telling the lead safeguarding partners start from the day the council
    became aware, owned by whoever recorded it."""
    _require(actor)
    today = timezone.localdate()
    with refusals() as refuse:
        kids = list({c.pk: c for c in children}.values())
        if not kids:
            refuse.add("Search for the child and choose them", field="children")
        for child in kids:
            if child.restricted_area or child.merged_into_id:
                refuse.add("Search for the children again and choose them", field="children")
        if incident_on is None:
            refuse.add("Enter the date of the incident", field="incident_on")
        if aware_on is None:
            refuse.add("Enter the date the council became aware", field="aware_on")
        if incident_on and incident_on > today:
            refuse.add("The date of the incident must be today or in the past", field="incident_on")
        if aware_on and aware_on > today:
            refuse.add("The date the council became aware must be today or in the past", field="aware_on")
        if incident_on and aware_on and incident_on > aware_on:
            refuse.add(
                "The date the council became aware must be the same as or after the date of the incident",
                field="aware_on",
            )
        where = refuse.check(
            lambda: _text(place, field="place", message="Enter where it happened", max_length=200, label="Where")
        )
        if harm not in Harm.values:
            refuse.add("Choose whether the child died or was seriously harmed", field="harm")
        if abuse_or_neglect not in AbuseOrNeglect.values:
            refuse.add("Choose whether abuse or neglect is known or suspected", field="abuse_or_neglect")
        elif abuse_or_neglect == AbuseOrNeglect.NOT_SUSPECTED and not (looked_after and harm == Harm.DIED):
            refuse.add(
                "Only the death of a looked-after child is notified when abuse or neglect is neither known nor "
                "suspected",
                field="abuse_or_neglect",
            )
        what = refuse.check(lambda: _text(summary, field="summary", message="Enter what happened"))
    incident = SeriousIncident.objects.create(
        incident_on=incident_on,
        aware_on=aware_on,
        place=where,
        harm=harm,
        abuse_or_neglect=abuse_or_neglect,
        looked_after=bool(looked_after),
        summary=what,
        known_services=known_services(people=kids),
        partners_knowledge=str(partners_knowledge or "").strip(),
        recorded_by=actor,
    )
    for child in kids:
        IncidentChild.objects.create(incident=incident, person=child)
    for rule in (deadlines.NOTIFICATION, deadlines.PARTNERS_TOLD):
        clock_start(rule_key=rule.key, person=kids[0], started_on=aware_on, subject=incident, owner=actor)
    _chronology(
        actor=actor,
        incident=incident,
        on=aware_on,
        kind="serious_incident",
        summary=f"Serious incident recorded by the safeguarding partnership ({incident.reference})",
    )
    due = spoken(incident.notification_due_on)
    for colleague in _team_others(actor):
        notify(
            recipient=colleague,
            kind="reviews_incident",
            title=f"Serious incident {incident.reference} recorded: notify the Panel by {due}",
            url=_url(incident),
            restricted_area=AREA,
            dedupe_key=f"reviews-incident-{incident.pk}",
        )
    return incident


@records_actor()
@transaction.atomic
def incident_notified(
    *,
    actor: Any,
    incident: SeriousIncident,
    notified_on: dt.date | None,
    national_reference: str,
    late_reason: str = "",
    expected_version: int | None = None,
) -> SeriousIncident:
    """Record that the notification was submitted through the national online form, with its
    reference. Late (after 5 working days) needs the reason. The rapid review's 15 working
    days start from the notification."""
    _require(actor)
    incident = _locked(incident)
    check_version(incident, expected_version)
    if incident.closed_on:
        raise ApplicationError(f"{incident.reference} was closed on {spoken(incident.closed_on)}")
    if incident.notified_on:
        raise ApplicationError(f"The notification was already recorded as submitted on {spoken(incident.notified_on)}")
    with refusals() as refuse:
        if notified_on is None:
            refuse.add("Enter the date the notification was submitted", field="notified_on")
        elif notified_on > timezone.localdate():
            refuse.add("The date submitted must be today or in the past", field="notified_on")
        elif notified_on < incident.aware_on:
            refuse.add(
                f"The date submitted cannot be before the council became aware, on {spoken(incident.aware_on)}",
                field="notified_on",
            )
        reference = refuse.check(
            lambda: _text(
                national_reference,
                field="national_reference",
                message="Enter the reference the national form gave",
                max_length=60,
                label="Reference",
            )
        )
        reason = str(late_reason or "").strip()
        if notified_on and notified_on > incident.notification_due_on and not reason:
            refuse.add(
                f"The notification was due by {spoken(incident.notification_due_on)}: enter why it was late",
                field="late_reason",
            )
    incident.notified_on = notified_on
    incident.national_reference = reference
    incident.late_reason = reason if incident.notified_late else ""
    bump_version(incident)
    incident.save()
    clock_stop(rule_key=deadlines.NOTIFICATION.key, subject=incident, met_on=notified_on)
    children = incident_children(incident=incident)
    clock_start(
        rule_key=deadlines.RAPID_REVIEW.key,
        person=children[0],
        started_on=notified_on,
        subject=incident,
        owner=incident.recorded_by,
    )
    late = f" (late: {incident.late_reason})" if incident.notified_late else ""
    _chronology(
        actor=actor,
        incident=incident,
        on=notified_on,
        kind="serious_incident_notified",
        summary=f"Serious incident notified to the Child Safeguarding Practice Review Panel{late}",
    )
    return incident


@records_actor()
@transaction.atomic
def incident_close(
    *,
    actor: Any,
    incident: SeriousIncident,
    closed_on: dt.date | None,
    reason: str,
    expected_version: int | None = None,
) -> SeriousIncident:
    """Close an incident found not to meet the criteria: its running clocks (the notification,
    the partners, the rapid review) stop, neither met nor missed."""
    _require(actor)
    incident = _locked(incident)
    check_version(incident, expected_version)
    if incident.closed_on:
        raise ApplicationError(f"{incident.reference} was already closed on {spoken(incident.closed_on)}")
    if incident.rapid_review_sent_on:
        raise ApplicationError("The rapid review has been sent to the Panel: the incident cannot be closed now")
    with refusals() as refuse:
        if closed_on is None:
            refuse.add("Enter the date it was closed", field="closed_on")
        elif closed_on > timezone.localdate():
            refuse.add("The date closed must be today or in the past", field="closed_on")
        elif closed_on < incident.aware_on:
            refuse.add(
                f"The date closed cannot be before the council became aware, on {spoken(incident.aware_on)}",
                field="closed_on",
            )
        why = refuse.check(
            lambda: _text(reason, field="reason", message="Enter why the incident does not meet the criteria")
        )
    incident.closed_on = closed_on
    incident.closed_reason = why
    bump_version(incident)
    incident.save()
    for rule_key in deadlines.RULES:
        clock_cancel(
            rule_key=rule_key, subject=incident, stopped_on=closed_on, reason=f"Did not meet the criteria: {why}"
        )
    _chronology(
        actor=actor,
        incident=incident,
        on=closed_on,
        kind="serious_incident_closed",
        summary="Serious incident closed: it did not meet the criteria for a notification",
    )
    return incident


# The lead safeguarding partners.


@records_actor()
@transaction.atomic
def incident_partners_tell(*, actor: Any, incident: SeriousIncident) -> list[PartnerNotice]:
    """Tell the three lead safeguarding partners (JIGSAW_SAFEGUARDING_PARTNERS) by email, through
    the outbox: each notice is sent once, retried on failure, and its sending recorded. Asking
    again adds nobody twice."""
    _require(actor)
    incident = _locked(incident)
    if incident.closed_on:
        raise ApplicationError(f"{incident.reference} was closed on {spoken(incident.closed_on)}")
    partners = list(settings.JIGSAW_SAFEGUARDING_PARTNERS)
    if not partners:
        raise ApplicationError("No lead safeguarding partners are set up (JIGSAW_SAFEGUARDING_PARTNERS)")
    notices = []
    for name, organisation, email in partners:
        notice, _ = PartnerNotice.objects.get_or_create(
            incident=incident, email=email.strip(), defaults={"partner_name": name, "organisation": organisation}
        )
        notices.append(notice)

    def send() -> None:
        from ..tasks import send_partner_notices

        send_partner_notices.enqueue(incident_id=incident.pk)

    transaction.on_commit(send)
    return notices


def _partner_email(notice: PartnerNotice) -> EmailMessage:
    """What a lead partner is sent: the fact of the notification and where to read it, and no
    child's name (an email may be forwarded; the detail stays in Jigsaw)."""
    incident = notice.incident
    council = settings.JIGSAW_COUNCIL_NAME
    reference = (
        f"It was notified to the Child Safeguarding Practice Review Panel on {spoken(incident.notified_on)} "
        f"(reference {incident.national_reference}).\n"
        if incident.notified_on
        else f"The notification to the Panel is due by {spoken(incident.notification_due_on)}.\n"
    )
    body = (
        f"Dear {notice.partner_name},\n\n"
        f"{council}'s safeguarding partnership recorded a serious incident ({incident.reference}): "
        f"{Harm(incident.harm).label.lower().replace('the child', 'a child')}, on {spoken(incident.incident_on)}.\n"
        f"{reference}"
        f"The rapid review must be completed within 15 working days of the notification.\n\n"
        "Please reply to confirm you have received this notice. The partnership team will share the "
        "details securely.\n\n"
        f"{council} safeguarding children partnership (sent by {settings.JIGSAW_SERVICE_NAME})\n"
    )
    return EmailMessage(
        subject=f"Serious incident {incident.reference}: notice to the lead safeguarding partners",
        body=body,
        to=[notice.email],
    )


def _after_sent(notice: PartnerNotice, *, sent_at: dt.datetime | None = None) -> None:
    """Once every partner's notice has gone, the partners' deadline is met. `sent_at`: when it
    went, for history loaded afterwards (the demo council); otherwise now."""
    if sent_at is not None:
        notice.sent_at = sent_at
        notice.save(update_fields=["sent_at"])
    incident = notice.incident
    if not incident.partner_notices.unsent().exists():
        clock_stop(rule_key=deadlines.PARTNERS_TOLD.key, subject=incident, met_on=timezone.localdate(notice.sent_at))


def partner_notices_send(
    *, incident_id: int | None = None, limit: int = 500, sent_at: dt.datetime | None = None
) -> int:
    """Send the partner notices not yet sent (one incident's, or all); returns how many went."""
    unsent = PartnerNotice.objects.unsent()
    if incident_id is not None:
        unsent = unsent.filter(incident_id=incident_id)
    return outbox_send(
        unsent=unsent,
        build=_partner_email,
        select_related=("incident",),
        after_sent=lambda notice: _after_sent(notice, sent_at=sent_at),
        limit=limit,
    )


@records_actor()
@transaction.atomic
def partner_notice_acknowledge(*, actor: Any, notice: PartnerNotice, acknowledged_on: dt.date | None) -> PartnerNotice:
    """Record the partner's receipt (their reply confirming they have the notice)."""
    _require(actor)
    notice = PartnerNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.sent_at is None:
        raise ApplicationError("The notice has not been sent yet", field="acknowledged_on")
    if acknowledged_on is None:
        raise ApplicationError("Enter the date the partner confirmed they received it", field="acknowledged_on")
    if acknowledged_on > timezone.localdate() or acknowledged_on < timezone.localdate(notice.sent_at):
        raise ApplicationError(
            f"The date must be between {spoken(timezone.localdate(notice.sent_at))} and today", field="acknowledged_on"
        )
    notice.acknowledged_on = acknowledged_on
    notice.acknowledged_recorded_by = actor
    notice.save(update_fields=["acknowledged_on", "acknowledged_recorded_by"])
    return notice


# The rapid review's outcome.


@records_actor()
@transaction.atomic
def rapid_review_record(
    *,
    actor: Any,
    incident: SeriousIncident,
    sent_on: dt.date | None,
    decision: str,
    reasons: str,
    expected_version: int | None = None,
) -> SeriousIncident:
    """Record the rapid review's decision (a local child safeguarding practice review or not,
    with reasons) and the day the rapid review went to the Panel: its 15 working days are met."""
    _require(actor)
    incident = _locked(incident)
    check_version(incident, expected_version)
    if incident.closed_on:
        raise ApplicationError(f"{incident.reference} was closed on {spoken(incident.closed_on)}")
    if incident.notified_on is None:
        raise ApplicationError("Record the notification to the Panel first")
    if incident.rapid_review_sent_on:
        raise ApplicationError(f"The rapid review was already sent on {spoken(incident.rapid_review_sent_on)}")
    with refusals() as refuse:
        if sent_on is None:
            refuse.add("Enter the date the rapid review was sent to the Panel", field="sent_on")
        elif sent_on > timezone.localdate():
            refuse.add("The date sent must be today or in the past", field="sent_on")
        elif sent_on < incident.notified_on:
            refuse.add(
                f"The date sent cannot be before the notification, on {spoken(incident.notified_on)}", field="sent_on"
            )
        if decision not in Decision.values:
            refuse.add("Choose the decision", field="decision")
        why = refuse.check(lambda: _text(reasons, field="reasons", message="Enter the reasons for the decision"))
    incident.rapid_review_sent_on = sent_on
    incident.decision = decision
    incident.decision_reasons = why
    bump_version(incident)
    incident.save()
    clock_stop(rule_key=deadlines.RAPID_REVIEW.key, subject=incident, met_on=sent_on)
    _chronology(
        actor=actor,
        incident=incident,
        on=sent_on,
        kind="rapid_review_sent",
        summary=f"Rapid review sent to the Panel: {Decision(decision).label.lower()}",
    )
    return incident


@records_actor()
@transaction.atomic
def panel_reply_record(
    *, actor: Any, incident: SeriousIncident, reply: str, reply_on: dt.date | None, expected_version: int | None = None
) -> SeriousIncident:
    """Record the national Panel's reply to the rapid review: it agrees or disagrees."""
    _require(actor)
    incident = _locked(incident)
    check_version(incident, expected_version)
    if incident.rapid_review_sent_on is None:
        raise ApplicationError("Record the rapid review sent to the Panel first")
    with refusals() as refuse:
        if reply not in PanelReply.values:
            refuse.add("Choose whether the Panel agrees", field="reply")
        if reply_on is None:
            refuse.add("Enter the date of the Panel's reply", field="reply_on")
        elif reply_on > timezone.localdate() or reply_on < incident.rapid_review_sent_on:
            refuse.add(f"The date must be between {spoken(incident.rapid_review_sent_on)} and today", field="reply_on")
    incident.panel_reply = reply
    incident.panel_reply_on = reply_on
    bump_version(incident)
    incident.save()
    return incident


# Information requests to the agencies (the rapid review).

# Reminders go this many working days before a request is due.
REMINDER_WORKING_DAYS = 2
_ASKS = {
    "chronology": "a chronology of your agency's involvement",
    "summary": "a summary",
    "practitioners": "the names and roles of the practitioners involved",
}


@records_actor()
@transaction.atomic
def information_requests_make(
    *,
    actor: Any,
    incident: SeriousIncident,
    agencies: Sequence[tuple[Any, str]],
    due_on: dt.date | None,
    period_from: dt.date | None,
    period_to: dt.date | None,
    asks: Sequence[str] = ("chronology", "summary", "practitioners"),
) -> list[InformationRequest]:
    """Ask each agency (with why it was asked: found from Jigsaw's records, or added by hand)
    for what the rapid review needs, by a due date; each request goes by email through the
    outbox, to the agency's named contact if it has one that uses Jigsaw, else its safeguarding
    inbox. An agency already asked is not asked twice."""
    _require(actor)
    incident = _locked(incident)
    today = timezone.localdate()
    with refusals() as refuse:
        if incident.closed_on:
            refuse.add(f"{incident.reference} was closed on {spoken(incident.closed_on)}")
        if incident.rapid_review_sent_on:
            refuse.add("The rapid review has been sent to the Panel")
        if not agencies:
            refuse.add("Choose at least one agency to ask", field="agencies")
        if due_on is None:
            refuse.add("Enter the date the information is due", field="due_on")
        elif due_on <= today:
            refuse.add("The due date must be after today", field="due_on")
        if period_from is None:
            refuse.add("Enter the start of the period", field="period_from")
        if period_to is None:
            refuse.add("Enter the end of the period", field="period_to")
        elif period_from and period_from > period_to:
            refuse.add("The end of the period must be on or after its start", field="period_to")
        unknown = set(asks) - set(_ASKS)
        if unknown or not asks:
            refuse.add("Choose what to send", field="asks")
        for agency, _how in agencies:
            if not agency.email and not _contact_for(agency):
                refuse.add(
                    f"{agency.name} has no safeguarding email address and nobody in Jigsaw to ask", field="agencies"
                )
    made = []
    for agency, how in agencies:
        if incident.requests.filter(agency=agency).exists():
            continue
        contact = _contact_for(agency)
        made.append(
            InformationRequest.objects.create(
                incident=incident,
                agency=agency,
                contact=contact,
                email=(contact.email if contact and contact.email else agency.email),
                found_from=how[:200],
                asks_chronology="chronology" in asks,
                asks_summary="summary" in asks,
                asks_practitioners="practitioners" in asks,
                period_from=period_from,
                period_to=period_to,
                due_on=due_on,
                created_by=actor,
            )
        )

    def send() -> None:
        from ..tasks import send_information_requests

        send_information_requests.enqueue(incident_id=incident.pk)

    transaction.on_commit(send)
    return made


def _contact_for(agency: Any) -> Any:
    """The agency's person in Jigsaw who answers: its partner practitioner with an email, the
    first by name (agencies set their contact by who has an account)."""
    from django.contrib.auth import get_user_model

    from jigsaw.access.choices import Role

    return (
        get_user_model()
        .objects.filter(agency=agency, is_active=True, role=Role.PARTNER_PRACTITIONER)
        .exclude(email="")
        .order_by("full_name", "pk")
        .first()
    )


def _request_email(request: InformationRequest, *, reminder: bool = False) -> EmailMessage:
    """No child's name in the email: the contact reads the request in Jigsaw (or the partnership
    team shares it securely with an agency that has no account)."""
    council = settings.JIGSAW_COUNCIL_NAME
    where = (
        f"Please sign in to {settings.JIGSAW_SERVICE_NAME} to read the request and answer it: "
        f"{settings.JIGSAW_BASE_URL}{reverse('reviews:request', args=[request.pk])}\n"
        if request.contact_id
        else "The partnership team will share the details securely; please reply to this email.\n"
    )
    wanted = [text for key, text in _ASKS.items() if getattr(request, f"asks_{key}")]
    body = (
        f"{'Reminder: ' if reminder else ''}{council}'s safeguarding partnership is holding a rapid review of a "
        f"serious incident ({request.incident.reference}). Your agency ({request.agency.name}) knew the child or "
        f"family, so we ask for {', '.join(wanted)}, for {spoken(request.period_from)} to "
        f"{spoken(request.period_to)}, by {spoken(request.due_on)}.\n\n{where}\n"
        f"{council} safeguarding children partnership (sent by {settings.JIGSAW_SERVICE_NAME})\n"
    )
    subject = f"{'Reminder: ' if reminder else ''}Rapid review {request.incident.reference}: information requested"
    return EmailMessage(subject=subject, body=body, to=[request.email])


def information_requests_send(*, incident_id: int | None = None, limit: int = 500) -> int:
    """Send the requests not yet sent; returns how many went (the outbox: retried on failure)."""
    unsent = InformationRequest.objects.unsent()
    if incident_id is not None:
        unsent = unsent.filter(incident_id=incident_id)
    return outbox_send(unsent=unsent, build=_request_email, select_related=("incident", "agency"), limit=limit)


def request_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each agency that has not answered, once, when its request is due within
    REMINDER_WORKING_DAYS working days (or already late). Returns how many were reminded."""
    from jigsaw.timescales.calendar import add_working_days

    today = today or timezone.localdate()
    horizon = add_working_days(today, REMINDER_WORKING_DAYS)
    due = InformationRequest.objects.awaiting().filter(
        sent_at__isnull=False, reminded_at__isnull=True, due_on__lte=horizon, incident__closed_on__isnull=True
    )
    reminded = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            request = (
                InformationRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, reminded_at__isnull=True)
                .select_related("incident", "agency")
                .first()
            )
            if request is None:
                continue
            try:
                _request_email(request, reminder=True).send()
            except Exception as e:  # kept and tried again at the next run
                request.last_error = str(e)[:500]
                request.save(update_fields=["last_error"])
                continue
            request.reminded_at = timezone.now()
            request.save(update_fields=["reminded_at"])
            if request.contact_id:
                notify(
                    recipient=request.contact,
                    kind="reviews_request",
                    title=f"Reminder: information for rapid review {request.incident.reference} is due by "
                    f"{spoken(request.due_on)}",
                    url=reverse("reviews:request", args=[request.pk]),
                    restricted_area=AREA,
                    dedupe_key=f"reviews-request-reminder-{request.pk}",
                )
            reminded += 1
    return reminded


@records_actor()
@transaction.atomic
def information_request_answer(
    *, actor: Any, request: InformationRequest, chronology: str = "", summary: str = "", practitioners: str = ""
) -> InformationRequest:
    """The agency's contact (or the partnership team, for an agency that answered by email)
    records the agency's answer. Once answered it is final: a correction is a new line in the
    review's chronology, not an edit."""
    from ..selectors import request_scope

    request = InformationRequest.objects.select_for_update().select_related("incident").get(pk=request.pk)
    if not request_scope(user=actor).filter(pk=request.pk).exists():
        raise ApplicationError("Only the agency asked, or the partnership team, can answer this request")
    if request.responded_at:
        raise ApplicationError(f"Already answered on {spoken(request.responded_on)}")
    with refusals() as refuse:
        texts = {"chronology": chronology, "summary": summary, "practitioners": practitioners}
        for key in _ASKS:
            if getattr(request, f"asks_{key}") and not str(texts[key] or "").strip():
                refuse.add(f"Enter {_ASKS[key].replace('your agency', 'the agency')}", field=key)
    request.chronology = str(chronology or "").strip()
    request.summary = str(summary or "").strip()
    request.practitioners = str(practitioners or "").strip()
    request.responded_at = timezone.now()
    request.responded_by = actor
    request.save()
    notify(
        recipient=request.incident.recorded_by,
        kind="reviews_request",
        title=f"{request.agency.name} answered the rapid review request for {request.incident.reference}",
        url=_url(request.incident),
        restricted_area=AREA,
        dedupe_key=f"reviews-request-answered-{request.pk}",
    )
    return request


# The rapid review meeting, its findings and immediate actions (their own module).
from .rapid_review import (  # noqa: E402
    ACTION_KIND,
    Invitee,
    finding_add,
    immediate_action_add,
    immediate_action_done,
    immediate_action_reminders_send,
    rapid_review_meeting_convene,
    rapid_review_meeting_held,
)

__all__ += [
    "ACTION_KIND",
    "Invitee",
    "finding_add",
    "immediate_action_add",
    "immediate_action_done",
    "immediate_action_reminders_send",
    "rapid_review_meeting_convene",
    "rapid_review_meeting_held",
]
