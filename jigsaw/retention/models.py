"""Legal holds, disposal batches (awaiting the DPO's approval) and disposal certificates.

A disposal item names a person by id only; a certificate holds no personal data at all (class,
how many, when, approved by whom), so it can be kept for ever as proof of what was destroyed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class LegalHold(models.Model):
    """A named hold (an inquiry, litigation) that keeps a person's records past their date."""

    name = models.CharField(max_length=200, help_text="The inquiry or case, e.g. 'Claim HQ26X01234'")
    reason = models.TextField()
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    retention_class = "access"  # kept as the DPO's own record of the decision
    legal_basis = "UK GDPR 6(1)(c) legal obligation (preservation for litigation or inquiry)"

    class Meta:
        ordering = ["-set_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.released_at is None


class BatchStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting approval"
    DISPOSED = "disposed", "Disposed"
    REJECTED = "rejected", "Not approved"


class DisposalBatch(models.Model):
    """What the nightly run found past its date: nothing is destroyed until the DPO approves."""

    found_on = models.DateField(help_text="The day the run found these records due")
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.AWAITING)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    retention_class = "access"
    legal_basis = "UK GDPR 5(1)(e) storage limitation"

    class Meta:
        ordering = ["-found_on", "-pk"]
        constraints = [
            # One batch at a time awaits approval: the nightly run adds to it.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="awaiting"), name="retention_one_batch_awaiting"
            )
        ]

    def __str__(self) -> str:
        return f"Disposal batch {self.pk} found {self.found_on:%d %B %Y}"


class DisposalItem(models.Model):
    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="items")
    # By id, not a foreign key: the person row is anonymised, and the item must not pin it.
    person_id = models.BigIntegerField(db_index=True)
    record_classes = models.CharField(max_length=300, help_text="The classes the person's records fall in")
    governing_class = models.CharField(max_length=40, help_text="The class whose period ends last")
    due_on = models.DateField()
    held_by = models.ForeignKey(LegalHold, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    disposed = models.BooleanField(default=False)

    retention_class = "access"
    legal_basis = "UK GDPR 5(1)(e) storage limitation"

    class Meta:
        ordering = ["due_on", "person_id"]
        constraints = [models.UniqueConstraint(fields=["batch", "person_id"], name="retention_item_once")]

    def __str__(self) -> str:
        return f"Record {self.person_id} due {self.due_on}"


class DisposalCertificate(models.Model):
    """Proof of disposal, with no personal data: one per record class in a batch."""

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="certificates")
    record_class = models.CharField(max_length=40)
    action = models.CharField(max_length=10)
    count = models.PositiveIntegerField()
    held_back = models.PositiveIntegerField(default=0, help_text="Past their date but under a legal hold")
    disposed_at = models.DateTimeField()
    approved_by_name = models.CharField(max_length=200)

    retention_class = "audit"
    legal_basis = "UK GDPR 5(2) accountability"

    class Meta:
        ordering = ["-disposed_at", "record_class"]

    def __str__(self) -> str:
        return f"{self.count} {self.record_class} records {self.action}d"
