"""Every write of the front door: one function per business action, in a transaction.

Each service checks who may act, refuses bad input with an ApplicationError naming the
field, and does the rest of the business action with it: the "already known?" snapshot,
the statutory clocks (timescales.clocks), the child's chronology and, through the audit
log (models registered in apps.py, services decorated with @records_actor), who did it.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.policy import Action, can
from jigsaw.access.services import involvement_allocate
from jigsaw.audit.actor import records_actor
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.core.locking import bump_version, check_version
from jigsaw.notifications.kinds import ALLOCATION
from jigsaw.notifications.services import notify
from jigsaw.people.models import Person
from jigsaw.people.selectors import person_list, person_open_services
from jigsaw.people.services import address_add, person_create
from jigsaw.protection.selectors import episode_activity
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop

from .choices import (
    NEEDS_STRATEGY,
    OPENS_EPISODE,
    SOURCE_FOR_AGENCY_KIND,
    SOURCE_FOR_CALLER_KIND,
    CallerKind,
    Channel,
    ClosureReason,
    Consent,
    ContactStatus,
    EmergencyType,
    FamilyAware,
    LawfulBasis,
    Outcome,
    PersonRole,
    PrimaryNeed,
    ReferralSource,
    StrategyStatus,
    levels_of_need,
)
from .clocks import decision_clocks
from .models import Contact, ContactPerson, Decision, DutyWorker, Episode, LevelOfNeed, LevelOfNeedRevision
from .permissions import (
    DECISION_ROLES,
    contact_scope,
    episode_scope,
    may_allocate,
    may_assign,
    may_decide,
    may_manage_levels_of_need,
    may_record_contact,
    may_refer,
)
from .questions import consent_refusals

REFERRAL_DECISION = "referral_decision"
CHILD_IN_NEED_SERVICE = "Child in need"
# Notification kinds of the front door (registered in apps.py).
REFERRAL_RECEIVED = "referral_received"
REFERRAL_OUTCOME = "referral_outcome"
ASSESSMENT = "assessment"
STRATEGY_DISCUSSION = "strategy_discussion"
# Small clock skew between a partner's system and ours is not a contact "from the future".
_FUTURE_TOLERANCE = dt.timedelta(minutes=5)

# What a new person may carry when created from a contact (person_create's fields).
NEW_PERSON_FIELDS = ("given_names", "family_name", "date_of_birth", "sex", "nhs_number", "upn", "school")


@dataclass
class PersonEntry:
    """A child or an adult named on a contact: an existing record (person_id) or new details.

    details: given_names, family_name, date_of_birth (a date), sex, nhs_number, upn,
    school, address_line_1, postcode.
    """

    role: str
    relationship: str = ""
    person_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.details.get("given_names"), self.details.get("family_name")) if p).strip()


def _text(value: Any) -> str:
    """One line of text, with runs of spaces made single."""
    return " ".join(str(value or "").split())


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _choice(value: Any, choices: Any, *, field: str, message: str) -> str:
    value = str(value or "")
    if value not in choices.values:
        raise ApplicationError(message, field=field)
    return value


def default_source(*, caller_kind: str, agency: Any = None) -> str:
    """The CIN census source a caller most likely is, before the front door says otherwise."""
    if caller_kind == CallerKind.PROFESSIONAL:
        return SOURCE_FOR_AGENCY_KIND.get(getattr(agency, "kind", ""), ReferralSource.S10)
    return SOURCE_FOR_CALLER_KIND.get(caller_kind, ReferralSource.S10)


def _open_services_text(person: Person) -> str:
    """What the person is open to now, in words, for the contact's snapshot."""
    lines = [
        f"{s.service}: {s.worker} ({s.kind.lower()}) since {s.since:%-d %B %Y}"
        for s in person_open_services(person=person)
    ]
    episode = Episode.objects.open().filter(person=person).select_related("allocated_worker").first()
    if episode:
        worker = f", allocated to {episode.allocated_worker}" if episode.allocated_worker_id else ", not allocated"
        lines.append(f"Open child in need episode since {episode.referral_date:%-d %B %Y}{worker}")
    return "; ".join(lines) if lines else "Not open to any service"


def _snapshot_contact(contact: Contact) -> None:
    rows = [f"{p.display_name}: {p.already_known}" for p in contact.people.all() if p.is_linked]
    contact.already_known = "\n".join(rows)


def _caller_words(contact: Contact) -> str:
    """Who the contact came from, for a chronology line: an agency or a kind of caller, never a
    private caller's name (a chronology is read by partners)."""
    if contact.caller_agency_id:
        return f"from {contact.caller_agency}"
    return {
        CallerKind.ANONYMOUS: "from an anonymous caller",
        CallerKind.FAMILY_MEMBER: "from a family member",
        CallerKind.MEMBER_OF_PUBLIC: "from a member of the public",
        CallerKind.SELF: "from the child or young person",
        CallerKind.PROFESSIONAL: "from a professional",
    }[CallerKind(contact.caller_kind)]


