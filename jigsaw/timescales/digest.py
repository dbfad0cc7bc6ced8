"""The daily deadline digest: each worker gets their due-soon and overdue items, each team
manager also gets their team's, by email (plain text and HTML, through Django's mailer).

Sent at most once per user and date (DigestSent), so running the job again, by the
scheduler or by hand, sends nothing twice. Nobody gets an empty digest.

The email carries the child's initials and council id, not their name: email leaves the
case system, and the link brings the worker back to the full record behind sign-in.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import Role

from .choices import DeadlineStatus
from .models import Clock, DigestSent
from .ownership import area_leads, responsibility_for, with_responsible
from .rules import get_rule
from .selectors import DeadlineLine, _lines, due_soon_horizon, person_heading, team_deadlines, user_deadlines

logger = logging.getLogger(__name__)


@dataclass
class DigestResult:
    sent: int = 0
    already_sent: int = 0
    nothing_due: int = 0
    failed: list[str] = field(default_factory=list)  # user names whose email could not be sent


@dataclass(frozen=True)
class WorkerCount:
    name: str
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class Digest:
    user: Any
    for_date: date
    mine: list[DeadlineLine]
    team: list[DeadlineLine]

    @property
    def overdue(self) -> list[DeadlineLine]:
        return [line for line in self.mine if line.status == DeadlineStatus.OVERDUE]

    @property
    def due_soon(self) -> list[DeadlineLine]:
        return [line for line in self.mine if line.status == DeadlineStatus.DUE_SOON]

    @property
    def team_overdue(self) -> list[DeadlineLine]:
        return [line for line in self.team if line.status == DeadlineStatus.OVERDUE]

    @property
    def team_counts(self) -> list[WorkerCount]:
        return worker_counts(self.team)

    @property
    def items(self) -> int:
        return len(self.mine) + len(self.team)


def worker_counts(lines: list[DeadlineLine]) -> list[WorkerCount]:
    """Overdue and due-soon counts per responsible worker, by name ("Unallocated" last)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines:
        slot = counts[line.worker_name or ""]
        slot[0 if line.status == DeadlineStatus.OVERDUE else 1] += 1
    ordered = sorted(counts.items(), key=lambda item: (item[0] == "", item[0]))
    return [WorkerCount(name or "Unallocated", overdue, soon) for name, (overdue, soon) in ordered]


def child_reference(person: Any) -> str:
    """Initials and council id: enough for the worker to know the person, little for anyone else."""
    initials = "".join(part[0].upper() for part in f"{person.given_names} {person.family_name}".split() if part)
    return f"{initials or 'No name'} ({person.council_id})"


