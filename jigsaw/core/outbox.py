"""Sending what an outbox table holds: notices that must go out once, and never be lost.

Service areas record a notice as a row (with `email`, `attempts`, `last_error`, `sent_at`) in
the transaction that decides it, and a task sends the unsent rows. Each row is sent in its
own short transaction, locked (skip locked) so two workers never send it twice; a mail
failure is kept on the row and tried again next time.

Back-off (`backoff=True`, for a model with a `last_attempt_at` column): while the mail relay is
down, a row that has failed is not tried at every run (each new notice queues a run) but 5, 10,
20 and 40 minutes after its last try, then every hour: the relay is not hammered, and once it
is back every row goes within the hour.

Each email that goes is a disclosure about the person the row is about, written to the
disclosure log (jigsaw.records) in the same transaction: the row's `person`, or the person of
a record it was read with (a plan notice's plan). `disclose=False` for emails that hold no
case details (notifications to staff).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jigsaw.records.disclosures import DisclosureRoute, disclosure_record

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=1)


def next_attempt_at(*, last_attempt: datetime, attempts: int) -> datetime:
    """When a row that has failed `attempts` times, the last at `last_attempt`, may be tried
    again: 5 minutes after the first failure, then 10, 20, 40, then an hour each time."""
    wait = min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 8), LONGEST_WAIT)
    return last_attempt + wait


def outbox_send(
    *,
    unsent: QuerySet,
    build: Callable[[Any], EmailMessage],
    select_related: tuple[str, ...] = (),
    after_sent: Callable[[Any], None] | None = None,
    limit: int = 500,
    backoff: bool = False,
    disclose: bool = True,
) -> int:
    """Send the rows of `unsent` (oldest first, at most `limit`); returns how many went.

    `build(row)` makes the email; `after_sent(row)` runs in the same transaction once it has
    gone (stop a deadline, write the chronology). `backoff`: see the module's docstring.
    """
    model = unsent.model
    sent = 0
    if not backoff:
        due = list(unsent.order_by("pk").values_list("pk", flat=True)[:limit])
    else:
        now = timezone.now()
        rows = unsent.order_by("pk").values_list("pk", "attempts", "last_attempt_at")
        due = [
            pk
            for pk, attempts, last in rows.iterator()
            if attempts == 0 or last is None or next_attempt_at(last_attempt=last, attempts=attempts) <= now
        ][:limit]
    for pk in due:
        with transaction.atomic():
            row = (
                model.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, sent_at__isnull=True)
                .select_related(*select_related)
                .first()
            )
            if row is None:
                continue
            row.attempts += 1
            tried = ["attempts"]
            if backoff:
                row.last_attempt_at = timezone.now()
                tried.append("last_attempt_at")
            try:
                message = build(row)
                message.send()
            except Exception as e:  # a mail failure is kept on the row and retried, never lost
                logger.warning("%s %s to %s failed: %s", model._meta.verbose_name, row.pk, row.email, e)
                row.last_error = str(e)[:500]
                row.save(update_fields=[*tried, "last_error"])
                continue
            row.sent_at = timezone.now()
            row.last_error = ""
            row.save(update_fields=[*tried, "last_error", "sent_at"])
            if disclose:
                _log_disclosure(row, message)
            if after_sent is not None:
                after_sent(row)
            sent += 1
    return sent


def _person_id(row: Any) -> int | None:
    """Who the notice is about: the row's person, or that of a record read with it (select_related)."""
    if getattr(row, "person_id", None):
        return row.person_id
    for f in row._meta.fields:
        if f.is_relation and f.is_cached(row):
            pid = getattr(f.get_cached_value(row), "person_id", None)
            if pid:
                return pid
    return None


def _log_disclosure(row: Any, message: EmailMessage) -> None:
    disclosure_record(
        person_id=_person_id(row),
        route=DisclosureRoute.EMAIL_NOTICE,
        what=message.subject,
        recipient_name=getattr(row, "recipient_name", "") or getattr(row, "contact_name", ""),
        recipient_email=", ".join(message.to),
        recipient_agency=getattr(row, "agency_name", "") or getattr(row, "host_council", ""),
        purpose=str(row._meta.verbose_name).capitalize(),
        source=row,
    )
