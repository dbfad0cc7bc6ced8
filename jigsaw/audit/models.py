"""The audit log: one append-only, hash-chained table for every view, search, export and change.

Changes arrive through django-auditlog's signals (models registered in each app's
apps.py); views, searches, exports and other events through audit.services.audit_record.
Each entry's hash covers its content and the previous entry's hash, keyed with an HMAC
secret, so a row edited or removed in the database breaks the chain (manage.py verify_audit),
and the newest head is written out of the database on a schedule (anchor.py), so a log cut
short or emptied fails verification too. On PostgreSQL the database itself refuses UPDATE,
DELETE and TRUNCATE on the table (pgtrigger), and the application connects as a role that
does not own it and may only INSERT and SELECT (roles.py, manage.py db_roles).
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pgtrigger
from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction

GENESIS = "0" * 64
# Any fixed number: the key of the PostgreSQL advisory lock that serialises appends.
CHAIN_LOCK_KEY = 7_203_417

# Every column an entry's hash covers (all but id and the chain columns themselves).
HASHED_FIELDS = (
    "sequence",
    "timestamp",
    "actor_id",
    "actor_email",
    "kind",
    "action",
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "changes",
    "changes_text",
    "serialized_data",
    "additional_data",
    "purpose",
    "subject_person_id",
    "remote_addr",
    "remote_port",
    "cid",
)
_JSON_FIELDS = ("changes", "serialized_data", "additional_data")


class RefuseTruncate(pgtrigger.Trigger):
    """TRUNCATE empties a table without firing its row triggers: refuse it outright.

    A statement-level trigger, as PostgreSQL only has those for TRUNCATE. It stops a slip by the
    table's owner; the application role is kept out by privileges (it has no TRUNCATE at all).
    """

    level = pgtrigger.Statement
    when = pgtrigger.Before
    operation = pgtrigger.Truncate
    func = "RAISE EXCEPTION 'pgtrigger: Cannot truncate the % table: audit entries are append-only', TG_TABLE_NAME;"


# The two triggers above by their pgtrigger URIs, for the few places allowed to set them aside.
TRUNCATE_TRIGGERS = ("audit.AuditEntry:audit_no_truncate", "audit.AuditSubject:audit_subject_no_truncate")


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


class AppendOnlyError(RuntimeError):
    """Audit entries are never changed or removed, whatever the database allows."""

    def __init__(self) -> None:
        super().__init__("Audit entries are append-only")


# auditlog's numeric action for each kind (auditlog's own screens and queries use it).
KIND_ACTION = {
    AuditKind.CREATE: AbstractLogEntry.Action.CREATE,
    AuditKind.UPDATE: AbstractLogEntry.Action.UPDATE,
    AuditKind.DELETE: AbstractLogEntry.Action.DELETE,
    AuditKind.MERGE: AbstractLogEntry.Action.UPDATE,
    AuditKind.IMPORT: AbstractLogEntry.Action.CREATE,
    AuditKind.TOKEN: AbstractLogEntry.Action.UPDATE,
}
_ACTION_KIND = {
    AbstractLogEntry.Action.CREATE: AuditKind.CREATE,
    AbstractLogEntry.Action.UPDATE: AuditKind.UPDATE,
    AbstractLogEntry.Action.DELETE: AuditKind.DELETE,
    AbstractLogEntry.Action.ACCESS: AuditKind.VIEW,
}


def action_for_kind(kind: str) -> int:
    return KIND_ACTION.get(AuditKind(kind), AbstractLogEntry.Action.ACCESS)


class AuditEntryQuerySet(models.QuerySet):
    """Refuses the bulk paths that would skip the chain (or rewrite it) at the ORM level."""

    def visible_to(self, user: Any) -> "AuditEntryQuerySet":
        """The entries this user may know about (audit.selectors.hidden_audit_entries decides).
        A list shown to a user goes through audit.selectors.audit_entries_visible, which also
        checks the people each entry's snapshot names."""
        from .selectors import hidden_audit_entries

        return self.exclude(hidden_audit_entries(user))

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError

    def bulk_create(self, *args: Any, **kwargs: Any) -> list:
        # Rows inserted in bulk would have no sequence or hash; append them one by one.
        raise AppendOnlyError


