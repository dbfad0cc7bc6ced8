"""Send any plan start and end notifications not yet sent. Safe to run again: a notification
is sent once (the same work as the send_plan_notifications task, for cron or by hand)."""

from django.core.management.base import BaseCommand

from jigsaw.protection.models import PlanNotification
from jigsaw.protection.services import plan_notifications_send


class Command(BaseCommand):
    help = "Email agencies about child protection plans that started or ended, if not yet told."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, default=None, help="Only this plan's notifications")

    def handle(self, *args, **options):
        sent = plan_notifications_send(plan_id=options["plan"])
        waiting = PlanNotification.objects.unsent().count()
        self.stdout.write(f"Sent {sent} plan notification{'s' if sent != 1 else ''}; {waiting} still waiting.")