def _base_url() -> str:
    return str(getattr(settings, "JIGSAW_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def digest_recipients(*, for_date: date) -> list[Any]:
    """Users who may have something in their digest: whoever is responsible for a deadline due
    soon or overdue (timescales.ownership), their team managers, and the managers of the teams
    whose areas hold such a deadline with nobody responsible."""
    due = with_responsible(Clock.objects.open().filter(due_on__lte=due_soon_horizon(for_date)), today=for_date)
    workers: set[int] = set()
    areas: set[str] = set()
    for responsible_id, rule_key in due.values_list("responsible_id", "rule_key"):
        if responsible_id is None:
            areas.add(responsibility_for(rule_key).area)
        else:
            workers.add(responsible_id)
    User = get_user_model()
    teams = set(User.objects.filter(pk__in=workers, team__isnull=False).values_list("team_id", flat=True))
    leads: set[int] = set()
    for area in areas:
        leads |= set(area_leads(area).values_list("pk", flat=True))
    return list(
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(pk__in=workers | leads) | Q(role=Role.TEAM_MANAGER, team_id__in=teams))
        .order_by("pk")
    )


def digest_for(*, user: Any, for_date: date) -> Digest:
    return Digest(
        user=user,
        for_date=for_date,
        mine=user_deadlines(user=user, today=for_date),
        team=team_deadlines(user=user, today=for_date),
    )


def _spoken(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    parts = []
    if digest.overdue:
        parts.append(f"{len(digest.overdue)} overdue")
    if digest.due_soon:
        parts.append(f"{len(digest.due_soon)} due soon")
    if digest.team_overdue:
        parts.append(f"{len(digest.team_overdue)} overdue in your team")
    summary = ", ".join(parts) or "your team's deadlines"
    context = {
        "digest": digest,
        "spoken_date": _spoken(digest.for_date),
        "base_url": _base_url(),
        "my_work_url": _base_url() + reverse("core:home"),
        "line_url": lambda line: _base_url() + line.url,
        "child": child_reference,
        "person_heading": person_heading,
        "service_name": settings.JIGSAW_SERVICE_NAME,
        "council_name": settings.JIGSAW_COUNCIL_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"{settings.JIGSAW_SERVICE_NAME} deadlines for {_spoken(digest.for_date)}: {summary}",
        body=render_to_string("timescales/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
    )
    message.attach_alternative(render_to_string("timescales/email/digest.html", context), "text/html")
    return message


def deadline_digest_send(*, for_date: date) -> DigestResult:
    """Email every worker and team manager their digest for `for_date`, once."""
    result = DigestResult()
    done = set(DigestSent.objects.filter(for_date=for_date).values_list("user_id", flat=True))
    for user in digest_recipients(for_date=for_date):
        if user.pk in done:
            result.already_sent += 1
            continue
        digest = digest_for(user=user, for_date=for_date)
        if not digest.items:
            result.nothing_due += 1
            continue
        try:
            # The row and the email stand or fall together: if sending fails the row is rolled
            # back and the next run tries again; a concurrent run meets the unique constraint.
            with transaction.atomic():
                DigestSent.objects.create(user=user, for_date=for_date, items=digest.items)
                digest_message(digest).send()
        except IntegrityError:
            result.already_sent += 1
        except Exception:  # one bad address or relay hiccup must not stop everyone else's digest
            logger.exception("Deadline digest for user %s on %s could not be sent", user.pk, for_date)
            result.failed.append(user.get_username())
        else:
            result.sent += 1
    return result


# Overdue notifications


def overdue_notify(*, today: date | None = None) -> int:
    """Tell whoever is responsible for each overdue deadline, in Jigsaw (and by an email with no
    case details), once per deadline: the dedupe key is the clock, so the daily run tells
    nobody twice. A deadline nobody is responsible for is told to the managers of the team
    that owns it, so it reaches someone. Returns how many were told."""
    today = today or timezone.localdate()
    overdue = Clock.objects.open().filter(due_on__lt=today)
    return _overdue_tell(overdue, today=today)


def overdue_hours_notify(*, now: datetime | None = None) -> int:
    """Tell each hour-rule deadline (a return home interview: 72 hours after the return) as soon
    as its hour has passed, not the next morning: the daily run counts by date, and a clock due
    at 16:30 would otherwise wait until tomorrow. Run every quarter hour; the same dedupe key as
    the daily run, so a deadline is told once whichever run finds it first. Returns how many
    were told."""
    now = now or timezone.now()
    overdue = Clock.objects.open().filter(due_at__isnull=False, due_at__lt=now)
    return _overdue_tell(overdue, today=timezone.localdate(now))


def _when_due(clock: Clock) -> str:
    if clock.due_at is not None:
        return f"{timezone.localtime(clock.due_at):%H:%M} on {_spoken(timezone.localdate(clock.due_at))}"
    return _spoken(clock.due_on)


def _overdue_tell(overdue: Any, *, today: date) -> int:
    from jigsaw.notifications import kinds
    from jigsaw.notifications.services import notify

    overdue = with_responsible(overdue.select_related("person"), today=today).order_by("due_on", "pk")
    User = get_user_model()
    told = 0
    clocks = list(overdue)
    for clock, line in zip(clocks, _lines(clocks, today), strict=True):
        if clock.responsible_id is not None:
            recipients = list(User.objects.filter(pk=clock.responsible_id))
        else:
            recipients = list(area_leads(responsibility_for(clock.rule_key).area))
        for recipient in recipients:
            if notify(
                recipient=recipient,
                kind=kinds.DEADLINE_OVERDUE,
                title=f"Overdue: {line.title}" + ("" if clock.responsible_id else " (nobody is responsible)"),
                body=f"It was due {'at' if clock.due_at else 'on'} {_when_due(clock)}.",
                url=line.url,
                person=clock.person,
                restricted_area=_restricted_area(clock.rule_key),
                dedupe_key=f"overdue-{clock.pk}",
            ):
                told += 1
    return told


def unowned_notify(*, clock_ids: list[int], today: date | None = None) -> int:
    """Tell the managers who hold an area's unallocated list of each new deadline in it that
    nobody is responsible for (called when the transaction that started the clocks commits).
    One already overdue is left to overdue_notify, which tells it the same day. Once per
    deadline and manager. Returns how many were told."""
    from jigsaw.notifications import kinds
    from jigsaw.notifications.services import notify

    today = today or timezone.localdate()
    clocks = [
        clock
        for clock in with_responsible(
            Clock.objects.open().filter(pk__in=clock_ids, due_on__gte=today).select_related("person"), today=today
        ).order_by("due_on", "pk")
        if clock.responsible_id is None
    ]
    leads: dict[str, list[Any]] = {}
    told = 0
    with transaction.atomic():
        for clock, line in zip(clocks, _lines(clocks, today), strict=True):
            area = responsibility_for(clock.rule_key).area
            if area not in leads:
                leads[area] = list(area_leads(area))
            for recipient in leads[area]:
                if notify(
                    recipient=recipient,
                    kind=kinds.DEADLINE_UNALLOCATED,
                    title=f"Nobody is responsible: {line.title} for {clock.person.display_name}",
                    body=f"It is due by {_spoken(clock.due_on)}. Allocate it, or do it yourself.",
                    url=line.url,
                    person=clock.person,
                    restricted_area=_restricted_area(clock.rule_key),
                    dedupe_key=f"unallocated-{clock.pk}",
                ):
                    told += 1
    return told


def _restricted_area(rule_key: str) -> str:
    try:
        return get_rule(rule_key).restricted_area
    except LookupError:
        return ""
