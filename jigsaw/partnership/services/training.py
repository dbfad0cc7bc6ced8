"""Training: courses, sessions, bookings, waiting lists, attendance, evaluation, demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .. import emails
from ..choices import (
    BookingStatus,
    CourseFormat,
    Sector,
    SessionStatus,
)
from ..models import (
    Booking,
    Course,
    DemandResponse,
    DemandSurvey,
    Evaluation,
    Session,
)
from ..permissions import may_mark_attendance
from ._common import _manager, _text


def _send_booking_email(booking: Booking, kind: str) -> None:
    """On the worker, once the booking is saved for good (a refused booking sends nothing)."""
    from ..tasks import send_booking_email

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
