"""Background work of partnership reviews (django.tasks; run at once in tests). Each job is
also a management command (`manage.py reviews_send_notices`)."""

from crontask import cron
from django.tasks import task


@task
def send_partner_notices(incident_id: int | None = None) -> int:
    """Email the lead safeguarding partners told of an incident (those not yet sent)."""
    from .services import partner_notices_send

    return partner_notices_send(incident_id=incident_id)


# Sent as soon as asked (above); every ten minutes as well, so a notice that failed while the
# mail relay was down goes out once it is back. The incident's page shows each failure.
@cron("*/10 * * * *")
@task
def retry_partner_notices() -> int:
    from .services import partner_notices_send

    return partner_notices_send()


@task
def send_information_requests(incident_id: int | None = None) -> int:
    """Email the agencies asked for information by a rapid review (those not yet sent)."""
    from .services import information_requests_send

    return information_requests_send(incident_id=incident_id)


# Every ten minutes: requests (and partners' notices) that failed while the mail relay was down.
@cron("*/10 * * * *")
@task
def retry_information_requests() -> int:
    from .services import information_requests_send

    return information_requests_send()


# Every working morning: remind the agencies whose information is due within two working days.
@cron("30 7 * * Mon-Fri")
@task
def remind_information_requests() -> int:
    from .services import request_reminders_send

    return request_reminders_send()


# Every working morning: chase the immediate actions due soon or overdue.
@cron("35 7 * * Mon-Fri")
@task
def remind_immediate_actions() -> int:
    from .services import immediate_action_reminders_send

    return immediate_action_reminders_send()
