"""The partnership's own work: every write, as a named business action.

Each service refuses bad input with an ApplicationError naming the field, and records the
change in the audit log with `audit_record`. Audit entries name the row ("Booking 12") and
what changed, never a professional's name, telephone or address: the audit log is kept for
years, longer than the privacy notice lets the partnership keep those details.

Emails go after the transaction commits, so a refused or rolled-back booking sends nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from . import emails
from .choices import (
    AuditStatus,
    BookingStatus,
    CohortRule,
    CourseFormat,
    DocumentKind,
    GroupKind,
    LeadPartner,
    MemberRole,
    NewsletterStatus,
    Sector,
    SessionStatus,
)
from .models import (
    ActionUpdate,
    AuditCase,
    Booking,
    CaseFileAudit,
    Course,
    Delivery,
    DemandResponse,
    DemandSurvey,
    DocumentVersion,
    Evaluation,
    GovernanceDocument,
    GroupMeeting,
    Member,
    Newsletter,
    PartnershipGroup,
    Session,
    Subscriber,
)
from .permissions import is_partnership_manager, may_mark_attendance

# Fields a booking may hold, and which of them go once the course has run.
DETAILS_REMOVED_AFTER_COURSE = ("telephone", "address", "budget_code", "requirements")


def _text(value: Any, *, field: str, message: str, max_length: int = 200, label: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if len(text) > max_length:
        raise ApplicationError(f"{label or field.capitalize()} must be {max_length} characters or fewer", field=field)
    return text


def _manager(actor: Any) -> None:
    if not is_partnership_manager(actor):
        raise PermissionDenied("Only the partnership manager can do this")


def _send_booking_email(booking: Booking, kind: str) -> None:
    """On the worker, once the booking is saved for good (a refused booking sends nothing)."""
    from .tasks import send_booking_email

    transaction.on_commit(lambda: send_booking_email.enqueue(booking.pk, kind))


def booking_email_send(*, booking_id: int, kind: str) -> bool:
    """Build and send one booking email (tasks.send_booking_email). False if the booking has gone."""
    booking = Booking.objects.select_related("session__course", "session__trainer").filter(pk=booking_id).first()
    if booking is None:
        return False
    builders = {
        "confirmed": lambda b: emails.place_confirmed_email(b),
        "offered": lambda b: emails.place_confirmed_email(b, from_waiting_list=True),
        "waiting": emails.waiting_list_email,
        "cancelled": emails.cancelled_email,
    }
    builders[kind](booking).send(using="default")
    return True


# Courses and sessions.


@transaction.atomic
def course_create(
    *,
    actor: Any,
    title: str,
    learning_outcomes: str,
    audience: str,
    level: str,
    format: str,
    charge_applies: bool = False,
) -> Course:
    _manager(actor)
    course = Course.objects.create(
        title=_text(title, field="title", message="Enter the course title", label="Title"),
        learning_outcomes=_text(
            learning_outcomes, field="learning_outcomes", message="Enter the learning outcomes", max_length=5000
        ),
        audience=_text(audience, field="audience", message="Enter who the course is for", max_length=300),
        level=level,
        format=format,
        charge_applies=charge_applies,
        created_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=course, details={"format": format, "level": level})
    return course


@transaction.atomic
def session_create(
    *,
    actor: Any,
    course: Course,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    venue: str = "",
    online_link: str = "",
    trainer: Any = None,
    external_provider: str = "",
) -> Session:
    _manager(actor)
    if ends_at <= starts_at:
        raise ApplicationError("The end time must be after the start time", field="end_time")
    if capacity < 1:
        raise ApplicationError("Places must be 1 or more", field="capacity")
    venue, online_link, external_provider = venue.strip(), online_link.strip(), external_provider.strip()
    if course.format == CourseFormat.FACE_TO_FACE and not venue:
        raise ApplicationError("Enter the venue of a face-to-face course", field="venue")
    if course.format == CourseFormat.ONLINE and not online_link:
        raise ApplicationError("Enter the joining link of an online course", field="online_link")
    if trainer is None and not external_provider:
        raise ApplicationError("Choose the trainer, or name the external provider", field="trainer")
    if trainer is not None and external_provider:
        raise ApplicationError("Choose an internal trainer or name an external provider, not both", field="trainer")
    session = Session.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        venue=venue,
        online_link=online_link,
        trainer=trainer,
        external_provider=external_provider,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=session, details={"course": course.pk, "places": capacity})
    return session


def places_taken(session: Session) -> int:
    return session.bookings.filter(status=BookingStatus.BOOKED).count()


# Bookings, by professionals without an account.


@transaction.atomic
def booking_make(
    *,
    session: Session,
    name: str,
    job_role: str,
    organisation: str,
    sector: str,
    email: str,
    telephone: str = "",
    address: str = "",
    budget_code: str = "",
    requirements: str = "",
    actor: Any = None,
) -> Booking:
    """Book a place, or a place on the waiting list when the session is full."""
    # Locked: two people booking the last place at once cannot both have it.
    session = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    course = session.course
    if session.status != SessionStatus.SCHEDULED:
        raise ApplicationError("This session has been cancelled", field="name")
    if session.starts_at <= timezone.now():
        raise ApplicationError("This session has already started, so it cannot be booked", field="name")
    name = _text(name, field="name", message="Enter your full name", label="Full name")
    job_role = _text(job_role, field="job_role", message="Enter your job role", label="Job role")
    organisation = _text(organisation, field="organisation", message="Enter your organisation", label="Organisation")
    if sector not in Sector.values:
        raise ApplicationError("Choose the sector you work in", field="sector")
    email = _text(email, field="email", message="Enter your email address", label="Email address").lower()
    budget_code = (budget_code or "").strip()
    if course.charge_applies and not budget_code:
        raise ApplicationError(
            "Enter a budget code or purchase order number: there is a charge for this course", field="budget_code"
        )
    if not course.charge_applies:
        budget_code = ""  # not asked for, so not kept
    requirements = (requirements or "").strip()
    if not course.face_to_face:
        requirements = ""  # dietary or other requirements are asked for face-to-face courses only
    if session.bookings.filter(email__iexact=email).exclude(status=BookingStatus.CANCELLED).exists():
        raise ApplicationError("This email address is already booked on this session", field="email")
    full = places_taken(session) >= session.capacity
    now = timezone.now()
    booking = Booking.objects.create(
        session=session,
        status=BookingStatus.WAITING if full else BookingStatus.BOOKED,
        name=name,
        job_role=job_role,
        organisation=organisation,
        sector=sector,
        email=email,
        telephone=(telephone or "").strip()[:40],
        address=(address or "").strip(),
        budget_code=budget_code[:100],
        requirements=requirements,
        place_given_at=None if full else now,
    )
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=booking,
        purpose="training booking",
        details={"session": session.pk, "status": booking.status},
    )
    _send_booking_email(booking, "waiting" if full else "confirmed")
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: Any = None) -> Booking | None:
    """Cancel a place (or leave the waiting list). A freed place goes at once to the first on
    the waiting list, who is emailed the invitation. Returns the booking given the place, if any."""
    session = Session.objects.select_for_update().get(pk=booking.session_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise ApplicationError("This booking is already cancelled", field="confirm")
    if session.starts_at <= timezone.now():
        raise ApplicationError("The course has started: it is too late to cancel", field="confirm")
    had_place = booking.status == BookingStatus.BOOKED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=booking, details={"status": "cancelled"})
    if had_place:
        _send_booking_email(booking, "cancelled")
        return _offer_freed_place(session=session, actor=actor)
    return None


def _offer_freed_place(*, session: Session, actor: Any) -> Booking | None:
    if places_taken(session) >= session.capacity:
        return None
    first = session.bookings.filter(status=BookingStatus.WAITING).order_by("booked_at", "pk").first()
    if first is None:
        return None
    first.status = BookingStatus.BOOKED
    first.place_given_at = timezone.now()
    first.save(update_fields=["status", "place_given_at"])
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=first,
        purpose="a freed place given from the waiting list",
        details={"status": "booked", "from_waiting_list": True},
    )
    _send_booking_email(first, "offered")
    return first


@transaction.atomic
def session_capacity_change(*, actor: Any, session: Session, capacity: int) -> Session:
    """More places: those waiting get them, in the order they joined the list."""
    _manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if capacity < places_taken(session):
        raise ApplicationError(
            f"Places cannot be fewer than the {places_taken(session)} already booked", field="capacity"
        )
    session.capacity = capacity
    session.save(update_fields=["capacity"])
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=session, details={"places": capacity})
    while _offer_freed_place(session=session, actor=actor) is not None:
        pass
    return session


# After the course: attendance, evaluation, certificates.


@transaction.atomic
def attendance_mark(*, actor: Any, session: Session, attended_ids: set[int]) -> Session:
    """The trainer says who came; everyone else with a place did not."""
    if not may_mark_attendance(actor, session):
        raise PermissionDenied("Only the session's trainer or the partnership manager can mark attendance")
    if session.starts_at > timezone.now():
        raise ApplicationError("Attendance can be marked once the session has started", field="attended")
    if session.anonymised_at:
        raise ApplicationError("This session's attendance is now anonymous counts", field="attended")
    booked = list(session.bookings.filter(status=BookingStatus.BOOKED))
    unknown = attended_ids - {b.pk for b in booked}
    if unknown:
        raise ApplicationError("Choose only people booked on this session", field="attended")
    for b in booked:
        b.attended = b.pk in attended_ids
    Booking.objects.bulk_update(booked, ["attended"])
    session.attendance_marked_at = timezone.now()
    session.save(update_fields=["attendance_marked_at"])
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=session,
        purpose="attendance marked",
        details={"booked": len(booked), "attended": len(attended_ids)},
    )
    return session


@transaction.atomic
def evaluation_make(*, booking: Booking, rating: int, confidence: int, comments: str = "") -> Evaluation:
    booking = Booking.objects.select_for_update().select_related("session").get(pk=booking.pk)
    if not booking.attended:
        raise ApplicationError("Only those who came to the course can evaluate it", field="rating")
    if booking.evaluated_at:
        raise ApplicationError("You have already evaluated this course. Thank you.", field="rating")
    for value, field in ((rating, "rating"), (confidence, "confidence")):
        if value not in range(1, 6):
            raise ApplicationError("Choose a score from 1 to 5", field=field)
    evaluation = Evaluation.objects.create(
        session=booking.session, rating=rating, confidence=confidence, comments=(comments or "").strip()[:2000]
    )
    booking.evaluated_at = timezone.now()
    booking.save(update_fields=["evaluated_at"])
    audit_record(actor=None, kind=AuditKind.CREATE, obj=evaluation, details={"session": booking.session_id})
    return evaluation


# Demand: when could agencies come?


@transaction.atomic
def demand_survey_create(*, actor: Any, course: Course, closes_on: dt.date) -> DemandSurvey:
    _manager(actor)
    if closes_on < timezone.localdate():
        raise ApplicationError("The closing date must be today or in the future", field="closes_on")
    survey = DemandSurvey.objects.create(course=course, closes_on=closes_on, created_by=actor)
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=survey, details={"course": course.pk})
    return survey


@transaction.atomic
def demand_response_make(
    *, survey: DemandSurvey, organisation: str, sector: str, weekday_daytime: int, evening: int, weekend: int
) -> DemandResponse:
    if survey.closes_on < timezone.localdate():
        raise ApplicationError("This survey has closed", field="organisation")
    organisation = _text(organisation, field="organisation", message="Enter your organisation", label="Organisation")
    if sector not in Sector.values:
        raise ApplicationError("Choose your organisation's sector", field="sector")
    if weekday_daytime + evening + weekend == 0:
        raise ApplicationError("Enter how many would come at one time at least", field="weekday_daytime")
    response = DemandResponse.objects.create(
        survey=survey,
        organisation=organisation,
        sector=sector,
        weekday_daytime=weekday_daytime,
        evening=evening,
        weekend=weekend,
    )
    audit_record(actor=None, kind=AuditKind.CREATE, obj=response, details={"survey": survey.pk})
    return response


# Communications: subscribers and newsletters.


@transaction.atomic
def subscriber_sign_up(*, name: str, organisation: str, email: str) -> Subscriber | None:
    """Sign up and send the confirmation email. An address already signed up is sent nothing
    new and told nothing different (no one can learn who subscribes)."""
    name = _text(name, field="name", message="Enter your full name", label="Full name")
    organisation = _text(organisation, field="organisation", message="Enter your organisation", label="Organisation")
    email = _text(email, field="email", message="Enter your email address", label="Email address").lower()
    existing = Subscriber.objects.filter(email=email).first()
    if existing is not None:
        if existing.confirmed_at is None:
            _send_confirmation(existing)
        return None
    subscriber = Subscriber.objects.create(name=name, organisation=organisation, email=email)
    audit_record(actor=None, kind=AuditKind.CREATE, obj=subscriber, purpose="newsletter sign-up")
    _send_confirmation(subscriber)
    return subscriber


def _send_confirmation(subscriber: Subscriber) -> None:
    from .tasks import send_subscriber_confirmation

    transaction.on_commit(lambda: send_subscriber_confirmation.enqueue(subscriber.pk))


def subscriber_confirmation_send(*, subscriber_id: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, confirmed_at__isnull=True).first()
    if subscriber is None:
        return False
    emails.subscriber_confirm_email(subscriber).send(using="default")
    return True


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        audit_record(actor=None, kind=AuditKind.UPDATE, obj=subscriber, details={"confirmed": True})
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber, actor: Any = None) -> None:
    """Delete the subscriber's details at once (the row, and the record of what was sent to them)."""
    audit_record(actor=actor, kind=AuditKind.DELETE, obj=subscriber, purpose="unsubscribed")
    subscriber.delete()


