"""Retention classes and legal bases: the metadata every personal-data model declares.

A model declares `retention_class` (a key below) and `legal_basis` as class attributes;
the governance service area (a later issue) applies disposal from this table.
"""

from dataclasses import dataclass


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
