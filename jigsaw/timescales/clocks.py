"""Running deadline clocks: services call clock_start when an event starts a timescale and
clock_stop when the event that meets it happens (ARCHITECTURE rule 3).

    clock_start(rule_key="icpc", person=child, started_on=s47.started_on, subject=s47)
    clock_stop(rule_key="icpc", subject=s47, met_on=conference.held_on)

Both are idempotent, so a service that runs twice (a retried task, a form posted twice)
leaves one clock. They are called inside the caller's transaction and do no access check:
the calling service has already decided the user may record the event.

The due date is stored (an indexed "due soon / overdue" query), so a change to the
calendar or to a local rule needs clock_recompute_all (the `recompute_deadlines` command;
the bank holiday services queue it themselves).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from jigsaw.audit.actor import records_actor
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, check_version

from . import calendar
from .models import Clock
from .rules import deadline_for, due_at_for, event_label, get_rule

logger = logging.getLogger(__name__)


def _spoken(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _subject_filter(*, subject: models.Model | None, person: Any | None) -> dict[str, Any]:
    """Which clocks a (subject, person) pair names: the subject's, or the person's own without a subject."""
    if subject is not None:
        if subject.pk is None:
            raise ValueError("Save the record before starting or stopping a clock on it.")
        content_type = ContentType.objects.get_for_model(subject)
        return {"content_type": content_type, "object_id": subject.pk}
    if person is None:
        raise ValueError("Name the record (subject) or the person whose clock this is.")
    return {"content_type__isnull": True, "person": person}


def _stop_filter(rule_key: str, *, subject: models.Model | None, person: Any | None) -> dict[str, Any]:
    """Which clocks a stop names: the subject's; or, with only a person, all of theirs for the rule."""
    if subject is not None:
        return {"rule_key": rule_key, **_subject_filter(subject=subject, person=None)}
    if person is None:
        raise ValueError("Name the record (subject) or the person whose clock this is.")
    return {"rule_key": rule_key, "person": person}


@transaction.atomic
def clock_start(
    *,
    rule_key: str,
    person: Any,
    started_on: date,
    subject: models.Model | None = None,
    owner: Any = None,
    started_at: datetime | None = None,
) -> Clock:
    """Start the clock for `rule_key` (or return the one already running).

    Idempotent per rule and subject (per rule and person when there is no subject): while a
    clock is running, starting it again returns it unchanged; once it has stopped, starting it
    again on the same date returns the stopped clock (the same event recorded twice), and on a
    later date starts the next one (a rolling timescale such as the next statutory visit).

    `started_at`: the moment of the event, for a rule in hours (a return home interview is due
    72 hours after the return): the clock then falls due at that hour (`due_at`), on its day.
    """
    rule = get_rule(rule_key)  # an unknown key is a programming error: LookupError
    if isinstance(started_on, datetime):
        raise TypeError("Pass a date, not a datetime: use timezone.localdate(value) first.")
    where = {"rule_key": rule.key, **_subject_filter(subject=subject, person=person)}
    existing = Clock.objects.filter(**where).open().first()
    if existing is None:
        existing = Clock.objects.filter(**where, started_on=started_on).order_by("-id").first()
    if existing is not None:
        if owner is not None and existing.owner_id is None and existing.is_open:
            # Started before anyone was named (a contact's clock, then its worker): now theirs.
            existing.owner = owner
            existing.save(update_fields=["owner", "updated_at"])
        return existing
    due_at = due_at_for(rule, started_at)
    clock = Clock(
        rule_key=rule.key,
        person=person,
        subject=subject,
        owner=owner,
        started_on=started_on,
        due_on=timezone.localdate(due_at) if due_at is not None else deadline_for(rule, started_on),
        due_at=due_at,
    )
    try:
        # A savepoint, so that losing a race to a concurrent start leaves the caller's transaction usable.
        with transaction.atomic():
            clock.save()
    except IntegrityError:
        running = Clock.objects.filter(**where).open().first()
        if running is None:
            raise
        return running
    if owner is None:
        _tell_if_nobody_responsible(clock.pk)
    return clock


# A clock started with nobody responsible (a strategy discussion to hold on a case not yet
# allocated) is told to the managers who hold the area's unallocated list as soon as it starts,
# not only when it falls overdue. Who is responsible is worked out once the transaction that
# started it commits (the service may allocate the case a moment later, in the same
# transaction). The clocks a transaction starts share one batch, told in one query by whichever
# of their commit callbacks runs first; an id from a rolled-back savepoint is simply not found.