def _clean_contact_data(data: dict[str, Any], *, now: dt.datetime) -> dict[str, Any]:
    """Check the contact's own details; each problem names its field, in plain English, and
    every problem is refused at once (core refusals()), not one per try."""
    clean: dict[str, Any] = {}
    with refusals() as refuse:
        received_at = data.get("received_at") or now
        if timezone.is_naive(received_at):
            received_at = timezone.make_aware(received_at)
        if received_at > now + _FUTURE_TOLERANCE:
            refuse.add("The date and time the contact was received must be now or in the past", field="received_at")
        clean["received_at"] = received_at
        clean["channel"] = refuse.check(
            lambda: _choice(data.get("channel"), Channel, field="channel", message="Choose how the contact came in")
        )
        caller_kind = refuse.check(
            lambda: _choice(
                data.get("caller_kind"), CallerKind, field="caller_kind", message="Choose who the caller is"
            )
        )
        clean["caller_kind"] = caller_kind
        agency = data.get("caller_agency")
        if agency is not None and caller_kind is not None and caller_kind != CallerKind.PROFESSIONAL:
            refuse.add(
                "Only a professional caller has an agency: choose Professional or no agency", field="caller_agency"
            )
        clean["caller_agency"] = agency
        name = _text(data.get("caller_name"))
        if caller_kind == CallerKind.ANONYMOUS and name:
            refuse.add(
                "An anonymous caller has no name: leave the name empty or choose another kind of caller",
                field="caller_name",
            )
        if caller_kind is not None and caller_kind != CallerKind.ANONYMOUS and not name:
            refuse.add("Enter the caller's name, or choose Anonymous", field="caller_name")
        clean["caller_name"] = name
        for key in ("caller_role", "caller_contact_details", "relationship_to_family"):
            clean[key] = _text(data.get(key))
        clean["how_they_know_family"] = str(data.get("how_they_know_family") or "").strip()
        source = data.get("source") or (
            default_source(caller_kind=caller_kind, agency=agency) if caller_kind is not None else None
        )
        clean["source"] = refuse.check(
            lambda: _choice(source, ReferralSource, field="source", message="Choose a contact source from the list")
        )
        clean["family_aware"] = refuse.check(
            lambda: _choice(
                data.get("family_aware"),
                FamilyAware,
                field="family_aware",
                message="Choose whether the family knows about the contact",
            )
        )
        consent = refuse.check(
            lambda: _choice(
                data.get("consent"),
                Consent,
                field="consent",
                message="Choose whether consent to share was given, refused or not sought",
            )
        )
        clean["consent"] = consent
        reason = str(data.get("consent_reason") or "").strip()
        basis = str(data.get("lawful_basis") or "")
        problems = consent_refusals(consent=consent, reason=reason, lawful_basis=basis)
        for field, message in problems:
            refuse.add(message, field=field)
        if not problems and basis and basis not in LawfulBasis.values:
            refuse.add("Choose a lawful basis from the list", field="lawful_basis")
        clean["consent_reason"] = reason
        clean["lawful_basis"] = basis
        worries = str(data.get("worries") or "").strip()
        if not worries:
            refuse.add("Enter the worries, in the caller's words", field="worries")
        clean["worries"] = worries
        level = str(data.get("level_of_need") or "")
        if level and level not in dict(levels_of_need()):
            refuse.add("Choose a level of need from the partnership's continuum", field="level_of_need")
        clean["level_of_need"] = level
    for key in ("follow_up_questions", "action_plan", "advice_to_caller"):
        clean[key] = str(data.get(key) or "").strip()
    return clean


def _check_new_person(entry: PersonEntry, *, index: int) -> None:
    if not entry.name:
        who = "child" if entry.role == PersonRole.CHILD else "adult"
        raise ApplicationError(
            f"Enter a given name or a family name for {who} {index}",
            field="children" if entry.role == PersonRole.CHILD else "adults",
        )


def _create_person(*, actor: Any, details: dict[str, Any]) -> Person:
    person = person_create(actor=actor, data={k: details[k] for k in NEW_PERSON_FIELDS if details.get(k)})
    if details.get("address_line_1"):
        address_add(
            actor=actor, person=person, line_1=details["address_line_1"], postcode=details.get("postcode") or ""
        )
    return person


def _match_known(*, actor: Any, details: dict[str, Any]) -> Person | None:
    """For a partner's contact: the one record the details surely belong to, or None.

    Searches the whole unrestricted index (the sender need not be involved with the child),
    links only one strong match (an exact date of birth or identifier), and tells the
    sender nothing about it: the front door checks the link when it reads the contact.
    """
    from jigsaw.people.matching import SearchQuery, find_candidates

    query = SearchQuery.from_mapping(
        {
            "given_name": details.get("given_names", ""),
            "family_name": details.get("family_name", ""),
            "date_of_birth": details.get("date_of_birth"),
            "nhs_number": details.get("nhs_number", ""),
            "upn": details.get("upn", ""),
            "postcode": details.get("postcode", ""),
            "address": details.get("address_line_1", ""),
            "sex": details.get("sex", ""),
        }
    )
    if query.is_empty():
        return None
    scope = Person.objects.active().filter(restricted_area="")
    strong = [c for c in find_candidates(query, scope, limit=3) if c.confidence == "high"]
    person = scope.filter(pk=strong[0].person_id).first() if len(strong) == 1 else None
    audit_record(
        actor=actor,
        kind=AuditKind.SEARCH,
        model=Person,
        purpose="automatic match of a partner's contact (results not shown to the sender)",
        details={"candidates": [c.person_id for c in strong], "linked": person.pk if person else None},
        also_about=[c.person_id for c in strong],
    )
    return person


