"""Writing the disclosure log: one call, one insert, from whichever route sends something out.

    disclosure_record(person_id=child.pk, route=DisclosureRoute.EMAIL_NOTICE, what="Child protection plan started",
                      recipient_email=row.email, recipient_agency="Police", source=row)

Never reads (no person lookup, no access check: the caller has already decided to share), so
it adds well under 5 ms to the request or task that shares (bench/bench_disclosure.py). A
person-less send (a notification to a user, holding no case details) is not a disclosure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from .models import Disclosure, DisclosureRoute

__all__ = ["DisclosureRoute", "disclosure_record", "disclosures_record", "downloaded_by", "source_label"]


def source_label(source: models.Model | None) -> str:
    if source is None or source.pk is None:
        return ""
    return f"{source._meta.label_lower}:{source.pk}"


def _row(
    *,
    person_id: int,
    route: DisclosureRoute | str,
    what: str,
    recipient_name: str = "",
    recipient_email: str = "",
    recipient_agency: str = "",
    purpose: str = "",
    lawful_basis: str = "",
    shared_by: Any = None,
    source: models.Model | None = None,
    restricted_area: str = "",
    occurred_at: Any = None,
) -> Disclosure:
    return Disclosure(
        occurred_at=occurred_at or timezone.now(),
        person_id=person_id,
        route=DisclosureRoute(route),
        what=what[:300],
        recipient_name=(recipient_name or "")[:200],
        recipient_email=(recipient_email or "")[:254],
        recipient_agency=(recipient_agency or "")[:200],
        purpose=(purpose or "")[:300],
        lawful_basis=(lawful_basis or "")[:300],
        shared_by_id=getattr(shared_by, "pk", None) if getattr(shared_by, "is_authenticated", False) else None,
        source=source_label(source),
        restricted_area=restricted_area or getattr(source, "restricted_area", "") or "",
    )


def disclosure_record(*, person_id: int | None, **fields: Any) -> Disclosure | None:
    """Log one disclosure about one person (None: nobody's, nothing logged). One INSERT."""
    if person_id is None:
        return None
    row = _row(person_id=person_id, **fields)
    row.save(force_insert=True)
    return row


def disclosures_record(*, person_ids: Iterable[int], **fields: Any) -> list[Disclosure]:
    """The same disclosure about several people (minutes about three children): one INSERT."""
    rows = [_row(person_id=pk, **fields) for pk in dict.fromkeys(p for p in person_ids if p)]
    return Disclosure.objects.bulk_create(rows) if rows else []


def downloaded_by(user: Any, purpose: str = "") -> dict[str, Any]:
    """The recipient fields for something a signed-in user takes out of Jigsaw (a PDF, an export)."""
    agency = getattr(user, "agency", None) if getattr(user, "agency_id", None) else None
    return {
        "recipient_name": getattr(user, "full_name", "") or getattr(user, "username", ""),
        "recipient_email": getattr(user, "email", "") or "",
        "recipient_agency": getattr(agency, "name", "") if agency else "",
        "purpose": purpose or "Downloaded by a user of Jigsaw",
        "shared_by": user,
    }
