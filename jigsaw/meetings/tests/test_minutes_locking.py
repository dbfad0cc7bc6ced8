"""Lost updates: a save or an approval made from minutes someone has since changed is refused.

Two people open the minutes; the one who saves second is told, keeps what they typed and
loses nothing already saved. The chair approves the text they read, not a later one.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from markupsafe import escape as markup_escape  # as Jinja writes a page (an apostrophe is &#39;)

from jigsaw.access.choices import Role
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import MeetingKind, Minutes
from jigsaw.meetings.services import (
    meeting_convene,
    meeting_reschedule,
    meeting_subject_notes,
    minutes_approve,
    minutes_draft,
)
from jigsaw.people.tests.factories import PersonFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def _client_for(user) -> Client:
    """A browser of one's own, signed in (two-factor passed): two people at two desks."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.user = user
    return client


@pytest.fixture
def meeting_today(make_user, child):
    worker = _client_for(make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor"))
    chair = _client_for(make_user(Role.CP_CHAIR_IRO, full_name="Priya Nair"))
    meeting = meeting_convene(
        actor=worker.user,
        kind=MeetingKind.STRATEGY_DISCUSSION,
        title="Strategy discussion",
        starts_at=timezone.localtime().replace(hour=0, minute=5, second=0, microsecond=0),
        location="Civic Centre",
        chair=chair.user,
        subjects=[child],
    )
    return meeting, worker, chair


def _version_on(page: str) -> str:
    marker = 'name="version" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_save_over_someone_elses_newer_draft_is_refused_and_keeps_the_typed_text(meeting_today):
    meeting, worker, chair = meeting_today
    url = reverse("meetings:minutes", args=[meeting.pk])
    minutes_draft(actor=chair.user, meeting=meeting, text="The chair's first draft.", expected_version=0)

    # Both open the minutes page; the social worker saves first.
    chair_read = _version_on(chair.get(url).content.decode())
    worker_read = _version_on(worker.get(url).content.decode())
    saved = worker.post(url, {"action": "save", "text": "Police shared two call-outs.", "version": worker_read})
    assert saved.status_code == 302

    response = chair.post(url, {"action": "save", "text": "A careful rewrite by the chair.", "version": chair_read})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert markup_escape("Tom Okafor saved the minutes while you were writing") in page
    assert "A careful rewrite by the chair." in page  # what the chair typed is still in the box
    assert "Police shared two call-outs." in page  # and the minutes as they are now are shown beside it
    assert Minutes.objects.get(meeting=meeting).text == "Police shared two call-outs."


def test_a_first_draft_saved_while_someone_else_was_writing_one_is_not_overwritten(meeting_today):
    meeting, worker, chair = meeting_today
    url = reverse("meetings:minutes", args=[meeting.pk])
    assert _version_on(chair.get(url).content.decode()) == "0"
    worker.post(url, {"action": "save", "text": "Worker's notes.", "version": 0})
    page = chair.post(url, {"action": "save", "text": "Chair's notes.", "version": 0}).content.decode()
    assert "saved the minutes while you were writing" in page
    assert Minutes.objects.get(meeting=meeting).text == "Worker's notes."


def test_the_chair_cannot_approve_minutes_changed_since_they_read_them(meeting_today):
    meeting, worker, chair = meeting_today
    url = reverse("meetings:minutes", args=[meeting.pk])
    minutes_draft(actor=worker.user, meeting=meeting, text="What the chair read.", expected_version=0)
    chair_read = _version_on(chair.get(url).content.decode().split("Approve the minutes</h2>")[1])
    worker.post(url, {"action": "save", "text": "A later change.", "version": 1})

    page = chair.post(url, {"action": "approve", "version": chair_read}).content.decode()
    assert "Tom Okafor changed the minutes after you opened them" in page
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.approved_at is None

    # Having read them again, the chair approves what is there now.
    chair_read = _version_on(chair.get(url).content.decode().split("Approve the minutes</h2>")[1])
    assert chair.post(url, {"action": "approve", "version": chair_read}).status_code == 302
    minutes.refresh_from_db()
    assert minutes.approved_by == chair.user and minutes.text == "A later change."


def test_an_approval_without_the_version_read_is_refused(meeting_today):
    meeting, worker, chair = meeting_today
    minutes_draft(actor=worker.user, meeting=meeting, text="Minutes.", expected_version=0)
    page = chair.post(reverse("meetings:minutes", args=[meeting.pk]), {"action": "approve"}).content.decode()
    assert "This page is out of date" in page
    assert Minutes.objects.get(meeting=meeting).approved_at is None


def test_services_refuse_stale_minutes(meeting_today):
    meeting, worker, chair = meeting_today
    minutes_draft(actor=worker.user, meeting=meeting, text="First.", expected_version=0)
    minutes_draft(actor=worker.user, meeting=meeting, text="Second.", expected_version=1)
    with pytest.raises(ApplicationError, match="saved the minutes while you were writing"):
        minutes_draft(actor=worker.user, meeting=meeting, text="From the first.", expected_version=1)
    with pytest.raises(ApplicationError, match="changed the minutes after you opened them"):
        minutes_approve(actor=chair.user, meeting=meeting, expected_version=1)
    assert minutes_approve(actor=chair.user, meeting=meeting, expected_version=2).text == "Second."


def test_a_reschedule_from_an_old_page_is_refused(meeting_today):
    meeting, worker, _ = meeting_today
    meeting_reschedule(actor=worker.user, meeting=meeting, starts_at=at(3, 10), expected_version=1)
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        meeting_reschedule(actor=worker.user, meeting=meeting, starts_at=at(4, 10), expected_version=1)
    meeting.refresh_from_db()
    assert meeting.starts_at == at(3, 10)


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999999"])
def test_a_report_about_a_person_id_that_is_not_a_number_is_refused_plainly(make_user, value):
    a = PersonFactory(given_names="Amelia", family_name="Rowntree")
    b = PersonFactory(given_names="Leo", family_name="Marsh")
    unit = _client_for(make_user(Role.TEAM_MANAGER))
    meeting = meeting_convene(
        actor=unit.user, kind=MeetingKind.COMPLEX_STRATEGY, title="Operation Larch", starts_at=at(-1), subjects=[a, b]
    )
    response = unit.post(reverse("meetings:report-add", args=[meeting.pk]), {"text": "A report", "person": value})
    assert response.status_code == 200
    assert "Choose one of the options" in response.content.decode()
    assert not meeting.reports.exists()


def test_notes_about_a_person_saved_from_an_old_page_are_refused(meeting_today):
    meeting, worker, _ = meeting_today
    subject = meeting.subjects.get()
    url = reverse("meetings:subject-notes", args=[meeting.pk, subject.person_id])
    assert 'name="version" value="1"' in worker.get(url).content.decode()
    meeting_subject_notes(actor=worker.user, subject=subject, notes="Seen at school on Monday", expected_version=1)
    page = worker.post(url, {"notes": "Missed school all week", "version": 1}).content.decode()
    assert "Someone else changed this record" in page and "Missed school all week" in page
    subject.refresh_from_db()
    assert subject.notes == "Seen at school on Monday"
