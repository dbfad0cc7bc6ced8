"""Background work for the partnership, on Django's task framework (run by `db_worker`,
scheduled by `crontask`; run at once in tests). Each job is also a management command."""

from crontask import cron
from django.tasks import task


# Every night: the training privacy notice (contact details after the course; counts after 4 years).
@cron("20 2 * * *")
@task
def partnership_retention() -> dict:
    from dataclasses import asdict

    from .retention import retention_run

    return asdict(retention_run())


@task
def send_newsletter_batch(newsletter_id: int) -> int:
    """One batch of a newsletter; enqueues the next batch until everyone has it."""
    from .services import newsletter_batch_send

    sent, more = newsletter_batch_send(newsletter_id=newsletter_id)
    if more:
        send_newsletter_batch.enqueue(newsletter_id)
    return sent


@task
def send_booking_email(booking_id: int, kind: str) -> bool:
    """A booking's confirmation (with the calendar invitation), waiting list or cancellation email."""
    from .services import booking_email_send

    return booking_email_send(booking_id=booking_id, kind=kind)


@task
def send_subscriber_confirmation(subscriber_id: int) -> bool:
    from .services import subscriber_confirmation_send

    return subscriber_confirmation_send(subscriber_id=subscriber_id)


# Every morning: owners of overdue partnership actions are told, and the executive's chair.
@cron("10 7 * * *")
@task
def partnership_actions_escalate() -> int:
    from .services import overdue_actions_escalate

    return overdue_actions_escalate()
