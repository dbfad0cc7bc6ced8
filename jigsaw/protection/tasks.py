"""Background work of child protection, on Django's task framework (a database queue in
production, run at once in tests). Each job is also a management command."""

from django.tasks import task


@task
def send_plan_notifications(plan_id: int | None = None) -> int:
    """Email the agencies to be told that a plan started or ended (those not yet told)."""
    from .services import plan_notifications_send

    return plan_notifications_send(plan_id=plan_id)
