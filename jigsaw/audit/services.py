"""audit_record: the one function through which views, searches, exports and events are logged.

Changes to registered models are logged automatically by django-auditlog (same table).
"""

from typing import Any

from auditlog.cid import get_cid
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .context import current_remote_addr
from .models import AuditEntry, AuditKind


def audit_record(
    *,
    actor: Any,
    kind: AuditKind | str,
    obj: models.Model | None = None,
    model: type[models.Model] | None = None,
    purpose: str = "",
    details: dict | None = None,
    subject_person_id: int | None = None,
) -> AuditEntry:
    """Log who did what to which record (or what they searched for), when, from where, and why."""
    target_model = type(obj) if obj is not None else model
    if target_model is None:
        from django.contrib.auth import get_user_model

        target_model = get_user_model()
    content_type = ContentType.objects.get_for_model(target_model)
    pk = str(obj.pk) if obj is not None else ""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        kind=str(kind),
        action=AuditEntry.Action.ACCESS
        if kind in (AuditKind.VIEW, AuditKind.SEARCH, AuditKind.EXPORT)
        else AuditEntry.Action.UPDATE,
        content_type=content_type,
        object_pk=pk,
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
