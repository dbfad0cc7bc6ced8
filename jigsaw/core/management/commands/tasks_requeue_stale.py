"""manage.py tasks_requeue_stale [--older-than MINUTES]: run again what a killed worker left "running"."""

import logging
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jigsaw.core.taskqueue import tasks_requeue_stale

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Put tasks running for longer than --older-than minutes (default 60) back in the queue (jigsaw/core/taskqueue.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, default=60, metavar="MINUTES")

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        ids = tasks_requeue_stale(older_than=timedelta(minutes=older_than))
        for task_id in ids:
            logger.warning(
                "task requeued after running for more than %s minutes", older_than, extra={"task_id": task_id}
            )
        self.stdout.write(
            f"Requeued {len(ids)} task{'s' if len(ids) != 1 else ''} running for more than {older_than} minutes."
        )
