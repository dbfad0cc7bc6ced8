"""Background work for meetings, on Django's task framework (a database queue in production,
run at once in tests). Each task is idempotent, and is also a management command."""

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
