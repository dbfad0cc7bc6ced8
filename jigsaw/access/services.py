"""Writes about users: two-factor set-up codes and devices, and break-glass access."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from jigsaw.audit.actor import records_actor
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .models import BreakGlass, EnrolmentCode
from .policy import Action, can

# Set-up codes: 12 characters people can read out and type, without look-alikes (0/O, 1/I/L, U/V).
ENROLMENT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
ENROLMENT_CODE_LENGTH = 12  # 30**12: about 59 bits
# Wrong codes a signed-in user may type before waiting (they have already given the password).
ENROLMENT_CODE_FAILURE_LIMIT = 5
ENROLMENT_CODE_FAILURE_WINDOW = timedelta(minutes=15)
# After a code is accepted, how long the session may take to scan the QR code and confirm.
ENROLMENT_WINDOW = timedelta(hours=1)
_REFUSED = "two-factor set-up code refused"


def enrolment_code_normalise(typed: str) -> str:
    """What the user typed, as the code: capitals, without the spaces and dashes that group it."""
    return "".join((typed or "").upper().replace("-", " ").split())


def enrolment_code_hash(code: str) -> str:
    """SHA-256 is enough: the code is random, tried at most a few times an hour, and expires in days."""
    return hashlib.sha256(enrolment_code_normalise(code).encode()).hexdigest()


def enrolment_code_display(code: str) -> str:
    """ABCDEFGHJKMN -> ABCD-EFGH-JKMN, easier to read out and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class IssuedEnrolmentCode:
    enrolment: EnrolmentCode
    code: str  # shown once, never stored


@transaction.atomic
def enrolment_code_issue(*, actor: Any | None, user: Any) -> IssuedEnrolmentCode:
    """A new one-time set-up code for `user`, replacing any they have not used.

    `actor` is the administrator or team manager; None is an operator at the command line
    (`manage.py enrolment_code issue`). The user keeps any authenticator they have until they
    set up a new one with this code.
    """
    if actor is not None and not can(actor, Action.ISSUE_ENROLMENT_CODE, user):
        raise PermissionDenied("You cannot issue a set-up code for this user")
    if not user.is_active:
        raise ApplicationError(f"{user}'s account is not active")
    # Locked, so two administrators at once leave one open code, not two.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    withdrawn = EnrolmentCode.objects.filter(user=user, used_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    while True:
        code = "".join(secrets.choice(ENROLMENT_CODE_ALPHABET) for _ in range(ENROLMENT_CODE_LENGTH))
        if not EnrolmentCode.objects.filter(code_hash=enrolment_code_hash(code)).exists():
            break
    enrolment = EnrolmentCode.objects.create(
        user=user,
        code_hash=enrolment_code_hash(code),
        issued_by=actor,
        issued_at=now,
        expires_at=now + timedelta(hours=settings.JIGSAW_ENROLMENT_CODE_HOURS),
    )
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=enrolment,
        purpose="two-factor set-up code issued",
        details={
            "for_user": user.username,
            "expires_at": enrolment.expires_at.isoformat(),
            "replaced_unused_codes": withdrawn,
            "by": actor.username if actor is not None else "manage.py enrolment_code",
        },
    )
    return IssuedEnrolmentCode(enrolment=enrolment, code=code)


def _recent_refusals(user: Any) -> int:
    since = timezone.now() - ENROLMENT_CODE_FAILURE_WINDOW
    return AuditEntry.objects.filter(
        kind=AuditKind.SIGN_IN_FAILED, actor=user, purpose=_REFUSED, timestamp__gte=since
    ).count()


_REFUSAL_MESSAGES = {
    "wrong": "That set-up code is not right. Check it and enter it again, or ask for a new one",
    "expired": "That set-up code has expired. Ask your team manager or the service desk for a new one",
    "used": "That set-up code has already been used. Ask your team manager or the service desk for a new one",
    "withdrawn": "That set-up code has been replaced by a newer one. Enter the newest code you were given",
    "too_many": (
        "You have entered too many wrong set-up codes. "
        f"Wait {ENROLMENT_CODE_FAILURE_WINDOW.seconds // 60} minutes, then try again"
    ),
}


