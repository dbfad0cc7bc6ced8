"""Subject access requests, their pauses and extension, each item's decision, and the people
a record mentions (linked when the record was written, so the pack can redact third parties
without anyone reading every line)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

LEGAL_BASIS = "UK GDPR 6(1)(c) legal obligation (Article 15, right of access); DPA 2018 Schedule 2 exemptions"


class RequesterKind(models.TextChoices):
    SELF = "self", "The person themselves"
    PARENT = "parent", "A parent (for a child who cannot act, or who authorised it)"
    SOLICITOR = "solicitor", "A solicitor or other representative"


class RequestStatus(models.TextChoices):
    AWAITING_IDENTITY = "identity", "Waiting for proof of identity"
    AWAITING_CLARIFICATION = "clarify", "Waiting for clarification"
    IN_PROGRESS = "progress", "In progress"
    ANSWERED = "answered", "Answered"


class SubjectAccessRequest(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField(max_length=10, choices=RequesterKind.choices)
    requester_name = models.CharField(max_length=200)
    requester_address = models.TextField(help_text="Where the response is sent")
    received_on = models.DateField()
    what_is_asked = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.AWAITING_IDENTITY)
    identity_confirmed_on = models.DateField(null=True, blank=True)
    identity_evidence = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    requester_told_of_extension_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    pack_sha256 = models.CharField(max_length=64, blank=True, help_text="The pack sent, as proof of what was sent")

    retention_class = "access"
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SAR{self.pk:05d}" if self.pk else "SAR (new)"


class PauseReason(models.TextChoices):
    IDENTITY = "identity", "Waiting for proof of identity"
    CLARIFICATION = "clarify", "Waiting for clarification"


class ClockPause(models.Model):
    """The month's clock stands still from `started_on` until `ended_on` (ICO: the time limit
    starts when identity is confirmed; clarification pauses it)."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=10, choices=PauseReason.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    retention_class = "access"
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.started_on}"


class Decision(models.TextChoices):
    RELEASE = "release", "Release"
    REDACT = "redact", "Release with other people's details redacted"
    WITHHOLD = "withhold", "Withhold"


class Exemption(models.TextChoices):
    NONE = "", "None"
    THIRD_PARTY = "third_party", "Other people's information (DPA 2018 Sch 2 para 16)"
    SERIOUS_HARM = "serious_harm", "Serious harm (DPA 2018 Sch 3 para 7 and 8)"
    CRIME = "crime", "Crime and taxation (DPA 2018 Sch 2 para 2)"
    LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege (DPA 2018 Sch 2 para 19)"


class ItemDecision(models.Model):
    """The reviewer's decision on one item of the pack (items without one take their default)."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="decisions")
    item_key = models.CharField(max_length=120)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    exemption = models.CharField(max_length=20, choices=Exemption.choices, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    retention_class = "access"
    legal_basis = LEGAL_BASIS

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "item_key"], name="sar_item_decided_once")]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.get_decision_display()}"


class Mention(models.Model):
    """Another person named in a record about `person`: linked when the record was written."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    mentioned = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    linked_at = models.DateTimeField(default=timezone.now)

    retention_class = "person-index"
    legal_basis = "UK GDPR 6(1)(e) public task; linked to protect third parties' information"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "mentioned"], name="sar_mention_once_per_record"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="sar_mention_record")]

    def __str__(self) -> str:
        return f"person {self.mentioned_id} named in {self.content_type_id}:{self.object_id}"
