"""What Jigsaw tells a user: one row per notification, shown in "Your notifications" and emailed.

A notification links to the thing itself (a contact to decide, a plan they now lead, a meeting
they are invited to). The email is a short prompt to sign in, never the case details: those
stay behind the access policy. The email columns follow the outbox pattern (core/outbox.py),
so a mail failure is kept and retried, and a row is never sent twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def unsent(self) -> NotificationQuerySet:
        return self.filter(send_email=True, sent_at__isnull=True).exclude(email="")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications", db_index=False
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # A path inside Jigsaw ("/front-door/contacts/12/"), never an outside address.
    url = models.CharField(max_length=500)
    # The person it is about, if any: shown only while the recipient may still see them.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # A restricted team's notice (LADO, Channel) is shown only to that team's members.
    restricted_area = models.CharField(max_length=20, blank=True)
    # Makes notify() idempotent: the same event told to the same person once ("overdue:clock:12").
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    # Email: the address at the time, and the outbox columns.
    send_email = models.BooleanField(default=True)
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # When it was last tried: the outbox waits longer after each failure (core/outbox.py).
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    retention_class = "notification"
    legal_basis = "UK GDPR 6(1)(e) public task: running the service"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["sent_at"], name="notification_unsent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once_per_key"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="notification_has_title"),
            models.CheckConstraint(condition=Q(url__startswith="/"), name="notification_url_is_a_path"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (to {self.recipient_id})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
