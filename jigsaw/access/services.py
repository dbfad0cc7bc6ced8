"""Writes about users: two-factor devices and break-glass access."""

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from jigsaw.audit.actor import records_actor
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .models import BreakGlass
from .policy import Action, can


def totp_device_for_setup(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator device, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_confirm(*, user: Any, device: TOTPDevice, code: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(code):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


@records_actor("user")
@transaction.atomic
def break_glass_grant(*, user: Any, person: Any, reason: str) -> BreakGlass:
    """Emergency access to a person the policy would not otherwise show. Reason required, audited."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ApplicationError("Explain why you need to see this record now, in at least 10 characters", field="reason")
    if not can(user, Action.BREAK_GLASS, person):
        raise ApplicationError("You cannot use emergency access for this record")
    grant = BreakGlass.objects.create(user=user, person=person, reason=reason)
    audit_record(
        actor=user,
        kind=AuditKind.BREAK_GLASS,
        obj=person,
        purpose=reason,
        details={"expires_at": grant.expires_at.isoformat()},
        subject_person_id=person.pk,
    )
    return grant
