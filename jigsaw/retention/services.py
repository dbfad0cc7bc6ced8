"""Retention writes: legal holds, the nightly disposal run, and the DPO's approval that disposes.

Nothing is destroyed by the run itself: it lists what is past its date in a batch awaiting the
data protection officer. On approval each listed person's case record is anonymised (names,
identifiers, addresses, contact details and free text removed; the rows themselves stay, so
last year's returns and dashboards count the same), except those under a legal hold.

The audit chain: audit entries refer to records by id and text, never by a foreign key that a
deletion would cascade into, and no audit entry is touched here, so `verify_audit` still
passes after a disposal. (Old audit snapshots keep their own retention class, "audit".)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from auditlog.context import disable_auditlog
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .finding import DISPOSED_NAME, person_links
from .models import BatchStatus, DisposalBatch, DisposalCertificate, DisposalItem, LegalHold
from .permissions import is_dpo
from .schedule import schedule

DISPOSED_TEXT = "Removed under the retention schedule"
# The person index's own detail rows: deleted outright (they are not counted anywhere).
PERSON_DETAIL_MODELS = (
    "people.PersonName",
    "people.PersonIdentifier",
    "people.Address",
    "people.ContactDetail",
    "people.ImportSetAside",
    "people.PersonSearchKey",
    "people.PersonMatchProfile",
)


def _require_dpo(user: Any) -> None:
    if not is_dpo(user):
        raise PermissionDenied("Only the data protection officer may do this")


@transaction.atomic
def legal_hold_set(*, actor: Any, person: Any, name: str, reason: str) -> LegalHold:
    """Keep a person's records past their date while an inquiry or litigation needs them."""
    _require_dpo(actor)
    name, reason = (name or "").strip(), (reason or "").strip()
    errors = []
    if not name:
        errors.append(ApplicationError("Enter the name of the hold, such as the inquiry or claim", field="name"))
    if not reason:
        errors.append(ApplicationError("Enter why the records must be kept", field="reason"))
    if errors:
        raise errors[0]
    hold = LegalHold.objects.create(name=name[:200], reason=reason, person=person, set_by=actor)
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=hold,
        purpose="set a legal hold",
        details={"hold": hold.pk, "name": hold.name},
        subject_person_id=person.pk,
    )
    return hold


@transaction.atomic
def legal_hold_release(*, actor: Any, hold: LegalHold) -> LegalHold:
    _require_dpo(actor)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise ApplicationError("This hold was already released")
    hold.released_by, hold.released_at = actor, timezone.now()
    hold.save(update_fields=["released_by", "released_at"])
    audit_record(
        actor=actor, kind=AuditKind.UPDATE, obj=hold, purpose="released a legal hold", subject_person_id=hold.person_id
    )
    return hold


def _active_hold(person_id: int) -> LegalHold | None:
    return LegalHold.objects.filter(person_id=person_id, released_at__isnull=True).order_by("set_at").first()


@transaction.atomic
def disposal_run(*, as_of: dt.date | None = None) -> DisposalBatch | None:
    """The nightly run: list for approval everyone whose records are past their date.

    Idempotent: people already in the batch awaiting approval, or already disposed, are not
    listed again; the batch awaiting approval grows rather than a second one being made.
    Returns the batch awaiting approval (None when nothing is due and none awaits).
    """
    from .finding import due_for_disposal

    as_of = as_of or timezone.localdate()
    batch = DisposalBatch.objects.select_for_update().filter(status=BatchStatus.AWAITING).first()
    listed = set(DisposalItem.objects.filter(disposed=True).values_list("person_id", flat=True))
    if batch is not None:
        listed |= set(batch.items.values_list("person_id", flat=True))
    due = due_for_disposal(as_of=as_of, exclude=listed)
    if not due:
        return batch
    if batch is None:
        batch = DisposalBatch.objects.create(found_on=as_of)
    holds = {
        h.person_id: h
        for h in LegalHold.objects.filter(person_id__in=[d.person_id for d in due], released_at__isnull=True)
    }
    DisposalItem.objects.bulk_create(
        [
            DisposalItem(
                batch=batch,
                person_id=d.person_id,
                record_classes=", ".join(sorted(d.classes))[:300],
                governing_class=d.governing_class,
                due_on=d.due_on,
                held_by=holds.get(d.person_id),
            )
            for d in due
        ]
    )
    audit_record(
        actor=None,
        kind=AuditKind.CREATE,
        obj=batch,
        purpose="listed records past their retention date for approval",
        details={"batch": batch.pk, "people": len(due), "held": len(holds)},
    )
    return batch


