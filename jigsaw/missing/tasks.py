"""Background work for missing children, on Django's task framework (run by `db_worker`,
scheduled by `crontask`). Each job is also a management command."""

from crontask import cron
from django.tasks import task


# Every half hour: a child still missing beyond the partnership's hours (JIGSAW_MISSING_REPEAT_THRESHOLD
# "hours", 24 by default) raises the prompt for a strategy discussion while they are still missing.
@cron("*/30 * * * *")
@task
def raise_long_missing_prompts() -> int:
    from .services import prompts_raise_for_long_episodes

    return prompts_raise_for_long_episodes()
