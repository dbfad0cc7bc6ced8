"""The kinds of notification, in plain words. Service areas add their own with `register_kind`
(from their AppConfig.ready), as they add deadline rules and menu items."""

from __future__ import annotations

ALLOCATION = "allocation"
LEAD_PRACTITIONER = "lead_practitioner"
PARTNER_ENTRY = "partner_entry"
MEETING_INVITATION = "meeting_invitation"
DEADLINE_OVERDUE = "deadline_overdue"
DEADLINE_UNALLOCATED = "deadline_unallocated"

_labels: dict[str, str] = {
    ALLOCATION: "Allocated to you",
    LEAD_PRACTITIONER: "You are the lead practitioner",
    PARTNER_ENTRY: "A partner added to a chronology",
    MEETING_INVITATION: "Meeting invitation",
    DEADLINE_OVERDUE: "Deadline overdue",
    DEADLINE_UNALLOCATED: "A deadline nobody is responsible for",
}


def register_kind(key: str, label: str) -> None:
    _labels[key] = label


def kind_label(key: str) -> str:
    return _labels.get(key) or key.replace("_", " ").capitalize()


def all_kinds() -> dict[str, str]:
    return dict(_labels)
