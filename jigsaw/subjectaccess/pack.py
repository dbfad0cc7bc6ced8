"""Compile a subject access pack: every registered section, each item with its decision (the
reviewer's, or the default: redact when it names someone else, withhold when it comes from a
restricted area until reviewed), the words as they will be sent, and the log of what was
withheld or redacted and why. The PDF is made by WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.people.models import Person

from .mentions import Named, mentioned_in, names_of, redact, third_parties
from .models import Decision, Exemption, ItemDecision, SubjectAccessRequest
from .sections import PackItem, sections


@dataclass
class PackLine:
    number: int
    section: str
    item: PackItem
    decision: str
    exemption: str
    reason: str
    reviewed: bool  # a person decided (not the default)
    title: str  # as sent
    text: str  # as sent ("" when withheld)
    redactions: int

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label)

    @property
    def exemption_label(self) -> str:
        return str(Exemption(self.exemption).label) if self.exemption else ""


def _default(item: PackItem, named_here: set[int]) -> tuple[str, str, str]:
    if item.restricted:
        return Decision.WITHHOLD, Exemption.CRIME, "From a restricted record: withheld until the team reviews it"
    if named_here:
        count = len(named_here)
        return (
            Decision.REDACT,
            Exemption.THIRD_PARTY,
            f"Names {count} other {'person' if count == 1 else 'people'}, linked when it was written",
        )
    return Decision.RELEASE, Exemption.NONE, ""


def compile_pack(*, request: SubjectAccessRequest) -> list[PackLine]:
    subject = request.person
    network = {n.person_id: n for n in third_parties(subject)}
    items: list[tuple[str, PackItem]] = []
    for section in sections():
        items += [(section.title, item) for item in section.provider(subject)]
    # People linked to an item who are outside the network (another child at the same meeting).
    extra_ids = {pid for _, item in items for pid in item.mentioned} - set(network) - {subject.pk}
    for person in Person.objects.filter(pk__in=extra_ids):
        named = names_of(person, subject)
        if named.names:
            network[person.pk] = named
    everyone: list[Named] = list(network.values())
    decided = {d.item_key: d for d in ItemDecision.objects.filter(request=request)}
    lines = []
    for number, (section_title, item) in enumerate(items, start=1):
        # Linked when written, and checked again now (a name from before the links existed).
        named_here = (item.mentioned & set(network)) | mentioned_in([item.title, item.text], everyone)
        decision, exemption, reason = _default(item, named_here)
        reviewed = item.key in decided
        if reviewed:
            d = decided[item.key]
            decision, exemption, reason = d.decision, d.exemption, d.reason
        title, text, count = item.title, item.text, 0
        if decision == Decision.REDACT:
            title, n1 = redact(title, everyone)
            text, n2 = redact(text, everyone)
            count = n1 + n2
        elif decision == Decision.WITHHOLD:
            title, text = "Withheld", ""
        lines.append(PackLine(number, section_title, item, decision, exemption, reason, reviewed, title, text, count))
    return lines


def pack_pdf(*, user: Any, request: SubjectAccessRequest) -> bytes:
    import weasyprint  # here: it takes a moment to load, and only this needs it

    lines = compile_pack(request=request)
    html = render_to_string(
        "subjectaccess/pack.html",
        {
            "request": request,
            "person": request.person,
            "lines": lines,
            "log": [line for line in lines if line.decision != Decision.RELEASE],
            "produced_at": timezone.now(),
        },
    )
    data = weasyprint.HTML(string=html).write_pdf()
    audit_record(
        actor=user,
        kind=AuditKind.EXPORT,
        obj=request,
        purpose="made a subject access pack",
        details={
            "request": request.pk,
            "items": len(lines),
            "withheld": [line.item.key for line in lines if line.decision == Decision.WITHHOLD],
            "redacted": [line.item.key for line in lines if line.decision == Decision.REDACT],
        },
        subject_person_id=request.person_id,
    )
    return data
