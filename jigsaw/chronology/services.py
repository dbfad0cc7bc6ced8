"""Every write to the chronology: one function per business action, in a transaction.

- chronology_record: called inside other apps' services when a significant event happens
  (a contact, a decision, a conference...). Idempotent per (source record, kind).
- partner_entry_add: a practitioner (partner agency or council) adds their own agency's entry.
- entry_correct: a correction supersedes an entry, with a reason; the original is kept.

Entries are never edited or deleted (the model and, on PostgreSQL, the database refuse it).
The audit log records each new entry with who added it (django-auditlog, see apps.py).
"""

import datetime as dt
import re
from typing import Any

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea
from jigsaw.access.policy import INVOLVEMENT_ROLES, Action, can
from jigsaw.audit.actor import records_actor
from jigsaw.core.exceptions import ApplicationError

from .choices import GENERIC_MEETING_KINDS, ChronologyKind, Significance
from .models import ChronologyEntry
from .selectors import entry_can_correct, entry_visible

SUMMARY_MAX = ChronologyEntry._meta.get_field("summary").max_length
DETAIL_MAX = 10_000
_KIND_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Before this, a date is a typing mistake (a year of 2O26 read as 206, say), not history.
EARLIEST = dt.date(1900, 1, 1)


def _check_event_date(occurred_on: Any, occurred_at: dt.datetime | None) -> tuple[dt.date, dt.datetime | None]:
    if isinstance(occurred_on, dt.datetime):
        # A time given where a date was asked for: keep both, the date as it was in the UK.
        occurred_at = occurred_at or occurred_on
        occurred_on = timezone.localdate(occurred_on) if timezone.is_aware(occurred_on) else occurred_on.date()
    if not isinstance(occurred_on, dt.date):
        raise ApplicationError("Enter the date of the event", field="occurred_on")
    today = timezone.localdate()
    if occurred_on > today:
        raise ApplicationError("The date of the event must be today or in the past", field="occurred_on")
    if occurred_on < EARLIEST:
        raise ApplicationError("The date of the event must be after 1900", field="occurred_on")
    if occurred_at is not None:
        if timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        if occurred_at > timezone.now():
            raise ApplicationError("The time of the event must be in the past", field="occurred_at")
        if timezone.localdate(occurred_at) != occurred_on:
            raise ApplicationError("The time of the event must be on the date of the event", field="occurred_at")
    return occurred_on, occurred_at


def _check_significance(significance: str) -> str:
    if significance not in Significance.values:
        raise ApplicationError(
            "Choose how significant the event is: low, standard, high or critical", field="significance"
        )
    return significance


def _check_summary(summary: str, *, field: str = "summary") -> str:
    summary = " ".join((summary or "").split())
    if not summary:
        raise ApplicationError("Enter a summary of what happened", field=field)
    if len(summary) > SUMMARY_MAX:
        raise ApplicationError(f"Summary must be {SUMMARY_MAX} characters or fewer", field=field)
    return summary


def _check_detail(detail: str) -> str:
    detail = (detail or "").strip()
    if len(detail) > DETAIL_MAX:
        raise ApplicationError(f"Details must be {DETAIL_MAX:,} characters or fewer", field="detail")
    return detail


