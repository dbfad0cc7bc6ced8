"""Reads of the audit log, through the access policy. Reading the log is itself logged."""

from datetime import datetime
from typing import Any

from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from jigsaw.access.choices import RestrictedArea
from jigsaw.access.models import BreakGlass
from jigsaw.access.policy import Action, can, restricted_record_labels
from jigsaw.people.models import Person, Relationship

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


def hidden_audit_entries(user: Any) -> Q:
    """The entries this user may not know about: the one rule behind every read of the log.

    Restricted means invisible everywhere: an entry that would tell someone outside a
    restricted team (LADO, Channel, adoption) that one of its records exists is hidden,
    whatever page shows the log (a person's history, "who has seen this record"). Hidden:
    - what members of another restricted team did (their interest in a person is itself telling);
    - anything done to a restricted area's records: the record types registered in the policy
      (every model of those apps), and rows of any audited model that carry a `restricted_area`
      (chronology entries, meetings, people) or belong to a restricted meeting (its invitations,
      reports, decisions...);
    - deadlines (clocks) of another team's rules;
    - entries about a person the user may not see, and relationships with such a person.
    Their own team still sees them. `audit_entries_visible` adds the one check that needs the
    entries' snapshots (a deleted row naming someone hidden).
    """
    own = getattr(user, "restricted_area", "") or ""
    hidden_areas = [area for area in RestrictedArea.values if area and area != own]
    hidden = Q(actor__team__restricted_area__in=hidden_areas)

    restricted_apps = {apps.get_model(label)._meta.app_label for label in restricted_record_labels(exclude_area=own)}
    models = auditlog.get_models()
    types = [ContentType.objects.get_for_model(m) for m in models if m._meta.app_label in restricted_apps]
    if types:
        hidden |= Q(content_type__in=types)
    meeting = apps.get_model("meetings", "Meeting")
    for model in models:
        if model._meta.app_label in restricted_apps:
            continue
        fields = {f.name: f for f in model._meta.concrete_fields}
        if "restricted_area" in fields:
            rows = model._default_manager.filter(restricted_area__in=hidden_areas)
        elif "meeting" in fields and fields["meeting"].related_model is meeting:
            rows = model._default_manager.filter(meeting__restricted_area__in=hidden_areas)
        else:
            continue
        hidden |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=rows.values("pk"))

    from jigsaw.timescales.rules import hidden_rule_keys

    rule_keys = hidden_rule_keys(user)
    if rule_keys:
        clock = apps.get_model("timescales", "Clock")
        rows = clock.objects.filter(rule_key__in=rule_keys)
        hidden |= Q(content_type=ContentType.objects.get_for_model(clock), object_id__in=rows.values("pk"))

    visible_people = Person.objects.visible_to(user).values("pk")
    hidden |= Q(subject_person_id__isnull=False) & ~Exists(visible_people.filter(pk=OuterRef("subject_person_id")))
    with_someone_hidden = Relationship.objects.filter(pk=OuterRef("object_id")).filter(
        ~Q(from_person__in=visible_people) | ~Q(to_person__in=visible_people)
    )
    hidden |= Q(content_type=ContentType.objects.get_for_model(Relationship)) & Exists(with_someone_hidden)
    return hidden


def _people_named(entry: AuditEntry) -> set[int]:
    """The people an entry's snapshot names through a link to a person (a relationship's two ends, say)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    data = entry.serialized_data if isinstance(entry.serialized_data, dict) else {}
    fields = data.get("fields") or {}
    if model is None or not isinstance(fields, dict):
        return set()
    named = set()
    for f in model._meta.concrete_fields:
        value = fields.get(f.name)
        if f.is_relation and f.related_model is Person and str(value).isdigit():
            named.add(int(value))
    return named


def audit_entries_visible(*, user: Any, entries: QuerySet[AuditEntry], limit: int) -> list[AuditEntry]:
    """The first `limit` of `entries` that this user may know about (see hidden_audit_entries)."""
    rows = list(
        entries.visible_to(user).select_related("actor", "actor__agency", "actor__team", "content_type")[:limit]
    )
    named = {pid for row in rows for pid in _people_named(row)}
    visible = set(Person.objects.visible_to(user).filter(pk__in=named).values_list("pk", flat=True))
    return [row for row in rows if _people_named(row) <= visible]


def person_access_log(*, user: Any, person: Person, limit: int = 200) -> list[AuditEntry]:
    """Who has viewed, searched, exported or changed this person's record, newest first."""
    if not can(user, Action.VIEW_AUDIT, person):
        raise PermissionDenied("You cannot see who has looked at this record")
    audit_record(actor=user, kind=AuditKind.VIEW, obj=person, purpose="viewed audit log", subject_person_id=person.pk)
    entries = AuditEntry.objects.filter(
        Q(subject_person_id=person.pk) | Q(pk__in=AuditSubject.objects.filter(person_id=person.pk).values("entry_id")),
        kind__in=PERSON_LOG_KINDS,
    ).order_by("-sequence")
    return audit_entries_visible(user=user, entries=entries, limit=limit)


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
