"""A meeting is held when the chair says it took place (with when), or attendance is recorded;
and a professional invited to a meeting opens that meeting, though not yet involved with the child."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Meeting, MeetingStatus
from jigsaw.meetings.selectors import meeting_papers
from jigsaw.meetings.services import (
    Invitee,
    decision_record,
    meeting_cancel,
    meeting_held,
    meeting_invite,
    report_submit,
)
from jigsaw.meetings.signals import meeting_held as held_signal
from jigsaw.notifications.models import Notification

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_nurse(make_user):
    """A partner the chair invites who has never been involved with the child."""
    return make_user(Role.PARTNER_PRACTITIONER, full_name="Nadia Brooks", email="nadia.brooks@health.example")


@pytest.fixture
def client_as(client):
    def _as(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return _as


# Held


def test_the_chair_records_when_the_meeting_actually_took_place(todays_meeting, worker, child):
    told = []
    held_signal.connect(lambda sender, meeting, **kw: told.append(meeting.pk), weak=False, dispatch_uid="t-held")
    try:
        # Earlier today, whenever the test runs (at 00:20 a fixed 00:40 would be in the future).
        now = timezone.localtime()
        took_place = max(now.replace(hour=0, minute=0, second=0, microsecond=0), now - dt.timedelta(minutes=30))
        took_place = took_place.replace(second=0, microsecond=0)
        meeting_held(actor=worker, meeting=todays_meeting, held_at=took_place)
    finally:
        held_signal.disconnect(dispatch_uid="t-held")
    todays_meeting.refresh_from_db()
    assert todays_meeting.status == MeetingStatus.HELD
    assert todays_meeting.held_at == took_place
    assert told == [todays_meeting.pk]
    assert ChronologyEntry.objects.filter(person=child, kind="meeting_held").count() == 1
    with pytest.raises(ApplicationError, match="already recorded as held"):
        meeting_held(actor=worker, meeting=todays_meeting, held_at=took_place)


def test_a_meeting_is_not_held_in_the_future_nor_when_cancelled(conference, worker):
    with pytest.raises(ApplicationError, match="must be in the past") as refused:
        meeting_held(actor=worker, meeting=conference, held_at=at(7, 10))
    assert refused.value.field == "held_at"
    meeting_cancel(actor=worker, meeting=conference, reason="The family moved away")
    with pytest.raises(ApplicationError, match="cancelled"):
        meeting_held(actor=worker, meeting=conference, held_at=at(-1, 10))


def test_only_someone_running_the_meeting_records_it_held(todays_meeting, police_officer):
    with pytest.raises(ApplicationError, match="cannot change this meeting"):
        meeting_held(actor=police_officer, meeting=todays_meeting, held_at=timezone.now())


def test_the_held_page_shows_errors_and_saves(todays_meeting, worker, client_as):
    client = client_as(worker)
    url = reverse("meetings:held", args=[todays_meeting.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.post(
        url, {"date-day": tomorrow.day, "date-month": tomorrow.month, "date-year": tomorrow.year, "start_time": "9am"}
    ).content.decode()
    assert "govuk-error-summary" in page and "must be in the past" in page
    today = timezone.localdate()
    response = client.post(
        url,
        {"date-day": today.day, "date-month": today.month, "date-year": today.year, "start_time": "12:05am"},
        follow=True,
    )
    page = response.content.decode()
    assert "Meeting recorded as held" in page
    assert "Took place" in page
    todays_meeting.refresh_from_db()
    assert timezone.localtime(todays_meeting.held_at).time() == dt.time(0, 5)


# Invitees


def test_a_professional_invited_but_not_involved_opens_the_meeting(conference, worker, child, school_nurse, client_as):
    meeting_invite(
        actor=worker,
        meeting=conference,
        invitees=[Invitee(name="Nadia Brooks", email="nadia.brooks@health.example", role="School nurse")],
    )
    client = client_as(school_nurse)
    page = client.get(reverse("meetings:detail", args=[conference.pk]))
    assert page.status_code == 200
    assert "Initial child protection conference" in page.content.decode()
    # Only the meeting: the child's record stays closed to her until she is involved.
    assert client.get(reverse("people:detail", args=[child.pk])).status_code == 404
    # She can send her report to the conference.
    report_submit(actor=school_nurse, meeting=conference, text="Attendance 71% this term; seen by the nurse twice.")


def test_what_the_meeting_holds_about_the_child_stays_with_those_who_may_see_the_child(
    todays_meeting, worker, child, school_nurse
):
    meeting_invite(
        actor=worker,
        meeting=todays_meeting,
        invitees=[Invitee(name="Nadia Brooks", email="nadia.brooks@health.example", role="School nurse")],
    )
    decision_record(actor=worker, meeting=todays_meeting, text="Section 47 enquiries to start", person=child)
    papers = meeting_papers(user=school_nurse, meeting=todays_meeting)
    assert papers.decisions == []
    assert papers.subjects == []
    assert papers.my_invitation is not None


def test_an_invited_user_is_told_with_a_link_to_the_meeting(conference, worker, school_nurse):
    meeting_invite(
        actor=worker,
        meeting=conference,
        invitees=[Invitee(name="Nadia Brooks", email="nadia.brooks@health.example", role="School nurse")],
    )
    (notice,) = Notification.objects.filter(recipient=school_nurse, kind="meeting_invitation")
    assert notice.url == reverse("meetings:detail", args=[conference.pk])
    assert html.unescape(notice.title).startswith("You are invited: Initial child protection conference")


def test_a_stranger_still_gets_404(conference, make_user, client_as):
    stranger = make_user(Role.PARTNER_PRACTITIONER, full_name="Alan Pike", email="alan.pike@police.example")
    assert client_as(stranger).get(reverse("meetings:detail", args=[conference.pk])).status_code == 404


# Clashes


def test_the_convene_screen_flags_a_clash_for_the_chair(conference, worker, chair, client_as):
    client = client_as(worker)
    day = timezone.localdate() + dt.timedelta(days=7)
    data = {
        "kind": "board",
        "title": "Safeguarding partnership board",
        "date-day": str(day.day),
        "date-month": str(day.month),
        "date-year": str(day.year),
        "start_time": "11:00",
        "location": "Civic Centre",
        "chair": str(chair.pk),
        "subjects": "",
    }
    page = html.unescape(client.post(reverse("meetings:convene"), data).content.decode())
    assert "Priya Nair is already chairing Initial child protection conference on" in page
    assert "from 10:00 to 12:00" in page
    assert Meeting.objects.filter(kind="board").count() == 0
    data["clash_seen"] = re.search(r'name="clash_seen" value="([^"]+)"', page).group(1)
    assert client.post(reverse("meetings:convene"), data).status_code == 302
    assert Meeting.objects.filter(kind="board").count() == 1


def test_an_invitation_never_opens_a_meeting_about_a_restricted_record(conference, worker, child, school_nurse):
    from jigsaw.meetings.selectors import meeting_list

    meeting_invite(
        actor=worker,
        meeting=conference,
        invitees=[Invitee(name="Nadia Brooks", email="nadia.brooks@health.example", role="School nurse")],
    )
    assert list(meeting_list(user=school_nurse)) == [conference]
    child.restricted_area = "lado"
    child.save()
    assert list(meeting_list(user=school_nurse)) == []
    assert list(meeting_list(user=worker)) == []  # the convener is outside the LADO team too