def _details_for_storage(details: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in details.items() if v not in (None, "")}


def _link(*, contact: Contact, row: ContactPerson, person: Person, actor: Any) -> None:
    """Link a person on a contact to their record: snapshot, clock and chronology."""
    row.person = person
    row.already_known = _open_services_text(person)
    row.linked_at = timezone.now()
    row.save()
    if row.role == PersonRole.CHILD:
        # The child's row on the contact is the subject (and the chronology source), not the
        # contact: clocks and entries are one per subject, and each child needs their own.
        clock_start(
            rule_key=REFERRAL_DECISION,
            person=person,
            started_on=contact.received_on,
            subject=row,
            owner=contact.assigned_to,
        )
        chronology_record(
            person=person,
            occurred_on=contact.received_on,
            occurred_at=contact.received_at,
            kind="contact",
            summary=f"Contact {_caller_words(contact)}",
            detail=contact.worries,
            recorded_by=contact.recorded_by,
            source_agency=contact.caller_agency,
            significance="standard",
            source=row,
        )


@records_actor()
@transaction.atomic
def contact_record(
    *, actor: Any, data: dict[str, Any], people: list[PersonEntry], via_api: bool = False, referral: bool = False
) -> Contact:
    """Record a contact about one or more children, and the adults in the household.

    Each person is an existing record the actor may see (person_id) or new details: created
    through people.services.person_create when the actor may add people; from a partner's
    system (via_api) linked to the one record they surely match, else kept as sent for
    the front door to link. Starts each child's one-working-day decision clock.
    """
    if not (may_record_contact(actor) or ((via_api or referral) and may_refer(actor))):
        # Not a rule the person typing can put right: refused as forbidden (a 403), not as bad input.
        raise PermissionDenied("Your role does not include recording contacts")
    now = timezone.now()
    clean = _clean_contact_data(data, now=now)
    if not any(p.role == PersonRole.CHILD for p in people):
        raise ApplicationError("Add at least one child the contact is about", field="children")
    visible = person_list(user=actor)
    seen: set[int] = set()
    resolved: list[tuple[PersonEntry, Person | None]] = []
    counters = {PersonRole.CHILD: 0, PersonRole.ADULT: 0}
    for entry in people:
        if entry.role not in PersonRole.values:
            raise ApplicationError("Each person must be a child or an adult", field="children")
        counters[PersonRole(entry.role)] += 1
        person = None
        if entry.person_id is not None:
            person = visible.filter(pk=entry.person_id).first()
            if person is None:
                raise ApplicationError(
                    f"No person with id {entry.person_id} is visible to you: send their details instead",
                    field="children" if entry.role == PersonRole.CHILD else "adults",
                )
        else:
            _check_new_person(entry, index=counters[PersonRole(entry.role)])
        if person is not None:
            if person.pk in seen:
                raise ApplicationError(f"{person.display_name} is on the contact twice", field="children")
            seen.add(person.pk)
        resolved.append((entry, person))

    contact = Contact.objects.create(
        **clean,
        recorded_by=actor,
        referrer=actor if referral else None,
        status=ContactStatus.AWAITING_DECISION,
    )
    may_add_people = can(actor, Action.CREATE) and not referral
    for entry, person in resolved:
        details = dict(entry.details)
        if person is None and (via_api or referral):
            person = _match_known(actor=actor, details=details)
            if person is not None:
                if person.pk in seen:
                    person = None  # the same child twice: leave the second for the front door
                else:
                    seen.add(person.pk)
                    details["linked"] = "automatically, from the details sent"
        if person is None and may_add_people:
            person = _create_person(actor=actor, details=details)
            seen.add(person.pk)
            details["linked"] = "new record created from these details"
        row = ContactPerson.objects.create(
            contact=contact,
            role=entry.role,
            relationship=_text(entry.relationship),
            details_name=entry.name or (person.display_name if person else ""),
            details=_details_for_storage(details),
        )
        if person is not None:
            _link(contact=contact, row=row, person=person, actor=actor)
    _snapshot_contact(contact)
    contact.save(update_fields=["already_known", "updated_at"])
    return contact


@records_actor()
@transaction.atomic
def contact_person_link(
    *, actor: Any, contact_person: ContactPerson, person: Person | None = None, details: dict[str, Any] | None = None
) -> ContactPerson:
    """Link a person sent by a partner's system to a record: one found by the search, or a new one."""
    if not may_record_contact(actor):
        raise ApplicationError("Your role does not include linking people to contacts")
    row = ContactPerson.objects.select_for_update().select_related("contact").get(pk=contact_person.pk)
    contact = row.contact
    if not contact_scope(actor, Contact.objects.filter(pk=contact.pk)).exists():
        raise ApplicationError("You cannot change this contact")
    if row.person_id:
        raise ApplicationError(f"{row.display_name} is already linked to a record")
    if contact.status != ContactStatus.AWAITING_DECISION:
        raise ApplicationError("This contact has been decided: it can no longer change")
    if person is not None:
        if not person_list(user=actor).filter(pk=person.pk).exists():
            raise ApplicationError("You cannot see that person's record", field="person")
        if contact.people.filter(person=person).exists():
            raise ApplicationError(f"{person.display_name} is already on this contact", field="person")
    elif details:
        entry = PersonEntry(role=row.role, details=details)
        _check_new_person(entry, index=1)
        person = _create_person(actor=actor, details=details)
    else:
        raise ApplicationError("Choose a record or enter the person's details", field="person")
    _link(contact=contact, row=row, person=person, actor=actor)
    _snapshot_contact(contact)
    contact.save(update_fields=["already_known", "updated_at"])
    return row


