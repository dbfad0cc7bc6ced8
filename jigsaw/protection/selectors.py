"""Reads of child protection records, always through the access policy, and audited when they
show a child's record.

A record about a child the user may not see does not exist for them (404). A complex
strategy meeting is shown through the children the user may see: their own parts, and the
alleged perpetrators and places linked to those children only; never another child's
name, concerns or decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.frontdoor.selectors import episode_for_person, episodes_for_person
from jigsaw.people.models import Person
from jigsaw.timescales.models import Clock
from jigsaw.timescales.rules import get_rule
from jigsaw.timescales.selectors import DeadlineLine, person_deadlines

from .choices import ConferenceKind, NotificationEvent, Section47Outcome
from .models import (
    Assessment,
    Conference,
    CoreGroupMeeting,
    CoreGroupMember,
    EnquiryLink,
    PlanNotification,
    ProtectionPlan,
    Section47,
    StrategyDiscussion,
    StrategyDiscussionChild,
    Visit,
)
from .permissions import LEAD_PRACTITIONER_ROLES


def _visible_ids(user: Any) -> QuerySet:
    return Person.objects.visible_to(user).values("pk")


def _person_or_404(user: Any, person_id: int) -> Person:
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    return person


# Complex strategy meetings: each user sees their own children's parts only.


@dataclass
class StrategyView:
    """A strategy discussion as one user may see it."""

    strategy: StrategyDiscussion
    children: list[StrategyDiscussionChild]  # only the children the user may see
    links: list[EnquiryLink]  # only links concerning those children
    sees_every_child: bool

    @property
    def awaiting_record(self) -> bool:
        return self.strategy.held_on is None


def _strategy_view(user: Any, strategy: StrategyDiscussion) -> StrategyView:
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in=strategy.children.values("person_id"))
        .values_list("pk", flat=True)
    )
    children = [c for c in strategy.children.select_related("person", "episode") if c.person_id in visible]
    child_ids = {c.pk for c in children}
    links = [
        link
        for link in strategy.links.prefetch_related("children")
        if any(c.pk in child_ids for c in link.children.all())
    ]
    return StrategyView(
        strategy=strategy,
        children=children,
        links=links,
        sees_every_child=len(children) == strategy.children.count(),
    )


def strategy_discussion_get(*, user: Any, strategy_id: int, purpose: str = "", audit: bool = True) -> StrategyView:
    """The strategy discussion, through the children the user may see (404 if none)."""
    strategy = StrategyDiscussion.objects.visible_to(user).filter(pk=strategy_id).select_related("meeting").first()
    if strategy is None:
        raise Http404("No such strategy discussion")
    view = _strategy_view(user, strategy)
    if audit:
        ids = [c.person_id for c in view.children]
        audit_record(
            actor=user,
            kind=AuditKind.VIEW,
            obj=strategy,
            purpose=purpose or "strategy discussion",
            subject_person_id=ids[0] if ids else None,
            also_about=ids,
        )
    return view


def strategy_discussions_awaiting_record(*, user: Any) -> list[StrategyView]:
    """Convened strategy discussions not yet recorded as held, soonest first."""
    qs = (
        StrategyDiscussion.objects.visible_to(user)
        .awaiting_record()
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    return [_strategy_view(user, s) for s in qs]


# One child's record.


@dataclass
class Stage:
    """One row of the GOV.UK task list on the child protection record."""

    name: str
    status: str  # done | in_progress | not_started | cannot_start | not_needed | overdue
    hint: str = ""
    href: str = ""

    @property
    def tag(self) -> dict[str, str] | None:
        """The GOV.UK task list status: a tag, or plain text for done and "cannot start yet"."""
        return {
            "in_progress": {"text": "In progress", "classes": "govuk-tag--light-blue"},
            "not_started": {"text": "Not yet started", "classes": "govuk-tag--blue"},
            "overdue": {"text": "Overdue", "classes": "govuk-tag--red"},
        }.get(self.status)

    @property
    def text(self) -> str:
        return {"done": "Completed", "cannot_start": "Cannot start yet", "not_needed": "Not needed"}.get(
            self.status, ""
        )


@dataclass
class PlanView:
    plan: ProtectionPlan
    category_changes: list
    notifications: list
    core_group: list
    core_group_meetings: list[CoreGroupMeeting]
    visits: list[Visit]
    review_conferences: list[Conference]

    @property
    def last_visit(self) -> Visit | None:
        return self.visits[0] if self.visits else None


@dataclass
class ChildProtectionRecord:
    person: Person
    episode: Any  # the open episode, or None
    episodes: list
    strategy_children: list[StrategyDiscussionChild]  # this child's parts only
    links: dict[int, list[EnquiryLink]]  # by StrategyDiscussionChild id
    section_47s: list[Section47]
    assessments: list[Assessment]
    conferences: list[Conference]
    plans: list[PlanView]
    deadlines: list[DeadlineLine]
    stages: list[Stage] = field(default_factory=list)

    @property
    def open_plan(self) -> PlanView | None:
        return next((p for p in self.plans if p.plan.ended_on is None), None)

    @property
    def section_47_awaiting_outcome(self) -> Section47 | None:
        return next((s for s in self.section_47s if s.completed_on is None), None)

    @property
    def open_assessment(self) -> Assessment | None:
        return next((a for a in self.assessments if a.authorised_on is None), None)

    @property
    def conference_awaiting_record(self) -> Conference | None:
        return next((c for c in self.conferences if c.held_on is None), None)

    @property
    def section_47_for_icpc(self) -> Section47 | None:
        initial = {c.section_47_id for c in self.conferences if c.kind == ConferenceKind.INITIAL}
        return next((s for s in self.section_47s if s.outcome == Section47Outcome.ICPC and s.pk not in initial), None)


def _plan_views(plans: QuerySet[ProtectionPlan]) -> list[PlanView]:
    views = []
    for plan in plans.select_related(
        "person", "lead_practitioner", "started_by_conference", "ending_conference", "ended_by"
    ).prefetch_related(
        "category_changes__changed_by",
        "notifications",
        "core_group__user",
        Prefetch("core_group_meetings", CoreGroupMeeting.objects.select_related("meeting").order_by("-pk")),
        Prefetch("visits", Visit.objects.select_related("by").order_by("-visited_on", "-pk")),
        Prefetch("review_conferences", Conference.objects.order_by("-convened_for")),
    ):
        views.append(
            PlanView(
                plan=plan,
                category_changes=list(plan.category_changes.all()),
                notifications=sorted(
                    plan.notifications.all(), key=lambda n: (n.event != NotificationEvent.STARTED, n.agency_name)
                ),
                core_group=list(plan.core_group.all()),
                core_group_meetings=list(plan.core_group_meetings.all()),
                visits=list(plan.visits.all()),
                review_conferences=list(plan.review_conferences.all()),
            )
        )
    return views


def plan_view(*, user: Any, plan_id: int) -> PlanView:
    """One plan as its page shows it (404 if the user may not see the child). Audited."""
    plan = plan_get(user=user, plan_id=plan_id)
    audit_record(
        actor=user, kind=AuditKind.VIEW, obj=plan, purpose="child protection plan", subject_person_id=plan.person_id
    )
    return _plan_views(ProtectionPlan.objects.filter(pk=plan.pk))[0]


def protection_record(*, user: Any, person_id: int, today: dt.date | None = None) -> ChildProtectionRecord:
    """Everything child protection holds about one child, as the user may see it (404 if they
    may not see the child). The view is audited."""
    person = _person_or_404(user, person_id)
    audit_record(
        actor=user, kind=AuditKind.VIEW, obj=person, purpose="child protection record", subject_person_id=person.pk
    )
    strategy_children = list(
        StrategyDiscussionChild.objects.filter(person=person)
        .select_related("strategy", "strategy__meeting", "episode")
        .order_by("-strategy__created_at")
    )
    # Links are shown on this child's row only; the other children a link concerns are not.
    links: dict[int, list[EnquiryLink]] = {row.pk: [] for row in strategy_children}
    for link in EnquiryLink.objects.filter(children__in=strategy_children).distinct().prefetch_related("children"):
        for row in link.children.all():
            if row.pk in links:
                links[row.pk].append(link)
    plans = _plan_views(ProtectionPlan.objects.filter(person=person))
    record = ChildProtectionRecord(
        person=person,
        episode=episode_for_person(user=user, person=person),
        episodes=episodes_for_person(user=user, person=person),
        strategy_children=strategy_children,
        links=links,
        section_47s=list(Section47.objects.filter(person=person).select_related("strategy_discussion", "completed_by")),
        assessments=list(
            Assessment.objects.filter(person=person)
            .select_related("started_by", "authorised_by")
            .prefetch_related("factors")
        ),
        conferences=list(
            Conference.objects.filter(person=person).select_related("meeting", "lead_practitioner", "plan")
        ),
        plans=plans,
        deadlines=person_deadlines(user=user, person=person, today=today),
    )
    record.stages = protection_stages(record, today=today)
    return record


def _overdue(record: ChildProtectionRecord, rule_keys: tuple[str, ...]) -> bool:
    return any(line.rule_key in rule_keys and line.status == "overdue" for line in record.deadlines)


def protection_stages(record: ChildProtectionRecord, today: dt.date | None = None) -> list[Stage]:
    """Strategy, section 47, initial conference, plan, core group, review: where this child is.

    Worked out for the latest episode's journey, so a closed episode's history does not
    make the current one look done.
    """
    episode = record.episode
    strategy_rows = [r for r in record.strategy_children if episode is None or r.episode_id == episode.pk]
    s47s = [s for s in record.section_47s if episode is None or s.episode_id == episode.pk]
    conferences = [c for c in record.conferences if episode is None or c.episode_id == episode.pk]
    plan_view = record.open_plan or next(
        (p for p in record.plans if episode is None or p.plan.episode_id == episode.pk), None
    )
    plan = plan_view.plan if plan_view else None

    def status(done: bool, begun: bool, possible: bool, overdue_keys: tuple[str, ...] = ()) -> str:
        if done:
            return "done"
        if possible and overdue_keys and _overdue(record, overdue_keys):
            return "overdue"
        if begun:
            return "in_progress"
        return "not_started" if possible else "cannot_start"

    held = [r for r in strategy_rows if r.strategy.held_on]
    s47_decided = any(r.section_47 for r in held)
    no_s47 = bool(held) and not s47_decided
    strategy = Stage(
        "Strategy discussion",
        status(bool(held), bool(strategy_rows), episode is not None, ("strategy_discussion",)),
        hint=(f"Held {_d(held[0].strategy.held_on)}" if held else ("Convened" if strategy_rows else "")),
    )
    s47_done = any(s.completed_on for s in s47s)
    s47 = Stage(
        "Section 47 enquiry",
        "not_needed" if no_s47 else status(s47_done, bool(s47s), s47_decided),
        hint=next((f"Outcome: {s.get_outcome_display().lower()}" for s in s47s if s.completed_on), ""),
    )
    icpc_needed = any(s.outcome == Section47Outcome.ICPC for s in s47s)
    initial = [c for c in conferences if c.kind in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN)]
    initial_held = [c for c in initial if c.held_on]
    transfer_in = any(c.kind == ConferenceKind.TRANSFER_IN for c in initial)
    icpc = Stage(
        "Transfer-in conference" if transfer_in else "Initial child protection conference",
        "not_needed"
        if (no_s47 or (s47_done and not icpc_needed)) and not initial
        else status(bool(initial_held), bool(initial), icpc_needed or transfer_in, ("icpc", "transfer_in_conference")),
        hint=f"Held {_d(initial_held[0].held_on)}: {initial_held[0].get_decision_display().lower()}"
        if initial_held
        else ("Convened for " + _d(initial[0].convened_for) if initial else ""),
    )
    plan_decided = any(c.starts_plan for c in initial_held)
    no_plan = bool(initial_held) and not plan_decided
    plan_stage = Stage(
        "Child protection plan",
        "not_needed" if no_plan else status(plan is not None, False, plan_decided),
        hint=(f"From {_d(plan.started_on)}" + (f" to {_d(plan.ended_on)}" if plan.ended_on else "") if plan else ""),
    )
    held_core = [m for m in (plan_view.core_group_meetings if plan_view else []) if m.held_on]
    # Core groups, like reviews, recur while the plan lasts: done only when it has ended.
    core = Stage(
        "Core group",
        "not_needed"
        if no_plan
        else status(
            bool(plan and plan.ended_on),
            bool(plan_view and plan_view.core_group_meetings),
            plan is not None,
            ("first_core_group", "core_group"),
        ),
        hint=f"Last met {_d(max(m.held_on for m in held_core))}" if held_core else "",
    )
    reviews = [c for c in (plan_view.review_conferences if plan_view else [])]
    reviews_held = [c for c in reviews if c.held_on]
    # Reviews recur while the plan lasts: done only when the plan has ended.
    review = Stage(
        "Review conference",
        "not_needed"
        if no_plan
        else status(
            bool(plan and plan.ended_on),
            bool(reviews),
            plan is not None,
            ("first_review_conference", "review_conference"),
        ),
        hint=f"Last held {_d(max(c.held_on for c in reviews_held))}" if reviews_held else "",
    )
    return [strategy, s47, icpc, plan_stage, core, review]


def _d(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


# Lists for the child protection page.


def section47_get(*, user: Any, section_47_id: int) -> Section47:
    obj = (
        Section47.objects.visible_to(user)
        .select_related("person", "strategy_discussion")
        .filter(pk=section_47_id)
        .first()
    )
    if obj is None:
        raise Http404("No such enquiry")
    return obj


def assessment_get(*, user: Any, assessment_id: int) -> Assessment:
    obj = Assessment.objects.visible_to(user).select_related("person", "episode").filter(pk=assessment_id).first()
    if obj is None:
        raise Http404("No such assessment")
    return obj


def conference_get(*, user: Any, conference_id: int) -> Conference:
    obj = (
        Conference.objects.visible_to(user)
        .select_related("person", "episode", "meeting", "plan", "section_47__strategy_discussion")
        .filter(pk=conference_id)
        .first()
    )
    if obj is None:
        raise Http404("No such conference")
    return obj


def plan_get(*, user: Any, plan_id: int) -> ProtectionPlan:
    obj = (
        ProtectionPlan.objects.visible_to(user)
        .select_related("person", "episode", "lead_practitioner")
        .filter(pk=plan_id)
        .first()
    )
    if obj is None:
        raise Http404("No such plan")
    return obj


def core_group_member_get(*, user: Any, member_id: int) -> CoreGroupMember:
    """A core group member of a plan for a child the user may see (404 otherwise)."""
    member = (
        CoreGroupMember.objects.filter(pk=member_id, plan__person__in=_visible_ids(user))
        .select_related("plan__person", "user")
        .first()
    )
    if member is None:
        raise Http404("No such core group member")
    return member


def core_group_meeting_get(*, user: Any, core_group_meeting_id: int) -> CoreGroupMeeting:
    obj = (
        CoreGroupMeeting.objects.filter(plan__person__in=_visible_ids(user), pk=core_group_meeting_id)
        .select_related("plan__person", "meeting")
        .first()
    )
    if obj is None:
        raise Http404("No such core group meeting")
    return obj


def plans_open(*, user: Any) -> QuerySet[ProtectionPlan]:
    """Open child protection plans of the children the user may see, longest running first."""
    return (
        ProtectionPlan.objects.visible_to(user)
        .filter(ended_on__isnull=True)
        .select_related("person", "lead_practitioner")
        .order_by("started_on", "pk")
    )


CONFERENCE_RULES = {
    "icpc": ConferenceKind.INITIAL,
    "transfer_in_conference": ConferenceKind.TRANSFER_IN,
    "first_review_conference": ConferenceKind.REVIEW,
    "review_conference": ConferenceKind.REVIEW,
}


@dataclass
class ConferenceDue:
    person: Person
    kind: str
    due_on: dt.date
    conference: Conference | None  # convened, not yet recorded; None: still to convene

    @property
    def kind_label(self) -> str:
        return str(ConferenceKind(self.kind).label)

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def conferences_due(*, user: Any) -> list[ConferenceDue]:
    """Conferences the children the user may see are due (a running conference clock), soonest
    first, with the conference if it is already convened."""
    clocks = (
        Clock.objects.open()
        .filter(rule_key__in=list(CONFERENCE_RULES), person__in=_visible_ids(user))
        .select_related("person")
        .order_by("due_on", "pk")
    )
    convened = {
        (c.person_id, c.kind): c
        for c in Conference.objects.visible_to(user).filter(held_on__isnull=True).select_related("meeting")
    }
    out = []
    for clock in clocks:
        kind = CONFERENCE_RULES[clock.rule_key]
        out.append(
            ConferenceDue(
                person=clock.person,
                kind=kind,
                due_on=clock.due_on,
                conference=convened.pop((clock.person_id, kind), None),
            )
        )
    # Convened conferences without a running clock (a review convened early, say) are due on their date.
    for conference in convened.values():
        out.append(
            ConferenceDue(
                person=conference.person, kind=conference.kind, due_on=conference.convened_for, conference=conference
            )
        )
    return sorted(out, key=lambda d: (d.due_on, d.person.pk))


def lead_practitioner_choices() -> list[Any]:
    """Who may lead a child protection plan: active social workers."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, role__in=LEAD_PRACTITIONER_ROLES)
        .order_by("full_name", "username")
    )


