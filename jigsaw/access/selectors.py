"""Reads about users for the set-up code screens: whom an administrator or manager may issue a code for."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role
from .models import EnrolmentCode, User
from .policy import Action, can

# Enough for a team; an administrator looking for one person searches by name.
CANDIDATES_SHOWN = 50


def _issuable_by(issuer: Any) -> QuerySet[User]:
    """The users `issuer` may issue set-up codes for: the rule of policy.can, as a queryset."""
    if not can(issuer, Action.ISSUE_ENROLMENT_CODE):
        return User.objects.none()
    users = User.objects.filter(is_active=True).exclude(pk=issuer.pk)
    if issuer.role == Role.SYSTEM_ADMINISTRATOR:
        return users
    if issuer.team_id is None:
        return User.objects.none()
    return users.filter(team_id=issuer.team_id).exclude(role__in=[Role.TEAM_MANAGER, Role.SYSTEM_ADMINISTRATOR])


def enrolment_code_candidates(*, issuer: Any, query: str = "") -> QuerySet[User]:
    """Users the issuer may give a set-up code, with whether they have an authenticator and an unused code."""
    users = _issuable_by(issuer)
    for word in query.split()[:5]:
        users = users.filter(Q(full_name__icontains=word) | Q(username__icontains=word))
    open_codes = EnrolmentCode.objects.filter(
        user=OuterRef("pk"), used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
    )
    return (
        users.select_related("team", "agency")
        .annotate(
            has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            open_code_expires_at=Subquery(open_codes.values("expires_at")[:1]),
        )
        .order_by("full_name", "username")
    )


def enrolment_code_candidate_get(*, issuer: Any, user_id: int) -> User:
    """One user the issuer may give a set-up code; anyone else does not exist for them (404)."""
    user = enrolment_code_candidates(issuer=issuer).filter(pk=user_id).first()
    if user is None or not can(issuer, Action.ISSUE_ENROLMENT_CODE, user):
        raise Http404("No such user")
    return user
