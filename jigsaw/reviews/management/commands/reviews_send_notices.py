"""Send the lead safeguarding partners' notices not yet sent (as the scheduled task does)."""

from django.core.management.base import BaseCommand

from jigsaw.reviews.services import partner_notices_send


class Command(BaseCommand):
    help = "Email the lead safeguarding partners the serious incident notices not yet sent."

    def handle(self, *args, **options) -> None:
        sent = partner_notices_send()
        self.stdout.write(f"{sent} notice(s) sent")
