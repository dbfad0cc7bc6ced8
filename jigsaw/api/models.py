"""API tokens: a partner system acts through a token with the access of the user it belongs to.

Only a hash of the secret is stored; the secret is shown once, when the token is issued.
A user may hold several named tokens (one per system or integration), each with its own
expiry, so one can be revoked without breaking the others.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

# Secrets look like "jig_<43 url-safe characters>", so secret scanners and people can spot them.
SECRET_PREFIX = "jig_"  # noqa: S105 - a public marker, not a secret
# How much of the secret is kept in clear to name the token in lists and commands.
DISPLAY_PREFIX_LENGTH = len(SECRET_PREFIX) + 8


def hash_secret(secret: str) -> str:
    """SHA-256 is enough: the secret is 256 random bits, so it cannot be guessed from its hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. Police case system")
    prefix = models.CharField(max_length=DISPLAY_PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # records app: retention class and legal basis (ARCHITECTURE rule 5)
    retention_class = "system-access"
    legal_basis = "UK GDPR 6(1)(e) public task: security of the case system"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_has_name"),
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_issue"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("created_at")),
                name="api_token_revoked_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def status_at(self, when=None) -> ApiTokenStatus:
        when = when or timezone.now()
        if self.revoked_at is not None:
            return ApiTokenStatus.REVOKED
        if self.expires_at <= when:
            return ApiTokenStatus.EXPIRED
        return ApiTokenStatus.ACTIVE

    @property
    def status(self) -> ApiTokenStatus:
        return self.status_at()

    @property
    def is_active(self) -> bool:
        return self.status == ApiTokenStatus.ACTIVE
