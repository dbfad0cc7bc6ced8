"""THE access policy. One place, default deny.

Two faces of the same rules (the NetBox pattern):
- `person_scope(user, qs)`: the queryset of people a user may see at all;
- `can(user, action, obj)`: whether a user may take an action, on an object if given.

Object checks for people go back to the database through `person_scope`, so the list
rule and the object rule cannot disagree. Restricted records (LADO, Channel, sealed)
are invisible, not merely forbidden: they never appear in a scope, so views answer 404.
Later service areas add record types with `register_record_type`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .choices import AgencyKind, RestrictedArea, Role


class Action(StrEnum):
    VIEW = "view"
    SEARCH = "search"
    CREATE = "create"
    CHANGE = "change"
    MERGE = "merge"
    VIEW_AUDIT = "view_audit"  # "who has seen this record"
    BREAK_GLASS = "break_glass"
    REVIEW_BREAK_GLASS = "review_break_glass"
    FIND_DUPLICATES = "find_duplicates"
    IMPORT = "import"
    EXPORT = "export"
    MANAGE_USERS = "manage_users"
    MANAGE_TOKENS = "manage_tokens"
    # Give a user a one-time code to set up (or replace) their authenticator app.
    ISSUE_ENROLMENT_CODE = "issue_enrolment_code"
    USE_API = "use_api"
    FRONT_DOOR = "front_door"  # the front door's screens: contacts and decisions
    CHILD_PROTECTION = "child_protection"  # the child protection screens
    CHILDREN_IN_CARE = "children_in_care"  # the looked-after register, placements, reviews
    MISSING = "missing"  # missing episodes and return home interviews
    EXPLOITATION = "exploitation"  # exploitation concerns, screening, MACE
    LADO = "lado"  # allegations against people who work with children (restricted)
    CHANNEL = "channel"  # Channel panel, Prevent (restricted)
    FAMILY_GROUP_CONFERENCE = "family_group_conference"
    YOUTH_JUSTICE = "youth_justice"


# Roles whose work starts from the whole person index ("is this family already known?").
INDEX_ROLES = frozenset(
    {
        Role.BUSINESS_SUPPORT,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.CP_CHAIR_IRO,
        Role.LADO_OFFICER,
        Role.CHANNEL_CHAIR,
        Role.EXPLOITATION_MISSING,
        Role.FGC_COORDINATOR,
        Role.YOUTH_JUSTICE_OFFICER,
        Role.DATA_PROTECTION_OFFICER,
    }
)
# Partner practitioners see a person only through involvement or break-glass.
INVOLVEMENT_ROLES = frozenset({Role.PARTNER_PRACTITIONER})

# What each role may do with people records (given it can see the record at all).
PERSON_ACTIONS: dict[str, frozenset[Action]] = {
    Role.BUSINESS_SUPPORT: frozenset(
        {Action.VIEW, Action.SEARCH, Action.CREATE, Action.CHANGE, Action.FIND_DUPLICATES}
    ),
    Role.SOCIAL_WORKER: frozenset({Action.VIEW, Action.SEARCH, Action.CREATE, Action.CHANGE}),
    Role.TEAM_MANAGER: frozenset(
        {
            Action.VIEW,
            Action.SEARCH,
            Action.CREATE,
            Action.CHANGE,
            Action.MERGE,
            Action.VIEW_AUDIT,
            Action.FIND_DUPLICATES,
        }
    ),
    Role.CP_CHAIR_IRO: frozenset({Action.VIEW, Action.SEARCH}),
    Role.LADO_OFFICER: frozenset({Action.VIEW, Action.SEARCH, Action.CREATE, Action.CHANGE}),
    Role.CHANNEL_CHAIR: frozenset({Action.VIEW, Action.SEARCH, Action.CREATE, Action.CHANGE}),
    Role.EXPLOITATION_MISSING: frozenset({Action.VIEW, Action.SEARCH, Action.CREATE, Action.CHANGE}),
    # A family group conference brings in wider family and friends: the coordinator adds them.
    Role.FGC_COORDINATOR: frozenset({Action.VIEW, Action.SEARCH, Action.CREATE, Action.CHANGE}),
    Role.YOUTH_JUSTICE_OFFICER: frozenset({Action.VIEW, Action.SEARCH, Action.CREATE, Action.CHANGE}),
    Role.PARTNER_PRACTITIONER: frozenset({Action.VIEW, Action.SEARCH, Action.BREAK_GLASS}),
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {Action.VIEW, Action.SEARCH, Action.VIEW_AUDIT, Action.MERGE, Action.FIND_DUPLICATES}
    ),
    # No personal records: partnership managers and analysts work with figures,
    # administrators with accounts.
    Role.PARTNERSHIP_MANAGER: frozenset(),
    Role.ANALYST: frozenset(),
    Role.SYSTEM_ADMINISTRATOR: frozenset(),
}

# Actions that are not about one record.
SYSTEM_ACTIONS: dict[Action, frozenset[str]] = {
    Action.REVIEW_BREAK_GLASS: frozenset({Role.TEAM_MANAGER, Role.DATA_PROTECTION_OFFICER}),
    Action.FIND_DUPLICATES: frozenset({Role.BUSINESS_SUPPORT, Role.TEAM_MANAGER, Role.DATA_PROTECTION_OFFICER}),
    Action.IMPORT: frozenset({Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}),
    Action.MANAGE_USERS: frozenset({Role.SYSTEM_ADMINISTRATOR}),
    Action.MANAGE_TOKENS: frozenset({Role.SYSTEM_ADMINISTRATOR}),
    Action.ISSUE_ENROLMENT_CODE: frozenset({Role.SYSTEM_ADMINISTRATOR, Role.TEAM_MANAGER}),
    Action.USE_API: frozenset(INDEX_ROLES | INVOLVEMENT_ROLES),
    Action.SEARCH: frozenset(INDEX_ROLES | INVOLVEMENT_ROLES),
    Action.CREATE: frozenset(r for r, acts in PERSON_ACTIONS.items() if Action.CREATE in acts),
    Action.FRONT_DOOR: frozenset({Role.BUSINESS_SUPPORT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    Action.CHILD_PROTECTION: frozenset(
        {Role.BUSINESS_SUPPORT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO}
    ),
    Action.CHILDREN_IN_CARE: frozenset(
        {Role.BUSINESS_SUPPORT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO}
    ),
    Action.MISSING: frozenset(
        {Role.EXPLOITATION_MISSING, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.BUSINESS_SUPPORT}
    ),
    Action.EXPLOITATION: frozenset({Role.EXPLOITATION_MISSING, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    Action.LADO: frozenset({Role.LADO_OFFICER}),
    Action.CHANNEL: frozenset({Role.CHANNEL_CHAIR}),
    Action.FAMILY_GROUP_CONFERENCE: frozenset({Role.FGC_COORDINATOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    Action.YOUTH_JUSTICE: frozenset({Role.YOUTH_JUSTICE_OFFICER}),
}
# Council services' own work areas: only for staff of children's social care.
CSC_ONLY_ACTIONS = frozenset(
    {
        Action.FRONT_DOOR,
        Action.CHILD_PROTECTION,
        Action.CHILDREN_IN_CARE,
        Action.MISSING,
        Action.EXPLOITATION,
        Action.LADO,
        Action.CHANNEL,
        Action.FAMILY_GROUP_CONFERENCE,
    }
)
# The restricted teams' own areas: only for members of that team (whose existence is hidden).
AREA_ACTIONS: dict[Action, str] = {Action.LADO: RestrictedArea.LADO, Action.CHANNEL: RestrictedArea.CHANNEL}


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role)


def _csc_member(user: Any) -> bool:
    """Index roles belong to the council's own services, not to partner agencies."""
    return user.agency_id is not None and user.agency.kind in (
        AgencyKind.CHILDRENS_SOCIAL_CARE,
        AgencyKind.YOUTH_JUSTICE,
    )