@records_actor()
@transaction.atomic
def contact_update(
    *,
    actor: Any,
    contact: Contact,
    follow_up_questions: str | None = None,
    action_plan: str | None = None,
    advice_to_caller: str | None = None,
    level_of_need: str | None = None,
    expected_version: int | None = None,
) -> Contact:
    """The social worker's follow-up questions, the summary action plan, the advice to the caller."""
    if not may_decide(actor):
        raise ApplicationError("Only a social worker or a team manager can add follow-up questions and the action plan")
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact_scope(actor, Contact.objects.filter(pk=current.pk)).exists():
        raise ApplicationError("You cannot change this contact")
    check_version(current, expected_version)
    if level_of_need is not None and level_of_need != current.level_of_need:
        _revise_level(actor=actor, contact=current, level_of_need=level_of_need, reason="")
    for key, value in (
        ("follow_up_questions", follow_up_questions),
        ("action_plan", action_plan),
        ("advice_to_caller", advice_to_caller),
    ):
        if value is not None:
            setattr(current, key, value.strip())
    bump_version(current)
    current.save()
    return current


_DECISION_SIGNIFICANCE = {
    Outcome.NFA: "standard",
    Outcome.EARLY_HELP: "standard",
    Outcome.REFERRAL_ASSESSMENT: "high",
    Outcome.STRATEGY_DISCUSSION: "high",
    Outcome.EMERGENCY_PROTECTION: "critical",
}


@records_actor()
@transaction.atomic
def decision_record(
    *,
    actor: Any,
    contact: Contact,
    outcome: str,
    reason: str,
    decided_at: dt.datetime | None = None,
    emergency_type: str = "",
    referral_source: str = "",
    primary_need: str = PrimaryNeed.N0,
    level_of_need: str | None = None,
    level_reason: str = "",
    referrer_message: str = "",
) -> Decision:
    """Decide on a contact. Stops each child's decision clock; a referral opens a child-in-need
    episode for each child (referral date = the contact's date) and starts its clocks.

    The decision may revise the level of need the contact was given (kept as a revision).
    A partner's web referral is answered as part of the decision: `referrer_message`, in
    words fit for the partner, is required and sent to them (in Jigsaw and by email)."""
    if not may_decide(actor):
        raise ApplicationError(
            "Only a qualified social worker or a team manager can decide on a contact", field="decided_by"
        )
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact_scope(actor, Contact.objects.filter(pk=current.pk)).exists():
        raise ApplicationError("You cannot decide on this contact")
    if current.status != ContactStatus.AWAITING_DECISION or Decision.objects.filter(contact=current).exists():
        raise ApplicationError("This contact has already been decided")
    rows = list(current.people.select_related("person"))
    unlinked = [r.display_name for r in rows if not r.is_linked]
    if unlinked:
        raise ApplicationError(
            f"Link {', '.join(unlinked)} to a record, or add them as new, before deciding", field="outcome"
        )
    now = timezone.now()
    decided_at = decided_at or now
    if timezone.is_naive(decided_at):
        decided_at = timezone.make_aware(decided_at)
    # Times are typed to the minute: a decision in the same minute as the contact is not before it.
    if decided_at < current.received_at.replace(second=0, microsecond=0):
        received = timezone.localtime(current.received_at)
        raise ApplicationError(
            f"The decision cannot be dated before the contact was received "
            f"({received.day} {received:%B %Y} at {received:%H:%M})",
            field="decided_at",
        )
    if decided_at > now + _FUTURE_TOLERANCE:
        raise ApplicationError("The date and time of the decision must be now or in the past", field="decided_at")
    outcome = _choice(outcome, Outcome, field="outcome", message="Choose the decision")
    if outcome == Outcome.EMERGENCY_PROTECTION:
        emergency_type = _choice(
            emergency_type,
            EmergencyType,
            field="emergency_type",
            message="Choose police protection or an emergency protection order",
        )
    else:
        emergency_type = ""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter the reasons for the decision", field="reason")
    if outcome in OPENS_EPISODE:
        referral_source = _choice(
            referral_source or current.source,
            ReferralSource,
            field="referral_source",
            message="Choose the referral source from the list",
        )
        primary_need = _choice(
            primary_need or PrimaryNeed.N0, PrimaryNeed, field="primary_need", message="Choose the primary need"
        )

    referrer_message = (referrer_message or "").strip()
    if current.referrer_id and not referrer_message:
        raise ApplicationError(
            f"Enter what to tell {current.referrer} about the outcome of their referral", field="referrer_message"
        )
    if level_of_need is not None and level_of_need != current.level_of_need:
        _revise_level(actor=actor, contact=current, level_of_need=level_of_need, reason=level_reason)

    decided_on = _local_date(decided_at)
    decision = Decision.objects.create(
        contact=current,
        decided_at=decided_at,
        decided_by=actor,
        outcome=outcome,
        emergency_type=emergency_type,
        reason=reason,
        on_time=decided_on <= current.decision_due_on,
        referrer_message=referrer_message if current.referrer_id else "",
    )
    current.status = ContactStatus.DECIDED
    current.save(update_fields=["status", "level_of_need", "updated_at"])
    if current.referrer_id:
        _tell_referrer(contact=current, decision=decision)

    for row in rows:
        if row.role != PersonRole.CHILD:
            continue
        clock_stop(rule_key=REFERRAL_DECISION, subject=row, met_on=decided_on)
        chronology_record(
            person=row.person,
            occurred_on=decided_on,
            occurred_at=decided_at,
            kind="emergency_protection" if outcome == Outcome.EMERGENCY_PROTECTION else "decision",
            summary=f"Decision on contact {current.reference}: {decision.outcome_display}",
            detail=reason,
            recorded_by=actor,
            source_agency=actor.agency,
            significance=_DECISION_SIGNIFICANCE[Outcome(outcome)],
            source=row,
        )
        if outcome in OPENS_EPISODE:
            _open_episode(
                actor=actor,
                contact=current,
                person=row.person,
                outcome=outcome,
                referral_source=referral_source,
                primary_need=primary_need,
                decided_on=decided_on,
            )
    return decision


