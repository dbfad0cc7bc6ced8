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
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from jigsaw.access.choices import InvolvementKind, Role
from jigsaw.access.models import Involvement

from .choices import DeadlineStatus
from .models import Clock, DigestSent
from .selectors import DeadlineLine, due_soon_horizon, person_heading, team_deadlines, user_deadlines

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
    """Overdue and due-soon counts per responsible worker, by name ("Not allocated" last)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines:
        slot = counts[line.worker_name or ""]
        slot[0 if line.status == DeadlineStatus.OVERDUE else 1] += 1
    ordered = sorted(counts.items(), key=lambda item: (item[0] == "", item[0]))
    return [WorkerCount(name or "Not allocated", overdue, soon) for name, (overdue, soon) in ordered]


def child_reference(person: Any) -> str:
    """Initials and council id: enough for the worker to know the person, little for anyone else."""
    initials = "".join(part[0].upper() for part in f"{person.given_names} {person.family_name}".split() if part)
    return f"{initials or 'No name'} ({person.council_id})"


def _base_url() -> str:
    return str(getattr(settings, "JIGSAW_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def digest_recipients(*, for_date: date) -> list[Any]:
    """Users who may have something in their digest: the workers of children with a deadline
    due soon or overdue, the owners of such deadlines, and their team managers."""
    due = Clock.objects.open().filter(due_on__lte=due_soon_horizon(for_date))
    owners = set(due.exclude(owner=None).values_list("owner_id", flat=True))
    allocated = set(
        Involvement.objects.filter(kind=InvolvementKind.ALLOCATED, person_id__in=due.values("person_id"))
        .exclude(ended_on__lt=for_date)
        .values_list("user_id", flat=True)
    )
    workers = owners | allocated
    User = get_user_model()
    teams = set(User.objects.filter(pk__in=workers, team__isnull=False).values_list("team_id", flat=True))
    return list(
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(pk__in=workers) | Q(role=Role.TEAM_MANAGER, team_id__in=teams))
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
        "deadlines_url": lambda person: _base_url() + reverse("timescales:person", args=[person.pk]),
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