def person_scope(user: Any, qs: QuerySet) -> QuerySet:
    """The people this user may see. Everything else does not exist for them."""
    if not _active(user):
        return qs.none()
    from .models import BreakGlass, Involvement

    now = timezone.now()
    involved = Exists(
        Involvement.objects.filter(person=OuterRef("pk"), user=user).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate())
        )
    )
    glass = Exists(BreakGlass.objects.filter(person=OuterRef("pk"), user=user, expires_at__gt=now))
    # A restricted record is seen by its own team's members, and by professionals
    # invited to that case (involvement), never through the index or break-glass.
    own_area = user.restricted_area
    unrestricted = Q(restricted_area="")
    if own_area:
        unrestricted |= Q(restricted_area=own_area)

    if user.role in INDEX_ROLES and _csc_member(user):
        return qs.filter(unrestricted | involved)
    if user.role in INVOLVEMENT_ROLES:
        return qs.filter(involved | (glass & Q(restricted_area="")))
    return qs.none()


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    """May this user take this action (on this object)? Default: no."""
    if not _active(user):
        return False
    action = Action(action)
    if obj is None:
        if action in CSC_ONLY_ACTIONS and not (user.agency_id and user.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE):
            return False
        if action in AREA_ACTIONS and user.restricted_area != AREA_ACTIONS[action]:
            return False
        if action == Action.YOUTH_JUSTICE and not (user.agency_id and user.agency.kind == AgencyKind.YOUTH_JUSTICE):
            return False
        return user.role in SYSTEM_ACTIONS.get(action, frozenset())
    if action == Action.ISSUE_ENROLMENT_CODE:
        return _may_issue_enrolment_code(user, obj)
    from jigsaw.people.models import Person

    if isinstance(obj, Person):
        if action not in PERSON_ACTIONS.get(user.role, frozenset()):
            return False
        if action == Action.BREAK_GLASS:
            # Break-glass is for a record the user cannot see yet, and never for a restricted one.
            return obj.restricted_area == "" and not person_scope(user, Person.objects.filter(pk=obj.pk)).exists()
        if action in (Action.CREATE, Action.CHANGE, Action.MERGE) and user.role in INVOLVEMENT_ROLES:
            return False
        return person_scope(user, Person.objects.filter(pk=obj.pk)).exists()
    # Keyed by "app_label.ModelName" (two apps may both have an "Episode"); plain class
    # names are kept for the record types registered before that.
    label = getattr(getattr(obj, "_meta", None), "label", "")
    checker = _RECORD_TYPES.get(label) or _RECORD_TYPES.get(type(obj).__name__)
    return bool(checker and checker.can(user, action, obj))


