"""Send what a meeting's invitees are owed: `manage.py send_meeting_invitations --meeting 42`.

Safe to run again: each invitee gets each version of the invitation once (and, with
--minutes, the circulated minutes once). Without --meeting, every meeting still owing.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q

from jigsaw.meetings.models import Attendance, Meeting, MeetingStatus
from jigsaw.meetings.services import invitations_send, minutes_send


class Command(BaseCommand):
    help = "Send the calendar invitations (and updates or cancellations) still owed for meetings."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--meeting", type=int, help="The meeting's id (default: every meeting still owing)")
        parser.add_argument("--minutes", action="store_true", help="Also send circulated minutes still owed")

    def handle(self, *args: Any, meeting: int | None = None, minutes: bool = False, **options: Any) -> None:
        if meeting is not None:
            if not Meeting.objects.filter(pk=meeting).exists():
                raise CommandError(f"There is no meeting {meeting}")
            ids = [meeting]
        else:
            owing = Q(invitations__sent_sequence__isnull=True, status__in=[MeetingStatus.CONVENED, MeetingStatus.HELD])
            owing |= Q(invitations__sent_sequence__lt=F("ical_sequence"))
            if minutes:
                owing |= Q(
                    minutes__circulated_at__isnull=False,
                    invitations__minutes_sent_at__isnull=True,
                    invitations__attendance__in=[Attendance.ATTENDED, Attendance.APOLOGIES],
                )
            # One filter() call, so every condition is about the same invitation.
            with_email = Q(invitations__email__gt="")
            ids = list(Meeting.objects.filter(with_email & owing).values_list("pk", flat=True).distinct())
        total_invitations = total_minutes = 0
        for meeting_id in ids:
            total_invitations += invitations_send(meeting_id=meeting_id)
            if minutes:
                total_minutes += minutes_send(meeting_id=meeting_id)
        message = f"Sent {total_invitations} invitation message{'s' if total_invitations != 1 else ''}"
        if minutes:
            message += f" and {total_minutes} cop{'ies' if total_minutes != 1 else 'y'} of minutes"
        self.stdout.write(f"{message}.")
