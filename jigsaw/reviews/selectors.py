"""Partnership reviews: every read, through the access policy.

`incident_scope(user)` is the one rule: the partnership team sees every serious incident,
nobody else sees any (a record answers 404, no list or count includes it). Views of a record
are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.policy import Action, can
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.jinja2 import govuk_date
from jigsaw.core.selectors import WorkItem
from jigsaw.people.matching import SearchQuery, find_candidates
from jigsaw.people.models import Person
from jigsaw.people.selectors import open_services_for, person_search
from jigsaw.timescales.models import Clock
from jigsaw.timescales.selectors import DeadlineLine, clock_line

from .deadlines import RULES
from .models import PartnerNotice, SeriousIncident
from .permissions import reviews_team


def incident_scope(*, user: Any) -> QuerySet[SeriousIncident]:
    """Every serious incident this user may know exists."""
    if not reviews_team(user):
        return SeriousIncident.objects.none()
    return SeriousIncident.objects.all()


def incident_get(*, user: Any, incident_id: int, purpose: str = "", audit: bool = True) -> SeriousIncident:
    """One incident, if the user may see it (404 otherwise); the view is audited."""
    incident = incident_scope(user=user).filter(pk=incident_id).select_related("recorded_by").first()
    if incident is None:
        raise Http404("No such serious incident")
    if audit:
        children = incident_child_ids(incident=incident)
        audit_record(
            actor=user,
            kind=AuditKind.VIEW,
            obj=incident,
            purpose=purpose or "viewed a serious incident",
            subject_person_id=children[0] if children else None,
            also_about=children,
        )
    return incident


def incident_child_ids(*, incident: SeriousIncident) -> list[int]:
    return list(incident.children.values_list("person_id", flat=True))


def incident_children(*, incident: SeriousIncident) -> list[Person]:
    """The children the incident is about. The partnership team sees them through the incident
    (its own record), whether or not their role reaches the person index."""
    return list(Person.objects.filter(pk__in=incident_child_ids(incident=incident)).order_by("pk"))


def open_incidents(*, user: Any) -> QuerySet[SeriousIncident]:
    return incident_scope(user=user).filter(closed_on__isnull=True, rapid_review_sent_on__isnull=True)


def finished_incidents(*, user: Any) -> QuerySet[SeriousIncident]:
    return incident_scope(user=user).exclude(closed_on__isnull=True, rapid_review_sent_on__isnull=True)


def partner_notices(*, incident: SeriousIncident) -> list[PartnerNotice]:
    return list(incident.partner_notices.all())


def incident_deadlines(*, incident: SeriousIncident, today: dt.date | None = None) -> list[DeadlineLine]:
    """The incident's clocks (notification, partners told, rapid review), as lines for a screen."""
    today = today or timezone.localdate()
    from django.contrib.contenttypes.models import ContentType

    clocks = Clock.objects.filter(
        content_type=ContentType.objects.get_for_model(SeriousIncident), object_id=incident.pk, rule_key__in=RULES
    ).order_by("started_on", "pk")
    lines = [clock_line(clock=c, today=today) for c in clocks]
    return sorted(lines, key=lambda line: (not line.is_open, line.due_on))


@dataclass
class Found:
    person: Person
    how: str


def child_search(*, user: Any, name: str, dob: str, purpose: str) -> list[Found]:
    """ "Is this child already known?" for the incident form.

    Someone whose role searches the person index (a safeguarding lead) searches it as usual.
    The partnership manager's role does not reach the index: for a serious incident they may
    find a child only by name and full date of birth, among the records open to the index,
    and only confident matches are shown (a statutory notification needs the right child, not
    a browse of the index). Both searches are audited.
    """
    query = SearchQuery(name=name, dob_text=dob)
    if can(user, Action.SEARCH):
        results = person_search(user=user, query=query, limit=10, purpose=purpose)
        return [Found(r.person, f"{r.confidence.capitalize()} match: {'; '.join(r.reasons)}") for r in results.people]
    if not reviews_team(user):
        return []
    scope = Person.objects.filter(restricted_area="", merged_into__isnull=True)
    ranked = [c for c in find_candidates(query, scope, limit=5) if c.confidence == "high"]
    people = scope.in_bulk([c.person_id for c in ranked])
    found = [Found(people[c.person_id], f"Match: {'; '.join(c.reasons)}") for c in ranked if c.person_id in people]
    audit_record(
        actor=user,
        kind=AuditKind.SEARCH,
        model=Person,
        purpose=purpose,
        details={"query": {"name": name, "dob": dob}, "results": [f.person.pk for f in found]},
        also_about=[f.person.pk for f in found],
    )
    return found


def known_services(*, people: list[Person]) -> list[dict[str, str]]:
    """What Jigsaw holds for the children now: their open services and allocated workers (from
    the involvements core app), for the notification's "what is already known"."""
    services = open_services_for([p.pk for p in people])
    lines = []
    for person in people:
        for s in services.get(person.pk, []):
            lines.append(
                {
                    "child": person.display_name,
                    "service": s.service,
                    "worker": s.worker,
                    "kind": s.kind,
                    "since": govuk_date(s.since) if s.since else "",
                }
            )
    return lines


def reviews_work(whose: Any, viewer: Any, today: dt.date) -> list[WorkItem]:
    """The incidents' deadlines on "My work" for the partnership team (core.selectors
    register_work_source): the partnership manager's role does not reach the person index, so
    the clocks' children are not theirs to see and the deadline list leaves them out. Each is
    listed here instead, for whoever holds it (else for every member of the team), unless the
    viewer sees the child and so has it in their deadlines already."""
    if not (reviews_team(viewer) and reviews_team(whose)):
        return []
    from django.contrib.contenttypes.models import ContentType

    clocks = Clock.objects.open().filter(
        content_type=ContentType.objects.get_for_model(SeriousIncident), rule_key__in=RULES
    )
    seen = set(Person.objects.visible_to(viewer).filter(pk__in=clocks.values("person_id")).values_list("pk", flat=True))
    references = {i.pk: i.reference for i in SeriousIncident.objects.filter(pk__in=clocks.values("object_id"))}
    items = []
    for clock in clocks.order_by("due_on", "pk"):
        if clock.person_id in seen:
            continue
        line = clock_line(clock=clock, today=today)
        if line.worker_id not in (whose.pk, None):
            continue
        items.append(
            WorkItem(
                title=line.title,
                url=line.url,
                about=f"serious incident {references.get(clock.object_id, '')}",
                due_on=line.due_on,
                status=line.status,
            )
        )
    return items
