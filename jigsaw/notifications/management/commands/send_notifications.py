from django.core.management.base import BaseCommand

from jigsaw.notifications.services import notifications_send


class Command(BaseCommand):
    help = "Email the notifications not yet emailed (safe to run again: nothing is sent twice)."

    def handle(self, *args, **options) -> None:
        sent = notifications_send()
        self.stdout.write(f"Sent {sent} notification email{'s' if sent != 1 else ''}.")
