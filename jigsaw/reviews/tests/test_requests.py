"""The rapid review's information requests: agencies found from Jigsaw's records, emailed
through the outbox, reminded before the due date, answered by the agency's contact, who
sees only their own request; late answers shown."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.reviews import services
from jigsaw.reviews.models import InformationRequest
from jigsaw.reviews.selectors import agencies_involved, request_scope
from jigsaw.timescales.calendar import add_working_days

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(make_user):
    agency = AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION)
    agency.email = "safeguarding@ferryroad.example"
    agency.save()
    return agency


@pytest.fixture
def teacher(make_user, school):
    return make_user(
        Role.PARTNER_PRACTITIONER,
        agency=school,
        team=TeamFactory(agency=school, name="Safeguarding"),
        full_name="Priya Desai",
        email="priya.desai@ferryroad.example",
    )


@pytest.fixture
def notified(incident, manager):
    return services.incident_notified(actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-9")


def ask(manager, incident, agencies, **overrides):
    values = {
        "due_on": add_working_days(TODAY, 5),
        "period_from": TODAY - dt.timedelta(days=365),
        "period_to": TODAY,
        "asks": ("chronology", "summary", "practitioners"),
    }
    values.update(overrides)
    return services.information_requests_make(actor=manager, incident=incident, agencies=agencies, **values)


def test_agencies_are_found_from_involvements_and_the_chronology(notified, child, school, teacher, social_worker):
    chronology_record(
        person=child,
        occurred_on=TODAY - dt.timedelta(days=30),
        kind="partner_note",
        summary="Came to school with a bruise on her arm.",
        recorded_by=teacher,
        source_agency=school,
    )
    found = {a.agency.name: a.how for a in agencies_involved(incident=notified)}
    assert found[school.name] == "wrote in the child's chronology"
    assert found[social_worker.agency.name].startswith("worked with the child (Child protection)")


def test_a_request_goes_to_the_agencys_contact_by_email_and_is_answered_once(
    notified, manager, school, teacher, smtp_sink
):
    (request,) = ask(manager, notified, [(school, "wrote in the child's chronology")])
    assert request.contact == teacher and request.email == teacher.email
    services.information_requests_send()
    request.refresh_from_db()
    assert request.sent_at is not None
    (message,) = smtp_sink.to(teacher.email)
    assert reverse("reviews:request", args=[request.pk]) in message.get_content()
    assert notified.children.get().person.family_name not in message.get_content()
    # The contact sees their own request only.
    assert list(request_scope(user=teacher)) == [request]
    with pytest.raises(ApplicationError) as refused:
        services.information_request_answer(actor=teacher, request=request, chronology="", summary="Known since 2024.")
    assert {e.field for e in refused.value.errors} == {"chronology", "practitioners"}
    done = services.information_request_answer(
        actor=teacher,
        request=request,
        chronology="3 November 2026: bruise seen, DSL told.",
        summary="Known since reception.",
        practitioners="Priya Desai, DSL",
    )
    assert not done.late(TODAY)
    with pytest.raises(ApplicationError, match="Already answered"):
        services.information_request_answer(actor=teacher, request=done, chronology="x", summary="y", practitioners="z")


def test_an_agency_is_asked_once(notified, manager, school):
    ask(manager, notified, [(school, "added by hand")])
    assert ask(manager, notified, [(school, "added by hand")]) == []


def test_reminders_go_once_before_the_due_date_and_late_answers_show(notified, manager, school, teacher, smtp_sink):
    (request,) = ask(manager, notified, [(school, "added by hand")], due_on=add_working_days(TODAY, 4))
    services.information_requests_send()
    assert services.request_reminders_send(today=TODAY) == 0  # not yet due within two working days
    two_before = add_working_days(TODAY, 2)
    assert services.request_reminders_send(today=two_before) == 1
    assert services.request_reminders_send(today=two_before) == 0
    assert any(m["Subject"].startswith("Reminder:") for m in smtp_sink.to(teacher.email))
    late_day = add_working_days(TODAY, 6)
    request.refresh_from_db()
    assert request.late(late_day)
    with time_machine.travel(at(late_day, 12), tick=False):
        done = services.information_request_answer(
            actor=teacher, request=request, chronology="a", summary="b", practitioners="c"
        )
    assert done.late(late_day)


def test_the_due_date_must_be_ahead_and_the_period_in_order(notified, manager, school):
    with pytest.raises(ApplicationError) as refused:
        ask(manager, notified, [(school, "x")], due_on=TODAY, period_from=TODAY, period_to=TODAY - dt.timedelta(days=1))
    assert {e.field for e in refused.value.errors} == {"due_on", "period_to"}


def test_the_contact_answers_on_their_screen_and_sees_nothing_else(
    client, notified, manager, school, teacher, smtp_sink
):
    from .test_views import _client_for

    (request,) = ask(manager, notified, [(school, "added by hand")])
    services.information_requests_send()
    c = _client_for(client, teacher)
    assert "Rapid review requests" in c.get("/").content.decode()
    page = c.get(reverse("reviews:request", args=[request.pk]))
    assert page.status_code == 200
    assert "Why your agency was asked" not in page.content.decode()
    assert c.get(reverse("reviews:incident", args=[notified.pk])).status_code == 404
    assert c.get(reverse("reviews:index")).status_code == 404
    sent = c.post(
        reverse("reviews:request", args=[request.pk]),
        {"chronology": "1 Nov: seen.", "summary": "Known.", "practitioners": "Priya Desai"},
    )
    assert sent.status_code == 302
    assert InformationRequest.objects.get().responded_by == teacher


def test_the_team_asks_from_the_incident_page(client, notified, manager, school, social_worker):
    from .test_views import _client_for

    council = social_worker.agency
    council.email = "csc.safeguarding@council.example"  # where a request goes with nobody named
    council.save()
    c = _client_for(client, manager)
    form = c.get(reverse("reviews:requests-new", args=[notified.pk]))
    assert form.status_code == 200
    body = form.content.decode()
    assert "worked with the child" in body
    due = add_working_days(TODAY, 3)
    posted = c.post(
        reverse("reviews:requests-new", args=[notified.pk]),
        {
            "agencies": [str(social_worker.agency.pk)],
            "other_agency": str(school.pk),
            "asks": ["chronology", "summary"],
            "period_from-day": "1",
            "period_from-month": "1",
            "period_from-year": "2026",
            "period_to-day": str(TODAY.day),
            "period_to-month": str(TODAY.month),
            "period_to-year": str(TODAY.year),
            "due_on-day": str(due.day),
            "due_on-month": str(due.month),
            "due_on-year": str(due.year),
        },
    )
    assert posted.status_code == 302
    asked = dict(InformationRequest.objects.values_list("agency__name", "found_from"))
    assert asked[school.name] == "added by hand"
    assert asked[social_worker.agency.name].startswith("worked with the child")
