"""The training privacy notice: contact details go once the course has run; after 4 years the
attendance becomes anonymous counts, and the learning and development figures do not change."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from jigsaw.audit.models import AuditEntry

from .. import services
from ..choices import BookingStatus
from ..models import AttendanceCount, Booking, Evaluation, Session, Subscriber
from ..retention import retention_run
from ..selectors import training_figures
from .conftest import booker

pytestmark = pytest.mark.django_db


def _held(make_session, trainer, *, days_ago: int, people: int = 4, came: int = 3, title="Neglect: recognising it"):
    """A session held `days_ago`, with `people` booked and `came` of them marked attending."""
    session = make_session(days=-days_ago, title=title)
    bookings = [
        Booking.objects.create(
            session=session, status=BookingStatus.BOOKED, budget_code="PO-1", requirements="Vegan", **booker(n)
        )
        for n in range(people)
    ]
    Booking.objects.create(session=session, status=BookingStatus.CANCELLED, **booker(people + 1))
    services.attendance_mark(actor=trainer, session=session, attended_ids={b.pk for b in bookings[:came]})
    for b in bookings[:came]:
        services.evaluation_make(booking=b, rating=4 + (b.pk % 2), confidence=3)
    return session


def test_once_the_course_has_run_telephone_address_requirements_and_budget_code_go(make_session, trainer):
    session = _held(make_session, trainer, days_ago=1)
    coming = make_session(days=10, title="Exploitation")
    kept = services.booking_make(session=coming, **booker(0, requirements="Vegan"))
    done = retention_run()
    assert done.details_removed == 1
    for b in Booking.objects.filter(session=session):
        assert (b.telephone, b.address, b.requirements, b.budget_code) == ("", "", "", "")
        assert b.name and b.job_role and b.organisation and b.sector and b.email  # kept 4 years
    kept.refresh_from_db()
    assert kept.telephone and kept.address and kept.requirements  # the course has not run yet
    assert retention_run().details_removed == 0  # idempotent


def test_after_four_years_attendance_is_anonymous_counts_and_the_figures_stay_the_same(make_session, trainer):
    old = _held(make_session, trainer, days_ago=4 * 365 + 5, people=4, came=3, title="Neglect: recognising it")
    recent = _held(make_session, trainer, days_ago=30, people=3, came=1, title="Exploitation")
    before = training_figures()
    assert before.total.booked == 7 and before.total.attended == 4

    done = retention_run()

    assert done.anonymised == 1 and done.bookings_deleted == 5  # the cancelled one goes too
    assert not Booking.objects.filter(session=old).exists()
    assert Booking.objects.filter(session=recent).count() == 4
    assert AttendanceCount.objects.filter(session=old).count() > 0
    assert sum(c.booked for c in AttendanceCount.objects.filter(session=old)) == 4
    assert Evaluation.objects.filter(session=old).count() == 3
    old.refresh_from_db()
    assert old.anonymised_at is not None
    after = training_figures()
    assert after == before
    # Nothing that names anyone is left for the old session.
    assert not Booking.objects.filter(email__startswith="kim0", session=old).exists()
    assert retention_run().anonymised == 0  # idempotent


def test_the_period_is_a_setting(make_session, trainer, settings):
    _held(make_session, trainer, days_ago=400)
    settings.JIGSAW_TRAINING_ATTENDANCE_YEARS = 4
    assert retention_run().anonymised == 0
    settings.JIGSAW_TRAINING_ATTENDANCE_YEARS = 1
    assert retention_run().anonymised == 1


def test_the_audit_log_keeps_no_name_or_contact_details(make_session, trainer):
    session = _held(make_session, trainer, days_ago=4 * 365 + 5)
    retention_run()
    text = " ".join(f"{e.object_repr} {e.additional_data} {e.changes}" for e in AuditEntry.objects.all())
    for word in ("Kim Marsh", "kim0@agency.example", "01632 960001", "Example Street", "Vegan", "PO-1"):
        assert word not in text
    assert Session.objects.get(pk=session.pk).anonymised_at


def test_unconfirmed_sign_ups_are_deleted_after_the_set_days(db, settings):
    settings.JIGSAW_SUBSCRIBER_UNCONFIRMED_DAYS = 30
    old = Subscriber.objects.create(name="Kim Marsh", organisation="Riverside", email="kim@agency.example")
    Subscriber.objects.filter(pk=old.pk).update(signed_up_at=timezone.now() - dt.timedelta(days=31))
    confirmed = Subscriber.objects.create(
        name="Dean Ellery", organisation="Health", email="dean@agency.example", confirmed_at=timezone.now()
    )
    Subscriber.objects.filter(pk=confirmed.pk).update(signed_up_at=timezone.now() - dt.timedelta(days=300))
    assert retention_run().subscribers_deleted == 1
    assert list(Subscriber.objects.all()) == [confirmed]


def test_the_management_command_runs_it(make_session, trainer, capsys):
    _held(make_session, trainer, days_ago=2)
    call_command("partnership_retention")
    assert "Contact details removed from 1 session(s)" in capsys.readouterr().out
    call_command("partnership_retention")
    assert "Contact details removed from 0 session(s)" in capsys.readouterr().out
