"""Sending notification emails on the worker (`db_worker`); also a command, `send_notifications`."""

from crontask import cron
from django.tasks import task

from .services import notifications_send


# Sent as soon as a notification is made (services.notify queues it); every five minutes
# as well, so an email that failed while the mail relay was down goes out once it is back.
@cron("*/5 * * * *")
@task
def send_notifications() -> int:
    return notifications_send()
