"""The sections this app registers for a pack: the person record, the chronology, meetings,
and every service area's records (found from the record classes models declare)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.jinja2 import govuk_date
from jigsaw.meetings.models import MeetingSubject
from jigsaw.people.models import Person

from .models import Mention
from .sections import PackItem

RESTRICTED_APPS = frozenset({"allegations", "channel", "reviews"})
# Core apps that have their own section, or hold no record about the person as such.
NOT_AREA_RECORDS = frozenset(
    {
        "people",
        "chronology",
        "meetings",
        "audit",
        "auditlog",
        "notifications",
        "timescales",
        "access",
        "api",
        "retention",
        "subjectaccess",
        "records",  # the disclosure log: its own section
        "contenttypes",
    }
)


def _mentions(model: type[models.Model], ids: list[int]) -> dict[int, set[int]]:
    ct = ContentType.objects.get_for_model(model)
    found: dict[int, set[int]] = {}
    for object_id, mentioned in Mention.objects.filter(content_type=ct, object_id__in=ids).values_list(
        "object_id", "mentioned_id"
    ):
        found.setdefault(object_id, set()).add(mentioned)
    return found


def person_record(person: Person) -> list[PackItem]:
    lines = [
        f"Name: {person.display_name}",
        f"Council id: {person.council_id}",
        f"Date of birth: {govuk_date(person.date_of_birth) if person.date_of_birth else 'not recorded'}",
    ]
    for label, value in (
        ("NHS number", person.nhs_number),
        ("School or setting", person.school),
        ("Registered GP practice", person.registered_gp),
        ("First language", person.first_language),
        ("Religion", person.religion),
        ("Disability", person.disability),
    ):
        if value:
            lines.append(f"{label}: {value}")
    for name in person.other_names.all():
        lines.append(f"Other name ({name.get_kind_display()}): {name.given_names} {name.family_name}".strip())
    for address in person.addresses.all():
        parts = ", ".join(p for p in (address.line_1, address.line_2, address.town, address.postcode) if p)
        lines.append(f"Address: {parts}")
    for detail in person.contact_details.all():
        lines.append(f"{detail.get_kind_display()}: {detail.value}")
    mentioned: set[int] = set()
    for rel in person.relationships_from.select_related("to_person"):
        lines.append(f"{rel.get_kind_display()} of {rel.to_person.display_name}")
        mentioned.add(rel.to_person_id)
    for rel in person.relationships_to.select_related("from_person"):
        lines.append(f"{rel.from_person.display_name}: {rel.get_kind_display()}")
        mentioned.add(rel.from_person_id)
    return [PackItem("person:record", "Your record on the person index", None, "\n".join(lines), mentioned)]


def chronology(person: Person) -> list[PackItem]:
    entries = list(
        ChronologyEntry.objects.filter(person=person).select_related("source_agency").order_by("occurred_on", "pk")
    )
    links = _mentions(ChronologyEntry, [e.pk for e in entries])
    items = []
    for e in entries:
        corrected = " (later corrected)" if hasattr(e, "correction") and _has_correction(e) else ""
        agency = f" — {e.source_agency.name}" if e.source_agency_id else ""
        items.append(
            PackItem(
                f"chronology:{e.pk}",
                f"{e.kind_display}{agency}{corrected}",
                e.occurred_on,
                "\n\n".join(t for t in (e.summary, e.detail) if t),
                links.get(e.pk, set()),
                restricted=bool(e.restricted_area),
            )
        )
    return items


def _has_correction(entry: ChronologyEntry) -> bool:
    try:
        return entry.correction is not None
    except ChronologyEntry.correction.RelatedObjectDoesNotExist:
        return False


def meetings(person: Person) -> list[PackItem]:
    items = []
    subjects = MeetingSubject.objects.filter(person=person).select_related("meeting")
    for subject in subjects.order_by("meeting__starts_at"):
        meeting = subject.meeting
        others = set(meeting.subjects.exclude(person=person).values_list("person_id", flat=True))
        parts = [f"Meeting: {meeting.title}", f"Status: {meeting.get_status_display()}"]
        minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
        if minutes is not None and minutes.approved:
            parts.append("Minutes:\n" + minutes.text)
        for decision in meeting.decisions.all():
            parts.append(f"Decision: {decision}")
        items.append(
            PackItem(
                f"meeting:{meeting.pk}",
                meeting.get_kind_display(),
                timezone.localtime(meeting.starts_at).date(),
                "\n\n".join(parts),
                others,
                restricted=bool(meeting.restricted_area),
            )
        )
    return items


def _area_links() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label in NOT_AREA_RECORDS or not hasattr(model, "retention_class"):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Person:
                found.append((model, f.name))
    return found


def _texts(row: models.Model) -> list[str]:
    return [
        f"{str(f.verbose_name).capitalize()}: {getattr(row, f.name)}"
        for f in row._meta.concrete_fields
        if isinstance(f, models.TextField) and getattr(row, f.name)
    ]


def _row_text(row: models.Model) -> str:
    """The row's own words, and those of the record it belongs to (a contact's worries, for the
    child's link to that contact), one step up."""
    parts = _texts(row)
    for f in row._meta.concrete_fields:
        related = f.related_model if isinstance(f, models.ForeignKey) else None
        if related is None or related is Person or not hasattr(related, "retention_class"):
            continue
        if related._meta.app_label in NOT_AREA_RECORDS:
            continue
        parent = getattr(row, f.name)
        if parent is not None:
            parts += _texts(parent)
    return "\n".join(parts)


