"""The statutory returns Jigsaw produced: each run (which return, which year, who, when), the
files it made (kept as they were validated and as they may be sent) and what the sector's
validators found in them, child by child."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

RETENTION_CLASS = "statutory-return"
LEGAL_BASIS = (
    "UK GDPR 6(1)(c) legal obligation and 9(2)(g) substantial public interest; Children Act 1989 s83 and "
    "the Education Act 1996 s537A (the DfE's children in need and children looked after collections)"
)


class ReturnKind(models.TextChoices):
    CIN = "cin", "Children in need census"
    SSDA903 = "903", "SSDA903 (children looked after)"
    ANNEX_A = "annex_a", "Ofsted Annex A"


class RunStatus(models.TextChoices):
    PRODUCED = "produced", "Produced, not validated"
    VALIDATED = "validated", "Validated"
    VALIDATOR_FAILED = "validator_failed", "The validator could not run"


class IssueKind(models.TextChoices):
    ERROR = "error", "Error"
    QUERY = "query", "Query"


class ReturnRun(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    year = models.PositiveSmallIntegerField("collection year (the year it ends)")
    produced_at = models.DateTimeField(default=timezone.now)
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    children = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.PRODUCED)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    validator_message = models.TextField(blank=True)

    class Meta:
        ordering = ["-produced_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReturnKind.values), name="returns_run_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="returns_run_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year - 1} to {self.year}"

    @property
    def year_label(self) -> str:
        return f"{self.year - 1} to {self.year}"


class ReturnFile(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="returns_one_file_per_name")]

    def __str__(self) -> str:
        return self.name


class ReturnIssue(models.Model):
    """One finding of a validator: a rule a child's records break (or a query to explain)."""

    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="issues")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    child_id = models.CharField(max_length=20, blank=True)
    rule_code = models.CharField(max_length=20)
    kind = models.CharField(max_length=5, choices=IssueKind.choices)
    description = models.TextField()
    table = models.CharField(max_length=40, blank=True)
    fields = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["child_id", "kind", "rule_code", "pk"]
        indexes = [models.Index(fields=["run", "child_id"])]
        constraints = [models.CheckConstraint(condition=Q(kind__in=IssueKind.values), name="returns_issue_kind_valid")]

    def __str__(self) -> str:
        return f"{self.rule_code} for {self.child_id or 'the whole return'}"
