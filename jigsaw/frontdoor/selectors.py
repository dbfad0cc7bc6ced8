"""Reads of contacts, decisions and episodes, always through the access scopes
(permissions.py), and audited when they show one record.

Protection and later service areas read a child's episode through `episode_get` and
`episode_for_person`.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.timescales.choices import STATUS_TAG_CLASSES, DeadlineStatus
from jigsaw.timescales.rules import deadline_status

from .choices import ContactStatus, StrategyStatus
from .clocks import with_clock_due_on
from .models import Contact, ContactPerson, Decision, DutyWorker, Episode, LevelOfNeed
from .permissions import contact_scope, episode_scope


def _contacts(user: Any) -> QuerySet[Contact]:
    return with_clock_due_on(
        contact_scope(user, Contact.objects.all()).select_related("caller_agency", "recorded_by", "assigned_to")
    )


def _with_people(qs: QuerySet[Contact]) -> QuerySet[Contact]:
    return qs.prefetch_related(
        Prefetch("people", ContactPerson.objects.select_related("person").order_by("role", "id"))
    )


@dataclass
class Timeliness:
    """Where a contact's one-working-day decision stands."""

    due_on: dt.date
    status: DeadlineStatus
    decided_on: dt.date | None

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.status]

    @property
    def on_time(self) -> bool | None:
        return None if self.decided_on is None else self.decided_on <= self.due_on


def contact_timeliness(contact: Contact, *, today: dt.date | None = None) -> Timeliness:
    decision = getattr(contact, "decision", None) if contact.status == ContactStatus.DECIDED else None
    decided_on = timezone.localdate(decision.decided_at) if decision else None
    return Timeliness(
        due_on=contact.decision_due_on,
        status=deadline_status(contact.decision_due_on, decided_on, today),
        decided_on=decided_on,
    )


@dataclass
class ContactLine:
    contact: Contact
    timeliness: Timeliness

    @property
    def children(self) -> list[ContactPerson]:
        return [p for p in self.contact.people.all() if p.role == "child"]


def contact_list(*, user: Any, status: str | None = None, limit: int = 200) -> list[ContactLine]:
    """Contacts the user may see, with their decision deadline.

    status None or "awaiting_decision": open contacts, oldest first (the front door's queue);
    "decided": decided contacts, most recent decision first.
    """
    qs = _with_people(_contacts(user))
    if status in (None, ContactStatus.AWAITING_DECISION):
        qs = qs.filter(status=ContactStatus.AWAITING_DECISION).order_by("received_at", "pk")
    elif status == ContactStatus.DECIDED:
        qs = (
            qs.filter(status=ContactStatus.DECIDED)
            .select_related("decision", "decision__decided_by")
            .order_by("-decision__decided_at", "-pk")
        )
    else:
        raise ValueError(f"Unknown contact status {status!r}")
    today = timezone.localdate()
    return [ContactLine(contact=c, timeliness=contact_timeliness(c, today=today)) for c in qs[:limit]]