def rule_title(rule_key: str) -> str:
    return get_rule(rule_key).title


def agencies_by_name() -> dict[str, Any]:
    """Every agency, by its name in lower case (reference data: what the invitation lists may name)."""
    from jigsaw.access.models import Agency

    return {a.name.lower(): a for a in Agency.objects.all()}


def cp_chairs() -> list[Any]:
    """Who may chair a conference: active child protection chairs."""
    from jigsaw.access.choices import Role

    return list(get_user_model().objects.filter(is_active=True, role=Role.CP_CHAIR_IRO).order_by("full_name"))


def child_by_council_id(*, user: Any, council_id: str) -> Person | None:
    """A child the user may see, by council id (for the complex strategy form)."""
    return Person.objects.visible_to(user).active().filter(council_id=council_id.strip().upper()).first()


# What an episode of need has had, for the census closure rules (frontdoor episode_close).


@dataclass(frozen=True)
class EpisodeActivity:
    """The child protection activity recorded on one child-in-need episode.

    The CIN census closure codes RC8 and RC9 ("closed after assessment") need an assessment
    on the episode and no section 47 enquiry, child in need plan, initial conference or child
    protection plan (validator rules 8825Q, 8585Q and 2990; statutory-reference 1A).
    """

    assessments: int = 0
    assessments_open: int = 0  # started, not yet authorised
    section_47s: int = 0
    cin_plans: int = 0  # section 47 enquiries that ended in a child in need plan
    initial_conferences: int = 0
    protection_plans: int = 0

    @property
    def protection_activity(self) -> list[str]:
        """What the episode has had that RC8 and RC9 do not allow, in words (empty: none)."""
        found = []
        if self.section_47s:
            found.append("a section 47 enquiry")
        if self.cin_plans:
            found.append("a child in need plan")
        if self.initial_conferences:
            found.append("an initial child protection conference")
        if self.protection_plans:
            found.append("a child protection plan")
        return found


