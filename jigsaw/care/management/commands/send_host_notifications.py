from django.core.management.base import BaseCommand

from jigsaw.care.services import host_notifications_send


class Command(BaseCommand):
    help = "Send host councils the notices of placements in their area not yet sent (idempotent)."

    def handle(self, *args, **options) -> None:
        sent = host_notifications_send()
        self.stdout.write(f"Sent {sent} host council notice(s).")