@transaction.atomic
def disposal_batch_approve(*, actor: Any, batch: DisposalBatch) -> list[DisposalCertificate]:
    """The DPO approves: every listed record not under a legal hold is disposed, and a
    certificate per record class says how many, when and on whose approval."""
    _require_dpo(actor)
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.AWAITING:
        raise ApplicationError("This batch has already been decided")
    now = timezone.now()
    periods = schedule()
    disposed: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for item in batch.items.select_for_update().order_by("pk"):
        hold = _active_hold(item.person_id)  # a hold set since the run counts too
        if hold is not None:
            if item.held_by_id != hold.pk:
                item.held_by = hold
                item.save(update_fields=["held_by"])
            held[item.governing_class] += 1
            continue
        person_anonymise(person_id=item.person_id)
        item.disposed = True
        item.save(update_fields=["disposed"])
        disposed[item.governing_class] += 1
    batch.status, batch.approved_by, batch.approved_at, batch.disposed_at = BatchStatus.DISPOSED, actor, now, now
    batch.save(update_fields=["status", "approved_by", "approved_at", "disposed_at"])
    certificates = [
        DisposalCertificate.objects.create(
            batch=batch,
            record_class=record_class,
            action=periods[record_class].action if record_class in periods else "anonymise",
            count=disposed[record_class],
            held_back=held[record_class],
            disposed_at=now,
            approved_by_name=str(actor),
        )
        for record_class in sorted(set(disposed) | set(held))
    ]
    audit_record(
        actor=actor,
        kind=AuditKind.DELETE,
        obj=batch,
        purpose="approved disposal under the retention schedule",
        details={"batch": batch.pk, "disposed": sum(disposed.values()), "held": sum(held.values())},
    )
    return certificates


@transaction.atomic
def disposal_batch_reject(*, actor: Any, batch: DisposalBatch, note: str) -> DisposalBatch:
    _require_dpo(actor)
    note = (note or "").strip()
    if not note:
        raise ApplicationError("Enter why the batch is not approved", field="note")
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.AWAITING:
        raise ApplicationError("This batch has already been decided")
    batch.status, batch.note = BatchStatus.REJECTED, note
    batch.save(update_fields=["status", "note"])
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=batch, purpose="did not approve disposal", details={})
    return batch


def _unique_together_fields(model: type[models.Model]) -> set[str]:
    names: set[str] = set()
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()) or ())
    return names


def _free_text(field: models.Field, unique_fields: set[str]) -> bool:
    """Words someone wrote (not codes: short fields and choices are what figures count by)."""
    if field.choices or field.primary_key or field.unique or field.name in unique_fields:
        return False
    if isinstance(field, (models.EmailField, models.SlugField, models.URLField)):
        return False
    if isinstance(field, models.TextField):
        return True
    return isinstance(field, models.CharField) and (field.max_length or 0) >= 100


def _blank_values(model: type[models.Model]) -> dict[str, Any]:
    """Each free-text column becomes a marker where it held something and stays empty where it
    was empty: so every rule a model has about a column being filled in (or not) still holds."""
    unique_fields = _unique_together_fields(model)
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if _free_text(f, unique_fields):
            marker = DISPOSED_TEXT[: f.max_length] if f.max_length else DISPOSED_TEXT
            values[f.name] = Case(When(**{f.name: ""}, then=Value("")), default=Value(marker), output_field=f)
    return values


def person_anonymise(*, person_id: int) -> None:
    """Remove what identifies the person and what was written about them; keep the rows that
    past figures count. Writes below go round the models' own refusal to change records
    (chronology entries are otherwise never changed): disposal is the one sanctioned exception,
    and it is audited once per batch by disposal_batch_approve, without the personal data."""
    import pgtrigger

    Person = apps.get_model("people", "Person")
    person = Person.objects.get(pk=person_id)
    with disable_auditlog(), pgtrigger.ignore("chronology.ChronologyEntry:chronology_entries_immutable"):
        for label in PERSON_DETAIL_MODELS:
            model = apps.get_model(label)
            rows = models.QuerySet(model).filter(person_id=person_id)
            rows._raw_delete(rows.db)
        for link in person_links():
            values = _blank_values(link.model)
            if values:
                models.QuerySet(link.model).filter(**{link.field: person_id}).update(**values)
        dob = person.date_of_birth.replace(day=1) if person.date_of_birth else None
        dod = person.date_of_death.replace(day=1) if person.date_of_death else None
        models.QuerySet(Person).filter(pk=person_id).update(
            given_names="",
            family_name=DISPOSED_NAME,
            preferred_name="",
            date_of_birth=dob,
            date_of_death=dod,
            expected_date_of_birth=None,
            gender="",
            first_language="",
            disability="",
            religion="",
            nhs_number="",
            upn="",
            school="",
            registered_gp="",
        )