@transaction.atomic
def newsletter_create(*, actor: Any, kind: str, subject: str, body: str) -> Newsletter:
    _manager(actor)
    newsletter = Newsletter.objects.create(
        kind=kind,
        subject=_text(subject, field="subject", message="Enter the subject", label="Subject"),
        body=_text(body, field="body", message="Enter the message", max_length=20000, label="Message"),
        created_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=newsletter, details={"kind": kind})
    return newsletter


@transaction.atomic
def newsletter_send(*, actor: Any, newsletter: Newsletter) -> Newsletter:
    """Start sending to every confirmed subscriber, in batches on the worker."""
    _manager(actor)
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.status != NewsletterStatus.DRAFT:
        raise ApplicationError("This has already been sent", field="confirm")
    if not Subscriber.objects.filter(confirmed_at__isnull=False).exists():
        raise ApplicationError("There are no confirmed subscribers to send it to", field="confirm")
    newsletter.status = NewsletterStatus.SENDING
    newsletter.send_started_at = timezone.now()
    newsletter.save(update_fields=["status", "send_started_at"])
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=newsletter, details={"status": "sending"})
    from .tasks import send_newsletter_batch

    transaction.on_commit(lambda: send_newsletter_batch.enqueue(newsletter.pk))
    return newsletter