@records_actor("recorded_by")
@transaction.atomic
def chronology_record(
    *,
    person: Any,
    occurred_on: dt.date,
    kind: str,
    summary: str,
    recorded_by: Any = None,
    source_agency: Any = None,
    significance: str = Significance.STANDARD,
    source: models.Model | None = None,
    restricted_area: str = RestrictedArea.NONE,
    detail: str = "",
    occurred_at: dt.datetime | None = None,
) -> ChronologyEntry:
    """Put an event in the person's chronology; called by other apps' services.

    Idempotent per (person, source, kind): recording the same event of the same record
    again returns the entry already there (a retried job or a re-saved form adds nothing),
    while one record about several children (a complex strategy meeting) gives each child
    their own entry.
    `recorded_by` is None for entries the system records itself. A summary longer than
    an entry holds is shortened, the full text kept as the detail.
    """
    if not _KIND_CODE.match(kind or ""):
        raise ApplicationError(
            f'"{kind}" is not a chronology kind: use a short code of lowercase letters, like "strategy_discussion"',
            field="kind",
        )
    _check_significance(significance)
    if restricted_area not in RestrictedArea.values:
        raise ApplicationError(f'"{restricted_area}" is not a restricted area', field="restricted_area")
    occurred_on, occurred_at = _check_event_date(occurred_on, occurred_at)
    text = " ".join((summary or "").split())
    if not text:
        raise ApplicationError("Enter a summary of what happened", field="summary")
    if len(text) > SUMMARY_MAX:
        detail = detail or text
        text = text[: SUMMARY_MAX - 1].rstrip() + "…"
    detail = (detail or "").strip()

    source_ct = source_id = None
    same_event = None
    if source is not None:
        if source.pk is None:
            raise ValueError("chronology_record: save the source record before recording its event")
        source_ct, source_id = ContentType.objects.get_for_model(source), source.pk
        existing = _entry_for_source(person, source_ct, source_id, kind)
        if existing is not None:
            return existing
        if kind in GENERIC_MEETING_KINDS and source._meta.label == MEETING_MODEL:
            already = _area_entry_for_meeting(person, source.pk)
            if already is not None:
                return already  # the area recorded this meeting in its own words first
        else:
            same_event = _generic_entry_for(person, source)

    entry = ChronologyEntry(
        person=person,
        occurred_on=occurred_on,
        occurred_at=occurred_at,
        kind=kind,
        summary=text,
        detail=detail,
        significance=significance,
        source_agency=source_agency,
        recorded_by=recorded_by,
        source_content_type=source_ct,
        source_object_id=source_id,
        restricted_area=restricted_area,
        same_event_as=same_event,
    )
    try:
        # A savepoint: if another transaction recorded the same event a moment ago, the
        # unique constraint stops a second entry and that one is returned instead.
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        existing = _entry_for_source(person, source_ct, source_id, kind) if source_ct else None
        if existing is None:
            raise
        return existing
    return entry


MEETING_MODEL = "meetings.Meeting"


def _records_of_meetings() -> list[type[models.Model]]:
    """The areas' records that stand for a meeting (a conference, a looked-after review, a MACE
    discussion...): models outside the meetings engine with a `meeting` link to a meeting."""
    found = []
    for model in django_apps.get_models():
        if model._meta.app_label == "meetings":
            continue
        try:
            field = model._meta.get_field("meeting")
        except FieldDoesNotExist:
            continue
        if field.is_relation and field.related_model and field.related_model._meta.label == MEETING_MODEL:
            found.append(model)
    return found


def _area_entry_for_meeting(person: Any, meeting_id: int) -> ChronologyEntry | None:
    """The person's entry recorded by the area that owns this meeting, if it has recorded one."""
    for model in _records_of_meetings():
        records = model.objects.filter(meeting_id=meeting_id).values("pk")
        entry = (
            ChronologyEntry.objects.current()
            .filter(
                person=person,
                source_content_type=ContentType.objects.get_for_model(model),
                source_object_id__in=records,
            )
            .order_by("pk")
            .first()
        )
        if entry is not None:
            return entry
    return None


def _generic_entry_for(person: Any, source: models.Model) -> ChronologyEntry | None:
    """The meetings engine's "Meeting held" for the meeting this area record stands for, not yet
    stood in for: the area's entry replaces it, so one meeting makes one entry."""
    if source._meta.app_label == "meetings":
        return None
    meeting_id = getattr(source, "meeting_id", None)
    if not meeting_id or source.__class__ not in _records_of_meetings():
        return None
    return (
        ChronologyEntry.objects.current()
        .filter(
            person=person,
            kind__in=GENERIC_MEETING_KINDS,
            source_content_type=ContentType.objects.get_by_natural_key(*MEETING_MODEL.lower().split(".")),
            source_object_id=meeting_id,
        )
        .first()
    )


def _entry_for_source(person: Any, source_ct: ContentType, source_id: int, kind: str) -> ChronologyEntry | None:
    return ChronologyEntry.objects.filter(
        person=person, source_content_type=source_ct, source_object_id=source_id, kind=kind, corrects__isnull=True
    ).first()


