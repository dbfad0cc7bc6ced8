"""Reads of the chronology, always through the access policy, and audited.

A child the user may not see has no chronology for them (Http404). Within a chronology,
an entry from a restricted record (LADO, Channel) is left out unless the user is in that
team: its very existence is hidden, as the access policy hides restricted people.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from jigsaw.access.models import Agency
from jigsaw.access.policy import Action, can
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.jinja2 import govuk_date
from jigsaw.people.models import Person
from jigsaw.people.selectors import person_get

from .choices import Significance, significance_at_least
from .models import ChronologyEntry

VIEW_PURPOSE = "viewed chronology"

SIGNIFICANCE_FILTER_LABELS = {
    Significance.LOW: "Any significance",
    Significance.STANDARD: "Standard and above",
    Significance.HIGH: "High and critical (significant events)",
    Significance.CRITICAL: "Critical only",
}


@dataclass(frozen=True)
class ChronologyFilters:
    """The filters of a chronology: the screen, the PDF and the API pass the same ones."""

    agency_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    significance: str | None = None  # the minimum level
    kinds: tuple[str, ...] = field(default_factory=tuple)
    oldest_first: bool = False

    def as_kwargs(self) -> dict[str, Any]:
        return asdict(self) | {"kinds": list(self.kinds) or None}

    def audit_details(self) -> dict[str, Any]:
        """What was asked for, for the audit log (only the filters that were set)."""
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, (), False, "")}

    def describe(self, agency_name: str | None = None) -> list[str]:
        """The filters in words, for the PDF heading and the screen."""
        words = []
        if self.agency_id:
            words.append(f"Agency: {agency_name or 'not known'}")
        if self.date_from and self.date_to:
            words.append(f"Between {govuk_date(self.date_from)} and {govuk_date(self.date_to)}")
        elif self.date_from:
            words.append(f"From {govuk_date(self.date_from)}")
        elif self.date_to:
            words.append(f"Up to {govuk_date(self.date_to)}")
        if self.significance and self.significance != Significance.LOW:
            words.append(f"Significance: {SIGNIFICANCE_FILTER_LABELS[Significance(self.significance)].lower()}")
        if self.kinds:
            from .choices import kind_label

            words.append("Kinds: " + ", ".join(kind_label(k) for k in self.kinds))
        return words


def entries_visible_to(user: Any) -> Q:
    """Entries of a restricted area only for that area's team; unrestricted ones for anyone who sees the child."""
    visible = Q(restricted_area="")
    if getattr(user, "restricted_area", ""):
        visible |= Q(restricted_area=user.restricted_area)
    return visible


def entry_visible(user: Any, entry: ChronologyEntry) -> bool:
    """Whether the user may see this entry: they see the child, and the entry's area is theirs (or none)."""
    if entry.restricted_area and entry.restricted_area != getattr(user, "restricted_area", ""):
        return False
    return Person.objects.visible_to(user).filter(pk=entry.person_id).exists()


def entry_can_correct(user: Any, entry: ChronologyEntry, *, may_change_child: bool | None = None) -> bool:
    """Who may correct an entry: whoever recorded it, or anyone from the agency it came from.

    An entry the system recorded without an agency is corrected by someone who may change
    the child's record. Partner practitioners correct only their own agency's entries.
    """
    if not (user and user.is_authenticated):
        return False
    if entry.recorded_by_id is not None and entry.recorded_by_id == user.pk:
        return True
    if entry.source_agency_id is not None:
        return entry.source_agency_id == user.agency_id
    if may_change_child is not None:  # worked out once for a whole page of entries
        return may_change_child
    return can(user, Action.CHANGE, entry.person)


def can_add_entry(user: Any, person: Person) -> bool:
    """Whether the user may add an entry to this child's chronology (they see the child and have an agency)."""
    return bool(getattr(user, "agency_id", None)) and can(user, Action.VIEW, person)


def _person_entries(user: Any, person: Person) -> QuerySet[ChronologyEntry]:
    # The entries of records merged into this one belong to this chronology too: a merge
    # moves nothing, so nothing is lost and nothing is rewritten.
    return ChronologyEntry.objects.filter(Q(person=person) | Q(person__merged_into=person)).filter(
        entries_visible_to(user)
    )


def _chronology_queryset(
    *,
    user: Any,
    person: Person,
    agency_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    significance: str | None = None,
    kinds: list[str] | tuple[str, ...] | None = None,
    oldest_first: bool = False,
    include_superseded: bool = False,
) -> QuerySet[ChronologyEntry]:
    qs = _person_entries(user, person)
    if not include_superseded:
        qs = qs.current()
    if agency_id:
        qs = qs.filter(source_agency_id=agency_id)
    if date_from:
        qs = qs.filter(occurred_on__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_on__lte=date_to)
    if significance:
        qs = qs.filter(significance__in=significance_at_least(significance))
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    # Within a day, entries go by their time, or failing that by when they were recorded.
    when = Coalesce("occurred_at", "recorded_at")
    if oldest_first:
        order = [F("occurred_on").asc(), when.asc(), F("id").asc()]
    else:
        order = [F("occurred_on").desc(), when.desc(), F("id").desc()]
    return qs.select_related("source_agency", "recorded_by").order_by(*order)


