"""'My work': the people a worker is involved with, and a manager's team's cases.

Service areas (front door, child protection...) add their deadlines to this page.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement


@dataclass
class CaseLine:
    person: Any
    service: str
    worker: Any
    since: Any


def my_cases(*, user: Any) -> list[CaseLine]:
    today = timezone.localdate()
    rows = (
        Involvement.objects.filter(user=user)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("person", "user")
        .order_by("person__family_name", "person__given_names")
    )
    return [CaseLine(person=i.person, service=i.service, worker=i.user, since=i.started_on) for i in rows]


def team_cases(*, user: Any) -> list[CaseLine]:
    """A team manager sees the open cases of everyone in their team."""
    if user.role != Role.TEAM_MANAGER or not user.team_id:
        return []
    today = timezone.localdate()
    rows = (
        Involvement.objects.filter(user__team_id=user.team_id, kind="allocated")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("person", "user")
        .order_by("user__full_name", "person__family_name")
    )
    return [CaseLine(person=i.person, service=i.service, worker=i.user, since=i.started_on) for i in rows]
