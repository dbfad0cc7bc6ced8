"""Remind the agencies whose rapid review information is due soon (as the scheduled task does)."""

from django.core.management.base import BaseCommand

from jigsaw.reviews.services import (
    immediate_action_reminders_send,
    information_requests_send,
    request_reminders_send,
)


class Command(BaseCommand):
    help = (
        "Send rapid review information requests not yet sent, remind agencies whose answers are due soon, "
        "and chase the owners of immediate actions due soon or overdue."
    )

    def handle(self, *args, **options) -> None:
        sent = information_requests_send()
        reminded = request_reminders_send()
        chased = immediate_action_reminders_send()
        self.stdout.write(
            f"{sent} request(s) sent, {reminded} agency(ies) reminded, {chased} immediate action owner(s) chased"
        )
