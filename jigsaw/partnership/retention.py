"""The training privacy notice, applied every night (tasks.py; `manage.py partnership_retention`).

1. Once a course has run, a booking's telephone, address, dietary or other requirements and
   budget code or purchase order number are removed.
2. JIGSAW_TRAINING_ATTENDANCE_YEARS (4) after the course date, the session's attendance
   becomes anonymous counts by sector and job role (AttendanceCount), and the bookings, with
   the names and emails in them, are deleted. The learning and development figures
   (selectors.training_figures) read the counts as they read the bookings, so they do not change.
3. A newsletter sign-up never confirmed is deleted after JIGSAW_SUBSCRIBER_UNCONFIRMED_DAYS.

Each step is idempotent: a session done is marked, and a second run the same night does nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record

from .choices import BookingStatus
from .models import AttendanceCount, Booking, Session, Subscriber
from .services import DETAILS_REMOVED_AFTER_COURSE


@dataclass
class RetentionDone:
    details_removed: int = 0  # sessions whose bookings lost their contact details
    anonymised: int = 0  # sessions whose attendance became counts
    bookings_deleted: int = 0
    subscribers_deleted: int = 0


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year - years, day=28)


def anonymise_before(today: dt.date) -> dt.date:
    """Sessions held before this day are past the attendance period."""
    return years_before(today, settings.JIGSAW_TRAINING_ATTENDANCE_YEARS)


def _remove_details(session: Session) -> int:
    with transaction.atomic():
        n = session.bookings.update(**{name: "" for name in DETAILS_REMOVED_AFTER_COURSE})
        session.details_removed_at = timezone.now()
        session.save(update_fields=["details_removed_at"])
        audit_record(
            actor=None,
            kind=AuditKind.UPDATE,
            obj=session,
            purpose="training retention: contact details removed after the course",
            details={"bookings": n, "removed": list(DETAILS_REMOVED_AFTER_COURSE)},
        )
    return n


def session_anonymise(session: Session) -> int:
    """The session's places as counts by sector and job role; then the bookings go."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.anonymised_at:
            return 0
        booked: Counter = Counter()
        attended: Counter = Counter()
        for b in session.bookings.filter(status=BookingStatus.BOOKED):
            key = (b.sector, b.job_role.strip())
            booked[key] += 1
            attended[key] += 1 if b.attended else 0
        AttendanceCount.objects.bulk_create(
            [
                AttendanceCount(session=session, sector=s, job_role=r, booked=n, attended=attended[(s, r)])
                for (s, r), n in sorted(booked.items())
            ]
        )
        deleted, _ = Booking.objects.filter(session=session).delete()
        session.anonymised_at = timezone.now()
        if session.details_removed_at is None:
            session.details_removed_at = session.anonymised_at
        session.save(update_fields=["anonymised_at", "details_removed_at"])
        audit_record(
            actor=None,
            kind=AuditKind.UPDATE,
            obj=session,
            purpose="training retention: attendance made anonymous counts",
            details={"bookings_deleted": deleted, "places": sum(booked.values())},
        )
    return deleted


def retention_run(*, now: dt.datetime | None = None) -> RetentionDone:
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = RetentionDone()
    for session in Session.objects.filter(ends_at__lt=now, details_removed_at__isnull=True):
        _remove_details(session)
        done.details_removed += 1
    cutoff = timezone.make_aware(dt.datetime.combine(anonymise_before(today), dt.time.min))
    for session in Session.objects.filter(starts_at__lt=cutoff, anonymised_at__isnull=True):
        done.bookings_deleted += session_anonymise(session)
        done.anonymised += 1
    stale = Subscriber.objects.filter(
        confirmed_at__isnull=True,
        signed_up_at__lt=now - dt.timedelta(days=settings.JIGSAW_SUBSCRIBER_UNCONFIRMED_DAYS),
    )
    for subscriber in stale:
        with transaction.atomic():
            audit_record(actor=None, kind=AuditKind.DELETE, obj=subscriber, purpose="sign-up never confirmed")
            subscriber.delete()
        done.subscribers_deleted += 1
    return done
