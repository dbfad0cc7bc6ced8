"""The partnership's own screens, by role, and the trainer's work on "My work"."""

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role

from .. import services
from ..choices import BookingStatus
from ..models import Booking, Course, DemandResponse, DemandSurvey, Session
from .conftest import booker

pytestmark = pytest.mark.django_db


def test_the_partnership_manager_adds_a_course_and_a_session(signed_in):
    client = signed_in(Role.PARTNERSHIP_MANAGER, full_name="Ruth Adeyemi")
    response = client.post(
        reverse("partnership:course-new"),
        {
            "title": "Domestic abuse and children",
            "learning_outcomes": "Recognise the effect on children",
            "audience": "Everyone",
            "level": "2",
            "format": "face_to_face",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    trainer = client.user
    bad = client.post(
        reverse("partnership:session-new", args=[course.pk]),
        {
            "day-day": "3",
            "day-month": "2",
            "day-year": "2099",
            "start_time": "2pm",
            "end_time": "1pm",
            "capacity": "20",
            "venue": "Civic Centre",
            "trainer": str(trainer.pk),
        },
    )
    assert bad.status_code == 200 and "The end time must be after the start time" in bad.text
    assert "Civic Centre" in bad.text  # what was typed is kept
    ok = client.post(
        reverse("partnership:session-new", args=[course.pk]),
        {
            "day-day": "3",
            "day-month": "2",
            "day-year": "2099",
            "start_time": "9:30am",
            "end_time": "12:30pm",
            "capacity": "20",
            "venue": "Civic Centre",
            "trainer": str(trainer.pk),
        },
    )
    session = Session.objects.get()
    assert ok.url == reverse("partnership:session", args=[session.pk])
    assert "Domestic abuse and children" in client.get(ok.url).text
    assert "Domestic abuse and children" in client.get(reverse("partnership:index")).text


def test_a_trainer_sees_only_their_sessions_and_marks_attendance(make_session, trainer, signed_in, manager):
    mine = make_session(days=-1)
    other = services.session_create(
        actor=manager,
        course=mine.course,
        starts_at=mine.starts_at,
        ends_at=mine.ends_at,
        capacity=5,
        venue="Elsewhere",
        external_provider="Safe Training Ltd",
    )
    came = Booking.objects.create(session=mine, status=BookingStatus.BOOKED, **booker(0))
    client = signed_in(Role.SOCIAL_WORKER)
    # Sign the trainer's own client in: a new user was made; make them the trainer instead.
    mine.trainer = client.user
    mine.save()
    index = client.get(reverse("partnership:index"))
    assert index.status_code == 200 and "Your training sessions" in index.text
    assert client.get(reverse("partnership:session", args=[other.pk])).status_code == 404
    page = client.get(reverse("partnership:session", args=[mine.pk]))
    assert "Kim Marsh" in page.text and "Who came?" in page.text
    response = client.post(reverse("partnership:session", args=[mine.pk]), {"attended": [str(came.pk)]})
    assert response.status_code == 302
    came.refresh_from_db()
    assert came.attended is True


def test_an_attendance_to_mark_is_on_the_trainers_my_work(make_session, signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    session = make_session(days=-2)
    session.trainer = client.user
    session.save()
    Booking.objects.create(session=session, status=BookingStatus.BOOKED, **booker(0))
    home = client.get(reverse("core:home"))
    assert "Mark attendance: Neglect: recognising it" in home.text
    assert reverse("partnership:session", args=[session.pk]) in home.text


def test_case_workers_who_train_nothing_cannot_open_the_partnership(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    assert client.get(reverse("partnership:index")).status_code == 403
    assert client.get(reverse("partnership:figures")).status_code == 403
    assert client.get(reverse("partnership:course-new")).status_code == 403


def test_figures_page_shows_take_up_by_sector(make_session, signed_in):
    session = make_session()
    services.booking_make(session=session, **booker(0))
    services.booking_make(session=session, **booker(2))
    client = signed_in(Role.PARTNERSHIP_MANAGER)
    page = client.get(reverse("partnership:figures"))
    assert "Take-up by sector" in page.text
    assert "Voluntary, community and faith sector" in page.text and "Education (schools and colleges)" in page.text


def test_demand_is_asked_by_link_and_counted_by_sector(make_session, signed_in, client):
    session = make_session()
    manager_client = signed_in(Role.PARTNERSHIP_MANAGER)
    response = manager_client.post(
        reverse("partnership:demand-new"),
        {"course": str(session.course.pk), "closes_on-day": "1", "closes_on-month": "1", "closes_on-year": "2099"},
    )
    survey = DemandSurvey.objects.get()
    assert response.url == reverse("partnership:demand", args=[survey.pk])
    manager_client.logout()
    link = reverse("partnership:demand-respond", args=[survey.token])
    for org, sector, day, evening in (
        ("Family Support", "voluntary", 0, 6),
        ("Youth Club", "voluntary", 1, 4),
        ("Riverside Primary", "education", 8, 0),
    ):
        client.post(
            link, {"organisation": org, "sector": sector, "weekday_daytime": day, "evening": evening, "weekend": 0}
        )
    assert DemandResponse.objects.count() == 3
    manager_client = signed_in(Role.PARTNERSHIP_MANAGER)
    page = manager_client.get(reverse("partnership:demand", args=[survey.pk]))
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "Voluntary, community and faith sector" in text
    from ..selectors import demand_by_sector

    table = dict(demand_by_sector(survey).rows)
    assert table["Voluntary, community and faith sector"]["evening"] == 10
    assert table["Education (schools and colleges)"]["weekday_daytime"] == 8


def test_the_public_pages_show_no_case_work_menu(client, make_session):
    make_session()
    page = client.get(reverse("partnership:training"))
    assert "Look up a person" not in page.text
    assert "Safeguarding children partnership" in page.text