def _row_date(row: models.Model) -> Any:
    for f in row._meta.concrete_fields:
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField) and getattr(row, f.name):
            return getattr(row, f.name)
    for f in row._meta.concrete_fields:
        if isinstance(f, models.DateTimeField) and getattr(row, f.name):
            return timezone.localtime(getattr(row, f.name)).date()
    return None


def area_records(person: Person) -> list[PackItem]:
    items = []
    for model, fk in _area_links():
        rows = list(model._base_manager.filter(**{fk: person.pk}))
        if not rows:
            continue
        links = _mentions(model, [r.pk for r in rows])
        person_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model is Person
        ]
        area = apps.get_app_config(model._meta.app_label).verbose_name
        for row in rows:
            others = {getattr(row, a) for a in person_fields if getattr(row, a)} - {person.pk}
            restricted = model._meta.app_label in RESTRICTED_APPS or bool(getattr(row, "restricted_area", ""))
            items.append(
                PackItem(
                    f"{model._meta.label_lower}:{row.pk}",
                    f"{area}: {str(model._meta.verbose_name).capitalize()} — {row}",
                    _row_date(row),
                    _row_text(row),
                    links.get(row.pk, set()) | others,
                    restricted=restricted,
                )
            )
    return sorted(items, key=lambda i: (i.on is None, i.on or timezone.localdate(), i.key))


def disclosures(person: Person) -> list[PackItem]:
    """The disclosure log (jigsaw.records): what was shared about the person, with whom, when and why.
    A restricted area's disclosures are withheld until reviewed, like its other records."""
    from jigsaw.records.models import Disclosure

    items = []
    for d in Disclosure.objects.filter(person=person).order_by("occurred_at", "pk"):
        recipient = ", ".join(part for part in (d.recipient_name, d.recipient_agency) if part) or "a recipient"
        lines = [
            f"{d.what}, shared with {recipient} ({d.get_route_display().lower()}).",
            f"Purpose: {d.purpose}" if d.purpose else "",
            f"Lawful basis: {d.lawful_basis}" if d.lawful_basis else "",
        ]
        items.append(
            PackItem(
                f"disclosure:{d.pk}",
                f"Shared with {recipient}",
                timezone.localdate(d.occurred_at),
                "\n".join(line for line in lines if line),
                set(),
                restricted=bool(d.restricted_area),
            )
        )
    return items
