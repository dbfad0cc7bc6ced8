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
        RetentionClass("system-access", "Who may see whom: involvements and break-glass", "6 years after it ends"),
        RetentionClass("child-protection", "Child protection records", "35 years after the case closes"),
        RetentionClass("safeguarding-case", "Safeguarding meetings and case papers", "35 years after the case closes"),
        RetentionClass("contact", "Front door contacts", "until the child's 25th birthday"),
        RetentionClass("cin-episode", "Child in need episodes", "until the child's 25th birthday"),
        RetentionClass("chronology", "Chronology entries", "as the record they belong to"),
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