@records_actor()
@transaction.atomic
def partner_entry_add(
    *,
    actor: Any,
    person: Any,
    occurred_on: dt.date | None,
    summary: str,
    detail: str = "",
    significance: str = Significance.STANDARD,
) -> ChronologyEntry:
    """A practitioner adds their own agency's entry to a child's chronology.

    Anyone who may see the child may add one (a partner practitioner through their
    involvement); the entry is recorded for the actor's agency. A practitioner in a
    restricted team (LADO, Channel) adds entries that only their team sees.
    """
    if not can(actor, Action.VIEW, person):
        raise PermissionDenied("You cannot add to this person's chronology")
    if actor.agency_id is None:
        raise ApplicationError(
            "Your account is not linked to an agency, so your entry cannot say where it came from. "
            "Ask your administrator to add your agency"
        )
    if occurred_on is None:
        raise ApplicationError("Enter the date of the event", field="occurred_on")
    occurred_on, _ = _check_event_date(occurred_on, None)
    summary = _check_summary(summary)
    detail = _check_detail(detail)
    _check_significance(significance)
    kind = ChronologyKind.PARTNER_ENTRY if actor.role in INVOLVEMENT_ROLES else ChronologyKind.NOTE
    entry = ChronologyEntry.objects.create(
        person=person,
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        detail=detail,
        significance=significance,
        source_agency_id=actor.agency_id,
        recorded_by=actor,
        restricted_area=actor.restricted_area,
    )
    if kind == ChronologyKind.PARTNER_ENTRY and significance in (Significance.HIGH, Significance.CRITICAL):
        _tell_allocated_workers(entry=entry, actor=actor)
    return entry


def _tell_allocated_workers(*, entry: ChronologyEntry, actor: Any) -> None:
    """A partner's significant entry reaches the child's allocated workers (in Jigsaw and by email)."""
    from django.db.models import Q
    from django.urls import reverse

    from jigsaw.access.choices import InvolvementKind
    from jigsaw.access.models import Involvement
    from jigsaw.notifications.kinds import PARTNER_ENTRY
    from jigsaw.notifications.services import notify_many

    today = timezone.localdate()
    workers = [
        involvement.user
        for involvement in Involvement.objects.filter(person=entry.person, kind=InvolvementKind.ALLOCATED)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exclude(user=actor)
        .select_related("user")
    ]
    notify_many(
        recipients=workers,
        kind=PARTNER_ENTRY,
        title=f"{actor.agency} added a {entry.get_significance_display().lower()} significance entry "
        f"to {entry.person.display_name}'s chronology",
        url=reverse("chronology:chronology", args=[entry.person_id]),
        person=entry.person,
        restricted_area=entry.restricted_area,
        dedupe_key=f"partner-entry:{entry.pk}",
    )


@records_actor()
@transaction.atomic
def entry_correct(
    *, actor: Any, entry: ChronologyEntry, summary: str, reason: str, detail: str | None = None
) -> ChronologyEntry:
    """Supersede an entry with a corrected one. The original stays, shown as corrected,
    with who corrected it, when and why. `detail` None keeps the original's details."""
    if not entry_visible(actor, entry):
        raise PermissionDenied("You cannot see this entry")
    if not entry_can_correct(actor, entry):
        raise ApplicationError("Only the person or agency that recorded this entry can correct it")
    summary = _check_summary(summary)
    detail = entry.detail if detail is None else _check_detail(detail)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Explain why the entry needs correcting", field="reason")
    if len(reason) > 1000:
        raise ApplicationError("The reason must be 1,000 characters or fewer", field="reason")
    # Locked, so two people correcting the same entry at once cannot both supersede it.
    original = ChronologyEntry.objects.select_for_update().get(pk=entry.pk)
    if ChronologyEntry.objects.filter(corrects=original).exists():
        raise ApplicationError("This entry has already been corrected. Correct the latest version instead")
    if summary == original.summary and detail == original.detail:
        raise ApplicationError(
            "The corrected entry is the same as the original. Change the summary or the details", field="summary"
        )
    try:
        with transaction.atomic():
            return ChronologyEntry.objects.create(
                person_id=original.person_id,
                occurred_on=original.occurred_on,
                occurred_at=original.occurred_at,
                kind=original.kind,
                summary=summary,
                detail=detail,
                significance=original.significance,
                source_agency_id=original.source_agency_id,
                recorded_by=actor,
                source_content_type_id=original.source_content_type_id,
                source_object_id=original.source_object_id,
                restricted_area=original.restricted_area,
                corrects=original,
                correction_reason=reason,
            )
    except IntegrityError:
        raise ApplicationError("This entry has already been corrected. Correct the latest version instead") from None
