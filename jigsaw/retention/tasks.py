"""The nightly retention run (django-crontask schedules it; `manage.py retention_run` is the same)."""

from typing import Any

from crontask import cron
from django.tasks import task

from .services import disposal_run


@cron("15 2 * * *")
@task
def retention_nightly_run() -> dict[str, Any]:
    """List records past their retention date for the DPO's approval; disposes of nothing."""
    batch = disposal_run()
    return {"batch": batch.pk if batch else None, "listed": batch.items.count() if batch else 0}