def _open_episode(
    *,
    actor: Any,
    contact: Contact,
    person: Person,
    outcome: str,
    referral_source: str,
    primary_need: str,
    decided_on: dt.date,
) -> Episode:
    """The referral's child-in-need episode. A child already open keeps their episode (the
    census allows one open episode): the new concerns join it."""
    episode = Episode.objects.select_for_update().open().filter(person=person).first()
    if episode is None:
        episode = Episode.objects.create(
            person=person,
            contact=contact,
            referral_date=contact.received_on,
            referral_source=referral_source,
            primary_need=primary_need,
            opened_by=actor,
        )
        chronology_record(
            person=person,
            occurred_on=episode.referral_date,
            kind="referral",
            summary=f"Referral accepted: child in need episode opened ({episode.get_primary_need_display()})",
            recorded_by=actor,
            source_agency=actor.agency,
            significance="standard",
            source=episode,
        )
        if outcome == Outcome.REFERRAL_ASSESSMENT:
            clock_start(rule_key=ASSESSMENT, person=person, started_on=episode.referral_date, subject=episode)
    if outcome in NEEDS_STRATEGY and episode.strategy_status != StrategyStatus.NEEDED:
        episode.strategy_status = StrategyStatus.NEEDED
        episode.strategy_needed_on = decided_on
        episode.strategy_held_on = None
        episode.save()
        clock_start(rule_key=STRATEGY_DISCUSSION, person=person, started_on=decided_on, subject=episode)
    return episode


def episode_open_for_care(*, actor: Any, person: Person, started_on: dt.date, primary_need: str) -> Episode:
    """A child who becomes looked after is a child in need: the census counts them only through an
    episode of need (returns' validators found them missing). An open episode is kept as it is;
    otherwise one opens on the day care began, its source children's social care (5A)."""
    episode = Episode.objects.select_for_update().open().filter(person=person).first()
    if episode is not None:
        return episode
    if primary_need not in PrimaryNeed.values:
        primary_need = PrimaryNeed.N0
    episode = Episode.objects.create(
        person=person,
        referral_date=started_on,
        referral_source=ReferralSource.S5A,
        primary_need=primary_need,
        opened_by=actor,
        allocated_worker=actor if may_decide(actor) else None,
        allocated_on=started_on if may_decide(actor) else None,
    )
    chronology_record(
        person=person,
        occurred_on=started_on,
        kind="referral",
        summary=f"Child in need episode opened as the child became looked after ({episode.get_primary_need_display()})",
        recorded_by=actor,
        source_agency=actor.agency,
        significance="standard",
        source=episode,
    )
    return episode


def episode_cin_plan_record(
    *, actor: Any, episode: Episode, started_on: dt.date | None, ended_on: dt.date | None = None
) -> Episode:
    """The child in need plan's start and end (CIN census CINPlanStartDate, CINPlanEndDate)."""
    if not may_decide(actor):
        raise ApplicationError("Only a social worker or a team manager can record the plan", field="started_on")
    current = _visible_episode(actor, episode)
    today = timezone.localdate()
    if started_on is None:
        raise ApplicationError("Enter the date the child in need plan started", field="started_on")
    if started_on < current.referral_date:
        raise ApplicationError(
            f"The plan cannot start before the referral, on {current.referral_date.day} {current.referral_date:%B %Y}",
            field="started_on",
        )
    if started_on > today:
        raise ApplicationError("The plan's start must be today or in the past", field="started_on")
    if ended_on is not None:
        if ended_on < started_on:
            raise ApplicationError("The plan cannot end before it started", field="ended_on")
        if ended_on > today:
            raise ApplicationError("The plan's end must be today or in the past", field="ended_on")
    if current.closure_date and (started_on > current.closure_date or (ended_on and ended_on > current.closure_date)):
        raise ApplicationError("The plan must fall within the episode, which closed earlier", field="started_on")
    current.cin_plan_started_on, current.cin_plan_ended_on = started_on, ended_on
    current.save(update_fields=["cin_plan_started_on", "cin_plan_ended_on", "updated_at"])
    chronology_record(
        person=current.person,
        occurred_on=ended_on or started_on,
        kind="cin_plan",
        summary="Child in need plan ended" if ended_on else "Child in need plan started",
        recorded_by=actor,
        source_agency=actor.agency,
        significance="standard",
        source=current,
    )
    return current


