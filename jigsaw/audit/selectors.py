"""Reads of the audit log, through the access policy. Reading the log is itself logged."""

from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from jigsaw.access.choices import RestrictedArea
from jigsaw.access.models import BreakGlass
from jigsaw.access.policy import Action, can, restricted_record_labels
from jigsaw.people.models import Person

from .models import AuditEntry, AuditKind, AuditSubject
from .services import audit_record

# What "who has seen or changed this record" shows. Sign-ins and the like are not about a person.
PERSON_LOG_KINDS = (
    AuditKind.VIEW,
    AuditKind.SEARCH,
    AuditKind.EXPORT,
    AuditKind.CREATE,
    AuditKind.UPDATE,
    AuditKind.DELETE,
    AuditKind.MERGE,
    AuditKind.BREAK_GLASS,
)


def audit_person_get(*, user: Any, person_id: int) -> Person:
    """The person whose log is asked for, if the user may see them at all; else 404 (existence not leaked)."""
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    return person


def _restricted_work_hidden_from(user: Any) -> Q:
    """Entries that would reveal another restricted team's case (LADO, Channel): what its
    members did, and anything done to its records. Their own team still sees them."""
    own = user.restricted_area or ""
    hidden_areas = [area for area in (RestrictedArea.LADO, RestrictedArea.CHANNEL) if area != own]
    hidden = Q(actor__team__restricted_area__in=hidden_areas)
    labels = restricted_record_labels(exclude_area=own)
    if labels:
        types = [ContentType.objects.get_for_model(apps.get_model(label)) for label in labels]
        hidden |= Q(content_type__in=types)
    # Their meetings' papers (seen by invited professionals outside the team, too).
    meeting = apps.get_model("meetings", "Meeting")
    restricted_meetings = meeting.objects.exclude(restricted_area="").exclude(restricted_area=own).values("pk")
    hidden |= Q(content_type=ContentType.objects.get_for_model(meeting), object_id__in=restricted_meetings)
    return hidden


def person_access_log(*, user: Any, person: Person, limit: int = 200) -> list[AuditEntry]:
    """Who has viewed, searched, exported or changed this person's record, newest first."""
    if not can(user, Action.VIEW_AUDIT, person):
        raise PermissionDenied("You cannot see who has looked at this record")
    audit_record(actor=user, kind=AuditKind.VIEW, obj=person, purpose="viewed audit log", subject_person_id=person.pk)
    return list(
        AuditEntry.objects.filter(
            Q(subject_person_id=person.pk)
            | Q(pk__in=AuditSubject.objects.filter(person_id=person.pk).values("entry_id")),
            kind__in=PERSON_LOG_KINDS,
        )
        .exclude(_restricted_work_hidden_from(user))
        .select_related("actor", "actor__agency", "actor__team", "content_type")
        .order_by("-sequence")[:limit]
    )


def break_glass_report(*, user: Any, since: datetime | None = None) -> QuerySet[BreakGlass]:
    """Every break-glass access (since a time, if given), newest first, for review."""
    if not can(user, Action.REVIEW_BREAK_GLASS):
        raise PermissionDenied("You cannot review break-glass access")
    rows = _break_glass_scope(user).select_related("user", "user__agency", "person", "reviewed_by")
    if since is not None:
        rows = rows.filter(granted_at__gte=since)
    audit_record(
        actor=user,
        kind=AuditKind.VIEW,
        model=BreakGlass,
        purpose="viewed break-glass report",
        details={"since": since.isoformat() if since else None},
    )
    return rows.order_by("-granted_at")


def break_glass_get(*, user: Any, break_glass_id: int) -> BreakGlass:
    """One break-glass access for a reviewer; 404 if it is outside what they may see."""
    if not can(user, Action.REVIEW_BREAK_GLASS):
        raise PermissionDenied("You cannot review break-glass access")
    found = _break_glass_scope(user).filter(pk=break_glass_id).first()
    if found is None:
        raise Http404("No such break-glass access")
    return found


def _break_glass_scope(user: Any) -> QuerySet[BreakGlass]:
    # Only accesses to people the reviewer may see: a record restricted since stays hidden.
    return BreakGlass.objects.filter(person__in=Person.objects.visible_to(user))
