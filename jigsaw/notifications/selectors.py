"""Reads of a user's notifications. Only the recipient sees them, and only while the access
policy still lets them see the person and the restricted team's work they are about."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from jigsaw.people.models import Person

from .kinds import kind_label
from .models import Notification


def _visible(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    area = getattr(user, "restricted_area", "") or ""
    return (
        Notification.objects.filter(recipient=user)
        .filter(Q(person__isnull=True) | Q(person__in=Person.objects.visible_to(user)))
        .filter(Q(restricted_area="") | Q(restricted_area=area))
    )


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    qs = _visible(user)
    if unread_only:
        qs = qs.unread()
    return qs.order_by("-created_at", "-pk")


def notification_get(*, user: Any, notification_id: int) -> Notification:
    notification = _visible(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def unread_count(*, user: Any) -> int:
    return _visible(user).unread().count()


def kind_of(notification: Notification) -> str:
    return kind_label(notification.kind)
