"""The audit log: one append-only, hash-chained table for every view, search, export and change.

Changes arrive through django-auditlog's signals (models registered in each app's
apps.py); views, searches, exports and other events through audit.services.audit_record.
Each entry's hash covers its content and the previous entry's hash, keyed with an HMAC
secret, so a row edited or removed in the database breaks the chain (verify_audit).
On PostgreSQL the database itself refuses UPDATE and DELETE on the table (pgtrigger).
"""

import hashlib
import hmac
import json

import pgtrigger
from auditlog.models import AbstractLogEntry
from django.conf import settings
from django.db import connection, models, transaction

GENESIS = "0" * 64


class AuditKind(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    MERGE = "merge", "Merged"
    BREAK_GLASS = "break_glass", "Break-glass access"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    TOKEN = "token", "API token issued or revoked"
    IMPORT = "import", "Imported"


_ACTION_KIND = {0: AuditKind.CREATE, 1: AuditKind.UPDATE, 2: AuditKind.DELETE, 3: AuditKind.VIEW}


class AuditEntry(AbstractLogEntry):
    kind = models.CharField(max_length=20, choices=AuditKind.choices, db_index=True)
    purpose = models.CharField(max_length=300, blank=True, help_text="Why: the reason given or the task in hand")
    # The person the entry is about, for "who has seen this record" (kept even if the row is a name or address).
    subject_person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        ordering = ["-sequence"]
        triggers = [
            pgtrigger.Protect(name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def hashed_content(self) -> str:
        content = {
            "sequence": self.sequence,
            "timestamp": self.timestamp.isoformat(),
            "actor_id": self.actor_id,
            "actor_email": self.actor_email,
            "kind": self.kind,
            "action": self.action,
            "content_type_id": self.content_type_id,
            "object_pk": self.object_pk,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "changes_text": self.changes_text,
            "serialized_data": self.serialized_data,
            "additional_data": self.additional_data,
            "purpose": self.purpose,
            "subject_person_id": self.subject_person_id,
            "remote_addr": self.remote_addr,
            "cid": self.cid,
        }
        return json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))

    def compute_hash(self) -> str:
        key = settings.JIGSAW_AUDIT_HMAC_KEY.encode()
        return hmac.new(key, (self.prev_hash + self.hashed_content()).encode(), hashlib.sha256).hexdigest()

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        if not self.kind:
            self.kind = _ACTION_KIND.get(self.action, AuditKind.VIEW)
        if self.subject_person_id is None:
            self.subject_person_id = _subject_person_id(self)
        with transaction.atomic():
            _lock_chain_head()
            last = AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
            self.sequence, self.prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
            # Round-trip the JSON fields so the hash is over what the database will give back.
            for field in ("changes", "serialized_data", "additional_data"):
                value = getattr(self, field)
                if value is not None:
                    setattr(self, field, json.loads(json.dumps(value, default=str)))
            self.entry_hash = self.compute_hash()
            super().save(*args, **kwargs)


def _lock_chain_head() -> None:
    """Serialise appends so two writers cannot fork the chain."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_203_417])
    # SQLite runs with transaction_mode IMMEDIATE: one writer at a time already.


def _subject_person_id(entry: AuditEntry) -> int | None:
    """For people-app rows, the person the row belongs to."""
    ct = entry.content_type
    if ct is None or ct.app_label != "people":
        return None
    if ct.model == "person":
        return int(entry.object_pk) if entry.object_pk and entry.object_pk.isdigit() else None
    data = entry.serialized_data or {}
    fields = data.get("fields", {}) if isinstance(data, dict) else {}
    for name in ("person", "from_person"):
        if fields.get(name) is not None:
            return int(fields[name])
    return None
