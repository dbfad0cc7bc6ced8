"""The meeting screens: thin views over the services, GOV.UK errors that keep what was typed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.meetings.models import Invitation, Meeting, MeetingKind
from jigsaw.meetings.selectors import meetings_upcoming
from jigsaw.meetings.services import (
    Invitee,
    decision_record,
    meeting_convene,
    meeting_invite,
    meeting_subject_notes,
    minutes_draft,
)
from jigsaw.people.tests.factories import PersonFactory

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_client(signed_in):
    return signed_in(Role.SOCIAL_WORKER, full_name="Tom Okafor")


def meeting_for(user, child, chair=None, **kw):
    now = timezone.localtime()
    return meeting_convene(
        actor=user,
        kind=kw.pop("kind", MeetingKind.STRATEGY_DISCUSSION),
        title=kw.pop("title", "Strategy discussion"),
        starts_at=kw.pop("starts_at", now.replace(hour=0, minute=5, second=0, microsecond=0)),
        location="Civic Centre",
        chair=chair,
        subjects=[child],
        **kw,
    )


def test_the_meeting_page_shows_its_papers(worker_client, child, agencies):
    meeting = meeting_for(worker_client.user, child)
    meeting_invite(
        actor=worker_client.user,
        meeting=meeting,
        invitees=[Invitee(name="DC Sam Hollis", email="sam@police.example", agency=agencies["police"], role="Police")],
    )
    decision_record(actor=worker_client.user, meeting=meeting, text="Section 47 enquiry to start")
    page = worker_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Amelia Rowntree" in page and "DC Sam Hollis" in page and "Northbridge Police" in page
    assert "No reply yet" in page and "Not recorded" in page
    assert "Not quorate" in page and "Missing: Children&#39;s social care, Police, Health" in page
    assert "Section 47 enquiry to start" in page
    assert "govuk-task-list" in page
    assert "&lt;" not in page  # no markup shown as text
    assert AuditEntry.objects.filter(kind=AuditKind.VIEW, object_pk=str(meeting.pk), actor=worker_client.user).exists()


def test_my_meetings_lists_what_is_coming(worker_client, child):
    meeting_for(worker_client.user, child, title="Review conference", starts_at=at(5), kind=MeetingKind.RCPC)
    page = worker_client.get(reverse("meetings:list")).content.decode()
    assert "Review conference" in page


def test_a_user_who_cannot_see_the_child_gets_404(signed_in, make_user, child):
    meeting = meeting_for(make_user(Role.SOCIAL_WORKER), child)
    client = signed_in(Role.PARTNER_PRACTITIONER)
    for name in (
        "detail",
        "invite",
        "attendance",
        "minutes",
        "minutes-pdf",
        "report-add",
        "decision-add",
        "action-add",
    ):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404, name


def test_a_partner_can_see_and_report_but_not_run_the_meeting(signed_in, make_user, child):
    meeting = meeting_for(make_user(Role.SOCIAL_WORKER), child)
    client = signed_in(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=client.user, person=child, kind="invited")
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 403
    response = client.post(
        reverse("meetings:report-add", args=[meeting.pk]),
        {"text": "Police: two call-outs", "agency": client.user.agency_id},
    )
    assert response.status_code == 302
    assert meeting.reports.get().agency == client.user.agency


def test_convene_with_an_error_keeps_what_was_typed(worker_client, child):
    day = timezone.localdate() + dt.timedelta(days=7)
    form = {
        "kind": "board",
        "title": "Partnership board",
        "date-day": day.day,
        "date-month": day.month,
        "date-year": day.year,
        "start_time": "2pm",
        "end_time": "1:30pm",
        "location": "Council chamber",
        "subjects": "",
    }
    page = worker_client.post(reverse("meetings:convene"), form).content.decode()
    assert "There is a problem" in page
    assert "The meeting must end after it starts" in page
    assert 'href="#id_end_time"' in page
    assert 'value="Partnership board"' in page and 'value="Council chamber"' in page and 'value="2pm"' in page
    assert not Meeting.objects.exists()

    response = worker_client.post(
        reverse("meetings:convene"), {**form, "end_time": "16:00", "subjects": child.council_id}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:invite", args=[meeting.pk])
    assert meeting.starts_at == dt.datetime(day.year, day.month, day.day, 14, 0, tzinfo=at(0).tzinfo)
    assert [s.person for s in meeting.subjects.all()] == [child]


def test_convene_refuses_an_unknown_council_id(worker_client):
    day = timezone.localdate() + dt.timedelta(days=7)
    page = worker_client.post(
        reverse("meetings:convene"),
        {
            "kind": "icpc",
            "title": "Conference",
            "date-day": day.day,
            "date-month": day.month,
            "date-year": day.year,
            "start_time": "10:00",
            "location": "Room 2",
            "subjects": "NB9999999",
        },
    ).content.decode()
    assert "No person you can see has the council id NB9999999" in page


def test_invite_sends_the_invitation(worker_client, child, agencies, smtp_sink, django_capture_on_commit_callbacks):
    meeting = meeting_for(worker_client.user, child, starts_at=at(3))
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(
            reverse("meetings:invite", args=[meeting.pk]),
            {
                "name": "Jo Ames",
                "email": "jo.ames@health.example",
                "role": "Health visitor",
                "agency": agencies["health"].pk,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.name, invitation.agency, invitation.role) == ("Jo Ames", agencies["health"], "Health visitor")
    assert len(smtp_sink.to("jo.ames@health.example")) == 1

    page = worker_client.post(
        reverse("meetings:invite", args=[meeting.pk]), {"name": "Jo", "email": "jo@"}
    ).content.decode()
    assert "Enter an email address in the correct format" in page and 'value="jo@"' in page


def test_attendance_is_recorded_for_each_invitee(worker_client, child, agencies):
    meeting = meeting_for(worker_client.user, child)
    police, health = meeting_invite(
        actor=worker_client.user,
        meeting=meeting,
        invitees=[
            Invitee(name="DC Sam Hollis", email="sam@police.example", agency=agencies["police"]),
            Invitee(name="Jo Ames", email="jo@health.example", agency=agencies["health"]),
        ],
    )
    url = reverse("meetings:attendance", args=[meeting.pk])
    assert "DC Sam Hollis" in worker_client.get(url).content.decode()
    response = worker_client.post(url, {f"inv_{police.pk}": "attended", f"inv_{health.pk}": "apologies"})
    assert response.status_code == 302
    police.refresh_from_db(), health.refresh_from_db()
    assert (police.attendance, health.attendance) == ("attended", "apologies")
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_only_the_chair_approves_on_the_minutes_page(signed_in, make_user, child):
    chair = make_user(Role.CP_CHAIR_IRO, full_name="Priya Nair")
    client = signed_in(Role.SOCIAL_WORKER)
    meeting = meeting_for(client.user, child, chair=chair)
    url = reverse("meetings:minutes", args=[meeting.pk])

    page = client.post(url, {"action": "save", "text": ""}).content.decode()
    assert "Enter the minutes" in page
    client.post(url, {"action": "save", "text": "Police shared two call-outs.", "version": 0})
    page = client.post(url, {"action": "approve", "version": 1}).content.decode()
    assert "Only the chair, Priya Nair, can approve the minutes" in page
    assert "Approve the minutes</button>" not in page

    chair_client = signed_in(Role.CP_CHAIR_IRO)
    meeting.chair = chair_client.user
    meeting.save()
    assert "Approve the minutes" in chair_client.get(url).content.decode()
    chair_client.post(url, {"action": "approve", "version": 1})
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.approved_by == chair_client.user


def test_action_with_a_past_due_date_keeps_what_was_typed(worker_client, child):
    meeting = meeting_for(worker_client.user, child)
    past = timezone.localdate() - dt.timedelta(days=3)
    page = worker_client.post(
        reverse("meetings:action-add", args=[meeting.pk]),
        {
            "description": "Visit the family",
            "owner_name": "Jo Ames, health visitor",
            "due_on-day": past.day,
            "due_on-month": past.month,
            "due_on-year": past.year,
        },
    ).content.decode()
    assert "The due date must be today or in the future" in page
    assert 'href="#id_due_on-day"' in page
    assert "Visit the family" in page and 'value="Jo Ames, health visitor"' in page
    assert f'value="{past.year}"' in page


def test_action_is_added_and_marked_done(worker_client, child):
    meeting = meeting_for(worker_client.user, child)
    due = timezone.localdate() + dt.timedelta(days=3)
    worker_client.post(
        reverse("meetings:action-add", args=[meeting.pk]),
        {
            "description": "Visit the family",
            "owner": worker_client.user.pk,
            "due_on-day": due.day,
            "due_on-month": due.month,
            "due_on-year": due.year,
        },
    )
    action = meeting.actions.get()
    assert action.owner == worker_client.user and action.due_on == due
    worker_client.post(reverse("meetings:action-done", args=[meeting.pk, action.pk]))
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_minutes_pdf_download_is_audited_as_an_export(worker_client, child):
    meeting = meeting_for(worker_client.user, child)
    minutes_draft(actor=worker_client.user, meeting=meeting, text="Minutes", expected_version=0)
    response = worker_client.get(reverse("meetings:minutes-pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(kind=AuditKind.EXPORT, actor=worker_client.user)
    assert entry.subject_person_id == child.pk


def test_complex_meeting_page_shows_a_worker_only_their_childs_notes(signed_in, make_user):
    a = PersonFactory(given_names="Amelia", family_name="Rowntree")
    b = PersonFactory(given_names="Leo", family_name="Marsh")
    unit = make_user(Role.TEAM_MANAGER)
    meeting = meeting_convene(
        actor=unit, kind=MeetingKind.COMPLEX_STRATEGY, title="Operation Larch", starts_at=at(-1), subjects=[a, b]
    )
    sa, sb = meeting.subjects.order_by("pk")
    meeting_subject_notes(actor=unit, subject=sa, notes="Amelia was seen at the flat on Mill Lane.")
    meeting_subject_notes(actor=unit, subject=sb, notes="Leo disclosed to his teacher.")
    client = signed_in(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=client.user, person=a, kind="invited")
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Amelia was seen at the flat on Mill Lane." in page
    # (Whole phrases: the signed-in user's made-up name may well be "Leon Marshall".)
    assert "Leo disclosed to his teacher" not in page and "Leo Marsh" not in page
    pdf = client.get(reverse("meetings:minutes-pdf", args=[meeting.pk])).content
    import io

    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Amelia Rowntree" in text and "Leo Marsh" not in text


def test_reschedule_and_cancel_pages(worker_client, child):
    meeting = meeting_for(worker_client.user, child, starts_at=at(5, 10))
    day = at(6).date()
    response = worker_client.post(
        reverse("meetings:reschedule", args=[meeting.pk]),
        {
            "date-day": day.day,
            "date-month": day.month,
            "date-year": day.year,
            "start_time": "11:00",
            "end_time": "12:00",
            "location": "Room 3",
            "version": 1,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 1 and meeting.location == "Room 3"
    page = worker_client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""}).content.decode()
    assert "Enter why the meeting is cancelled" in page
    worker_client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Family moved away"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.ical_sequence == 2


def test_an_invited_user_replies_to_their_own_invitation(signed_in, make_user, child):
    meeting = meeting_for(make_user(Role.SOCIAL_WORKER), child, starts_at=at(4))
    client = signed_in(Role.PARTNER_PRACTITIONER, email="sam.hollis@police.example")
    InvolvementFactory(user=client.user, person=child, kind="invited")
    [invitation] = meeting_invite(
        actor=meeting.convened_by, meeting=meeting, invitees=[Invitee(name="Sam", email="sam.hollis@police.example")]
    )
    assert invitation.user == client.user
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "You are invited" in page
    url = reverse("meetings:reply", args=[meeting.pk, invitation.pk])
    assert "Choose accepted, tentative or declined" in client.post(url, {}).content.decode()
    client.post(url, {"reply": "tentative"})
    invitation.refresh_from_db()
    assert invitation.reply == "tentative"
    assert meeting in meetings_upcoming(user=client.user)