def newsletter_batch_send(*, newsletter_id: int) -> tuple[int, bool]:
    """Send the next batch (JIGSAW_NEWSLETTER_BATCH_SIZE) to subscribers not yet sent it.
    Returns (sent, more_to_send). Idempotent: a delivery is recorded as each one goes."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.SENDING).first()
    if newsletter is None:
        return 0, False
    waiting = Subscriber.objects.filter(confirmed_at__isnull=False).exclude(deliveries__newsletter=newsletter)
    batch = list(waiting.order_by("pk")[: settings.JIGSAW_NEWSLETTER_BATCH_SIZE])
    sent = 0
    for subscriber in batch:
        emails.newsletter_email(newsletter, subscriber).send(using="default")
        Delivery.objects.create(newsletter=newsletter, subscriber=subscriber)
        sent += 1
    more = waiting.exists()
    with transaction.atomic():
        newsletter.recipients = newsletter.recipients + sent
        fields = ["recipients"]
        if not more:
            newsletter.status = NewsletterStatus.SENT
            newsletter.sent_at = timezone.now()
            fields += ["status", "sent_at"]
        newsletter.save(update_fields=fields)
        audit_record(actor=None, kind=AuditKind.UPDATE, obj=newsletter, details={"batch_sent": sent, "done": not more})
    return sent, more


# Arrangements and governance: groups and members, versioned documents, meetings of the
# executive and subgroups (through the meetings engine) and their action log.


@transaction.atomic
def group_create(*, actor: Any, name: str, kind: str, terms_of_reference: str, chair: Any) -> PartnershipGroup:
    _manager(actor)
    if kind not in GroupKind.values:
        raise ApplicationError("Choose executive or subgroup", field="kind")
    if kind == GroupKind.EXECUTIVE and PartnershipGroup.objects.filter(kind=GroupKind.EXECUTIVE).exists():
        raise ApplicationError("The partnership has an executive already", field="kind")
    if chair is None or not chair.is_active:
        raise ApplicationError("Choose the chair", field="chair")
    name = _text(name, field="name", message="Enter the group's name", label="Name")
    if PartnershipGroup.objects.filter(name__iexact=name).exists():
        raise ApplicationError("There is a group with this name already", field="name")
    group = PartnershipGroup.objects.create(
        name=name,
        kind=kind,
        terms_of_reference=_text(
            terms_of_reference, field="terms_of_reference", message="Enter the terms of reference", max_length=20000
        ),
        chair=chair,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=group, details={"kind": kind, "chair": chair.pk})
    return group


@transaction.atomic
def member_add(
    *,
    actor: Any,
    group: PartnershipGroup,
    name: str,
    agency: Any,
    role: str = MemberRole.MEMBER,
    lead_partner: str = "",
    user: Any = None,
    email: str = "",
    joined_on: dt.date | None = None,
) -> Member:
    _manager(actor)
    if agency is None:
        raise ApplicationError("Choose the member's agency", field="agency")
    if role not in MemberRole.values:
        raise ApplicationError("Choose the member's role", field="role")
    if role in (MemberRole.LEAD_PARTNER, MemberRole.DELEGATE) and lead_partner not in LeadPartner.values:
        raise ApplicationError("Choose which lead safeguarding partner", field="lead_partner")
    if role == MemberRole.MEMBER:
        lead_partner = ""
    member = Member.objects.create(
        group=group,
        name=_text(name, field="name", message="Enter the member's name", label="Name"),
        agency=agency,
        role=role,
        lead_partner=lead_partner,
        user=user,
        email=(email or (user.email if user else "") or "").strip(),
        joined_on=joined_on or timezone.localdate(),
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=member, details={"group": group.pk, "role": role})
    return member


@transaction.atomic
def document_version_record(
    *,
    actor: Any,
    kind: str,
    title: str,
    version: str,
    summary: str,
    approved_by: str,
    approved_on: dt.date,
    link: str = "",
) -> DocumentVersion:
    """Record an approved version of the arrangements, the threshold document or another."""
    _manager(actor)
    if kind not in DocumentKind.values:
        raise ApplicationError("Choose the kind of document", field="kind")
    title = _text(title, field="title", message="Enter the document's title", label="Title")
    version = _text(
        version, field="version", message="Enter the version, for example 3.1", max_length=20, label="Version"
    )
    if approved_on > timezone.localdate():
        raise ApplicationError("The date approved must be today or in the past", field="approved_on")
    document, _ = GovernanceDocument.objects.get_or_create(title=title, defaults={"kind": kind})
    if document.versions.filter(version=version).exists():
        raise ApplicationError(f"Version {version} of this document is recorded already", field="version")
    row = DocumentVersion.objects.create(
        document=document,
        version=version,
        summary=_text(summary, field="summary", message="Enter what changed", max_length=5000),
        approved_by=_text(approved_by, field="approved_by", message="Enter who approved it", max_length=300),
        approved_on=approved_on,
        link=(link or "").strip(),
        recorded_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=row, details={"document": document.pk, "version": version})
    return row


@transaction.atomic
def group_meeting_convene(
    *, actor: Any, group: PartnershipGroup, starts_at: dt.datetime, agenda: str, location: str = ""
) -> GroupMeeting:
    """Convene a meeting of the group through the meetings engine, and invite its current members
    (each with their agency, so attendance is counted by agency)."""
    from jigsaw.meetings.models import MeetingKind
    from jigsaw.meetings.services import Invitee, meeting_convene, meeting_invite

    _manager(actor)
    agenda = _text(agenda, field="agenda", message="Enter the agenda", max_length=10000)
    meeting = meeting_convene(
        actor=actor,
        kind=MeetingKind.BOARD,
        title=f"{group.name} meeting",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        location=location,
        chair=group.chair,
    )
    invitees = [
        Invitee(name=m.name, email=m.email, agency=m.agency, role=m.get_role_display(), user=m.user)
        for m in group.members.filter(left_on__isnull=True).select_related("agency", "user")
    ]
    if invitees:
        meeting_invite(actor=actor, meeting=meeting, invitees=invitees)
    row = GroupMeeting.objects.create(group=group, meeting=meeting, agenda=agenda)
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=row, details={"group": group.pk, "meeting": meeting.pk})
    return row


@transaction.atomic
def action_update_add(*, actor: Any, action: Any, text: str, evidence: str = "", done: bool = False) -> ActionUpdate:
    """The owner (or the partnership manager) says how an action is going, with evidence; `done`
    completes it through the meetings engine."""
    from jigsaw.meetings.services import action_complete

    if not hasattr(action.meeting, "partnership"):
        raise PermissionDenied("Not an action of the partnership")
    if not (action.owner_id == getattr(actor, "pk", None) or is_partnership_manager(actor)):
        raise PermissionDenied("Only the action's owner or the partnership manager can update it")
    if action.done_on:
        raise ApplicationError("This action is done", field="text")
    update = ActionUpdate.objects.create(
        action=action,
        text=_text(text, field="text", message="Enter what has been done", max_length=5000),
        evidence=(evidence or "").strip()[:5000],
        made_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=update, details={"action": action.pk, "done": done})
    if done:
        # The engine lets the owner, or whoever convened or chairs the meeting, complete it.
        action_complete(actor=actor, action=action)
    return update


def overdue_actions_escalate(*, today: dt.date | None = None) -> int:
    """Tell each overdue action's owner, and the executive's chair, once per action (idempotent)."""
    from django.urls import reverse

    from jigsaw.notifications.services import notify

    from .selectors import executive_chair, partnership_actions

    today = today or timezone.localdate()
    chair = executive_chair()
    told = 0
    for action in partnership_actions().filter(done_on__isnull=True, due_on__lt=today):
        url = reverse("partnership:action", args=[action.pk])
        title = f"Overdue partnership action: {action.description[:80]}"
        if notify(
            recipient=action.owner,
            kind="partnership_action_overdue",
            title=title,
            url=url,
            dedupe_key=f"partnership-action-overdue-{action.pk}",
        ):
            told += 1
        if (
            chair is not None
            and chair != action.owner
            and notify(
                recipient=chair,
                kind="partnership_action_escalated",
                title=f"Escalated to you: {title}",
                body=f"Owner: {action.owner_display}. Due {action.due_on.day} {action.due_on:%B %Y}.",
                url=url,
                dedupe_key=f"partnership-action-escalated-{action.pk}",
            )
        ):
            told += 1
    return told


# Case file audits. The auditor's access is an invited-professional involvement ending with the
# audit: access/policy.py already lets a partner practitioner see a child they are involved
# with, and nothing else, so no new rule is needed. Restricted records are never in a cohort.

AUDIT_SERVICE = "Case file audit"
COHORT_CLOCKS = {
    # The initial conference's clock starts with the section 47 enquiry's strategy decision.
    CohortRule.SECTION_47: ("icpc",),
    # The first review conference's clock starts when the child is put on a plan.
    CohortRule.ON_PLAN: ("first_review_conference",),
    CohortRule.RANDOM_ON_PLAN: ("first_review_conference", "review_conference", "cp_visit"),
}


def cohort_pick(*, rule: str, size: int, since: dt.date, until: dt.date, seed: int = 0) -> list[int]:
    """Children's ids by the rule, from Jigsaw's own records (the deadline clocks every area keeps)."""
    import random

    from jigsaw.timescales.models import Clock

    clocks = Clock.objects.filter(
        rule_key__in=COHORT_CLOCKS[CohortRule(rule)],
        person__restricted_area="",
        person__merged_into__isnull=True,
    )
    if rule == CohortRule.RANDOM_ON_PLAN:
        # On a plan at some time in the period: started by its end, not stopped before its start.
        rows = clocks.filter(started_on__lte=until).exclude(stopped_on__lt=since).exclude(met_on__lt=since)
        ids = sorted(set(rows.values_list("person_id", flat=True)))
        return sorted(random.Random(seed).sample(ids, min(size, len(ids))))  # noqa: S311 (a sample, not a secret)
    ids: list[int] = []
    for pid in (
        clocks.filter(started_on__gte=since, started_on__lte=until)
        .order_by("started_on", "pk")
        .values_list("person_id", flat=True)
    ):
        if pid not in ids:
            ids.append(pid)
        if len(ids) == size:
            break
    return ids


def _lines(text: str, *, field: str, message: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise ApplicationError(message, field=field)
    return lines


@transaction.atomic
def audit_create(
    *,
    actor: Any,
    title: str,
    rule: str,
    size: int,
    since: dt.date,
    until: dt.date,
    ends_on: dt.date,
    questions: str,
    grades: str,
) -> CaseFileAudit:
    _manager(actor)
    if rule not in CohortRule.values:
        raise ApplicationError("Choose how the children are picked", field="rule")
    if not 1 <= size <= 200:
        raise ApplicationError("Pick between 1 and 200 children", field="size")
    if until < since:
        raise ApplicationError("The end of the period must be after its start", field="until")
    if ends_on < timezone.localdate():
        raise ApplicationError("The audit must end today or later", field="ends_on")
    audit = CaseFileAudit.objects.create(
        title=_text(title, field="title", message="Enter the audit's title", label="Title"),
        rule=rule,
        size=size,
        since=since,
        until=until,
        ends_on=ends_on,
        questions=_lines(questions, field="questions", message="Enter at least one question, one a line"),
        grades=_lines(grades, field="grades", message="Enter the grades, one a line"),
        created_by=actor,
    )
    ids = cohort_pick(rule=rule, size=size, since=since, until=until, seed=audit.pk)
    if not ids:
        raise ApplicationError("No children match this rule in the period", field="rule")
    AuditCase.objects.bulk_create([AuditCase(audit=audit, person_id=pid) for pid in ids])
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=audit,
        purpose="case file audit cohort picked",
        details={"rule": rule, "children": len(ids)},
        also_about=ids,
    )
    return audit


@transaction.atomic
def audit_case_assign(*, actor: Any, case: AuditCase, auditor: Any) -> AuditCase:
    """Give the child to an auditor, with access to the child's record until the audit ends."""
    from jigsaw.access.choices import InvolvementKind
    from jigsaw.access.models import Involvement

    _manager(actor)
    case = AuditCase.objects.select_for_update().select_related("audit").get(pk=case.pk)
    audit = case.audit
    if audit.status != AuditStatus.IN_PROGRESS:
        raise ApplicationError("This audit is closed", field="auditor")
    if auditor is None or not auditor.is_active or auditor.role != Role.PARTNER_PRACTITIONER:
        raise ApplicationError("Choose an auditor from a partner agency", field="auditor")
    if case.graded_at:
        raise ApplicationError("This child's case has been graded", field="auditor")
    if case.grant_id:
        _grant_end(case, actor=actor)
    today = timezone.localdate()
    grant = Involvement.objects.create(
        user=auditor,
        person_id=case.person_id,
        kind=InvolvementKind.INVITED,
        service=f"{AUDIT_SERVICE}: {audit.title}"[:100],
        started_on=today,
        ended_on=audit.ends_on,
    )
    case.auditor = auditor
    case.grant = grant
    case.save(update_fields=["auditor", "grant"])
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=grant,
        purpose="case file audit: time-limited access for the auditor",
        details={"audit": audit.pk, "auditor": auditor.pk, "until": audit.ends_on.isoformat()},
        subject_person_id=case.person_id,
    )
    return case


