"""Every meeting page, with data in it and with its form errors, passes axe-core (WCAG 2.2 AA)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory
from jigsaw.meetings.models import MeetingKind
from jigsaw.meetings.services import (
    Invitee,
    action_add,
    attendance_record,
    decision_record,
    meeting_convene,
    meeting_invite,
    meeting_subject_notes,
    minutes_draft,
    report_submit,
)
from jigsaw.people.tests.factories import PersonFactory


@pytest.mark.django_db(transaction=True)
def test_every_meeting_page_passes_axe(page, live_server, as_user, make_user, axe):
    url = live_server.url
    police = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    health = AgencyFactory(name="Northbridge Community Health", kind=AgencyKind.HEALTH)
    child = PersonFactory(given_names="Amelia", family_name="Rowntree", council_id="NB0000201")
    sibling = PersonFactory(given_names="Isla", family_name="Rowntree", council_id="NB0000202")
    chair = make_user(Role.CP_CHAIR_IRO, full_name="Priya Nair")
    worker = make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor")
    start = timezone.localtime().replace(hour=0, minute=5, second=0, microsecond=0)
    meeting = meeting_convene(
        actor=worker,
        kind=MeetingKind.COMPLEX_STRATEGY,
        title="Complex strategy meeting – Rowntree children",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        location="Room 2, Civic Centre",
        online_link="https://meet.council.example/abc",
        chair=chair,
        subjects=[child, sibling],
    )
    meeting_subject_notes(actor=worker, subject=meeting.subjects.first(), notes="Seen at the flat.\n\nSchool worried.")
    invitations = meeting_invite(
        actor=worker,
        meeting=meeting,
        invitees=[
            Invitee(name="DC Sam Hollis", email="sam@police.example", agency=police, role="Police"),
            Invitee(name="Jo Ames", email="jo@health.example", agency=health, role="Health visitor"),
            Invitee(name="Gemma Rowntree", email="", role="Parent"),
        ],
    )
    attendance_record(
        actor=worker, meeting=meeting, attendance={invitations[0].pk: "attended", invitations[1].pk: "apologies"}
    )
    report_submit(actor=worker, meeting=meeting, text="Social work report.\nThree visits.")
    decision_record(actor=worker, meeting=meeting, text="Section 47 enquiries for both children", dissent="None")
    action_add(actor=worker, meeting=meeting, description="Joint visit", owner=worker, due_on=timezone.localdate())
    minutes_draft(actor=worker, meeting=meeting, text="Police and health shared what they know.", expected_version=0)
    board = meeting_convene(
        actor=worker,
        kind=MeetingKind.BOARD,
        title="Partnership board",
        starts_at=start + dt.timedelta(days=7),
        location="Chamber",
    )
    m = meeting.pk

    def visit(path: str) -> None:
        response = page.goto(url + path)
        assert response is not None and response.status == 200, (
            f"{path} answered {response.status if response else None}"
        )
        axe(page)

    def submit(path: str, button: str) -> None:
        visit(path)
        page.get_by_role("button", name=button, exact=True).first.click()
        expect(page.get_by_text("There is a problem").first).to_be_visible(), f"no error summary on {path}"
        axe(page)

    as_user(page, worker)
    for path in (
        "/meetings/",
        "/meetings/convene/",
        f"/meetings/{m}/",
        f"/meetings/{board.pk}/",
        f"/meetings/{m}/invite/",
        f"/meetings/{m}/invitations/{invitations[2].pk}/reply/",
        f"/meetings/{m}/attendance/",
        f"/meetings/{m}/reports/add/",
        f"/meetings/{m}/minutes/",
        f"/meetings/{m}/decisions/add/",
        f"/meetings/{m}/actions/add/",
        f"/meetings/{board.pk}/reschedule/",
        f"/meetings/{board.pk}/cancel/",
        f"/meetings/{m}/people/add/",
        f"/meetings/{m}/people/{child.pk}/notes/",
    ):
        visit(path)
    assert page.request.get(f"{url}/meetings/{m}/minutes.pdf").headers["content-type"] == "application/pdf"

    # Forms with their errors.
    submit("/meetings/convene/", "Convene the meeting")
    visit("/meetings/convene/")
    page.get_by_label("Title").fill("Board")
    page.get_by_label("Start time").fill("2pm")
    page.get_by_label("End time (optional)").fill("1pm")
    page.get_by_label("Place", exact=True).fill("Chamber")
    day = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Kind of meeting").select_option("board")
    page.get_by_role("button", name="Convene the meeting").click()
    expect(page.get_by_text("The meeting must end after it starts").first).to_be_visible()
    axe(page)
    submit(f"/meetings/{m}/invite/", "Invite")
    submit(f"/meetings/{m}/invitations/{invitations[2].pk}/reply/", "Save reply")
    submit(f"/meetings/{m}/reports/add/", "Submit report")
    visit(f"/meetings/{m}/minutes/")
    page.get_by_label("Minutes").fill("")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    axe(page)
    submit(f"/meetings/{m}/decisions/add/", "Save decision")
    submit(f"/meetings/{m}/actions/add/", "Save action")
    visit(f"/meetings/{board.pk}/reschedule/")
    page.get_by_label("Start time").fill("25:00")
    page.get_by_role("button", name="Reschedule").click()
    expect(page.get_by_text("Start time must be a real time").first).to_be_visible()
    axe(page)
    submit(f"/meetings/{board.pk}/cancel/", "Cancel the meeting")
    submit(f"/meetings/{m}/people/add/", "Add")

    # The chair sees the approve button; approving, then circulating.
    as_user(page, chair)
    visit(f"/meetings/{m}/minutes/")
    page.get_by_role("button", name="Approve the minutes").click()
    axe(page)
    page.get_by_role("button", name="Circulate the minutes").click()
    expect(page.get_by_text("Minutes circulated").first).to_be_visible()
    axe(page)
