"""Users, agencies, teams and roles, and what links a user to a child (involvement).

The rules that use these live in one place: access/policy.py.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jigsaw.records.models import AccessRecord

from .choices import AgencyKind, InvolvementKind, RestrictedArea, Role


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    # Where notices for the agency go when no one there is named (a safeguarding team's inbox):
    # a child protection plan starting or ending, for the child's school or GP practice.
    email = models.EmailField("safeguarding email address", blank=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    restricted_area = models.CharField(
        max_length=10,
        choices=RestrictedArea.choices,
        blank=True,
        default=RestrictedArea.NONE,
        help_text="Members of this team may see records of this restricted type.",
    )

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_unique_name_in_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class User(AbstractUser):
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    job_title = models.CharField(max_length=200, blank=True)
    # Set only by the demo generator, and honoured only when JIGSAW_DEMO_MODE is on.
    demo_2fa_exempt = models.BooleanField(default=False)

    class Meta:
        ordering = ["full_name", "username"]
        constraints = [
            models.CheckConstraint(condition=Q(role="") | Q(role__in=Role.values), name="user_role_is_a_role"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def restricted_area(self) -> str:
        return self.team.restricted_area if self.team_id and self.team else ""


class Involvement(AccessRecord, models.Model):
    """A professional's involvement with a person: the allocated worker or an invited professional.

    Partner practitioners see a child only through an involvement (or break-glass).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="involvements")
    kind = models.CharField(max_length=20, choices=InvolvementKind.choices)
    service = models.CharField(
        max_length=100, blank=True, help_text="What the person is open to, e.g. Child protection"
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "ended_on"]), models.Index(fields=["user", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="involvement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"


def break_glass_default_expiry():
    return timezone.now() + timedelta(hours=settings.JIGSAW_BREAK_GLASS_HOURS)


class BreakGlass(AccessRecord, models.Model):
    """Emergency access to a record the policy would otherwise refuse. Reason required; audited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="break_glass")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=break_glass_default_expiry)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name_plural = "break-glass accesses"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_needs_reason"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")), name="break_glass_expires_after_grant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.person_id} at {self.granted_at:%Y-%m-%d %H:%M}"


def enrolment_code_default_expiry():
    return timezone.now() + timedelta(hours=settings.JIGSAW_ENROLMENT_CODE_HOURS)


class EnrolmentCode(models.Model):
    """A one-time code an administrator gives a user to set up (or replace) their authenticator app.

    A password alone must not be enough to enrol an authenticator: whoever stole it could
    enrol their own. Only a hash of the code is kept; the code is shown once, when issued.
    A code is used once, expires, and is withdrawn when a newer one is issued for the user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when issued at the command line",
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=enrolment_code_default_expiry)
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="When a newer code replaced it")

    # records app: retention class and legal basis (ARCHITECTURE rule 5)
    retention_class = "access"
    legal_basis = "UK GDPR 6(1)(e) public task; 32 security of processing (access control)"

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("issued_at")), name="enrolment_code_expires_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="enrolment_code_used_or_withdrawn_not_both",
            ),
            # At most one code a user could still use: issuing a new one withdraws the old.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, withdrawn_at__isnull=True),
                name="enrolment_code_one_open_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Set-up code for {self.user} issued {self.issued_at:%Y-%m-%d %H:%M}"
