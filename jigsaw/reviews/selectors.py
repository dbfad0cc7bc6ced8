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
from .models import Finding, ImmediateAction, InformationRequest, PartnerNotice, RapidReviewMeeting, SeriousIncident
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
                group="Serious incidents",
            )
        )
    return items


# Information requests to the agencies.


def request_scope(*, user: Any) -> QuerySet[InformationRequest]:
    """The partnership team sees every request; an agency's named contact, their own agency's
    requests sent to them, and nothing else of the review."""
    if reviews_team(user):
        return InformationRequest.objects.all()
    if not (user and getattr(user, "is_authenticated", False) and user.is_active and user.agency_id):
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(contact=user, agency_id=user.agency_id, sent_at__isnull=False)


def request_get(*, user: Any, request_id: int, purpose: str = "") -> InformationRequest:
    request = request_scope(user=user).filter(pk=request_id).select_related("incident", "agency", "contact").first()
    if request is None:
        raise Http404("No such information request")
    children = incident_child_ids(incident=request.incident)
    audit_record(
        actor=user,
        kind=AuditKind.VIEW,
        obj=request,
        purpose=purpose or "viewed a rapid review information request",
        subject_person_id=children[0] if children else None,
        also_about=children,
    )
    return request


def incident_requests(*, incident: SeriousIncident) -> list[InformationRequest]:
    return list(incident.requests.select_related("agency", "contact"))


@dataclass
class AgencyFound:
    agency: Any
    how: str


def agencies_involved(*, incident: SeriousIncident) -> list[AgencyFound]:
    """Every agency that knew the children, from Jigsaw's own records: the agencies of the
    workers involved with them (allocated, invited, lead practitioners, past or present), and
    the agencies that wrote in their chronology (entries no restricted team keeps to itself)."""
    from jigsaw.access.models import Agency, Involvement
    from jigsaw.chronology.models import ChronologyEntry

    ids = incident_child_ids(incident=incident)
    how: dict[int, list[str]] = {}
    involved = (
        Involvement.objects.filter(person_id__in=ids, user__agency__isnull=False)
        .exclude(user__team__restricted_area__gt="")
        .values_list("user__agency_id", "service")
    )
    for agency_id, service in involved:
        how.setdefault(agency_id, []).append(f"worked with the child ({service or 'involved'})")
    wrote = (
        ChronologyEntry.objects.filter(person_id__in=ids, restricted_area="", source_agency__isnull=False)
        .values_list("source_agency_id", flat=True)
        .distinct()
    )
    for agency_id in wrote:
        how.setdefault(agency_id, []).append("wrote in the child's chronology")
    agencies = Agency.objects.in_bulk(list(how))
    return [
        AgencyFound(agencies[pk], "; ".join(dict.fromkeys(reasons)))
        for pk, reasons in sorted(how.items(), key=lambda kv: agencies[kv[0]].name)
    ]


def request_work(whose: Any, viewer: Any, today: dt.date) -> list[WorkItem]:
    """An agency contact's requests to answer, on their "My work"."""
    if whose.pk != viewer.pk:
        return []
    from django.urls import reverse

    from jigsaw.timescales.rules import deadline_status

    items = []
    for r in request_scope(user=viewer).filter(contact=whose, responded_at__isnull=True).select_related("incident"):
        items.append(
            WorkItem(
                title="Send your agency's information for a rapid review",
                url=reverse("reviews:request", args=[r.pk]),
                about=f"serious incident {r.incident.reference}",
                due_on=r.due_on,
                status=deadline_status(r.due_on, None, today),
                group="Information requests to answer",
            )
        )
    return items


# The rapid review meeting, its findings and its immediate actions.


def incident_meetings(*, incident: SeriousIncident) -> list[RapidReviewMeeting]:
    return list(incident.meetings.select_related("meeting", "meeting__chair").order_by("meeting__starts_at"))


def incident_findings(*, incident: SeriousIncident, kind: str) -> list[Finding]:
    return list(incident.findings.filter(kind=kind).select_related("recorded_by"))


def incident_actions(*, incident: SeriousIncident) -> list[ImmediateAction]:
    return list(incident.actions.select_related("owner", "owner__agency", "done_by"))


def action_scope(*, user: Any) -> QuerySet[ImmediateAction]:
    """The partnership team sees every immediate action; its owner, their own action (what to do,
    by when, for which incident), nothing else of the review."""
    if reviews_team(user):
        return ImmediateAction.objects.all()
    if not (user and getattr(user, "is_authenticated", False) and user.is_active and user.role):
        return ImmediateAction.objects.none()
    return ImmediateAction.objects.filter(owner=user)


def open_actions(*, user: Any) -> list[ImmediateAction]:
    """The immediate actions not yet done, soonest due first: the partnership team tracks them."""
    if not reviews_team(user):
        return []
    return list(
        ImmediateAction.objects.filter(done_on__isnull=True)
        .select_related("incident", "owner")
        .order_by("due_on", "pk")
    )


def action_get(*, user: Any, action_id: int, purpose: str = "") -> ImmediateAction:
    action = action_scope(user=user).filter(pk=action_id).select_related("incident", "owner", "done_by").first()
    if action is None:
        raise Http404("No such action")
    children = incident_child_ids(incident=action.incident)
    audit_record(
        actor=user,
        kind=AuditKind.VIEW,
        obj=action,
        purpose=purpose or "viewed a rapid review's immediate action",
        subject_person_id=children[0] if children else None,
        also_about=children,
    )
    return action


def action_owner_choices() -> list[tuple[str, str]]:
    """Who may own an immediate action: any active user with a role, named with their agency."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).exclude(role="").select_related("agency")
    return [
        (str(u.pk), f"{u.full_name or u.username}{f', {u.agency.name}' if u.agency_id else ''}")
        for u in users.order_by("full_name", "username")
    ]


def action_work(whose: Any, viewer: Any, today: dt.date) -> list[WorkItem]:
    """An owner's immediate actions not yet done, on their own "My work" (the area is restricted,
    so no deadline list carries them): each links to the action's page, where it is marked done."""
    if whose.pk != viewer.pk:
        return []
    from django.urls import reverse

    from jigsaw.timescales.rules import deadline_status

    open_actions = action_scope(user=viewer).filter(owner=whose, done_on__isnull=True).select_related("incident")
    return [
        WorkItem(
            title="Immediate action for a child's safety",
            url=reverse("reviews:action", args=[a.pk]),
            about=f"serious incident {a.incident.reference}",
            due_on=a.due_on,
            status=deadline_status(a.due_on, None, today),
            group="Rapid review actions",
        )
        for a in open_actions.order_by("due_on", "pk")
    ]