def _visible_episode(actor: Any, episode: Episode) -> Episode:
    current = Episode.objects.select_for_update().select_related("person").get(pk=episode.pk)
    if not episode_scope(actor, Episode.objects.filter(pk=current.pk)).exists():
        raise ApplicationError("You cannot change this episode")
    return current


@records_actor()
@transaction.atomic
def episode_allocate(*, actor: Any, episode: Episode, worker: Any) -> Episode:
    """A team manager allocates the child's episode to a social worker (or a manager)."""
    if not may_allocate(actor):
        raise ApplicationError("Only a team manager can allocate a case", field="worker")
    current = _visible_episode(actor, episode)
    if not current.is_open:
        raise ApplicationError("This episode is closed", field="worker")
    if worker is None or worker.role not in DECISION_ROLES or not worker.is_active:
        raise ApplicationError("Choose a social worker or a team manager", field="worker")
    previous = current.allocated_worker
    current.allocated_worker = worker
    current.allocated_on = timezone.localdate()
    current.save()
    if previous != worker:
        # The child's allocated worker is the involvement the rest of Jigsaw reads (My work,
        # the digest, who sees a partner's entry): the previous worker's ends today.
        involvement_allocate(
            person=current.person, worker=worker, service=CHILD_IN_NEED_SERVICE, on=current.allocated_on
        )
        notify(
            recipient=worker,
            kind=ALLOCATION,
            title=f"{current.person.display_name}'s child in need episode is allocated to you",
            url=reverse("frontdoor:episode-detail", args=[current.pk]),
            person=current.person,
            dedupe_key=f"episode-allocated:{current.pk}:{worker.pk}:{current.allocated_on.isoformat()}",
        )
    return current


@records_actor()
@transaction.atomic
def episode_strategy_held(*, actor: Any = None, episode: Episode, held_on: dt.date) -> Episode:
    """The strategy discussion the decision called for has been held (called by protection)."""
    current = Episode.objects.select_for_update().get(pk=episode.pk)
    if held_on < current.referral_date:
        raise ApplicationError("A strategy discussion cannot be held before the referral", field="held_on")
    current.strategy_status = StrategyStatus.HELD
    current.strategy_held_on = held_on
    current.save()
    # Held before the decision to hold it was written down (it happens in an emergency): met
    # on the day the clock started, which is the decision's day.
    met_on = max(held_on, current.strategy_needed_on or held_on)
    clock_stop(rule_key=STRATEGY_DISCUSSION, subject=current, person=current.person, met_on=met_on)
    return current


# CIN census: "closed after assessment" (RC8, RC9) needs an assessment on the episode and no
# section 47, child in need plan, initial conference or child protection plan (rules 8825Q,
# 8585Q, 2990; statutory-reference 1A).
AFTER_ASSESSMENT = (ClosureReason.RC8, ClosureReason.RC9)


def _in_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _check_closed_after_assessment(actor: Any, episode: Episode, closure_reason: str) -> None:
    activity = episode_activity(user=actor, episode_id=episode.pk)
    code = str(closure_reason)
    if not activity.assessments:
        raise ApplicationError(
            f"Reason {code} (closed after assessment) needs an assessment on this episode. "
            "Record the assessment first, or choose another reason",
            field="closure_reason",
        )
    if activity.assessments_open:
        raise ApplicationError(
            f"Reason {code} (closed after assessment) needs the assessment to be authorised first",
            field="closure_reason",
        )
    if activity.protection_activity:
        raise ApplicationError(
            f"Reason {code} cannot be used: this episode had {_in_words(activity.protection_activity)}. "
            "Choose another reason, such as RC7 (services ceased)",
            field="closure_reason",
        )


