"""The emails the partnership sends professionals: booking confirmations with a calendar
invitation (the meetings engine's iCalendar helper), waiting list and cancellation notes,
sign-up confirmations and newsletters. None holds anything about a child."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from jigsaw.meetings.ical import event_ical, ical_attachment

from .links import absolute, booking_path, confirm_path, unsubscribe_path
from .models import Booking, Newsletter, Session, Subscriber


def session_when(session: Session) -> str:
    """8 December 2026, 9:30am to 12:30pm"""
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)

    def clock(t) -> str:
        return f"{t:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")

    return f"{start.day} {start:%B %Y}, {clock(start)} to {clock(end)}"


def session_where(session: Session) -> str:
    return session.venue or ("Online" if session.online_link else "")


def _organizer() -> tuple[str, str]:
    return settings.DEFAULT_FROM_EMAIL, f"{settings.JIGSAW_COUNCIL_NAME} safeguarding children partnership"


def booking_ical(booking: Booking, *, cancelled: bool) -> bytes:
    session = booking.session
    lines = [session.course.title, f"Trainer: {session.trained_by}" if session.trained_by else ""]
    if session.online_link:
        lines.append(f"Join online: {session.online_link}")
    lines.append(f"Your booking: {absolute(booking_path(booking))}")
    return event_ical(
        uid=session.ical_uid,
        sequence=session.ical_sequence,
        cancelled=cancelled,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=session.course.title,
        location=session_where(session),
        url=session.online_link,
        description="\n".join(line for line in lines if line),
        organizer=_organizer(),
        attendee=(booking.email, booking.name),
    )


def _details(session: Session) -> list[str]:
    lines = [f"Course: {session.course.title}", f"When: {session_when(session)}"]
    if session_where(session):
        lines.append(f"Where: {session_where(session)}")
    if session.online_link:
        lines.append(f"Join online: {session.online_link}")
    return lines


def _message(to: str, subject: str, lines: list[str]) -> EmailMultiAlternatives:
    lines = [*lines, "", f"{settings.JIGSAW_COUNCIL_NAME} safeguarding children partnership"]
    return EmailMultiAlternatives(
        subject=subject, body="\n".join(lines), from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )


def place_confirmed_email(booking: Booking, *, from_waiting_list: bool = False) -> EmailMultiAlternatives:
    session = booking.session
    opening = (
        "A place has become free on this course and it is now yours."
        if from_waiting_list
        else "Your place on this course is booked."
    )
    message = _message(
        booking.email,
        f"Booking confirmed: {session.course.title}",
        [
            f"Dear {booking.name},",
            "",
            f"{opening} The calendar invitation is attached: open it to add the course to your calendar.",
            "",
            *_details(session),
            "",
            f"To see or cancel your booking: {absolute(booking_path(booking))}",
            "If you cannot come, please cancel so that someone on the waiting list can have your place.",
        ],
    )
    message.attach(ical_attachment(booking_ical(booking, cancelled=False), cancelled=False))
    return message


def waiting_list_email(booking: Booking) -> EmailMultiAlternatives:
    session = booking.session
    return _message(
        booking.email,
        f"On the waiting list: {session.course.title}",
        [
            f"Dear {booking.name},",
            "",
            "This course is full, so you are on its waiting list. If a place becomes free it will be "
            "given to you straight away and we will email you the calendar invitation.",
            "",
            *_details(session),
            "",
            f"To see or leave the waiting list: {absolute(booking_path(booking))}",
        ],
    )


def cancelled_email(booking: Booking) -> EmailMultiAlternatives:
    session = booking.session
    message = _message(
        booking.email,
        f"Booking cancelled: {session.course.title}",
        [f"Dear {booking.name},", "", "Your booking on this course has been cancelled.", "", *_details(session)],
    )
    message.attach(ical_attachment(booking_ical(booking, cancelled=True), cancelled=True))
    return message


def subscriber_confirm_email(subscriber: Subscriber) -> EmailMultiAlternatives:
    return _message(
        subscriber.email,
        "Confirm your subscription to the partnership's news",
        [
            f"Dear {subscriber.name},",
            "",
            "Please confirm that you want the safeguarding children partnership's newsletters, "
            "updates and event notices by opening this link:",
            absolute(confirm_path(subscriber)),
            "",
            "If you did not sign up, ignore this email: your details will be deleted.",
        ],
    )


def newsletter_email(newsletter: Newsletter, subscriber: Subscriber) -> EmailMultiAlternatives:
    unsubscribe = absolute(unsubscribe_path(subscriber))
    message = _message(
        subscriber.email,
        newsletter.subject,
        [
            f"Dear {subscriber.name},",
            "",
            newsletter.body,
            "",
            f"To unsubscribe (your details are deleted at once): {unsubscribe}",
        ],
    )
    # RFC 8058 one-click unsubscribe: the mail program posts to the link, which deletes the row.
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
