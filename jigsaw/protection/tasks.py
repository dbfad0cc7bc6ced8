"""Background work of child protection, on Django's task framework (a database queue in
production, run at once in tests). Each job is also a management command."""

from crontask import cron
from django.tasks import task


@task
def send_plan_notifications(plan_id: int | None = None) -> int:
    """Email the agencies to be told that a plan started or ended (those confirmed, not yet told)."""
    from .services import plan_notifications_send

    return plan_notifications_send(plan_id=plan_id)


# Sent as soon as the chair confirms (above); every ten minutes as well, so a notice that failed
# while the mail relay was down goes out once it is back. The plan page shows each failure.
@cron("*/10 * * * *")
@task
def retry_plan_notifications() -> int:
    from .services import plan_notifications_send

    return plan_notifications_send()
