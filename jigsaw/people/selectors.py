"""Reads of people, always through the access policy, and audited.

A person the user may not see does not exist for them: person_get raises Http404.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea
from jigsaw.access.models import Involvement
from jigsaw.access.policy import Action, can
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record

from .models import Address, Person, Relationship


def person_list(*, user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user).active()


def person_by_council_id(*, user: Any, council_id: str) -> Person | None:
    """A person the user may see, by the council id typed on a form (any case, spaces trimmed)."""
    return person_list(user=user).filter(council_id=council_id.strip().upper()).first()


def person_get(*, user: Any, person_id: int, purpose: str = "", audit: bool = True) -> Person:
    """The person, if the user may see them; the view is audited."""
    person = (
        Person.objects.visible_to(user)
        .filter(pk=person_id)
        .select_related("merged_into")
        .prefetch_related(
            "other_names",
            "identifiers",
            "contact_details",
            Prefetch("addresses", Address.objects.order_by("-lived_from")),
        )
        .first()
    )
    if person is None:
        raise Http404("No such person")
    if audit:
        audit_record(actor=user, kind=AuditKind.VIEW, obj=person, purpose=purpose, subject_person_id=person.pk)
    return person


@dataclass
class OpenService:
    service: str
    worker: str
    kind: str
    since: Any


def person_open_services(*, person: Person) -> list[OpenService]:
    """What the person is currently open to, and who is allocated ("already known? allocated?")."""
    return open_services_for([person.pk])[person.pk]


# Every restricted team: their involvement would tell whoever sees the person that such a
# case exists (an allegation, a Channel referral, an adoption).
HIDDEN_TEAM_AREAS = tuple(area for area in RestrictedArea.values if area)


def open_services_for(person_ids: list[int]) -> dict[int, list[OpenService]]:
    """The same, for many people at once (search results): one query."""
    today = timezone.localdate()
    out: dict[int, list[OpenService]] = {pid: [] for pid in person_ids}
    rows = (
        Involvement.objects.filter(person_id__in=person_ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        # A LADO, Channel or adoption worker's involvement would tell anyone who sees the person
        # that such a case exists: those teams keep their cases in their own areas.
        .exclude(user__team__restricted_area__in=HIDDEN_TEAM_AREAS)
        .select_related("user", "user__team")
        .order_by("kind", "started_on")
    )
    for i in rows:
        out[i.person_id].append(
            OpenService(
                service=i.service or "Open case",
                worker=f"{i.user} ({i.user.team.name})" if i.user.team_id else str(i.user),
                kind=i.get_kind_display(),
                since=i.started_on,
            )
        )
    return out


@dataclass
class FamilyMember:
    person: Person
    relationship: str
    started_on: Any
    ended_on: Any
    current: bool


@dataclass
class FamilyNetwork:
    person: Person
    members: list[FamilyMember] = field(default_factory=list)


def person_family_network(*, user: Any, person: Person) -> FamilyNetwork:
    """The person's relationships, both directions, with the relatives this user may see.

    A relative the user may not see is left out altogether, with the relationship and its
    dates: "a record you cannot see", a sibling's start date equal to her date of birth, would
    tell them that a sealed or Channel record exists. The person page and the API share this.
    """
    from .choices import INVERSE_LABEL, RelationshipKind

    today = timezone.localdate()
    network = FamilyNetwork(person=person)
    rels = list(
        Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).select_related(
            "from_person", "to_person"
        )
    )
    # Which relatives this user may see: one indexed lookup on their ids, not a join over the index.
    related = {r.to_person_id if r.from_person_id == person.pk else r.from_person_id for r in rels}
    visible_ids = set(person_list(user=user).filter(pk__in=related).values_list("pk", flat=True))
    for rel in rels:
        if rel.from_person_id == person.pk:
            other, label = rel.to_person, INVERSE_LABEL[RelationshipKind(rel.kind)]
        else:
            other, label = rel.from_person, rel.get_kind_display()
        if other.pk not in visible_ids:
            continue
        network.members.append(
            FamilyMember(
                person=other,
                relationship=label,
                started_on=rel.started_on,
                ended_on=rel.ended_on,
                current=rel.ended_on is None or rel.ended_on >= today,
            )
        )
    network.members.sort(key=lambda m: (not m.current, m.relationship, m.person.display_name))
    return network


def user_may(user: Any, action: Action, obj: Any = None) -> bool:
    return can(user, action, obj)


@dataclass
class SearchResult:
    person: Person
    score: float
    confidence: str
    reasons: list[str]
    open_services: list[OpenService]
    household_of: Person | None = None
    summary: str = ""  # the match in words: "Same name and date of birth; address differs"


@dataclass
class SearchResults:
    people: list[SearchResult]
    household: list[SearchResult]
    more: bool = False  # more people matched than were asked for: the screen offers the next page


def person_search(*, user: Any, query: Any, limit: int = 10, purpose: str = "", page: int = 1) -> SearchResults:
    """'Is this person or family already known? Allocated?' Ranked, explained, scoped, audited.

    `page` > 1 gives the next `limit` people (the household is listed with the first page only).
    """
    import dataclasses

    from django.core.exceptions import PermissionDenied

    from .matching import find_candidates, find_household

    if not can(user, Action.SEARCH):
        raise PermissionDenied("Your role does not include searching for people")
    scope = person_list(user=user)
    page = max(1, page)
    # One more than the page holds, to know whether there is a next page.
    ranked = find_candidates(query, scope, limit=page * limit + 1)
    more = len(ranked) > page * limit
    people = ranked[(page - 1) * limit : page * limit]
    found = {c.person_id for c in ranked}
    # The household list is for the rest of the family: no one listed twice.
    household = [c for c in find_household(query, scope, limit=limit) if c.person_id not in found] if page == 1 else []
    ids = (
        {c.person_id for c in people}
        | {c.person_id for c in household}
        | {c.household_of for c in household if c.household_of}
    )
    # Re-read through the scope: the engine must never widen what a user may see.
    by_id = scope.in_bulk(list(ids))
    services = open_services_for(list(by_id))

    def result(c: Any) -> SearchResult | None:
        person = by_id.get(c.person_id)
        if person is None:
            return None
        return SearchResult(
            person=person,
            score=c.score,
            confidence=c.confidence,
            reasons=list(c.reasons),
            open_services=services.get(person.pk, []),
            household_of=by_id.get(c.household_of) if c.household_of else None,
            summary=c.summary,
        )

    results = SearchResults(
        people=[r for r in map(result, people) if r],
        household=[r for r in map(result, household) if r],
        more=more,
    )
    audit_record(
        actor=user,
        kind=AuditKind.SEARCH,
        model=Person,
        purpose=purpose or "already known? search",
        details={
            "query": {k: str(v) for k, v in dataclasses.asdict(query).items() if v},
            "results": [r.person.pk for r in results.people],
            "household_results": [r.person.pk for r in results.household],
        },
        also_about=[r.person.pk for r in results.people] + [r.person.pk for r in results.household],
    )
    return results


@dataclass
class Version:
    when: Any
    who: str
    what: str
    kind: str
    changes: list[tuple[str, str, str]]  # field, before, after
    snapshot: dict | None
    record: str


def person_history(*, user: Any, person: Person) -> list[Version]:
    """Every change to the person and their details that this user may know about, newest
    first, including the history of records merged into this one (a merge keeps both
    histories). Restricted work (a LADO case naming the child, a Channel referral, a sealed
    relative) is left out for anyone outside its team: the audit app's one rule decides.

    An entry about many people at once (a batch of the legacy import) is linked to each of
    them through AuditSubject rather than by its subject; it is shown here with only this
    person's part of its details, never the others'."""
    from jigsaw.audit.models import AuditEntry, AuditSubject
    from jigsaw.audit.selectors import audit_entries_visible

    ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    linked = AuditSubject.objects.filter(person_id__in=ids).values("entry_id")
    entries = AuditEntry.objects.filter(
        Q(subject_person_id__in=ids) | Q(pk__in=linked), kind__in=["create", "update", "delete", "merge"]
    ).order_by("-sequence")
    rows = audit_entries_visible(user=user, entries=entries, limit=500)
    linked_to = dict(
        AuditSubject.objects.filter(entry_id__in=[e.pk for e in rows], person_id__in=ids).values_list(
            "entry_id", "person_id"
        )
    )
    versions = []
    for e in rows:
        if e.subject_person_id not in ids:
            versions.append(_linked_version(e, about=linked_to.get(e.pk), person=person))
            continue
        changes = []
        for name, pair in (e.changes or {}).items():
            if isinstance(pair, list) and len(pair) == 2:
                changes.append(
                    (
                        name.replace("_", " "),
                        str(pair[0] if pair[0] not in (None, "None") else ""),
                        str(pair[1] if pair[1] not in (None, "None") else ""),
                    )
                )
        what = (
            e.content_type.model_class()._meta.verbose_name
            if e.content_type and e.content_type.model_class()
            else "record"
        )
        versions.append(
            Version(
                when=e.timestamp,
                who=(e.actor.full_name or e.actor.username) if e.actor else "System",
                what=str(what).capitalize(),
                kind=e.get_kind_display(),
                changes=changes,
                snapshot=(e.serialized_data or {}).get("fields") if isinstance(e.serialized_data, dict) else None,
                record=e.object_repr if e.subject_person_id == person.pk else f"{e.object_repr} (merged record)",
            )
        )
    return versions


def _linked_version(entry: Any, *, about: int | None, person: Person) -> Version:
    """An entry about many people, as one person's history shows it: their part of it only."""
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    everyone = data.get("people") if isinstance(data.get("people"), dict) else {}
    theirs = everyone.get(str(about)) if about is not None else None
    if isinstance(theirs, dict):
        theirs = {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in theirs.items()}
    what = entry.content_type.model_class()._meta.verbose_name if entry.content_type.model_class() else "record"
    return Version(
        when=entry.timestamp,
        who=(entry.actor.full_name or entry.actor.username) if entry.actor else "System",
        what=str(what).capitalize(),
        kind=entry.get_kind_display(),
        changes=[],
        snapshot=theirs if isinstance(theirs, dict) else None,
        record=entry.purpose if about == person.pk else f"{entry.purpose} (merged record)",
    )


