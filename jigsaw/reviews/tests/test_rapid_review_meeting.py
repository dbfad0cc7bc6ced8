"""The rapid review meeting through the meetings engine, the facts and learning it records, and
its immediate actions: each owned, on the owner's "My work", notified, and marked done with a
note. Through Django's test client; outsiders see nothing (404)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from markupsafe import escape

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.meetings.models import MeetingStatus
from jigsaw.notifications.models import Notification
from jigsaw.reviews import services
from jigsaw.reviews.models import Finding, ImmediateAction
from jigsaw.timescales.calendar import add_working_days

from .conftest import TODAY, at
from .test_views import _client_for, _date

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
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


@pytest.fixture
def asked(notified, manager, school, teacher):
    made = services.information_requests_make(
        actor=manager,
        incident=notified,
        agencies=[(school, "wrote in the child's chronology")],
        due_on=add_working_days(TODAY, 5),
        period_from=TODAY - dt.timedelta(days=365),
        period_to=TODAY,
        asks=("chronology", "summary"),
    )
    request = made[0]
    request.contact = teacher
    request.sent_at = at(TODAY)
    request.save()
    return request


def _convene(c, incident, day=None):
    day = day or TODAY + dt.timedelta(days=7)
    return c.post(
        reverse("reviews:meeting-new", args=[incident.pk]),
        {
            **_date("starts_on", day),
            "start_time": "10:00",
            "location": "Northbridge Civic Centre, room 4",
            "online_link": "",
            "scrutineer_name": "Oluwaseun Hargreaves",
            "scrutineer_email": "scrutineer@partnership.example",
        },
    )


def test_the_meeting_is_convened_from_the_incident_inviting_partners_agencies_and_the_scrutineer(
    client, manager, notified, asked, teacher
):
    c = _client_for(client, manager)
    page = c.get(reverse("reviews:incident", args=[notified.pk]))
    assert "Convene the rapid review meeting" in page.content.decode()
    posted = _convene(c, notified)
    assert posted.status_code == 302
    link = notified.meetings.get()
    meeting = link.meeting
    assert meeting.restricted_area == "reviews"
    assert meeting.title == f"Rapid review meeting: {notified.reference}"
    invited = {i.email: i for i in meeting.invitations.all()}
    # The three lead partners (settings), the agency asked (its contact) and the scrutineer.
    assert {"dcs@council.example", "safeguarding@icb.example", "public.protection@police.example"} <= set(invited)
    assert invited["priya.desai@ferryroad.example"].user == teacher
    assert invited["scrutineer@partnership.example"].role == "Independent scrutineer"
    shown = c.get(reverse("reviews:incident", args=[notified.pk])).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in shown
    assert "Convened" in shown


def test_the_meeting_is_held_through_the_meetings_engine_and_the_incident_shows_it(
    client, manager, notified, asked, child
):
    c = _client_for(client, manager)
    _convene(c, notified, day=TODAY)
    meeting = notified.meetings.get().meeting
    # The meeting was at 10:00; it is now midday on the same day.
    held = c.post(reverse("meetings:held", args=[meeting.pk]), {**_date("date", TODAY), "start_time": "10:00"})
    assert held.status_code == 302
    assert held.url == reverse("meetings:detail", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert c.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    # In the child's chronology, for the partnership team only.
    from jigsaw.chronology.models import ChronologyEntry

    entry = ChronologyEntry.objects.get(person=child, kind="rapid_review_meeting")
    assert entry.restricted_area == "reviews" and entry.occurred_on == TODAY
    shown = c.get(reverse("reviews:incident", args=[notified.pk])).content.decode()
    assert "Held" in shown


def test_the_meeting_is_refused_before_the_notification(client, manager, incident):
    c = _client_for(client, manager)
    page = _convene(c, incident)
    assert page.status_code == 200
    assert "Record the notification to the Panel first" in page.content.decode()
    assert not incident.meetings.exists()


def test_bad_input_to_the_meeting_keeps_what_was_typed(client, manager, notified):
    c = _client_for(client, manager)
    page = c.post(
        reverse("reviews:meeting-new", args=[notified.pk]),
        {
            **_date("starts_on", TODAY),
            "start_time": "25:99",
            "scrutineer_name": "Oluwaseun Hargreaves",
            "scrutineer_email": "not an email",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Enter an email address in the correct format" in body
    assert "Oluwaseun Hargreaves" in body
    assert not notified.meetings.exists()


def test_an_invited_agency_contact_opens_the_meeting_and_nothing_else_of_the_review(
    client, manager, notified, asked, teacher
):
    _convene(_client_for(client, manager), notified)
    meeting = notified.meetings.get().meeting
    client.logout()
    c = _client_for(client, teacher)
    assert c.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert c.get(reverse("reviews:incident", args=[notified.pk])).status_code == 404
    assert c.get(reverse("reviews:meeting-new", args=[notified.pk])).status_code == 404


def test_outsiders_see_neither_the_meeting_nor_the_findings_nor_the_actions(
    client, manager, notified, social_worker, lead
):
    _convene(_client_for(client, manager), notified)
    meeting = notified.meetings.get().meeting
    action = services.immediate_action_add(
        actor=manager, incident=notified, action="Check the sibling is safe", owner=lead, due_on=TODAY
    )
    client.logout()
    c = _client_for(client, social_worker)
    for url in (
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("reviews:meeting-new", args=[notified.pk]),
        reverse("reviews:finding-new", args=[notified.pk, "fact"]),
        reverse("reviews:action-new", args=[notified.pk]),
        reverse("reviews:action", args=[action.pk]),
    ):
        assert c.get(url).status_code == 404, url
    assert c.post(reverse("reviews:action", args=[action.pk]), {"note": "x"}).status_code == 404
    assert "Check the sibling is safe" not in c.get("/").content.decode()


def test_facts_and_learning_are_recorded_and_shown(client, manager, notified):
    c = _client_for(client, manager)
    empty = c.post(reverse("reviews:finding-new", args=[notified.pk, "fact"]), {"text": "  "})
    assert empty.status_code == 200 and not Finding.objects.exists()
    for kind, text in (
        ("fact", "The child was seen by the health visitor 3 weeks before."),
        ("learning", "The school's concern was not shared with children's social care."),
    ):
        assert c.post(reverse("reviews:finding-new", args=[notified.pk, kind]), {"text": text}).status_code == 302
    assert c.get(reverse("reviews:finding-new", args=[notified.pk, "other"])).status_code == 404
    shown = c.get(reverse("reviews:incident", args=[notified.pk])).content.decode()
    assert str(escape("The school's concern was not shared with children's social care.")) in shown
    assert "The child was seen by the health visitor 3 weeks before." in shown
    assert set(Finding.objects.values_list("kind", flat=True)) == {"fact", "learning"}


def test_an_action_is_owned_notified_on_my_work_and_marked_done_with_a_note(client, manager, notified, teacher):
    c = _client_for(client, manager)
    due = TODAY + dt.timedelta(days=3)
    posted = c.post(
        reverse("reviews:action-new", args=[notified.pk]),
        {
            "action": "Visit the sibling at school and check she is safe",
            "owner": str(teacher.pk),
            **_date("due_on", due),
        },
    )
    assert posted.status_code == 302
    action = ImmediateAction.objects.get()
    assert action.owner == teacher and action.due_on == due
    told = Notification.objects.get(recipient=teacher)
    assert told.url == reverse("reviews:action", args=[action.pk])
    assert notified.reference in told.title
    client.logout()

    c = _client_for(client, teacher)
    work = c.get("/").content.decode()
    assert reverse("reviews:action", args=[action.pk]) in work
    assert "Immediate action for a child&#39;s safety" in work or "Immediate action for a child's safety" in work
    assert c.get(told.url).status_code == 200
    # The owner sees their action and nothing else of the review.
    assert c.get(reverse("reviews:incident", args=[notified.pk])).status_code == 404
    refused = c.post(told.url, {**_date("done_on", TODAY), "note": ""})
    assert refused.status_code == 200 and "Enter what was done" in refused.content.decode()
    done = c.post(told.url, {**_date("done_on", TODAY), "note": "Seen at school with her teacher; safe and well."})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY and action.done_by == teacher
    assert reverse("reviews:action", args=[action.pk]) not in c.get("/").content.decode()
    assert "Seen at school with her teacher" in c.get(told.url).content.decode()
    client.logout()

    shown = _client_for(client, manager).get(reverse("reviews:incident", args=[notified.pk])).content.decode()
    assert "Done" in shown


def test_an_action_needs_an_owner_and_a_due_date_not_in_the_past(client, manager, notified):
    c = _client_for(client, manager)
    page = c.post(
        reverse("reviews:action-new", args=[notified.pk]),
        {"action": "Strategy discussion for the sibling", "owner": "", **_date("due_on", TODAY - dt.timedelta(days=1))},
    )
    assert page.status_code == 200
    assert "Strategy discussion for the sibling" in page.content.decode()
    assert not ImmediateAction.objects.exists()


def test_someone_else_cannot_mark_an_action_done(manager, notified, teacher, social_worker):
    from jigsaw.core.exceptions import ApplicationError

    action = services.immediate_action_add(
        actor=manager, incident=notified, action="Check the sibling", owner=teacher, due_on=TODAY
    )
    with pytest.raises(ApplicationError):
        services.immediate_action_done(actor=social_worker, action=action, done_on=TODAY, note="Done")
    with pytest.raises(ApplicationError):
        services.immediate_action_add(actor=social_worker, incident=notified, action="x", owner=teacher, due_on=TODAY)


def test_a_late_action_shows_late_on_the_owners_my_work(client, manager, notified, lead):
    action = services.immediate_action_add(
        actor=manager, incident=notified, action="Check the sibling", owner=lead, due_on=TODAY
    )
    with time_machine.travel(at(TODAY + dt.timedelta(days=2)), tick=False):
        c = _client_for(client, lead)
        body = c.get(reverse("reviews:action", args=[action.pk])).content.decode()
        assert "Late" in body


def test_owners_are_reminded_before_the_due_date_and_chased_once_overdue(manager, notified, teacher, lead):
    due = add_working_days(TODAY, 1)
    action = services.immediate_action_add(
        actor=manager, incident=notified, action="Check the sibling", owner=teacher, due_on=due
    )
    later = services.immediate_action_add(
        actor=manager, incident=notified, action="Later", owner=lead, due_on=add_working_days(TODAY, 5)
    )
    assert services.immediate_action_reminders_send(today=TODAY) == 1
    assert services.immediate_action_reminders_send(today=TODAY) == 0  # once
    assert Notification.objects.filter(recipient=teacher, title__startswith="Reminder").count() == 1
    assert not Notification.objects.filter(recipient=lead, title__startswith="Reminder").exists()
    overdue_day = add_working_days(due, 1)
    assert services.immediate_action_reminders_send(today=overdue_day) == 1
    assert Notification.objects.filter(recipient=teacher, title__startswith="Overdue").count() == 1
    assert Notification.objects.filter(recipient=manager, title__contains="is overdue").count() == 1
    services.immediate_action_done(actor=teacher, action=action, done_on=TODAY, note="Seen; safe.")
    assert later.due_on > overdue_day
    assert services.immediate_action_reminders_send(today=add_working_days(overdue_day, 1)) == 0


def test_the_childs_social_worker_sees_no_trace_of_the_meeting_held_in_the_chronology(
    client, manager, notified, child, social_worker
):
    c = _client_for(client, manager)
    _convene(c, notified, day=TODAY)
    meeting = notified.meetings.get().meeting
    c.post(reverse("meetings:held", args=[meeting.pk]), {**_date("date", TODAY), "start_time": "10:00"})
    client.logout()
    c = _client_for(client, social_worker)
    page = c.get(reverse("chronology:chronology", args=[child.pk]))
    assert page.status_code == 200  # her own child's chronology
    body = page.content.decode()
    assert "Rapid review" not in body and notified.reference not in body
    assert c.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_the_partnership_team_tracks_open_actions_on_the_areas_page(client, manager, notified, teacher):
    open_one = services.immediate_action_add(
        actor=manager, incident=notified, action="Check the sibling is safe", owner=teacher, due_on=TODAY
    )
    done = services.immediate_action_add(
        actor=manager, incident=notified, action="Tell the GP practice", owner=teacher, due_on=TODAY
    )
    services.immediate_action_done(actor=teacher, action=done, done_on=TODAY, note="Told by phone.")
    body = _client_for(client, manager).get(reverse("reviews:index")).content.decode()
    assert reverse("reviews:action", args=[open_one.pk]) in body
    assert reverse("reviews:action", args=[done.pk]) not in body
