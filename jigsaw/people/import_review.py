"""The import review list: values a legacy import set aside, for someone to check and resolve.

Who: the people who look after the index's data quality, the same roles that find and
merge duplicates (business support, team managers, the data protection officer:
`Action.FIND_DUPLICATES`). The import itself is run by the system administrator or the data
protection officer (`Action.IMPORT`), who has no view of people's records; the correction is
made on the person's record by someone who may change it (`Action.CHANGE`: business support,
team managers); the data protection officer may resolve a value without changing the record
(say, an NHS number that belongs to someone else). Each reviewer sees only the values of
people they may see: a restricted record's values are invisible to anyone outside its team.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.policy import Action, can
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .models import ImportSetAside, Person


def may_review_imports(user: Any) -> bool:
    return can(user, Action.FIND_DUPLICATES)


def import_set_aside_list(*, user: Any, resolved: bool = False) -> QuerySet[ImportSetAside]:
    """Values set aside by imports, of people this user may see: open ones (oldest first), or resolved."""
    if not may_review_imports(user):
        return ImportSetAside.objects.none()
    items = ImportSetAside.objects.filter(
        person__in=Person.objects.visible_to(user), resolved_at__isnull=not resolved
    ).select_related("person", "person__merged_into", "run", "resolved_by")
    return items.order_by("-resolved_at", "-pk") if resolved else items.order_by("created_at", "pk")


def import_set_aside_get(*, user: Any, item_id: int) -> ImportSetAside:
    """One value, open or resolved; 404 if the user may not see it (or its person)."""
    if not may_review_imports(user):
        raise PermissionDenied
    scope = ImportSetAside.objects.filter(person__in=Person.objects.visible_to(user)).select_related(
        "person", "run", "resolved_by"
    )
    item = scope.filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def record_kept(person: Person) -> Person:
    """The record to correct: a person merged since the import leads to the record that was kept."""
    while person.merged_into_id:
        person = person.merged_into
    return person


@transaction.atomic
def import_set_aside_resolve(*, user: Any, item: ImportSetAside, note: str) -> ImportSetAside:
    """Record that someone has dealt with a set-aside value (corrected the record, or found
    there was nothing to correct), and what they did."""
    if not may_review_imports(user):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ApplicationError("Enter what you did about this value", field="note")
    # Locked, so two people working through the list cannot both resolve the same value.
    current = ImportSetAside.objects.select_for_update().get(pk=item.pk)
    if current.resolved_at is not None:
        raise ApplicationError(
            f"This value was already resolved by {current.resolved_by} on {current.resolved_at:%-d %B %Y}",
            field="note",
        )
    current.resolved_by = user
    current.resolved_at = timezone.now()
    current.resolution = note
    current.save(update_fields=["resolved_by", "resolved_at", "resolution"])
    audit_record(
        actor=user,
        kind=AuditKind.UPDATE,
        obj=current,
        purpose="resolved a value set aside by an import",
        details={"field": current.field, "source": current.source, "source_id": current.source_id, "note": note},
        subject_person_id=current.person_id,
    )
    return current