@dataclass
class HouseholdView:
    name: str
    joined_on: Any
    left_on: Any
    members: list[tuple[Person, Any, Any]]  # (person, joined, left): only people the user may see


def person_households(*, user: Any, person: Person) -> list[HouseholdView]:
    """The person's households, with the members this user may see (the others are left out,
    as in the family network: an unseen member would give away a restricted record)."""
    from .models import HouseholdMember

    memberships = list(
        HouseholdMember.objects.filter(person=person).select_related("household").order_by("left_on", "-joined_on")
    )
    others_by_household: dict[int, list] = {}
    for o in (
        HouseholdMember.objects.filter(household_id__in=[m.household_id for m in memberships])
        .exclude(person=person)
        .select_related("person")
    ):
        others_by_household.setdefault(o.household_id, []).append(o)
    # One indexed lookup on the members' ids, not a join over the whole index.
    related = {o.person_id for others in others_by_household.values() for o in others}
    visible = set(person_list(user=user).filter(pk__in=related).values_list("pk", flat=True))
    out = []
    for m in memberships:
        others = others_by_household.get(m.household_id, [])
        out.append(
            HouseholdView(
                name=m.household.name or "Household",
                joined_on=m.joined_on,
                left_on=m.left_on,
                members=[(o.person, o.joined_on, o.left_on) for o in others if o.person_id in visible],
            )
        )
    return out