def episode_activity(*, user: Any, episode_id: int) -> EpisodeActivity:
    """Counts of the episode's assessments and protection records the user may see (not audited:
    a check made while closing the episode, which shows none of them)."""
    visible = _visible_ids(user)
    section_47s = Section47.objects.filter(episode_id=episode_id, person__in=visible)
    assessments = Assessment.objects.filter(episode_id=episode_id, person__in=visible)
    return EpisodeActivity(
        assessments=assessments.count(),
        assessments_open=assessments.filter(authorised_on__isnull=True).count(),
        section_47s=section_47s.count(),
        cin_plans=section_47s.filter(outcome=Section47Outcome.CIN_PLAN).count(),
        initial_conferences=Conference.objects.filter(
            episode_id=episode_id, person__in=visible, kind=ConferenceKind.INITIAL
        ).count(),
        protection_plans=ProtectionPlan.objects.filter(episode_id=episode_id, person__in=visible).count(),
    )


def strategy_convene_allowed(*, user: Any, person: Any) -> bool:
    """Whether this user may convene a strategy discussion for this child: other areas (a
    repeat-missing prompt, say) offer the link only to those it would let in."""
    from .permissions import ProtectionAction, protection_can

    return protection_can(user, ProtectionAction.CONVENE_STRATEGY, person)


