"""Background work for meetings, on Django's task framework (a database queue in production,
run at once in tests). Each task is idempotent, and is also a management command."""

from crontask import cron
from django.tasks import task


@task()
def send_meeting_invitations(meeting_id: int) -> int:
    """Send the invitations (or updates, or cancellations) still owed for a meeting."""
    from .services import invitations_send

    return invitations_send(meeting_id=meeting_id)


@task()
def send_meeting_minutes(meeting_id: int) -> int:
    """Send the circulated minutes to those who have not had them yet."""
    from .services import minutes_send

    return minutes_send(meeting_id=meeting_id)


# Every ten minutes, whatever is still owed: an invitation whose task failed while the mail
# relay was down goes out once it is back (each meeting on its own: one failing does not stop
# the others; each invitee still gets each version once).
@cron("*/10 * * * *")
@task()
def send_owed_meeting_messages() -> int:
    import logging

    from django.db.models import F, Q

    from .models import Attendance, Meeting, MeetingStatus
    from .services import invitations_send, minutes_send

    owing = Q(invitations__sent_sequence__isnull=True, status__in=[MeetingStatus.CONVENED, MeetingStatus.HELD])
    owing |= Q(invitations__sent_sequence__lt=F("ical_sequence"))
    owing |= Q(
        minutes__circulated_at__isnull=False,
        invitations__minutes_sent_at__isnull=True,
        invitations__attendance__in=[Attendance.ATTENDED, Attendance.APOLOGIES],
    )
    ids = Meeting.objects.filter(Q(invitations__email__gt="") & owing).values_list("pk", flat=True).distinct()
    sent = 0
    for meeting_id in list(ids):
        try:
            sent += invitations_send(meeting_id=meeting_id) + minutes_send(meeting_id=meeting_id)
        except Exception:  # kept on the invitation as unsent: tried again in ten minutes
            logging.getLogger(__name__).warning("Meeting %s: messages still owed, will try again", meeting_id)
    return sent
