"""Telling users: every write to notifications goes through here.

`notify` is what every service area calls when someone must hear of something: a new
allocation, a plan they now lead, a meeting they are invited to, a deadline gone overdue.
It is idempotent with a `dedupe_key`, so a job that runs again tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.outbox import outbox_send

from .kinds import kind_label
from .models import Notification


def _wants_email(recipient: Any) -> bool:
    return bool(getattr(recipient, "email", ""))


@transaction.atomic
def notify(
    *,
    recipient: Any,
    kind: str,
    title: str,
    url: str,
    body: str = "",
    person: Any = None,
    restricted_area: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> Notification | None:
    """Tell `recipient` about something, in Jigsaw and by email. Returns the notification, or
    None if there is nobody to tell (no recipient, an inactive account) or it was already told
    under the same `dedupe_key`."""
    if recipient is None or not getattr(recipient, "is_active", False):
        return None
    if not url.startswith("/"):
        raise ValueError("A notification links to a page inside Jigsaw (a path starting with /).")
    if dedupe_key and Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=title[:300],
                body=body,
                url=url,
                person=person,
                restricted_area=restricted_area,
                dedupe_key=dedupe_key,
                send_email=email and _wants_email(recipient),
                email=getattr(recipient, "email", "") or "",
            )
    except IntegrityError:  # told at the same moment by another process
        return None
    if notification.send_email:
        transaction.on_commit(_enqueue_sending)
    return notification


def notify_many(*, recipients: Iterable[Any], **kwargs: Any) -> list[Notification]:
    """`notify` each recipient once (the same user listed twice is told once)."""
    told: list[Notification] = []
    seen: set[int] = set()
    for recipient in recipients:
        if recipient is None or recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        notification = notify(recipient=recipient, **kwargs)
        if notification is not None:
            told.append(notification)
    return told


def _enqueue_sending() -> None:
    from .tasks import send_notifications

    send_notifications.enqueue()


def notification_open(*, user: Any, notification_id: int) -> str:
    """Mark a notification read and return where it leads. Only its recipient may open it."""
    from .selectors import notification_get

    notification = notification_get(user=user, notification_id=notification_id)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return notification.url


def notification_mark_unread(*, user: Any, notification_id: int) -> None:
    from .selectors import notification_get

    notification = notification_get(user=user, notification_id=notification_id)
    Notification.objects.filter(pk=notification.pk).update(read_at=None)


def notifications_mark_all_read(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        raise ApplicationError("Sign in to see your notifications")
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def _email(notification: Notification) -> EmailMessage:
    # No case details by email: only that there is something, and where to see it.
    name = notification.recipient.full_name or notification.recipient.username
    link = f"{settings.JIGSAW_BASE_URL.rstrip('/')}{notification.url}"
    body = (
        f"Hello {name},\n\n"
        f"{kind_label(notification.kind)}: you have a new notification in {settings.JIGSAW_SERVICE_NAME}.\n\n"
        f"Sign in to see it:\n{link}\n\n"
        f"This email holds no case details: they stay in {settings.JIGSAW_SERVICE_NAME}.\n"
    )
    return EmailMessage(
        subject=f"{settings.JIGSAW_SERVICE_NAME}: {kind_label(notification.kind)}",
        body=body,
        to=[notification.email],
    )


def notifications_send(*, limit: int = 500) -> int:
    """Email the notifications not yet emailed (failures are kept and retried, backing off)."""
    return outbox_send(
        unsent=Notification.objects.unsent(),
        build=_email,
        select_related=("recipient",),
        limit=limit,
        backoff=True,
        disclose=False,
    )
