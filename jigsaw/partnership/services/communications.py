"""Communications: subscribers and newsletters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .. import emails
from ..choices import (
    NewsletterStatus,
)
from ..models import (
    Delivery,
    Newsletter,
    Subscriber,
)
from ._common import _manager, _text

# Communications: subscribers and newsletters.


@transaction.atomic
def subscriber_sign_up(*, name: str, organisation: str, email: str) -> Subscriber | None:
    """Sign up and send the confirmation email. An address already signed up is sent nothing
    new and told nothing different (no one can learn who subscribes)."""
    name = _text(name, field="name", message="Enter your full name", label="Full name")
    organisation = _text(organisation, field="organisation", message="Enter your organisation", label="Organisation")
    email = _text(email, field="email", message="Enter your email address", label="Email address").lower()
    existing = Subscriber.objects.filter(email=email).first()
    if existing is not None:
        if existing.confirmed_at is None:
            _send_confirmation(existing)
        return None
    subscriber = Subscriber.objects.create(name=name, organisation=organisation, email=email)
    audit_record(actor=None, kind=AuditKind.CREATE, obj=subscriber, purpose="newsletter sign-up")
    _send_confirmation(subscriber)
    return subscriber


def _send_confirmation(subscriber: Subscriber) -> None:
    from ..tasks import send_subscriber_confirmation

    transaction.on_commit(lambda: send_subscriber_confirmation.enqueue(subscriber.pk))


def subscriber_confirmation_send(*, subscriber_id: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, confirmed_at__isnull=True).first()
    if subscriber is None:
        return False
    emails.subscriber_confirm_email(subscriber).send(using="default")
    return True


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        audit_record(actor=None, kind=AuditKind.UPDATE, obj=subscriber, details={"confirmed": True})
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber, actor: Any = None) -> None:
    """Delete the subscriber's details at once (the row, and the record of what was sent to them)."""
    audit_record(actor=actor, kind=AuditKind.DELETE, obj=subscriber, purpose="unsubscribed")
    subscriber.delete()


@transaction.atomic
def newsletter_create(*, actor: Any, kind: str, subject: str, body: str) -> Newsletter:
    _manager(actor)
    newsletter = Newsletter.objects.create(
        kind=kind,
        subject=_text(subject, field="subject", message="Enter the subject", label="Subject"),
        body=_text(body, field="body", message="Enter the message", max_length=20000, label="Message"),
        created_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=newsletter, details={"kind": kind})
    return newsletter


@transaction.atomic
def newsletter_send(*, actor: Any, newsletter: Newsletter) -> Newsletter:
    """Start sending to every confirmed subscriber, in batches on the worker."""
    _manager(actor)
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.status != NewsletterStatus.DRAFT:
        raise ApplicationError("This has already been sent", field="confirm")
    if not Subscriber.objects.filter(confirmed_at__isnull=False).exists():
        raise ApplicationError("There are no confirmed subscribers to send it to", field="confirm")
    newsletter.status = NewsletterStatus.SENDING
    newsletter.send_started_at = timezone.now()
    newsletter.save(update_fields=["status", "send_started_at"])
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=newsletter, details={"status": "sending"})
    from ..tasks import send_newsletter_batch

    transaction.on_commit(lambda: send_newsletter_batch.enqueue(newsletter.pk))
    return newsletter


def newsletter_batch_send(*, newsletter_id: int) -> tuple[int, bool]:
    """Send the next batch (JIGSAW_NEWSLETTER_BATCH_SIZE) to subscribers not yet sent it.
    Returns (sent, more_to_send). Idempotent: a delivery is recorded as each one goes."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.SENDING).first()
    if newsletter is None:
        return 0, False
    waiting = Subscriber.objects.filter(confirmed_at__isnull=False).exclude(deliveries__newsletter=newsletter)
    batch = list(waiting.order_by("pk")[: settings.JIGSAW_NEWSLETTER_BATCH_SIZE])
    sent = 0
    for subscriber in batch:
        emails.newsletter_email(newsletter, subscriber).send(using="default")
        Delivery.objects.create(newsletter=newsletter, subscriber=subscriber)
        sent += 1
    more = waiting.exists()
    with transaction.atomic():
        newsletter.recipients = newsletter.recipients + sent
        fields = ["recipients"]
        if not more:
            newsletter.status = NewsletterStatus.SENT
            newsletter.sent_at = timezone.now()
            fields += ["status", "sent_at"]
        newsletter.save(update_fields=fields)
        audit_record(actor=None, kind=AuditKind.UPDATE, obj=newsletter, details={"batch_sent": sent, "done": not more})
    return sent, more
