"""Retention classes and legal bases: the metadata every personal-data model declares.

A model declares `retention_class` (a key below) and `legal_basis` as class attributes;
the governance service area (a later issue) applies disposal from this table.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models


@dataclass(frozen=True)
class RetentionClass:
    key: str
    description: str
    keep_for: str  # plain words, as the retention schedule says it


RETENTION_CLASSES = {
    rc.key: rc
    for rc in (
        RetentionClass(
            "person-index",
            "Person index records",
            "until the youngest linked child's 25th birthday, or 75 years for children in care",
        ),
        RetentionClass("audit", "Audit log", "at least 7 years after the entry"),
        RetentionClass("access", "User accounts and access records", "6 years after the account is closed"),
        RetentionClass("notification", "Notifications to users", "1 year after it was made (local)"),
        RetentionClass("system-access", "Who may see whom: involvements and break-glass", "6 years after it ends"),
        RetentionClass("child-protection", "Child protection records", "35 years after the case closes"),
        RetentionClass("safeguarding-case", "Safeguarding meetings and case papers", "35 years after the case closes"),
        RetentionClass("contact", "Front door contacts", "until the child's 25th birthday"),
        RetentionClass("cin-episode", "Child in need episodes", "until the child's 25th birthday"),
        RetentionClass("chronology", "Chronology entries", "as the record they belong to"),
        RetentionClass(
            "looked-after",
            "Looked-after children's case records and care leavers' records",
            "until the 75th anniversary of the child's birth; 15 years from death if the child dies before 18 "
            "(CPPCR 2010 reg 50)",
        ),
        RetentionClass(
            "missing-exploitation",
            "Missing episodes, return interviews and exploitation records",
            "35 years after the case closes, as child protection (local)",
        ),
        RetentionClass(
            "lado-substantiated",
            "Allegations against staff: substantiated or unsubstantiated",
            "100 years from the subject's date of birth (local practice, statutory-reference 3.11)",
        ),
        RetentionClass(
            "lado-unfounded",
            "Allegations against staff: unfounded, false or malicious",
            "10 years from closure (local practice, statutory-reference 3.11); never on personnel records",
        ),
        RetentionClass("lado-advice", "LADO advice-only consultations", "6 years (local practice)"),
        RetentionClass(
            "channel",
            "Channel (Prevent) case records",
            "as the Home Office Channel guidance; 6 years after exit (local)",
        ),
        RetentionClass(
            "fgc", "Family group conference records", "until the child's 25th birthday, as child in need (local)"
        ),
        RetentionClass(
            "youth-justice",
            "Youth justice case records",
            "as the YJB's retention guidance; 6 years after the order ends (local)",
        ),
        RetentionClass(
            "governance",
            "Information governance: sharing decisions, rights requests and breaches",
            "6 years after the request or breach is closed (local; Limitation Act 1980)",
        ),
        RetentionClass(
            "statutory-return",
            "Statutory returns and their validators' findings",
            "6 years after the collection year (local; the DfE holds the returns themselves)",
        ),
        RetentionClass(
            "partnership-training",
            "Multi-agency training bookings",
            "telephone, address, requirements and budget code until the course has run; name, job role, "
            "organisation, sector and email 4 years after the course date, then anonymous counts",
        ),
        RetentionClass(
            "partnership-subscriber",
            "The partnership's newsletter subscribers",
            "until they unsubscribe (deleted at once); an unconfirmed sign-up 30 days",
        ),
    )
}


UK_GDPR_PUBLIC_TASK = "UK GDPR 6(1)(e) public task; 9(2)(g) substantial public interest (Children Act 1989 and 2004)"


class PersonIndexRecord:
    """Mixed into the person index's models: kept as long as the person's record is."""

    retention_class = "person-index"
    legal_basis = UK_GDPR_PUBLIC_TASK


class AccessRecord:
    """Mixed into records of who may see whom (involvements, break-glass)."""

    retention_class = "system-access"
    legal_basis = "UK GDPR 6(1)(e) public task; 32 security of processing (access control and its audit)"


# The disclosure log (UK GDPR Art 5(2) accountability; statutory-reference 8B "system implications"):
# one row for everything about a person that leaves Jigsaw, by any route. It is a core model, so the
# core apps that send things (the outbox, the meetings engine, the PDFs, the partner API, exports)
# write it without importing a service area; the governance area reads it and adds decisions.


class DisclosureRoute(models.TextChoices):
    SHARING_DECISION = "sharing_decision", "Sharing decision recorded by a practitioner"
    EMAIL_NOTICE = "email_notice", "Notice emailed to an agency"
    MEETING_INVITATION = "meeting_invitation", "Meeting invitation emailed"
    MINUTES_SENT = "minutes_sent", "Minutes emailed"
    PDF_DOWNLOAD = "pdf_download", "PDF downloaded"
    API_READ = "api_read", "Read by a partner through the API"
    EXPORT = "export", "Exported to a spreadsheet"


class DisclosureQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DisclosureQuerySet":
        """Only about people the user may see, and never a restricted area's disclosures outside its team."""
        from jigsaw.people.models import Person

        area = getattr(user, "restricted_area", "") or ""
        return self.filter(person__in=Person.objects.visible_to(user)).filter(
            models.Q(restricted_area="") | models.Q(restricted_area=area) if area else models.Q(restricted_area="")
        )


class Disclosure(models.Model):
    """What was shared about a person, with whom, when, why, and under which lawful basis.

    Written by `jigsaw.records.disclosures.disclosure_record` as one insert (no reads), so it
    costs the request that shares almost nothing (bench/bench_disclosure.py).
    """

    retention_class = "person-index"
    legal_basis = "UK GDPR 6(1)(c) legal obligation; 5(2) accountability (a record of each disclosure)"

    occurred_at = models.DateTimeField(db_index=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="disclosures", db_index=False)
    route = models.CharField(max_length=30, choices=DisclosureRoute.choices)
    what = models.CharField(max_length=300, help_text="What information left Jigsaw")
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_email = models.CharField(max_length=254, blank=True)
    recipient_agency = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=300, blank=True)
    lawful_basis = models.CharField(max_length=300, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where it came from: "app_label.model:id" (a plan notice, a meeting, a sharing decision).
    source = models.CharField(max_length=100, blank=True)
    # A restricted area's disclosure (LADO minutes) is seen only by that team.
    restricted_area = models.CharField(max_length=20, blank=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "-occurred_at"], name="disclosure_person")]
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_route_display()}: {self.what}"
