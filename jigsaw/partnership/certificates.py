"""A certificate of attendance as a tagged PDF (WeasyPrint, PDF/UA-1), as the meetings' minutes."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Booking


def certificate_html(booking: Booking) -> str:
    session = booking.session
    start = timezone.localtime(session.starts_at)
    hours = (session.ends_at - session.starts_at).total_seconds() / 3600
    return render_to_string(
        "partnership/certificate_pdf.html",
        {
            "b": booking,
            "course": session.course,
            "day": f"{start.day} {start:%B %Y}",
            "hours": f"{hours:g}",
            "trainer": session.trained_by,
            "council_name": settings.JIGSAW_COUNCIL_NAME,
        },
    )


def certificate_pdf(booking: Booking) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=certificate_html(booking)).write_pdf(pdf_variant="pdf/ua-1")
