"""The chronology as a PDF: a tagged, accessible PDF/UA-1 document made by WeasyPrint from a
Jinja2 template, with the same filters as the screen. Every download is audited as an export.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record

from .selectors import ChronologyFilters, chronology_agencies, chronology_for

EXPORT_PURPOSE = "exported chronology as PDF"


def chronology_pdf(
    *, user: Any, person: Any, filters: ChronologyFilters, agencies: list | None = None, purpose: str = EXPORT_PURPOSE
) -> bytes:
    """The child's chronology, as the user may see it and filtered as asked, as PDF bytes."""
    import weasyprint  # here: it takes a moment to load, and only this needs it

    entries = chronology_for(user=user, person=person, audit=False, **filters.as_kwargs())
    if agencies is None:
        agencies = chronology_agencies(user=user, person=person)
    agency_name = next((a.name for a in agencies if a.pk == filters.agency_id), None)
    html = render_to_string(
        "chronology/pdf.html",
        {
            "person": person,
            "entries": entries,
            "filters_applied": filters.describe(agency_name),
            "oldest_first": filters.oldest_first,
            "produced_at": timezone.now(),
            "produced_by": user,
        },
    )
    data = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    audit_record(
        actor=user,
        kind=AuditKind.EXPORT,
        obj=person,
        purpose=purpose,
        details={"filters": filters.audit_details(), "entries": [e.pk for e in entries], "format": "pdf"},
        subject_person_id=person.pk,
    )
    return data