class _TellIfNobodyResponsible:
    def __init__(self, batch: set[int]) -> None:
        self.batch = batch

    def __call__(self) -> None:
        ids = sorted(self.batch)
        self.batch.clear()
        if ids:
            from .digest import unowned_notify

            unowned_notify(clock_ids=ids)


def _tell_if_nobody_responsible(clock_id: int) -> None:
    batch: set[int] | None = None
    for _savepoints, func, _robust in transaction.get_connection().run_on_commit:
        if isinstance(func, _TellIfNobodyResponsible):
            batch = func.batch
            break
    if batch is None:
        batch = set()
    batch.add(clock_id)
    # robust: the clocks are saved whatever happens to the telling (a failure is logged).
    transaction.on_commit(_TellIfNobodyResponsible(batch), robust=True)


@transaction.atomic
def clock_owner_set(*, subject: models.Model, owner: Any, rule_key: str = "") -> int:
    """Make `owner` responsible for the running clocks of this record (of one rule, or all of
    them): a contact assigned to a worker, a case handed to another. `owner=None` gives them
    back to whoever the rule names (timescales.ownership). Returns how many clocks changed."""
    where = _subject_filter(subject=subject, person=None)
    if rule_key:
        where["rule_key"] = get_rule(rule_key).key
    owner_id = getattr(owner, "pk", None)
    return (
        Clock.objects.filter(**where)
        .open()
        .exclude(owner_id=owner_id)
        .update(owner_id=owner_id, updated_at=timezone.now())
    )


@transaction.atomic
def clock_stop(
    *, rule_key: str, subject: models.Model | None = None, person: Any = None, met_on: date, reason: str = ""
) -> Clock | None:
    """Stop the running clock for `rule_key` as met on `met_on`; returns it, or None if none was running.

    With a subject, the subject's clock stops. With only a person, every running clock of
    that rule for the person stops, whatever record started it (a conference meets the
    timescale for the child, whichever enquiry asked for it); the earliest due is returned.
    Idempotent: stopping again on the same date returns the clock already stopped. The
    reason defaults to the rule's stopping event ("Initial child protection conference held").
    """
    if isinstance(met_on, datetime):
        raise TypeError("Pass a date, not a datetime: use timezone.localdate(value) first.")
    rule = get_rule(rule_key)
    where = _stop_filter(rule.key, subject=subject, person=person)
    running = list(Clock.objects.select_for_update().filter(**where).open().order_by("due_on", "pk"))
    if not running:
        return Clock.objects.filter(**where, met_on=met_on).order_by("-id").first()
    for clock in running:
        if met_on < clock.started_on:
            raise ApplicationError(
                f"{event_label(rule.stopped_by)} on {_spoken(met_on)} cannot be before the clock started, "
                f"on {_spoken(clock.started_on)}.",
                field="met_on",
            )
    for clock in running:
        clock.met_on = met_on
        clock.stopped_reason = (reason or event_label(rule.stopped_by))[:300]
        clock.save(update_fields=["met_on", "stopped_reason", "updated_at"])
    return running[0]


@transaction.atomic
def clock_cancel(
    *, rule_key: str, subject: models.Model | None = None, person: Any = None, stopped_on: date, reason: str
) -> Clock | None:
    """Stop a running clock that is no longer needed (no further action, the child moved away).

    It is neither met nor missed, so it drops out of "due soon" and "overdue". Which clocks
    stop is as for clock_stop. Returns the (first) clock stopped, or None if none was running.
    """
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Enter why the deadline is no longer needed.", field="reason")
    rule = get_rule(rule_key)
    where = _stop_filter(rule.key, subject=subject, person=person)
    running = list(Clock.objects.select_for_update().filter(**where).open().order_by("due_on", "pk"))
    for clock in running:
        if stopped_on < clock.started_on:
            raise ApplicationError(
                f"The deadline cannot stop on {_spoken(stopped_on)}, before it started on {_spoken(clock.started_on)}.",
                field="stopped_on",
            )
    for clock in running:
        clock.stopped_on = stopped_on
        clock.stopped_reason = reason[:300]
        clock.save(update_fields=["stopped_on", "stopped_reason", "updated_at"])
    return running[0] if running else None