def involved_professionals(*, user: Any, person: Person) -> list[tuple[Any, str]]:
    """The professionals involved with the child now, each with words saying who they are (for
    the convener to choose whom to invite). Empty if the user may not see the child."""
    from jigsaw.access.models import Involvement

    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return []
    today = timezone.localdate()
    rows = (
        Involvement.objects.filter(person=person, user__is_active=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("user__agency")
        .order_by("user__agency__name", "user__full_name", "pk")
    )
    out: dict[int, tuple[Any, str]] = {}
    for involvement in rows:
        who = involvement.user
        if who.pk in out:
            continue
        words = ", ".join(
            p for p in (who.full_name or who.username, who.job_title, who.agency.name if who.agency_id else "") if p
        )
        out[who.pk] = (who, words)
    return list(out.values())


def plan_notifications_awaiting(*, plan: ProtectionPlan, event: str) -> list[PlanNotification]:
    """The agencies listed to be told of this event, waiting for the chair to confirm."""
    return list(plan.notifications.filter(event=event).awaiting_confirmation().order_by("agency_name", "pk"))


# Who arranges conferences. A social worker holds the conference's deadline but may not convene
# one: the conference service does (its child protection chairs and business support officers).
# The service is the team(s) JIGSAW_DEADLINE_TEAMS names for "reviewing" ("Safeguarding and
# reviewing"); a council without such a team has its child protection chairs arrange them.

CONVENER_ROLES = ("cp_chair_iro", "business_support")
REVIEWS_SHOWN_WITHIN = dt.timedelta(days=28)  # a review to arrange shows four weeks before it is due


def conference_conveners() -> QuerySet:
    """The people who arrange conferences (active; never a restricted team's member)."""
    from jigsaw.access.choices import Role
    from jigsaw.timescales.ownership import deadline_team_names

    users = get_user_model().objects.filter(is_active=True).filter(Q(team__isnull=True) | Q(team__restricted_area=""))
    service = users.filter(role__in=CONVENER_ROLES, team__name__in=deadline_team_names("reviewing"))
    if service.exists():
        return service.order_by("pk")
    return users.filter(role=Role.CP_CHAIR_IRO).order_by("pk")


def is_conference_convener(user: Any) -> bool:
    return getattr(user, "role", "") in CONVENER_ROLES and conference_conveners().filter(pk=user.pk).exists()


def conference_convene_url(person_id: int, kind: str) -> str:
    from django.urls import reverse

    return reverse("protection:conference-convene", args=[person_id]) + f"?kind={kind}"


def conferences_to_arrange(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    """For a conference convener's "My work" (core's work sources): the initial conferences a
    section 47 enquiry asked for and nobody has convened yet, and the review conferences due
    within four weeks not yet convened, each linking to the convene screen; as far as `viewer`
    may see the children."""
    from jigsaw.core.selectors import WorkItem
    from jigsaw.timescales.rules import deadline_status

    if not is_conference_convener(whose):
        return []
    visible = _visible_ids(viewer)
    items = []
    from django.contrib.contenttypes.models import ContentType

    initial = (
        Clock.objects.open()
        .filter(rule_key="icpc", person__in=visible, content_type=ContentType.objects.get_for_model(Section47))
        .filter(
            object_id__in=Section47.objects.filter(outcome=Section47Outcome.ICPC)
            .exclude(conferences__kind=ConferenceKind.INITIAL)
            .values("pk")
        )
        .select_related("person")
    )
    reviews = (
        Clock.objects.open()
        .filter(
            rule_key__in=("first_review_conference", "review_conference"),
            person__in=visible,
            content_type=ContentType.objects.get_for_model(ProtectionPlan),
            due_on__lte=today + REVIEWS_SHOWN_WITHIN,
        )
        .exclude(
            object_id__in=Conference.objects.filter(kind=ConferenceKind.REVIEW, held_on__isnull=True).values("plan_id")
        )
        .select_related("person")
    )
    for clock in [*initial, *reviews]:
        kind = CONFERENCE_RULES[clock.rule_key]
        label = get_rule(clock.rule_key).title
        items.append(
            WorkItem(
                title=label,
                hidden_suffix=f"for {clock.person.display_name}",
                url=conference_convene_url(clock.person_id, kind),
                about=clock.person.display_name,
                due_on=clock.due_on,
                status=deadline_status(clock.due_on, None, today),
                group="Conferences to arrange",
            )
        )
    return items


def agencies_for_emails() -> list[Any]:
    """Every agency, by name, for the safeguarding addresses screen (reference data, not personal)."""
    from jigsaw.access.models import Agency

    return list(Agency.objects.order_by("name"))


def agency_for_email(*, agency_id: int) -> Any:
    from jigsaw.access.models import Agency

    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise Http404("No such agency")
    return agency