@records_actor()
@transaction.atomic
def episode_close(
    *,
    actor: Any,
    episode: Episode,
    closure_date: dt.date,
    closure_reason: str,
    referral_nfa: bool = False,
) -> Episode:
    """Close a child-in-need episode with the census reason (RC1 to RC9)."""
    if not may_decide(actor):
        raise ApplicationError("Only a social worker or a team manager can close an episode", field="closure_reason")
    current = _visible_episode(actor, episode)
    if not current.is_open:
        raise ApplicationError("This episode is already closed", field="closure_date")
    closure_reason = _choice(
        closure_reason, ClosureReason, field="closure_reason", message="Choose the reason for closure (RC1 to RC9)"
    )
    if closure_date is None:
        raise ApplicationError("Enter the closure date", field="closure_date")
    if closure_date < current.referral_date:
        raise ApplicationError(
            f"The closure date must be the same as or after the referral date ({current.referral_date.day} "
            f"{current.referral_date:%B %Y})",
            field="closure_date",
        )
    if closure_date > timezone.localdate():
        raise ApplicationError("The closure date must be today or in the past", field="closure_date")
    if closure_reason == ClosureReason.RC2:
        death = current.person.date_of_death
        if death is None:
            raise ApplicationError(
                "Reason RC2 (died) needs the child's date of death: record it on their record first",
                field="closure_reason",
            )
        if closure_date < death:
            raise ApplicationError(
                "An episode closed because the child died cannot close before the date of death", field="closure_date"
            )
    if closure_reason in AFTER_ASSESSMENT:
        _check_closed_after_assessment(actor, current, closure_reason)
    current.closure_date = closure_date
    current.closure_reason = closure_reason
    current.referral_nfa = bool(referral_nfa)
    current.closed_by = actor
    current.save()
    # Deadlines of the episode still running are no longer needed (neither met nor missed).
    # (The strategy clock started on the decision's day, which may be after the referral date.)
    for rule_key, started in ((ASSESSMENT, current.referral_date), (STRATEGY_DISCUSSION, current.strategy_needed_on)):
        clock_cancel(
            rule_key=rule_key,
            subject=current,
            stopped_on=max(closure_date, started or closure_date),
            reason=f"Episode closed: {current.get_closure_reason_display()}",
        )
    chronology_record(
        person=current.person,
        occurred_on=closure_date,
        kind="episode_closed",
        summary=f"Child in need episode closed: {current.get_closure_reason_display()}",
        recorded_by=actor,
        source_agency=actor.agency,
        significance="standard",
        source=current,
    )
    return current


# Levels of need: the partnership's setting, revised by the decision -----------------------


def _revise_level(*, actor: Any, contact: Contact, level_of_need: str, reason: str) -> None:
    """Change the contact's level of need, keeping what it was and who changed it (the caller saves)."""
    if level_of_need and level_of_need not in dict(levels_of_need()):
        raise ApplicationError("Choose a level of need from the partnership's continuum", field="level_of_need")
    if not level_of_need and contact.level_of_need:
        raise ApplicationError(
            "Choose the level of need: a level once given can be revised, not removed", field="level_of_need"
        )
    LevelOfNeedRevision.objects.create(
        contact=contact,
        previous_level=contact.level_of_need,
        new_level=level_of_need,
        reason=(reason or "").strip(),
        revised_by=actor,
    )
    contact.level_of_need = level_of_need


@records_actor()
@transaction.atomic
def level_of_need_save(
    *,
    actor: Any,
    level: LevelOfNeed | None = None,
    key: str = "",
    label: str,
    canonical_level: int,
    description: str = "",
    position: int = 0,
    in_use: bool = True,
) -> LevelOfNeed:
    """Add or change one level of the partnership's continuum of need (partnership manager)."""
    from django.utils.text import slugify

    if not may_manage_levels_of_need(actor):
        raise ApplicationError("Only the partnership manager can change the levels of need")
    label = _text(label)
    if not label:
        raise ApplicationError("Enter the name of the level, as the threshold document says it", field="label")
    if canonical_level not in (1, 2, 3, 4):
        raise ApplicationError("Choose which of the four levels this one is", field="canonical_level")
    if level is None:
        key = slugify(key or label).replace("-", "_")[:40]
        if not key:
            raise ApplicationError("Enter a name with at least one letter or number", field="label")
        if LevelOfNeed.objects.filter(key=key).exists():
            raise ApplicationError(f"There is already a level called {label}", field="label")
        level = LevelOfNeed(key=key)
    else:
        level = LevelOfNeed.objects.select_for_update().get(pk=level.pk)
    if in_use is False and level.pk and LevelOfNeed.objects.filter(in_use=True).exclude(pk=level.pk).count() == 0:
        raise ApplicationError("Keep at least one level in use", field="in_use")
    level.label = label
    level.canonical_level = canonical_level
    level.description = (description or "").strip()
    level.position = position
    level.in_use = in_use
    level.save()
    return level


# Giving a contact to a named worker ----------------------------------------------------


@records_actor()
@transaction.atomic
def duty_worker_name(*, actor: Any, worker: Any, on: dt.date | None = None) -> DutyWorker:
    """A team manager names the front door's duty social worker for a day (today by default)."""
    if not may_allocate(actor):
        raise ApplicationError("Only a team manager can name the duty social worker", field="worker")
    if worker is None or worker.role != "social_worker" or not worker.is_active:
        raise ApplicationError("Choose a social worker", field="worker")
    on = on or timezone.localdate()
    duty, _ = DutyWorker.objects.update_or_create(on=on, defaults={"worker": worker, "named_by": actor})
    return duty


