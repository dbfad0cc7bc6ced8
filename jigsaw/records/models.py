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
    )
}