def _may_issue_enrolment_code(issuer: Any, user: Any) -> bool:
    """System administrators, for anyone but themselves; team managers, for their own team's staff.

    A manager knows their staff by sight, so a new starter can set up two-factor on their first
    morning without waiting for the service desk. Managers and administrators get theirs from an
    administrator (or `manage.py enrolment_code`), and nobody issues a code for their own account:
    a stolen password must never be enough to enrol an authenticator.
    """
    from .models import User

    if not isinstance(user, User) or user.pk == issuer.pk or not user.is_active:
        return False
    if issuer.role == Role.SYSTEM_ADMINISTRATOR:
        return True
    return (
        issuer.role == Role.TEAM_MANAGER
        and issuer.team_id is not None
        and user.team_id == issuer.team_id
        and user.role not in (Role.TEAM_MANAGER, Role.SYSTEM_ADMINISTRATOR)
    )


@dataclass(frozen=True)
class RecordType:
    """How a service area's record type plugs into the policy (added by later issues)."""

    name: str
    restricted_area: str
    can: Callable[[Any, Action, Any], bool]


_RECORD_TYPES: dict[str, RecordType] = {}


def register_record_type(model_name: str, record_type: RecordType) -> None:
    """Register under "app_label.ModelName" (preferred) or the bare class name."""
    _RECORD_TYPES[model_name] = record_type


def restricted_record_labels(*, exclude_area: str = "") -> list[str]:
    """The "app_label.Model" record types of the restricted areas (other than `exclude_area`)."""
    return [
        label
        for label, record in _RECORD_TYPES.items()
        if "." in label and record.restricted_area and record.restricted_area != exclude_area
    ]


def restricted_area_visible(user: Any, area: str) -> bool:
    """Whether a user may know that records of this restricted area exist at all."""
    if area == RestrictedArea.NONE:
        return _active(user)
    return _active(user) and user.restricted_area == area
