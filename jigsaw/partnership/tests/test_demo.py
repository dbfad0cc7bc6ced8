"""The demo council's partnership: courses with bookings and a waiting list, a course held
more than 4 years ago already anonymous counts, newsletters with subscribers, the structure,
and a meeting with an overdue action; made the same way on another day."""

import datetime as dt

import pytest
from django.utils import timezone

from jigsaw.demo.seed import council_seed
from jigsaw.meetings.models import Action

from ..choices import BookingStatus, GroupKind
from ..demo import seed_demo_cases
from ..models import AttendanceCount, Booking, DemandResponse, Newsletter, PartnershipGroup, Session, Subscriber
from ..selectors import training_figures


@pytest.mark.django_db
@pytest.mark.parametrize("days_from_today", [0, -400])
def test_the_demo_partnership(days_from_today):
    import time_machine

    as_of = timezone.localdate() + dt.timedelta(days=days_from_today)
    with time_machine.travel(timezone.make_aware(dt.datetime.combine(as_of, dt.time(19))), tick=True):
        council_seed(children=60, seed=3, as_of=as_of)
        # Child protection's demo (seeded before this area's) puts children on plans: as it does.
        from jigsaw.people.models import Person
        from jigsaw.timescales.clocks import clock_start

        for child in Person.objects.filter(restricted_area="").order_by("-date_of_birth")[:3]:
            clock_start(rule_key="first_review_conference", person=child, started_on=as_of - dt.timedelta(days=40))
        made = seed_demo_cases(seed=3, as_of=as_of, per_stage=1)
        assert made["waiting"] >= 1 and made["bookings"] >= 4
        assert Booking.objects.filter(status=BookingStatus.WAITING).exists()
        old = Session.objects.filter(anonymised_at__isnull=False).get()
        assert not Booking.objects.filter(session=old).exists()
        assert AttendanceCount.objects.filter(session=old).exists()
        assert training_figures().total.booked > 0
        assert Subscriber.objects.filter(confirmed_at__isnull=False).count() >= 6
        assert Newsletter.objects.exists()
        assert DemandResponse.objects.count() == 4
        assert PartnershipGroup.objects.filter(kind=GroupKind.EXECUTIVE).exists()
        assert Action.objects.filter(
            meeting__partnership__isnull=False, done_on__isnull=True, due_on__lt=as_of
        ).exists()
        from ..models import AuditCase

        assert AuditCase.objects.filter(audit__status="in_progress").exists()
        # The trainer has attendance to mark.
        assert Session.objects.filter(ends_at__lt=timezone.now(), attendance_marked_at__isnull=True).exists()
        assert seed_demo_cases(seed=3, as_of=as_of, per_stage=1) == {}  # once per council
