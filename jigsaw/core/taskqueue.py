"""The database task queue's housekeeping: tasks left "running" by a worker that was killed.

A worker killed with SIGKILL (or a machine that lost power) never marks its task finished, and
no other worker takes a task that is "running". Every Jigsaw task is idempotent (the outboxes
lock and mark each row; notify() has its dedupe_key), so such a task can simply be run again:
`manage.py tasks_requeue_stale --older-than 60` puts tasks that have been running for longer
than that back in the queue. Choose a limit longer than any task's honest run (the nightly
`verify_audit_log` on a large log is the longest) so that a slow task is not run twice at once.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone


def tasks_requeue_stale(*, older_than: timedelta) -> list[str]:
    """Put running tasks started more than `older_than` ago back in the queue. Returns their ids."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        DBTaskResult.objects.filter(pk__in=stale).update(status=TaskResultStatus.READY, started_at=None)
    return [str(pk) for pk in stale]