def _grant_end(case: AuditCase, *, actor: Any) -> None:
    """End the auditor's access now. An involvement cannot end before it started, so one given
    today is deleted (the audit log keeps that it was given and taken away)."""
    grant = case.grant
    if grant is None:
        return
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=grant,
        purpose="case file audit: access ended",
        details={"audit": case.audit_id},
        subject_person_id=case.person_id,
    )
    if grant.started_on <= yesterday:
        grant.ended_on = yesterday
        grant.save(update_fields=["ended_on"])
    else:
        grant.delete()
        case.grant = None
        case.save(update_fields=["grant"])


@transaction.atomic
def audit_case_grade(
    *, actor: Any, case: AuditCase, answers: dict[str, str], findings: str, actions: str = ""
) -> AuditCase:
    case = AuditCase.objects.select_for_update().select_related("audit").get(pk=case.pk)
    audit = case.audit
    if case.auditor_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the child's auditor can grade the case")
    if audit.status != AuditStatus.IN_PROGRESS or audit.ends_on < timezone.localdate():
        raise ApplicationError("This audit has ended", field="findings")
    missing = [str(i) for i in range(len(audit.questions)) if answers.get(str(i)) not in audit.grades]
    if missing:
        raise ApplicationError(f"Choose a grade for question {int(missing[0]) + 1}", field=f"q{missing[0]}")
    case.answers = {str(i): answers[str(i)] for i in range(len(audit.questions))}
    case.findings = _text(findings, field="findings", message="Enter the findings", max_length=10000)
    case.actions = (actions or "").strip()[:5000]
    case.graded_at = timezone.now()
    case.save(update_fields=["answers", "findings", "actions", "graded_at"])
    audit_record(
        actor=actor, kind=AuditKind.UPDATE, obj=case, details={"audit": audit.pk}, subject_person_id=case.person_id
    )
    return case


@transaction.atomic
def audit_close(*, actor: Any, audit: CaseFileAudit) -> CaseFileAudit:
    """Close the audit: every auditor's access to their children ends now."""
    _manager(actor)
    audit = CaseFileAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.status == AuditStatus.CLOSED:
        raise ApplicationError("This audit is closed already", field="confirm")
    for case in audit.cases.select_related("grant"):
        _grant_end(case, actor=actor)
    audit.status = AuditStatus.CLOSED
    audit.closed_at = timezone.now()
    audit.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=audit, details={"status": "closed"})
    return audit