class AuditEntry(AbstractLogEntry):
    kind = models.CharField(max_length=20, choices=AuditKind.choices, db_index=True)
    purpose = models.CharField(max_length=300, blank=True, help_text="Why: the reason given or the task in hand")
    # The person the entry is about, for "who has seen this record" (kept even if the row is a name or address).
    subject_person_id = models.BigIntegerField(null=True, blank=True)
    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    # auditlog's defaults would cascade-delete entries with their content type, and null
    # the actor of every entry when a user is deleted; both rewrite history. Users who
    # have done anything are deactivated, not deleted.
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+", verbose_name="content type"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name="actor",
    )

    objects = LogEntryManager.from_queryset(AuditEntryQuerySet)()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        ordering = ["-sequence"]
        indexes = [
            # "Who has seen this record": one person's entries, newest first.
            models.Index(fields=["subject_person_id", "-sequence"], name="audit_subject_sequence"),
        ]
        triggers = [
            pgtrigger.Protect(name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            RefuseTruncate(name="audit_no_truncate"),
        ]

    def hashed_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HASHED_FIELDS}

    def compute_hash(self) -> str:
        return chain_hash(self.prev_hash, self.hashed_values())

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # The chain lock is held until this (or the enclosing) transaction commits.
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError

    def _do_insert(self, manager, using, fields, returning_fields, raw):  # type: ignore[override]
        # Chained here, not in save(): auditlog fills in actor, remote address and port in
        # a pre_save receiver, which runs after save() but before this insert. Hashing any
        # earlier would leave those columns outside the hash (and break verification).
        self._append_to_chain(using)
        return super()._do_insert(manager, using, fields, returning_fields, raw)

    def _append_to_chain(self, using: str) -> None:
        if not self.kind:
            self.kind = _ACTION_KIND.get(self.action, AuditKind.VIEW)
        self._normalise()
        if self.subject_person_id is None:
            self.subject_person_id = _subject_person_id(self)
        _lock_chain_head(using)
        last = AuditEntry.objects.using(using).order_by("-sequence").values_list("sequence", "entry_hash").first()
        self.sequence, self.prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        self.entry_hash = self.compute_hash()

    def _normalise(self) -> None:
        """Make every hashed value what the database will give back, so verification can recompute it."""
        # Request headers reach these (X-Forwarded-For, X-Forwarded-Port, the correlation id):
        # a malformed value is dropped rather than failing the audited action.
        self.remote_addr = _clean_ip(self.remote_addr)
        if not (isinstance(self.remote_port, int) and 0 <= self.remote_port <= 65535):
            self.remote_port = None
        if self.cid is not None:
            self.cid = str(self.cid)[:255]
        for name in _JSON_FIELDS:
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, json.loads(json.dumps(value, default=str)))
        # Python values as the database returns them (auditlog passes object_pk as an int).
        by_attname = {f.attname: f for f in self._meta.concrete_fields}
        for name in HASHED_FIELDS:
            value = getattr(self, name)
            if name not in _JSON_FIELDS and name != "remote_addr" and value is not None:
                setattr(self, name, by_attname[name].to_python(value))


class AuditSubject(models.Model):
    """The other people an entry is about: everyone a search showed, so that "who has seen this
    record" includes the searches in which the person appeared. Derived from the entry's own
    (hash-chained) details; an index, not a second source of truth."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="subjects")
    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "person_id"], name="audit_subject_once")]
        triggers = [
            pgtrigger.Protect(name="audit_subject_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            RefuseTruncate(name="audit_subject_no_truncate"),
        ]

    def __str__(self) -> str:
        return f"entry {self.entry_id} about person {self.person_id}"


def chain_hash(prev_hash: str, values: Mapping[str, Any], key: bytes | None = None) -> str:
    """HMAC-SHA256 over the previous entry's hash and this entry's content.

    `values` is a mapping of HASHED_FIELDS, from a model instance or from .values():
    both must give the same text, so the timestamp is written in UTC and JSON is sorted.
    """
    content = {name: values[name] for name in HASHED_FIELDS}
    stamp = content["timestamp"]
    if isinstance(stamp, datetime):
        content["timestamp"] = stamp.astimezone(UTC).isoformat()
    payload = json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))
    if key is None:
        key = hmac_key()
    return hmac.new(key, (prev_hash + payload).encode(), hashlib.sha256).hexdigest()


def hmac_key() -> bytes:
    return settings.JIGSAW_AUDIT_HMAC_KEY.encode()


def _lock_chain_head(using: str) -> None:
    """Serialise appends so two writers cannot fork the chain."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite runs with transaction_mode IMMEDIATE: one writer at a time already.


def _clean_ip(value: Any) -> str | None:
    if not value:
        return None
    field = AuditEntry._meta.get_field("remote_addr")
    try:
        field.run_validators(str(value))
        return field.to_python(str(value))
    except ValidationError:
        return None


def _subject_person_id(entry: AuditEntry) -> int | None:
    """The person a row belongs to: the Person itself, or any row with a person field
    (addresses, chronology entries, ...), so "who has seen this record" finds it."""
    if entry.content_type_id is None:
        return None
    ct = ContentType.objects.get_for_id(entry.content_type_id)
    if ct.app_label == "people" and ct.model == "person":
        pk = str(entry.object_pk or "")
        return int(pk) if pk.isdigit() else None
    data = entry.serialized_data or {}
    fields = data.get("fields", {}) if isinstance(data, dict) else {}
    for name in ("person", "from_person"):
        value = fields.get(name)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None