def clock_recompute_all(*, batch_size: int = 5000) -> int:
    """Recompute the due date of every running clock; returns how many moved.

    Run after a bank holiday or closure is added or removed, or a local rule's amount
    changes. Reads the open clocks in primary-key batches (keyset, so each batch is an
    index range scan) and writes only the ones that moved. Many clocks share a rule and a
    start date, so each due date is worked out once; and the moved clocks of a batch share
    few new due dates, so each batch is written as one `UPDATE ... WHERE id IN (...)` per
    new date. (bulk_update's CASE WHEN per row measured five times slower on PostgreSQL.)
    """
    calendar.calendar_cache_clear()  # the table may have changed in another process
    due_cache: dict[tuple[str, date], date | None] = {}
    changed = 0
    last_id = 0
    while True:
        batch = list(
            Clock.objects.open()
            .filter(pk__gt=last_id, due_at__isnull=True)  # an hour rule's moment needs no calendar
            .order_by("pk")
            .values_list("pk", "rule_key", "started_on", "due_on")[:batch_size]
        )
        if not batch:
            break
        last_id = batch[-1][0]
        moved: dict[date, list[int]] = defaultdict(list)
        for pk, rule_key, started_on, due_on in batch:
            key = (rule_key, started_on)
            if key not in due_cache:
                try:
                    due_cache[key] = deadline_for(rule_key, started_on)
                except LookupError:
                    # A rule that is no longer registered: leave its clocks as they are.
                    logger.warning("Clock rule %r is not registered; its clocks keep their due dates.", rule_key)
                    due_cache[key] = None
            new_due = due_cache[key]
            if new_due is not None and new_due != due_on:
                moved[new_due].append(pk)
        if moved:
            now = timezone.now()
            with transaction.atomic():
                for new_due, ids in moved.items():
                    # Still open: a clock stopped since it was read keeps the due date it was met against.
                    changed += Clock.objects.open().filter(pk__in=ids).update(due_on=new_due, updated_at=now)
    return changed


# Reasons for delay (Working Together: a missed timescale needs its reason recorded and agreed).


def _late(clock: Clock, today: date) -> bool:
    if clock.met_on is not None:
        return clock.met_on > clock.due_on
    return clock.stopped_on is None and today > clock.due_on


@records_actor()
@transaction.atomic
def clock_late_reason_record(*, actor: Any, clock: Clock, reason: str, expected_version: int | None = None) -> Clock:
    """Record why a deadline was missed. A team manager's own reason counts as signed off;
    anyone else's waits for a manager's sign-off (and a changed reason needs signing off again).
    `expected_version`: the version of the reason the page showed; a reason saved meanwhile is not overwritten."""
    from jigsaw.access.choices import Role

    reason = reason.strip()
    if not reason:
        raise ApplicationError("Enter the reason for the delay.", field="reason")
    if len(reason) > 2000:
        raise ApplicationError("The reason for the delay must be 2000 characters or fewer.", field="reason")
    clock = Clock.objects.select_for_update().get(pk=clock.pk)
    is_manager = getattr(actor, "role", "") == Role.TEAM_MANAGER
    if clock.late_reason_signed_off_by_id is not None and not is_manager:
        raise ApplicationError(
            "A manager has signed off the reason for this delay. Ask a team manager to change it.", field="reason"
        )
    if not _late(clock, timezone.localdate()):
        raise ApplicationError("This deadline has not been missed, so there is no delay to explain.", field="reason")
    check_version(clock, expected_version)
    now = timezone.now()
    clock.late_reason = reason
    clock.late_reason_by = actor
    clock.late_reason_at = now
    if is_manager:
        clock.late_reason_signed_off_by, clock.late_reason_signed_off_at = actor, now
    else:
        clock.late_reason_signed_off_by, clock.late_reason_signed_off_at = None, None
    bump_version(clock)
    clock.save(
        update_fields=[
            "version",
            "late_reason",
            "late_reason_by",
            "late_reason_at",
            "late_reason_signed_off_by",
            "late_reason_signed_off_at",
            "updated_at",
        ]
    )
    return clock


@records_actor()
@transaction.atomic
def clock_late_reason_sign_off(*, actor: Any, clock: Clock, expected_version: int | None = None) -> Clock:
    """A team manager agrees the recorded reason for delay: the one they read (`expected_version`)."""
    from jigsaw.access.choices import Role

    if getattr(actor, "role", "") != Role.TEAM_MANAGER:
        raise ApplicationError("Only a team manager can sign off a reason for delay.")
    clock = Clock.objects.select_for_update().get(pk=clock.pk)
    if not clock.late_reason:
        raise ApplicationError("There is no reason for delay to sign off yet.", field="reason")
    check_version(
        clock,
        expected_version,
        message=f"{clock.late_reason_by} changed the reason after you opened it. It has not been signed off: "
        "read the reason as it is now, then sign it off.",
    )
    if clock.late_reason_signed_off_by_id is None:
        clock.late_reason_signed_off_by = actor
        clock.late_reason_signed_off_at = timezone.now()
        clock.save(update_fields=["late_reason_signed_off_by", "late_reason_signed_off_at", "updated_at"])
    return clock