def _audit_view(user: Any, person: Person, purpose: str, filters: dict[str, Any], details: dict[str, Any]) -> None:
    chosen = ChronologyFilters(
        agency_id=filters.get("agency_id"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        significance=filters.get("significance"),
        kinds=tuple(filters.get("kinds") or ()),
        oldest_first=bool(filters.get("oldest_first")),
    )
    audit_record(
        actor=user,
        kind=AuditKind.VIEW,
        obj=person,
        purpose=purpose,
        details={"filters": chosen.audit_details(), **details},
        subject_person_id=person.pk,
    )


def chronology_for(
    *,
    user: Any,
    person: Person | int,
    agency_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    significance: str | None = None,
    kinds: list[str] | tuple[str, ...] | None = None,
    oldest_first: bool = False,
    include_superseded: bool = False,
    purpose: str = VIEW_PURPOSE,
    audit: bool = True,
) -> list[ChronologyEntry]:
    """The merged chronology of a child the user may see, newest first (or oldest first).

    `significance` is the minimum level ("high" gives high and critical). Corrected entries
    are replaced by their correction; each entry's `earlier_versions` lists what it
    superseded, newest first. The read is audited as a view unless `audit` is False (the
    PDF export audits itself as an export).
    """
    person_id = person.pk if isinstance(person, Person) else int(person)
    person = person_get(user=user, person_id=person_id, audit=False)  # Http404 if not visible
    filters = {
        "agency_id": agency_id,
        "date_from": date_from,
        "date_to": date_to,
        "significance": significance,
        "kinds": kinds,
        "oldest_first": oldest_first,
    }
    qs = _chronology_queryset(user=user, person=person, include_superseded=include_superseded, **filters)
    entries = list(qs)
    _attach_earlier_versions(user, person, entries)
    if audit:
        _audit_view(user, person, purpose, filters, {"entries": len(entries)})
    return entries


def chronology_page(
    *,
    user: Any,
    person: Person,
    page: Any = 1,
    per_page: int = 100,
    agency_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    significance: str | None = None,
    kinds: list[str] | tuple[str, ...] | None = None,
    oldest_first: bool = False,
) -> Page:
    """One page of the chronology (as chronology_for, for the screen): the database counts the
    entries and reads only the page's rows, so a long chronology costs no more than a short one.
    `page` is as typed (a bad or too large number gives the first or last page). Audited as a view.
    """
    # The caller read the person through person_get: one indexed check that they still may.
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise Http404("No such person")
    filters = {
        "agency_id": agency_id,
        "date_from": date_from,
        "date_to": date_to,
        "significance": significance,
        "kinds": kinds,
        "oldest_first": oldest_first,
    }
    paginator = Paginator(_chronology_queryset(user=user, person=person, **filters), per_page)
    result = paginator.get_page(page)
    result.object_list = list(result.object_list)
    _attach_earlier_versions(user, person, result.object_list)
    details = {"entries": paginator.count}
    if paginator.num_pages > 1:
        details["page"] = result.number
    _audit_view(user, person, VIEW_PURPOSE, filters, details)
    return result


def _attach_earlier_versions(user: Any, person: Person, entries: list[ChronologyEntry]) -> None:
    """Give each entry the chain of entries it corrects (one query for the whole chronology)."""
    if not any(e.corrects_id for e in entries):
        for e in entries:
            e.earlier_versions = []
        return
    superseded = {
        e.pk: e
        for e in _person_entries(user, person)
        .filter(correction__isnull=False)
        .select_related("source_agency", "recorded_by")
    }
    for e in entries:
        chain, next_id = [], e.corrects_id
        while next_id and next_id in superseded:
            earlier = superseded[next_id]
            chain.append(earlier)
            next_id = earlier.corrects_id
        e.earlier_versions = chain


def chronology_agencies(*, user: Any, person: Person) -> list[Agency]:
    """The agencies with entries in this chronology that the user may see (for the agency filter)."""
    agency_ids = _person_entries(user, person).current().values("source_agency_id")
    return list(Agency.objects.filter(pk__in=agency_ids).order_by("name"))


def entry_get(*, user: Any, person: Person, entry_id: int) -> ChronologyEntry:
    """One entry of this child's chronology, if the user may see it (Http404 otherwise)."""
    entry = (
        _person_entries(user, person)
        .filter(pk=entry_id)
        .select_related("person", "source_agency", "recorded_by")
        .first()
    )
    if entry is None:
        raise Http404("No such chronology entry")
    return entry