def contacts_to_decide(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    """For "My work": contacts assigned to `whose` and not yet decided that have no decision
    clock (none of their children is linked to a record yet), as far as `viewer` may see them.
    A contact whose children are linked is on "My work" through its clocks already."""
    from django.urls import reverse

    from jigsaw.core.selectors import WorkItem
    from jigsaw.timescales.rules import deadline_for

    from .clocks import REFERRAL_DECISION

    qs = _with_people(_contacts(viewer)).filter(
        status=ContactStatus.AWAITING_DECISION, assigned_to=whose, clock_due_on__isnull=True
    )
    items = []
    for contact in qs.order_by("received_at", "pk"):
        children = [p.display_name for p in contact.people.all() if p.role == "child"]
        # No clock yet: the date the rule gives, as Contact.decision_due_on would (without a query each).
        due = deadline_for(REFERRAL_DECISION, contact.received_on)
        items.append(
            WorkItem(
                title=f"Decide on contact {contact.reference}",
                url=reverse("frontdoor:contact-detail", args=[contact.pk]),
                about=", ".join(children) or "Children not yet named",
                due_on=due,
                status=deadline_status(due, None, today),
            )
        )
    return items


def contact_get(*, user: Any, contact_id: int, purpose: str = "", audit: bool = True) -> Contact:
    """The contact, if the user may see it (else 404, whether or not it exists); the view is audited."""
    contact = (
        _with_people(_contacts(user))
        .select_related("decision", "decision__decided_by")
        .prefetch_related(Prefetch("episodes", Episode.objects.select_related("person")))
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise Http404("No such contact")
    if audit:
        people = [p.person_id for p in contact.people.all() if p.person_id]
        audit_record(
            actor=user,
            kind=AuditKind.VIEW,
            obj=contact,
            purpose=purpose,
            subject_person_id=people[0] if people else None,
            also_about=people[1:],
        )
    return contact


def contact_person_get(*, user: Any, contact: Contact, contact_person_id: int) -> ContactPerson:
    """One person on a contact the user may see (the contact itself was fetched through the scope)."""
    row = contact.people.filter(pk=contact_person_id).select_related("person").first()
    if row is None:
        raise Http404("No such person on this contact")
    return row


def _episodes(user: Any) -> QuerySet[Episode]:
    return episode_scope(user, Episode.objects.all()).select_related(
        "person", "contact", "contact__caller_agency", "allocated_worker", "closed_by", "opened_by"
    )


def episode_get(*, user: Any, episode_id: int, purpose: str = "", audit: bool = True) -> Episode:
    """The child-in-need episode, if the user may see the child (else 404); the view is audited."""
    episode = _episodes(user).filter(pk=episode_id).first()
    if episode is None:
        raise Http404("No such episode")
    if audit:
        audit_record(actor=user, kind=AuditKind.VIEW, obj=episode, purpose=purpose, subject_person_id=episode.person_id)
    return episode


def episode_for_person(*, user: Any, person: Any) -> Episode | None:
    """The child's open child-in-need episode, or None (also when the user may not see the child)."""
    return _episodes(user).open().filter(person=person).first()


def episodes_for_person(*, user: Any, person: Any) -> list[Episode]:
    """Every episode of the child, newest first."""
    return list(_episodes(user).filter(person=person))


def episodes_awaiting_strategy(*, user: Any) -> list[Episode]:
    """Open episodes whose decision calls for a strategy discussion not yet held, longest waiting first."""
    return list(
        _episodes(user)
        .open()
        .filter(strategy_status=StrategyStatus.NEEDED)
        .order_by("strategy_needed_on", "referral_date", "pk")
    )


def referrals_in_last_12_months(*, person: Any, on: dt.date) -> int:
    """Annex A List 3: referrals of the child in the 12 months up to `on`, this one included."""
    from jigsaw.timescales.calendar import add_calendar_months

    return Episode.objects.filter(
        person=person, referral_date__gt=add_calendar_months(on, -12), referral_date__lte=on
    ).count()


def recent_decisions(*, user: Any, limit: int = 20) -> list[ContactLine]:
    return contact_list(user=user, status=ContactStatus.DECIDED, limit=limit)


@dataclass
class TimelinessReport:
    """Contacts received in a period and how their one-working-day decision went.

    Every contact counts once: received = decided on time + decided late + awaiting
    (not yet due) + awaiting (overdue).
    """

    date_from: dt.date
    date_to: dt.date
    decided_on_time: int
    decided_late: int
    awaiting_in_time: int
    awaiting_overdue: int

    @property
    def received(self) -> int:
        return self.decided_on_time + self.decided_late + self.awaiting_in_time + self.awaiting_overdue

    @property
    def decided(self) -> int:
        return self.decided_on_time + self.decided_late

    def percent(self, count: int) -> str:
        return f"{round(100 * count / self.received)}%" if self.received else "–"

    @property
    def rows(self) -> list[tuple[str, int, str]]:
        return [
            ("Decided within one working day", self.decided_on_time, self.percent(self.decided_on_time)),
            ("Decided late", self.decided_late, self.percent(self.decided_late)),
            ("Awaiting decision, not yet due", self.awaiting_in_time, self.percent(self.awaiting_in_time)),
            ("Awaiting decision, overdue", self.awaiting_overdue, self.percent(self.awaiting_overdue)),
        ]


def decision_timeliness(*, user: Any, date_from: dt.date, date_to: dt.date) -> TimelinessReport:
    """How many contacts received from `date_from` to `date_to` (inclusive) were decided on time or late."""
    if date_to < date_from:
        raise ValueError("date_to must be on or after date_from")
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    qs = contact_scope(user, Contact.objects.all()).filter(received_at__gte=start, received_at__lt=end)
    today = timezone.localdate()
    decided = Decision.objects.filter(contact__in=qs)
    # The due date is the clocks' (contacts not yet linked to a child have none: the rule's).
    awaiting = list(with_clock_due_on(qs.filter(status=ContactStatus.AWAITING_DECISION)).prefetch_related("people"))
    overdue = sum(1 for c in awaiting if c.decision_due_on < today)
    return TimelinessReport(
        date_from=date_from,
        date_to=date_to,
        decided_on_time=decided.filter(on_time=True).count(),
        decided_late=decided.filter(on_time=False).count(),
        awaiting_in_time=len(awaiting) - overdue,
        awaiting_overdue=overdue,
    )


def agency_choices() -> list[tuple[str, str]]:
    """Agencies a caller may belong to (reference data, not personal data)."""
    from jigsaw.access.models import Agency

    return [(str(a.pk), a.name) for a in Agency.objects.order_by("name")]


def agency_get(agency_id: Any) -> Any:
    from jigsaw.access.models import Agency

    if not agency_id:
        return None
    return Agency.objects.filter(pk=agency_id).first()


def _workers() -> QuerySet:
    from django.contrib.auth import get_user_model

    from jigsaw.access.choices import AgencyKind

    from .permissions import DECISION_ROLES

    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=DECISION_ROLES, agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
        .select_related("team")
        .order_by("full_name", "username")
    )


def worker_choices() -> list[tuple[str, str]]:
    """Who a case may be allocated to: the council's social workers and team managers."""
    return [(str(u.pk), f"{u} ({u.team.name})" if u.team_id else str(u)) for u in _workers()]


def worker_get(worker_id: Any) -> Any:
    if not worker_id:
        return None
    return _workers().filter(pk=worker_id).first()


# Assigning contacts: who is free to take one -----------------------------------------------


@dataclass
class Caseload:
    """A worker the front door may give a contact to, with what they hold now."""

    worker: Any
    children_allocated: int
    open_contacts: int

    @property
    def label(self) -> str:
        team = f", {self.worker.team.name}" if self.worker.team_id else ""
        children = f"{self.children_allocated} {'child' if self.children_allocated == 1 else 'children'} allocated"
        contacts = f"{self.open_contacts} open {'contact' if self.open_contacts == 1 else 'contacts'}"
        return f"{self.worker}{team}: {children}, {contacts}"


def worker_caseloads() -> list[Caseload]:
    """Every worker who may decide on a contact, with their current caseload: the children
    allocated to them (distinct, any service) and the contacts assigned to them awaiting a decision.
    Counts only, no names: it is shown to whoever assigns."""
    from django.db.models import Count, Q

    from jigsaw.access.choices import InvolvementKind

    today = timezone.localdate()
    active = Q(involvements__kind=InvolvementKind.ALLOCATED) & (
        Q(involvements__ended_on__isnull=True) | Q(involvements__ended_on__gte=today)
    )
    workers = _workers().annotate(children=Count("involvements__person", filter=active, distinct=True))
    contacts = dict(
        Contact.objects.filter(status=ContactStatus.AWAITING_DECISION, assigned_to__isnull=False)
        .values_list("assigned_to")
        .annotate(n=Count("pk"))
        .values_list("assigned_to", "n")
    )
    return [Caseload(worker=w, children_allocated=w.children, open_contacts=contacts.get(w.pk, 0)) for w in workers]


def duty_worker_today() -> Any:
    duty = DutyWorker.objects.filter(on=timezone.localdate()).select_related("worker").first()
    return duty.worker if duty else None


def social_worker_choices() -> list[tuple[str, str]]:
    return [(str(u.pk), str(u)) for u in _workers() if u.role == "social_worker"]


# A partner's own referrals ---------------------------------------------------------------


def referral_list(*, user: Any) -> list[Contact]:
    """The referrals this partner made, newest first: only their own (not their agency's)."""
    return list(
        Contact.objects.filter(referrer=user)
        .select_related("decision")
        .prefetch_related("people")
        .order_by("-received_at", "-pk")
    )


def referral_get(*, user: Any, contact_id: int) -> Contact:
    """One of the partner's own referrals (404 for anyone else's, whether or not it exists).
    Not a view of the child's record: the partner sees what they sent and the outcome they were told."""
    contact = (
        Contact.objects.filter(referrer=user, pk=contact_id)
        .select_related("decision")
        .prefetch_related("people")
        .first()
    )
    if contact is None:
        raise Http404("No such referral")
    return contact


def levels_of_need_all() -> list[LevelOfNeed]:
    return list(LevelOfNeed.objects.all())


def level_of_need_get(level_id: int) -> LevelOfNeed:
    level = LevelOfNeed.objects.filter(pk=level_id).first()
    if level is None:
        raise Http404("No such level of need")
    return level
