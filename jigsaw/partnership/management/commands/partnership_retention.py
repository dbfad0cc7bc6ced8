from django.core.management.base import BaseCommand

from jigsaw.partnership.retention import retention_run


class Command(BaseCommand):
    help = (
        "Apply the partnership's training privacy notice: remove contact details once a course has run, "
        "make attendance anonymous counts after JIGSAW_TRAINING_ATTENDANCE_YEARS, delete unconfirmed "
        "newsletter sign-ups (idempotent; run nightly by the worker too)."
    )

    def handle(self, *args, **options) -> None:
        done = retention_run()
        self.stdout.write(
            f"Contact details removed from {done.details_removed} session(s); "
            f"{done.anonymised} session(s) made anonymous counts ({done.bookings_deleted} booking(s) deleted); "
            f"{done.subscribers_deleted} unconfirmed sign-up(s) deleted."
        )
