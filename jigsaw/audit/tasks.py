"""Background jobs of the audit app, on Django's task framework.

`python manage.py crontask` (django-crontask) enqueues them on their schedule and
`python manage.py db_worker` runs them. Each is also a management command calling the
same function (audit_anchor_write, verify_audit), and each is safe to run again.
"""

import logging
from typing import Any

from crontask import cron
from django.tasks import task

from .anchor import AnchorError, audit_anchor_write, verify_with_anchors

logger = logging.getLogger(__name__)


# Every 15 minutes: entries written since the last anchor are the only ones that could be
# deleted from the end of the log unnoticed, so the window stays short.
@cron("*/15 * * * *")
@task
def write_audit_anchor() -> dict[str, Any]:
    """Append the chain head to the anchor file (nothing if unchanged). Fails, naming the
    problem, when the chain no longer reaches the last anchor."""
    done = audit_anchor_write()
    return {"result": done.result, "sequence": done.anchor.sequence, "path": str(done.path)}


# Nightly, the whole chain against every anchor. A failure fails the task and is logged as
# an error for the log store's alerting; the platform's own scheduler should run
# `manage.py verify_audit` too (docs/deploy.md), so that a stopped worker is noticed.
@cron("40 3 * * *")
@task
def verify_audit_log() -> dict[str, Any]:
    """Verify the audit chain against its anchors; raises with the first problem found."""
    try:
        result = verify_with_anchors()
    except AnchorError as error:  # no anchor, or the anchor file damaged
        logger.error("Audit log verification failed: %s", error)
        raise
    if (problem := result.failure()) is not None:
        logger.error("Audit log verification failed: %s", problem)
        raise RuntimeError(problem)
    if (warning := result.stale()) is not None:
        logger.warning(warning)
    return {"checked": result.report.checked, "head": result.report.head_sequence, "anchors": len(result.anchors)}
