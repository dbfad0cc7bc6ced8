"""Booking, waiting lists, cancellation, attendance, evaluation and certificates."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from jigsaw.core.exceptions import ApplicationError

from .. import services
from ..choices import BookingStatus, CourseFormat
from ..links import booking_path
from ..models import Booking, Evaluation
from .conftest import at, booker

pytestmark = pytest.mark.django_db(transaction=False)


def _calendar(message) -> Calendar:
    parts = [a for a in message.attachments if getattr(a, "get_content_type", lambda: "")() == "text/calendar"]
    assert parts, "no calendar invitation attached"
    return Calendar.from_ical(parts[0].get_content())


def test_a_booking_keeps_exactly_the_listed_items_and_sends_an_invitation(
    make_session, django_capture_on_commit_callbacks
):
    session = make_session()
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_make(session=session, **booker(0, requirements="Vegetarian lunch"))
    assert booking.status == BookingStatus.BOOKED
    assert booking.requirements == "Vegetarian lunch"
    assert booking.budget_code == ""  # no charge, so not kept
    [message] = mail.outbox
    assert message.to == ["kim0@agency.example"]
    assert "Booking confirmed" in message.subject
    assert booking_path(booking) in message.body
    cal = _calendar(message)
    assert cal["METHOD"] == "REQUEST"
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Neglect: recognising it"
    assert str(event["UID"]) == session.ical_uid
    assert str(event["LOCATION"]) == "Northbridge Civic Centre, Room 2"


def test_requirements_are_asked_only_for_face_to_face_courses(make_session):
    session = make_session(format=CourseFormat.E_LEARNING)
    booking = services.booking_make(session=session, **booker(0, requirements="Vegetarian lunch"))
    assert booking.requirements == ""


def test_a_charged_course_needs_a_budget_code(make_session):
    session = make_session(charge=True)
    with pytest.raises(ApplicationError) as refused:
        services.booking_make(session=session, **booker(0))
    assert refused.value.field == "budget_code"
    booking = services.booking_make(session=session, **booker(0, budget_code="PO-4471"))
    assert booking.budget_code == "PO-4471"


def test_the_same_email_cannot_book_twice(make_session):
    session = make_session()
    services.booking_make(session=session, **booker(0))
    with pytest.raises(ApplicationError) as refused:
        services.booking_make(session=session, **booker(0))
    assert refused.value.field == "email"


def test_a_full_session_puts_people_on_the_waiting_list_and_a_cancellation_gives_the_place_at_once(
    make_session, django_capture_on_commit_callbacks
):
    session = make_session(capacity=2)
    first = services.booking_make(session=session, **booker(0))
    services.booking_make(session=session, **booker(1))
    waiting = services.booking_make(session=session, **booker(2))
    later = services.booking_make(session=session, **booker(3))
    assert (waiting.status, later.status) == (BookingStatus.WAITING, BookingStatus.WAITING)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        given = services.booking_cancel(booking=first)
    assert given == waiting
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED and later.status == BookingStatus.WAITING
    by_to = {m.to[0]: m for m in mail.outbox}
    assert _calendar(by_to["kim0@agency.example"])["METHOD"] == "CANCEL"
    offer = by_to["pat2@agency.example"]
    assert "A place has become free" in offer.body
    assert _calendar(offer)["METHOD"] == "REQUEST"


def test_more_places_go_to_those_waiting(make_session, manager):
    session = make_session(capacity=1)
    services.booking_make(session=session, **booker(0))
    waiting = services.booking_make(session=session, **booker(1))
    services.session_capacity_change(actor=manager, session=session, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED


def test_a_session_that_has_started_cannot_be_booked(make_session):
    session = make_session(days=-1)
    with pytest.raises(ApplicationError):
        services.booking_make(session=session, **booker(0))


def test_only_the_trainer_or_the_manager_marks_attendance(make_session, trainer, make_user):
    session = make_session(days=-1)
    came = Booking.objects.create(session=session, status=BookingStatus.BOOKED, **booker(0))
    missed = Booking.objects.create(session=session, status=BookingStatus.BOOKED, **booker(1))
    with pytest.raises(PermissionDenied):
        services.attendance_mark(actor=make_user("social_worker"), session=session, attended_ids={came.pk})
    services.attendance_mark(actor=trainer, session=session, attended_ids={came.pk})
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)


def test_attendance_cannot_be_marked_before_the_session(make_session, trainer):
    session = make_session(days=3)
    with pytest.raises(ApplicationError):
        services.attendance_mark(actor=trainer, session=session, attended_ids=set())


def test_an_evaluation_is_anonymous_and_made_once_by_someone_who_came(make_session, trainer):
    session = make_session(days=-1)
    came = Booking.objects.create(session=session, status=BookingStatus.BOOKED, **booker(0))
    missed = Booking.objects.create(session=session, status=BookingStatus.BOOKED, **booker(1))
    services.attendance_mark(actor=trainer, session=session, attended_ids={came.pk})
    with pytest.raises(ApplicationError):
        services.evaluation_make(booking=missed, rating=4, confidence=4)
    evaluation = services.evaluation_make(booking=came, rating=5, confidence=4, comments="Clear and practical")
    assert not hasattr(evaluation, "booking")
    with pytest.raises(ApplicationError):
        services.evaluation_make(booking=came, rating=5, confidence=4)
    assert Evaluation.objects.count() == 1


# Through the pages, signed out: a professional has no Jigsaw account.


def test_a_professional_books_on_the_public_page_and_manages_it_by_the_signed_link(client, make_session):
    session = make_session()
    page = client.get(reverse("partnership:training"))
    assert page.status_code == 200 and "Neglect: recognising it" in page.text
    form = client.get(reverse("partnership:book", args=[session.pk]))
    assert "Dietary or other requirements" in form.text
    assert "Budget code" not in form.text  # no charge for this course
    response = client.post(
        reverse("partnership:book", args=[session.pk]), booker(0) | {"requirements": "Step-free access"}
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert response.url == booking_path(booking)
    mine = client.get(response.url)
    assert "Booking confirmed" in mine.text and "Step-free access" in mine.text
    cancel = client.post(reverse("partnership:booking-cancel", args=[response.url.split("/")[-2]]), {"confirm": "on"})
    assert cancel.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_bad_input_keeps_what_was_typed(client, make_session):
    session = make_session()
    response = client.post(reverse("partnership:book", args=[session.pk]), booker(0) | {"email": "not an email"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert "Riverside Primary School" in response.text
    assert not Booking.objects.exists()


def test_an_online_course_asks_no_requirements(client, make_session):
    session = make_session(format=CourseFormat.ONLINE)
    form = client.get(reverse("partnership:book", args=[session.pk]))
    assert "Dietary or other requirements" not in form.text


def test_a_changed_link_opens_nothing(client, make_session):
    session = make_session()
    booking = services.booking_make(session=session, **booker(0))
    token = booking_path(booking).split("/")[-2]
    assert client.get(reverse("partnership:booking", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("partnership:booking", args=["1"])).status_code == 404


def test_the_certificate_is_a_pdf_for_those_who_came(client, make_session, trainer):
    session = make_session(days=-1)
    came = Booking.objects.create(session=session, status=BookingStatus.BOOKED, **booker(0))
    token = booking_path(came).split("/")[-2]
    assert client.get(reverse("partnership:booking-certificate", args=[token])).status_code == 404
    services.attendance_mark(actor=trainer, session=session, attended_ids={came.pk})
    response = client.get(reverse("partnership:booking-certificate", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_evaluation_page_records_scores(client, make_session, trainer):
    session = make_session(days=-1)
    came = Booking.objects.create(session=session, status=BookingStatus.BOOKED, **booker(0))
    services.attendance_mark(actor=trainer, session=session, attended_ids={came.pk})
    token = booking_path(came).split("/")[-2]
    assert "Evaluate the course" in client.get(reverse("partnership:booking", args=[token])).text
    response = client.post(reverse("partnership:booking-evaluate", args=[token]), {"rating": "4", "confidence": "5"})
    assert response.status_code == 302
    e = Evaluation.objects.get()
    assert (e.rating, e.confidence) == (4, 5)


def test_session_times_are_in_the_invitation_in_london_time(make_session, django_capture_on_commit_callbacks):
    session = make_session()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_make(session=session, **booker(0))
    event = next(iter(_calendar(mail.outbox[0]).walk("VEVENT")))
    assert event.decoded("DTSTART").astimezone(dt.UTC) == at(14).astimezone(dt.UTC)
