"""Partnership reviews as documents: the rapid review report for the national Panel, and an
anonymised text for publication. Tagged, accessible PDF/UA-1 by WeasyPrint from Jinja2
templates, as the chronology and minutes PDFs; every download is audited as an export.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record

from .models import SeriousIncident
from .redaction import Result, Term, person_terms, redact
from .selectors import (
    incident_actions,
    incident_child_ids,
    incident_children,
    incident_findings,
    incident_meetings,
    incident_requests,
)


def _pdf(html: str) -> bytes:
    import weasyprint  # here: it takes a moment to load, and only this needs it

    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def rapid_review_pdf(*, user: Any, incident: SeriousIncident) -> bytes:
    """The rapid review report for the Panel: the facts, what the agencies said, the decision."""
    html = render_to_string(
        "reviews/rapid_review_pdf.html",
        {
            "i": incident,
            "children": incident_children(incident=incident),
            "requests": incident_requests(incident=incident),
            "meetings": incident_meetings(incident=incident),
            "facts": incident_findings(incident=incident, kind="fact"),
            "learning": incident_findings(incident=incident, kind="learning"),
            "actions": incident_actions(incident=incident),
            "council_name": settings.JIGSAW_COUNCIL_NAME,
            "produced_at": timezone.now(),
            "produced_by": user,
        },
    )
    data = _pdf(html)
    children = incident_child_ids(incident=incident)
    audit_record(
        actor=user,
        kind=AuditKind.EXPORT,
        obj=incident,
        purpose="exported the rapid review report as PDF",
        details={"format": "pdf"},
        subject_person_id=children[0] if children else None,
        also_about=children,
    )
    return data


def review_terms(*, incident: SeriousIncident) -> list[Term]:
    """What must not be published, from the review's own people records: each child ("Child A",
    "Child B"), their family (relationships in the person index: "Family member 1"...), and
    the professionals named in the case (allocated and involved workers, the agencies'
    contacts and whoever answered for them, the partnership's own staff: "Professional 1"...).
    Names, other names, dates of birth, NHS numbers, UPNs, council and other identifiers,
    addresses and schools."""
    from jigsaw.access.models import Involvement
    from jigsaw.people.models import Person, Relationship

    children = incident_children(incident=incident)
    ids = [c.pk for c in children]
    family_ids = set(Relationship.objects.filter(from_person_id__in=ids).values_list("to_person_id", flat=True)) | set(
        Relationship.objects.filter(to_person_id__in=ids).values_list("from_person_id", flat=True)
    )
    family = list(Person.objects.filter(pk__in=family_ids - set(ids)).order_by("pk"))
    terms: list[Term] = []
    for n, person in enumerate(children):
        terms += _person(person, f"Child {chr(ord('A') + n)}")
    for n, person in enumerate(family, start=1):
        terms += _person(person, f"Family member {n}")
    professionals: list[Any] = [incident.recorded_by]
    professionals += [i.user for i in Involvement.objects.filter(person_id__in=ids).select_related("user")]
    for request in incident_requests(incident=incident):
        professionals += [u for u in (request.contact, request.responded_by) if u is not None]
    seen: set[int] = set()
    number = 0
    for user in professionals:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        number += 1
        name = (user.full_name or "").strip()
        given, _, family_name = name.rpartition(" ")
        terms += person_terms(label=f"Professional {number}", given_names=given, family_name=family_name or name)
        if user.email:
            terms.append(Term(user.email, "[email address]", f"email of Professional {number}"))
    return terms


def _person(person: Any, label: str) -> list[Term]:
    addresses = [
        text
        for a in person.addresses.all()
        for text in (
            " ".join(p for p in (a.line_1, getattr(a, "line_2", "")) if p).strip(),
            a.line_1,
            a.postcode,
        )
        if text
    ]
    identifiers = [
        person.council_id,
        person.nhs_number,
        person.upn,
        *person.identifiers.values_list("value", flat=True),
    ]
    aliases = [" ".join(p for p in (o.given_names, o.family_name) if p) for o in person.other_names.all()] + (
        [person.preferred_name] if person.preferred_name else []
    )
    return person_terms(
        label=label,
        given_names=person.given_names,
        family_name=person.family_name,
        aliases=[a for a in aliases if a],
        date_of_birth=person.date_of_birth,
        identifiers=[i for i in identifiers if i],
        addresses=addresses,
        schools=[person.school] if person.school else [],
    )


def anonymise(*, incident: SeriousIncident, text: str) -> Result:
    """The text with the review's people and every UK identifier taken out: each redaction
    listed, for the reviewer to check in context before anything is published."""
    return redact(text, review_terms(incident=incident))


def published_pdf(*, title: str, text: str) -> bytes:
    """What is published: the anonymised text only (the redaction log is kept, not published)."""
    return _pdf(
        render_to_string(
            "reviews/published_pdf.html",
            {
                "title": title,
                "paragraphs": [p for p in text.split("\n\n") if p.strip()],
                "council_name": settings.JIGSAW_COUNCIL_NAME,
            },
        )
    )
