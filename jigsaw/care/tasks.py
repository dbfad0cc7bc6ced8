"""Background work for children in care, on Django's task framework (run by `db_worker`,
scheduled by `crontask`; run at once in tests). Each job is also a management command."""

from crontask import cron
from django.tasks import task


@task
def send_host_notifications(notification_id: int | None = None) -> int:
    """Email host councils the notices of placements in their area not yet sent (one, or all)."""
    from .services import host_notifications_send

    return host_notifications_send(notification_id=notification_id)


# Every half hour: try again any notice a mail failure left unsent (reg 13(4) runs 5 working days).
@cron("*/30 * * * *")
@task
def retry_host_notifications() -> int:
    from .services import host_notifications_send

    return host_notifications_send()