@records_actor()
@transaction.atomic
def contact_assign(*, actor: Any, contact: Contact, worker: Any) -> Contact:
    """A team manager or the duty social worker gives a contact to a named worker.

    From then on the worker owns each child's decision clock (so it is on their "My work"),
    and they are told, with a link to the contact. Reassigning moves the clocks and tells
    the new worker.
    """
    if not may_assign(actor):
        raise ApplicationError("Only a team manager or the duty social worker can assign a contact", field="worker")
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact_scope(actor, Contact.objects.filter(pk=current.pk)).exists():
        raise ApplicationError("You cannot change this contact")
    if current.status != ContactStatus.AWAITING_DECISION:
        raise ApplicationError("This contact has been decided: there is nothing left to assign", field="worker")
    if worker is None or worker.role not in DECISION_ROLES or not worker.is_active:
        raise ApplicationError("Choose a social worker or a team manager to decide on the contact", field="worker")
    if current.assigned_to_id == worker.pk:
        raise ApplicationError(f"The contact is already assigned to {worker}", field="worker")
    current.assigned_to = worker
    current.assigned_by = actor
    current.assigned_at = timezone.now()
    current.save(update_fields=["assigned_to", "assigned_by", "assigned_at", "updated_at"])
    # The clock, not the contact, is what My work and the digest read.
    decision_clocks(current).open().update(owner=worker, updated_at=timezone.now())
    children = [p.display_name for p in current.people.all() if p.role == PersonRole.CHILD]
    first_person = current.people.filter(role=PersonRole.CHILD, person__isnull=False).first()
    notify(
        recipient=worker,
        kind=ALLOCATION,
        title=f"Contact {current.reference} about {_in_words(children)} is yours to decide",
        body=f"A decision is due by {current.decision_due_on.day} {current.decision_due_on:%B %Y}.",
        url=reverse("frontdoor:contact-detail", args=[current.pk]),
        person=first_person.person if first_person else None,
        dedupe_key=f"contact-assigned:{current.pk}:{worker.pk}:{current.assigned_at.isoformat()}",
    )
    return current


# A partner's web referral ----------------------------------------------------------------


@records_actor()
@transaction.atomic
def referral_make(*, actor: Any, data: dict[str, Any], people: list[PersonEntry]) -> Contact:
    """A partner practitioner makes a referral on the web form: a contact from them, in the
    front door's queue. Children they work with are linked (person_id); typed details are
    matched to the one record they surely belong to, or left for the front door to link.
    The partner is told the reference; the day's duty social worker hears of it."""
    if not may_refer(actor):
        raise ApplicationError("Your role does not include making referrals")
    if actor.agency_id is None:
        raise ApplicationError(
            "Your account is not linked to an agency, so the referral cannot say where it came from. "
            "Ask your administrator to add your agency"
        )
    data = {
        **data,
        "received_at": timezone.now(),
        "channel": Channel.PORTAL,
        "caller_kind": CallerKind.PROFESSIONAL,
        "caller_agency": actor.agency,
        "caller_name": actor.full_name or actor.username,
        "caller_role": data.get("caller_role") or actor.job_title,
        "caller_contact_details": data.get("caller_contact_details") or actor.email,
        "source": data.get("source") or _referrer_source(actor),
        "level_of_need": "",
    }
    contact = contact_record(actor=actor, data=data, people=people, referral=True)
    notify(
        recipient=actor,
        kind=REFERRAL_RECEIVED,
        title=f"Your referral {contact.reference} has reached the front door",
        body="A decision is due within one working day. You will be told the outcome.",
        url=reverse("frontdoor:referral-detail", args=[contact.pk]),
        dedupe_key=f"referral-received:{contact.pk}",
    )
    duty = DutyWorker.objects.filter(on=timezone.localdate()).select_related("worker").first()
    if duty is not None:
        notify(
            recipient=duty.worker,
            kind=REFERRAL_RECEIVED,
            title=f"New referral {contact.reference} from {actor.agency} to assign",
            url=reverse("frontdoor:contact-detail", args=[contact.pk]),
            dedupe_key=f"referral-to-duty:{contact.pk}",
        )
    return contact


# Health referrers by job: the census tells a GP (3A) from a health visitor (3B) or a school nurse (3C).
_HEALTH_JOBS = (
    ("health visitor", ReferralSource.S3B),
    ("school nurse", ReferralSource.S3C),
    ("gp", ReferralSource.S3A),
)


def _referrer_source(actor: Any) -> str:
    """The census source of a partner's referral: their agency's, finer for health by their job."""
    source = default_source(caller_kind=CallerKind.PROFESSIONAL, agency=actor.agency)
    if source == ReferralSource.S3F:
        words = f" {(actor.job_title or '').lower()} ".replace(",", " ")
        for job, code in _HEALTH_JOBS:
            if f" {job} " in words or words.strip().startswith(job):
                return code
    return source


def _tell_referrer(*, contact: Contact, decision: Decision) -> None:
    """The outcome, told to the partner who referred: in Jigsaw, and by an email that says only
    that there is news (notify's email holds no case details)."""
    notify(
        recipient=contact.referrer,
        kind=REFERRAL_OUTCOME,
        title=f"Outcome of your referral {contact.reference}",
        body=decision.referrer_message,
        url=reverse("frontdoor:referral-detail", args=[contact.pk]),
        dedupe_key=f"referral-outcome:{contact.pk}",
    )
    decision.referrer_told_at = timezone.now()
    decision.save(update_fields=["referrer_told_at"])
