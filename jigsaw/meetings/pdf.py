"""The minutes as a real, tagged PDF (WeasyPrint, PDF/UA-1), from a Jinja2 template."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .ical import meeting_when
from .models import Attendance, Meeting, Minutes
from .selectors import meeting_papers


def minutes_html(meeting: Meeting, *, user: Any = None) -> str:
    """The minutes document. With a user, only what that user may see; without one (the
    copy circulated to those who were at the meeting), everything."""
    if user is not None:
        papers = meeting_papers(user=user, meeting=meeting)
    else:
        everyone = set(meeting.subjects.values_list("person_id", flat=True)) | {
            pid for pid in meeting.invitations.values_list("person_id", flat=True) if pid
        }
        papers = meeting_papers(user=None, meeting=meeting, visible_people=everyone)
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        minutes = None
    by_attendance: dict[str, list] = {a: [] for a in Attendance.values}
    for inv in papers.invitations:
        by_attendance[inv.attendance].append(inv)
    return render_to_string(
        "meetings/minutes_pdf.html",
        {
            "meeting": meeting,
            "when": meeting_when(meeting),
            "papers": papers,
            "minutes": minutes,
            "attended": by_attendance[Attendance.ATTENDED],
            "apologies": by_attendance[Attendance.APOLOGIES],
            "absent": by_attendance[Attendance.ABSENT],
            "council_name": settings.JIGSAW_COUNCIL_NAME,
            "produced_at": timezone.localtime(),
        },
    )


def minutes_pdf(meeting: Meeting, *, user: Any = None) -> bytes:
    """The minutes as an accessible (tagged) PDF."""
    import weasyprint

    return weasyprint.HTML(string=minutes_html(meeting, user=user)).write_pdf(pdf_variant="pdf/ua-1")