def enrolment_code_redeem(*, user: Any, code: str) -> EnrolmentCode:
    """Accept the set-up code `user` typed, once; after it the user may set up an authenticator.

    Refusals are audited (never with the code typed) and counted: after
    ENROLMENT_CODE_FAILURE_LIMIT in ENROLMENT_CODE_FAILURE_WINDOW the user must wait.
    """
    now = timezone.now()
    if _recent_refusals(user) >= ENROLMENT_CODE_FAILURE_LIMIT:
        reason = "too_many"
    else:
        with transaction.atomic():
            found = (
                EnrolmentCode.objects.select_for_update().filter(user=user, code_hash=enrolment_code_hash(code)).first()
            )
            if found is None:
                reason = "wrong"
            elif found.used_at is not None:
                reason = "used"
            elif found.withdrawn_at is not None:
                reason = "withdrawn"
            elif found.expires_at <= now:
                reason = "expired"
            else:
                found.used_at = now
                found.save(update_fields=["used_at"])
                # A secret made before this code (and perhaps seen by someone) is never confirmed.
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                audit_record(actor=user, kind=AuditKind.UPDATE, obj=found, purpose="two-factor set-up code used")
                return found
    # Outside the transaction above, so the refusal stays in the log though the caller is refused.
    audit_record(
        actor=user,
        kind=AuditKind.SIGN_IN_FAILED,
        obj=user,
        purpose=_REFUSED,
        details={"username": user.username, "reason": reason},
    )
    raise ApplicationError(_REFUSAL_MESSAGES[reason], field="code")


def enrolment_is_open(*, user: Any, enrolment: EnrolmentCode | None) -> bool:
    """Whether this accepted code still lets `user` set up an authenticator now."""
    return (
        enrolment is not None
        and enrolment.user_id == user.pk
        and enrolment.used_at is not None
        and timezone.now() - enrolment.used_at <= ENROLMENT_WINDOW
    )


def totp_device_for_setup(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator device, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_confirm(*, user: Any, device: TOTPDevice, code: str, enrolment: EnrolmentCode | None) -> bool:
    """Confirm the new authenticator with a code it shows; it replaces any the user had before.

    Only within an accepted set-up code (`enrolment`): a password alone never enrols a device.
    """
    if not enrolment_is_open(user=user, enrolment=enrolment):
        raise PermissionDenied("Enter a set-up code before setting up an authenticator app")
    if device.user_id != user.pk or not device.verify_token(code):
        return False
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()[0]
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=user,
            kind=AuditKind.UPDATE,
            obj=user,
            purpose="two-factor authentication set up",
            details={"enrolment_code": enrolment.pk, "replaced_devices": replaced},
        )
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


# Involvements: who works with a child ----------------------------------------------------


@transaction.atomic
def involvement_allocate(*, person: Any, worker: Any, service: str, on: Any = None) -> Any:
    """Make `worker` the child's allocated worker for `service` from `on` (today by default).

    The allocated involvement is what the rest of Jigsaw reads (My work, the digest, who hears
    of a partner's entry), so there is one current allocated worker per service: the previous
    one's involvement ends the day before (or on the day, if it started that day). Called
    inside the allocating service, which has already checked who may allocate.
    """
    from datetime import timedelta

    from .choices import InvolvementKind
    from .models import Involvement

    on = on or timezone.localdate()
    current = Involvement.objects.select_for_update().filter(
        person=person, kind=InvolvementKind.ALLOCATED, service=service, ended_on__isnull=True
    )
    mine = None
    for involvement in current:
        if involvement.user_id == worker.pk:
            mine = involvement
            continue
        involvement.ended_on = max(involvement.started_on, on - timedelta(days=1))
        involvement.save(update_fields=["ended_on"])
    if mine is None:
        mine = Involvement.objects.create(
            user=worker, person=person, kind=InvolvementKind.ALLOCATED, service=service, started_on=on
        )
    return mine
