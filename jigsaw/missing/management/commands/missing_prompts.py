"""Raise the strategy discussion prompt for children still missing beyond the partnership's
hours (the same work as the raise_long_missing_prompts task, for cron or by hand). Safe to run again."""

from django.core.management.base import BaseCommand

from jigsaw.missing.services import prompts_raise_for_long_episodes


class Command(BaseCommand):
    help = "Prompt a strategy discussion for children missing longer than the partnership's threshold."

    def handle(self, *args, **options):
        raised = prompts_raise_for_long_episodes()
        self.stdout.write(f"Raised {raised} prompt{'s' if raised != 1 else ''}.")
