"""Minutes: drafted, approved by the chair and nobody else, circulated as a PDF to those who came."""

import io

import pytest
from pypdf import PdfReader

from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import MeetingStatus
from jigsaw.meetings.services import (
    Invitee,
    action_add,
    attendance_record,
    decision_record,
    meeting_invite,
    minutes_approve,
    minutes_circulate,
    minutes_draft,
    minutes_pdf,
    report_submit,
)

from .conftest import at

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def held(todays_meeting, worker, agencies):
    invitations = meeting_invite(
        actor=worker,
        meeting=todays_meeting,
        invitees=[
            Invitee(
                name="Tom Okafor", email="tom.okafor@council.example", agency=agencies["csc"], role="Social worker"
            ),
            Invitee(name="DC Sam Hollis", email="sam.hollis@police.example", agency=agencies["police"], role="Police"),
            Invitee(name="Jo Ames", email="jo.ames@health.example", agency=agencies["health"], role="Health visitor"),
            Invitee(name="Kim Lowe", email="kim.lowe@school.example", agency=agencies["school"], role="School"),
        ],
    )
    attendance_record(
        actor=worker,
        meeting=todays_meeting,
        attendance={
            invitations[0].pk: "attended",
            invitations[1].pk: "attended",
            invitations[2].pk: "apologies",
            invitations[3].pk: "absent",
        },
    )
    todays_meeting.refresh_from_db()
    return todays_meeting


def test_only_the_chair_approves_the_minutes(held, worker, chair):
    minutes_draft(actor=worker, meeting=held, text="Concerns were shared by police and health.", expected_version=0)
    with pytest.raises(ApplicationError, match="Only the chair, Priya Nair, can approve the minutes"):
        minutes_approve(actor=worker, meeting=held, expected_version=1)
    minutes = minutes_approve(actor=chair, meeting=held, expected_version=1)
    assert minutes.approved_by == chair and minutes.approved_at is not None
    with pytest.raises(ApplicationError, match="can no longer be changed"):
        minutes_draft(actor=worker, meeting=held, text="A quiet change after approval", expected_version=1)


def test_minutes_cannot_be_circulated_before_approval(held, worker):
    minutes_draft(actor=worker, meeting=held, text="Draft minutes", expected_version=0)
    with pytest.raises(ApplicationError, match="The chair must approve the minutes before they are circulated"):
        minutes_circulate(actor=worker, meeting=held)


def test_circulated_minutes_arrive_as_a_pdf_with_the_decisions(
    held, worker, chair, smtp_sink, django_capture_on_commit_callbacks
):
    assert held.status == MeetingStatus.HELD
    report_submit(actor=worker, meeting=held, text="Social work report: three home visits since referral.")
    decision_record(actor=worker, meeting=held, text="Section 47 enquiry to start today", code="section_47")
    action_add(
        actor=worker,
        meeting=held,
        description="Arrange a joint visit with police",
        owner=worker,
        due_on=at(2).date(),
    )
    minutes_draft(
        actor=worker, meeting=held, text="The chair summarised the concerns raised by the school.", expected_version=0
    )
    minutes_approve(actor=chair, meeting=held, expected_version=1)
    with django_capture_on_commit_callbacks(execute=True):
        minutes = minutes_circulate(actor=worker, meeting=held)
    assert minutes.circulated_at is not None

    # Attended or sent apologies: yes. Absent: no.
    assert {m["X-Envelope-To"] for m in smtp_sink.messages} == {
        "tom.okafor@council.example",
        "sam.hollis@police.example",
        "jo.ames@health.example",
    }
    message = smtp_sink.to("sam.hollis@police.example")[0]
    [pdf] = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    text = pdf_text(pdf.get_content())
    assert "Section 47 enquiry to start today" in text
    assert "Arrange a joint visit with police" in text
    assert "Tom Okafor" in text  # the action's owner
    assert "The chair summarised the concerns raised by the school." in text
    assert "Jo Ames" in text  # apologies are listed
    assert "Priya Nair" in text  # the chair

    with pytest.raises(ApplicationError, match="The minutes were circulated on"):
        minutes_circulate(actor=worker, meeting=held)


def test_minutes_pdf_is_tagged_and_has_the_meeting_details(held, worker):
    minutes_draft(actor=worker, meeting=held, text="Minutes text", expected_version=0)
    data = minutes_pdf(held)
    reader = PdfReader(io.BytesIO(data))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF (PDF/UA)
    text = pdf_text(data)
    assert "Strategy discussion" in text
    assert "DRAFT" in text.upper()
