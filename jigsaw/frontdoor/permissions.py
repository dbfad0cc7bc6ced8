"""Who may see and do what at the front door, built on the one access policy.

A contact or an episode is about people, so it is visible when the user may see one of
those people (`person_scope`): a partner practitioner sees it only through an involvement
with someone on it. A contact naming a restricted record the user may not see is hidden
altogether, so the restricted record does not show through its relatives. One addition: a contact whose people are not yet linked to records (sent by a
partner's system) is front-door work, so the front door team sees it.
Forbidden means invisible: views fetch through these scopes and answer 404.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.policy import Action, RecordType, person_scope, register_record_type

# Record contacts on the screens and link their people to records.
FRONT_DOOR_ROLES = frozenset({Role.BUSINESS_SUPPORT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
# Decide on a contact, add follow-up questions and the action plan, close an episode:
# qualified social workers and their managers (WT2023 Ch.3).
DECISION_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
ALLOCATION_ROLES = frozenset({Role.TEAM_MANAGER})
# Partner practitioners (school, GP, health visitor, police, probation, voluntary sector)
# make referrals on the web form and follow their own referrals.
REFERRER_ROLES = frozenset({Role.PARTNER_PRACTITIONER})
# The partnership's own settings (its levels of need).
PARTNERSHIP_SETTINGS_ROLES = frozenset({Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR})


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role)


def _in_childrens_services(user: Any) -> bool:
    return user.agency_id is not None and user.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE


def is_front_door_member(user: Any) -> bool:
    return _active(user) and user.role in FRONT_DOOR_ROLES and _in_childrens_services(user)


def may_record_contact(user: Any) -> bool:
    return is_front_door_member(user)


def may_decide(user: Any) -> bool:
    return _active(user) and user.role in DECISION_ROLES and _in_childrens_services(user)


def may_allocate(user: Any) -> bool:
    return _active(user) and user.role in ALLOCATION_ROLES and _in_childrens_services(user)


def is_duty_worker(user: Any, on: Any = None) -> bool:
    """The social worker a team manager named as the front door's duty worker for the day."""
    from django.utils import timezone

    from .models import DutyWorker

    if not (_active(user) and user.role == Role.SOCIAL_WORKER and _in_childrens_services(user)):
        return False
    return DutyWorker.objects.filter(on=on or timezone.localdate(), worker=user).exists()


def may_assign(user: Any) -> bool:
    """Give a contact to a named worker: a team manager, or the day's duty social worker."""
    return may_allocate(user) or is_duty_worker(user)


def may_refer(user: Any) -> bool:
    return _active(user) and user.role in REFERRER_ROLES


def may_manage_levels_of_need(user: Any) -> bool:
    return _active(user) and user.role in PARTNERSHIP_SETTINGS_ROLES


def _visible_people(user: Any) -> QuerySet:
    from jigsaw.people.models import Person

    return person_scope(user, Person.objects.all())


def contact_scope(user: Any, qs: QuerySet) -> QuerySet:
    """The contacts this user may see."""
    if not _active(user):
        return qs.none()
    from .models import ContactPerson

    people = _visible_people(user)
    visible = Exists(ContactPerson.objects.filter(contact=OuterRef("pk"), person__in=people))
    condition = Q(visible)
    if is_front_door_member(user):
        linked = Exists(ContactPerson.objects.filter(contact=OuterRef("pk"), person__isnull=False))
        condition |= ~Q(linked)
    # A restricted record (LADO, Channel, sealed) must not show through a contact that also
    # names people the user may see: such a contact stays with the restricted record's team.
    hidden = Exists(
        ContactPerson.objects.filter(contact=OuterRef("pk"), person__isnull=False)
        .exclude(person__restricted_area="")
        .exclude(person__in=people)
    )
    return qs.filter(condition & ~Q(hidden))


def episode_scope(user: Any, qs: QuerySet) -> QuerySet:
    """The child-in-need episodes this user may see: those of the children they may see."""
    if not _active(user):
        return qs.none()
    return qs.filter(person__in=_visible_people(user))


def _can_contact(user: Any, action: Action, obj: Any) -> bool:
    from .models import Contact

    if action == Action.VIEW:
        return contact_scope(user, Contact.objects.filter(pk=obj.pk)).exists()
    if action == Action.CHANGE:
        return may_decide(user) and contact_scope(user, Contact.objects.filter(pk=obj.pk)).exists()
    return False


def _can_episode(user: Any, action: Action, obj: Any) -> bool:
    from .models import Episode

    if action == Action.VIEW:
        return episode_scope(user, Episode.objects.filter(pk=obj.pk)).exists()
    if action == Action.CHANGE:
        return may_decide(user) and episode_scope(user, Episode.objects.filter(pk=obj.pk)).exists()
    return False


def register() -> None:
    """Plug the front door's record types into the access policy (called from apps.ready)."""
    register_record_type("Contact", RecordType(name="Contact", restricted_area="", can=_can_contact))
    register_record_type("Episode", RecordType(name="Episode", restricted_area="", can=_can_episode))
