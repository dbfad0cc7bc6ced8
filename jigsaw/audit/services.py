"""audit_record: the one function through which views, searches, exports and events are logged.

Changes to registered models are logged automatically by django-auditlog (same table).
Also break_glass_review, the reviewer's sign-off on an emergency access.
"""

from collections.abc import Iterable
from typing import Any

from auditlog.cid import get_cid
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from jigsaw.access.models import BreakGlass
from jigsaw.access.policy import Action, can
from jigsaw.core.exceptions import ApplicationError

from .context import current_remote_addr
from .models import AuditEntry, AuditKind, AuditSubject, action_for_kind


def audit_record(
    *,
    actor: Any,
    kind: AuditKind | str,
    obj: models.Model | None = None,
    model: type[models.Model] | None = None,
    purpose: str = "",
    details: dict | None = None,
    subject_person_id: int | None = None,
    also_about: Iterable[int] = (),
) -> AuditEntry:
    """Log who did what to which record (or what they searched for), when, from where, and why.

    `obj` is the record; without one, `model` says what kind of record (a search of
    people, say), and the user model is the fallback. Never put a password or other
    secret in `details`: the log keeps everything for years.

    Appends are serialised (one chain): on PostgreSQL the chain lock is held until the
    enclosing transaction commits, so call this late in a long service transaction.
    """
    kind = AuditKind(kind)  # an unknown kind is a programming error, not a new kind
    # obj._meta.model, not type(obj): request.user is a lazy wrapper around the real user.
    target_model = obj._meta.model if obj is not None else (model or get_user_model())
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry.objects.create(
        kind=kind,
        action=action_for_kind(kind),
        content_type=ContentType.objects.get_for_model(target_model),
        object_pk=str(obj.pk) if obj is not None else "",
        object_id=obj.pk if obj is not None and isinstance(obj.pk, int) else None,
        object_repr=str(obj) if obj is not None else "",
        actor=user,
        actor_email=getattr(user, "email", None) if user else None,
        purpose=purpose[:300],
        additional_data=details or None,
        subject_person_id=subject_person_id,
        remote_addr=current_remote_addr(),
        cid=get_cid(),
    )
    # People a search showed: so "who has seen this record" lists the search too.
    people = sorted({int(pid) for pid in also_about} - {subject_person_id})
    if people:
        AuditSubject.objects.bulk_create([AuditSubject(entry=entry, person_id=pid) for pid in people])
    return entry


@transaction.atomic
def break_glass_review(*, reviewer: Any, break_glass: BreakGlass, note: str) -> BreakGlass:
    """Record that a manager has looked at why someone broke the glass, and what they found."""
    if not can(reviewer, Action.REVIEW_BREAK_GLASS):
        raise PermissionDenied("You cannot review break-glass access")
    note = note.strip()
    if not note:
        raise ApplicationError("Enter what you found when you reviewed this access", field="note")
    # Locked so two reviewers at once cannot both sign it off.
    current = BreakGlass.objects.select_for_update().get(pk=break_glass.pk)
    if current.user_id == reviewer.pk:
        raise ApplicationError("You cannot review your own break-glass access", field="note")
    if current.reviewed_at is not None:
        raise ApplicationError(f"This access was already reviewed by {current.reviewed_by}", field="note")
    current.reviewed_by = reviewer
    current.reviewed_at = timezone.now()
    current.review_note = note
    current.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=reviewer,
        kind=AuditKind.UPDATE,
        obj=current,
        purpose="reviewed break-glass access",
        details={"break_glass": current.pk, "user": current.user_id, "review_note": note},
        subject_person_id=current.person_id,
    )
    return current
