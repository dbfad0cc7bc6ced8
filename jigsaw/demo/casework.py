"""Casework for the demo council: children at every stage of the front door and child
protection, some of them late, made through the real services (so every clock, chronology
entry, meeting and audit row is what the screens would have made).

Deterministic for a seed. Dates are worked back from `as_of`, so "late" is late today.
"""

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.models import User
from jigsaw.people.models import Person
from jigsaw.timescales.calendar import add_working_days, is_working_day

from .generator import COUNCIL_NAME
from .models import DemoCouncil
from .seed import BULK, SeedResult, analyse, council_seed, demo_day

# The stages children are taken to (the rest of the council has no open case here).
STAGES = (
    "contact_awaiting",  # a contact waiting for its decision
    "contact_overdue",  # ... and one whose one working day has passed
    "no_further_action",
    "assessment",  # referred; assessment under way
    "child_in_need",  # assessment authorised in time: a child in need, the episode open
    "assessment_late",  # referred over 45 working days ago, not yet authorised
    "strategy_awaiting",  # decided: strategy discussion, not yet held
    "section_47",  # strategy held, section 47 under way, ICPC convened
    "icpc_overdue",  # section 47 started over 15 working days ago, no conference held
    "on_plan",  # initial conference held, plan started, core group and visits
    "review_held",  # first review conference held, plan continues
)


# How many children of a council reach each stage, per 1,000 children: a council has about 3 %
# of its children in need (the open episodes below, from "assessment" on), 0.5 % on a child
# protection plan ("on_plan" and "review_held") and 0.7 % in care (CARE_PER_1000, the care demo).
PER_1000 = {
    "contact_awaiting": 1.5,
    "contact_overdue": 0.5,
    "no_further_action": 2.0,
    "assessment": 10.0,
    "child_in_need": 8.0,
    "assessment_late": 4.0,
    "strategy_awaiting": 1.0,
    "section_47": 1.5,
    "icpc_overdue": 0.5,
    "on_plan": 3.0,
    "review_held": 2.0,
}
# Each other service area: how many cases per stage, per 1,000 children.
AREA_PER_1000 = {
    "jigsaw.care.demo": 1.75,  # four stages in care: 0.7 %
    "jigsaw.missing.demo": 1.0,
    "jigsaw.exploitation.demo": 1.0,
    "jigsaw.allegations.demo": 0.75,
    "jigsaw.channel.demo": 0.5,
    "jigsaw.fgc.demo": 1.0,
    "jigsaw.youthjustice.demo": 1.0,
    # Information governance: a disposal batch and two subject access requests, whatever the size.
    "jigsaw.retention.demo": 0.001,
    "jigsaw.subjectaccess.demo": 0.001,
    "jigsaw.reviews.demo": 0.25,  # serious incidents are rare: one a stage in a small council
    "jigsaw.governance.demo": 0.5,  # sharing decisions of each kind; two rights requests and a breach
    "jigsaw.partnership.demo": 1.0,  # the partnership's courses, newsletters: places scale a little
}
# A council of a million children would otherwise take hours: the demo needs enough to show, not all.
MOST_PER_STAGE = 60


def how_many(children: int, per_1000: float) -> int:
    """At least one of everything, however small the council; in proportion, up to a ceiling."""
    return max(1, min(MOST_PER_STAGE, round(children * per_1000 / 1000)))


def casework_seed(
    *, seed: int, as_of: dt.date, children: int, progress: Callable[[str], None] | None = None
) -> dict[str, dict[str, int]]:
    """Every area's casework for a council of `children`: the front door and child protection
    first, then each other service area. Returns how many were made, by area and stage."""
    counts = {stage: how_many(children, rate) for stage, rate in PER_1000.items()}
    made = {"Front door and child protection": seed_casework(seed=seed, as_of=as_of, counts=counts)}
    if progress:
        progress(f"Front door and child protection: {sum(made['Front door and child protection'].values())} children")
    for name, module in SERVICE_AREA_DEMOS:
        per_stage = how_many(children, AREA_PER_1000[module])
        made[name] = import_module(module).seed_demo_cases(seed=seed, as_of=as_of, per_stage=per_stage)
        if progress:
            progress(f"{name}: {sum(made[name].values())} cases")
    return made


# How many working days ago each stage's contact came in, so that it sits where its clocks say.
CONTACT_WORKING_DAYS_AGO = {
    "contact_awaiting": 0,
    "contact_overdue": 3,
    "no_further_action": 5,
    "assessment": 12,
    "child_in_need": 70,
    "assessment_late": 60,
    "strategy_awaiting": 1,
    "section_47": 8,
    "icpc_overdue": 25,
    "on_plan": 45,
    "review_held": 90,
}


@dataclass
class Staff:
    business_support: User
    social_worker: User
    manager: User
    chair: User
    workers: list[User] | None = None

    def next_worker(self) -> User:
        """The social workers in turn, so that every team has children allocated."""
        if not self.workers:
            return self.social_worker
        self.workers.append(worker := self.workers.pop(0))
        return worker


def _staff() -> Staff:
    def one(role: str) -> User:
        return User.objects.filter(username=role).first() or User.objects.filter(role=role).order_by("pk").first()

    return Staff(
        business_support=one(Role.BUSINESS_SUPPORT),
        social_worker=one(Role.SOCIAL_WORKER),
        manager=one(Role.TEAM_MANAGER),
        chair=one(Role.CP_CHAIR_IRO),
        workers=list(User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True).order_by("pk")),
    )


def _partners(*kinds: str) -> list:
    """A practitioner from each partner agency, to invite (police and health to a strategy discussion)."""
    from jigsaw.access.models import Agency
    from jigsaw.meetings.services import Invitee

    out = []
    for kind in kinds:
        user = User.objects.filter(agency__kind=kind, is_active=True).order_by("pk").first()
        if user is not None:
            out.append(
                Invitee(
                    name=user.full_name or user.username,
                    email=user.email,
                    agency=user.agency,
                    role=user.agency.name,
                    user=user,
                )
            )
        else:
            agency = Agency.objects.filter(kind=kind).order_by("pk").first()
            out.append(
                Invitee(
                    name=f"Duty officer, {agency.name}", email=f"duty@{kind}.example", agency=agency, role=agency.name
                )
            )
    return out


def _working_days_back(day: dt.date, n: int) -> dt.date:
    return add_working_days(day, -n)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def demo_make(
    *,
    children: int,
    seed: int,
    as_of: dt.date,
    casework: bool = True,
    batch_people: int = BULK,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """The whole demo: the council, then every area's casework scaled to its size, all or nothing."""
    started, seeded_at = time.perf_counter(), timezone.now()  # the real time, before the clock moves
    with demo_day(as_of) as casework_day, transaction.atomic():
        result = council_seed(children=children, seed=seed, as_of=as_of, batch_people=batch_people, progress=progress)
        made: dict[str, dict[str, int]] = {}
        if casework:
            made = casework_seed(seed=seed, as_of=casework_day, children=children, progress=progress)
        seconds = time.perf_counter() - started
        DemoCouncil.objects.create(
            name=COUNCIL_NAME,
            seed=seed,
            children=result.children,
            people=result.people,
            as_of=as_of,
            seconds=round(seconds, 2),
            seeded_at=seeded_at,
            complete=True,
        )
    analyse()
    return SeedResult(
        children=result.children, people=result.people, users=result.users, seconds=seconds, casework=made
    )


# The other service areas' demo cases, each made by its own `demo.py` through its own services.
SERVICE_AREA_DEMOS = (
    ("Children in care", "jigsaw.care.demo"),
    ("Missing children", "jigsaw.missing.demo"),
    ("Exploitation", "jigsaw.exploitation.demo"),
    ("LADO", "jigsaw.allegations.demo"),
    ("Channel", "jigsaw.channel.demo"),
    ("Family group conferences", "jigsaw.fgc.demo"),
    # Information governance before youth justice, which stays last (test_any_day fails it on purpose).
    ("Retention and disposal", "jigsaw.retention.demo"),
    ("Subject access requests", "jigsaw.subjectaccess.demo"),
    ("Partnership reviews", "jigsaw.reviews.demo"),
    ("Information governance", "jigsaw.governance.demo"),
    # Before youth justice: demo/tests/test_any_day.py makes the last area's demo fail.
    ("Safeguarding children partnership", "jigsaw.partnership.demo"),
    ("Youth justice", "jigsaw.youthjustice.demo"),
)


def seed_service_areas(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, dict[str, int]]:
    """Each service area's demo cases, in turn; each picks children nobody else has taken."""
    made: dict[str, dict[str, int]] = {}
    for name, module in SERVICE_AREA_DEMOS:
        made[name] = import_module(module).seed_demo_cases(seed=seed, as_of=as_of, per_stage=per_stage)
    return made


def seed_casework(
    *, seed: int, as_of: dt.date, per_stage: int = 2, counts: dict[str, int] | None = None
) -> dict[str, int]:
    """Walk `counts[stage]` (else `per_stage`) children through each stage. Returns how many
    reached each stage."""
    rng = random.Random(seed * 7919)
    staff = _staff()
    today = as_of if is_working_day(as_of) else add_working_days(as_of, -1)
    counts = counts or dict.fromkeys(STAGES, per_stage)
    pool = list(
        Person.objects.filter(restricted_area="", merged_into__isnull=True, date_of_birth__isnull=False)
        .filter(date_of_birth__gt=as_of - dt.timedelta(days=365 * 16))
        .exclude(involvements__isnull=False)
        .order_by("pk")[: sum(counts.values()) * 3]
    )
    rng.shuffle(pool)
    _duty_rota(staff, as_of, today)
    made: dict[str, int] = {}
    for stage in STAGES:
        received = _working_days_back(today, CONTACT_WORKING_DAYS_AGO[stage])
        for _ in range(counts.get(stage, 0)):
            # Nobody can be the subject of a contact before they were born.
            child = next((c for c in reversed(pool) if c.date_of_birth <= received), None)
            if child is None:
                break
            pool.remove(child)
            with transaction.atomic():
                _walk(stage, child, staff, today, rng, nth=made.get(stage, 0))
            made[stage] = made.get(stage, 0) + 1
    return made


def _duty_rota(staff: Staff, as_of: dt.date, today: dt.date) -> None:
    """The front door's duty social worker, named by the manager for the demo's day and the
    working week after it, so that someone besides the managers may assign contacts."""
    from jigsaw.frontdoor.services import duty_worker_name

    if staff.manager is None or staff.social_worker is None or staff.social_worker.role != Role.SOCIAL_WORKER:
        return
    days = {as_of, today, *(add_working_days(today, n) for n in range(1, 6))}
    for day in sorted(days):
        duty_worker_name(actor=staff.manager, worker=staff.social_worker, on=day)


def _walk(stage: str, child: Person, staff: Staff, today: dt.date, rng: random.Random, nth: int = 0) -> None:
    """The `nth` child (from 0) of `stage`, from the contact on."""
    from jigsaw.frontdoor.services import PersonEntry, contact_record, decision_record

    received = _working_days_back(today, CONTACT_WORKING_DAYS_AGO[stage])
    contact = contact_record(
        actor=staff.business_support,
        data={
            "received_at": _at(received, 9),
            "channel": "phone",
            "caller_kind": "professional",
            "caller_name": "Demo caller",
            "relationship": "Class teacher",
            "how_they_know": "Teaches the child",
            "family_aware": "yes",
            "consent": "given",
            "worries": rng.choice(
                [
                    "Child arrived at school hungry three days running and says there is no food at home.",
                    "Child has a bruise to the cheek and says a grown-up at home hit them.",
                    "Neighbour reports shouting and a child crying late at night, several nights this week.",
                ]
            ),
            "level_of_need": "specialist" if stage not in ("no_further_action",) else "early_help",
        },
        people=[PersonEntry(role="child", person_id=child.pk, relationship="Subject")],
    )
    if stage in ("contact_awaiting", "contact_overdue"):
        # Some open contacts are given to a named worker (the decision's owner); the rest wait
        # in the queue for the manager or the duty social worker to assign (the first of them).
        if stage == "contact_overdue" or nth % 2:
            from jigsaw.frontdoor.services import contact_assign

            contact_assign(actor=staff.manager, contact=contact, worker=staff.next_worker())
        return
    outcome = {
        "no_further_action": "nfa",
        "assessment": "referral_assessment",
        "child_in_need": "referral_assessment",
        "assessment_late": "referral_assessment",
    }.get(stage, "strategy_discussion")
    decision_record(
        actor=staff.manager,
        contact=contact,
        outcome=outcome,
        reason="Demo decision after checks with school and health visitor",
        decided_at=_at(received, 15),
        referral_source="2A",
        primary_need="N1",
    )
    if outcome == "referral_assessment":
        _assessment(stage, child, staff, received, today, rng)
    if outcome != "strategy_discussion" or stage == "strategy_awaiting":
        return
    _protection(stage, child, staff, received, today)


def _assessment(stage: str, child: Person, staff: Staff, received: dt.date, today: dt.date, rng: random.Random) -> None:
    """Allocated to a social worker, who starts the child and family assessment; for a child in
    need it was authorised within its 45 working days."""
    from jigsaw.frontdoor.selectors import episode_for_person
    from jigsaw.frontdoor.services import episode_allocate
    from jigsaw.protection import services as cp

    episode = episode_for_person(user=staff.manager, person=child)
    worker = staff.next_worker()
    episode_allocate(actor=staff.manager, episode=episode, worker=worker)
    assessment = cp.assessment_start(
        actor=worker, episode=episode, started_on=min(add_working_days(episode.referral_date, 2), today)
    )
    if stage == "child_in_need":
        cp.assessment_authorise(
            actor=staff.manager,
            assessment=assessment,
            authorised_on=min(add_working_days(episode.referral_date, rng.randint(25, 44)), today),
            factors=rng.choice((["3B", "4B"], ["2B"], ["1B", "3B"], ["4B"])),
            child_seen=True,
            summary="Needs met with a child in need plan: parenting support and help with housing.",
        )


def _protection(stage: str, child: Person, staff: Staff, received: dt.date, today: dt.date) -> None:
    from jigsaw.frontdoor.selectors import episode_for_person
    from jigsaw.frontdoor.services import episode_allocate
    from jigsaw.protection import services as cp
    from jigsaw.protection.models import Section47

    episode = episode_for_person(user=staff.manager, person=child)
    # A child in a section 47 enquiry has an allocated worker, who makes the enquiry and, if a
    # plan follows, is its lead practitioner.
    worker = staff.next_worker()
    episode_allocate(actor=staff.manager, episode=episode, worker=worker)
    held = add_working_days(received, 1)
    strategy = cp.strategy_discussion_convene(
        actor=staff.manager,
        children=[cp.ChildConcerns(episode=episode, concerns="Disclosure of physical harm by a parent")],
        starts_at=_at(held, 11),
        chair=staff.manager,
        invitees=_partners("police", "health"),
    )
    children = list(strategy.children.all())
    cp.strategy_discussion_record(
        actor=staff.manager,
        strategy=strategy,
        held_on=held,
        attendance={i.pk: "attended" for i in strategy.meeting.invitations.all()},
        decisions={
            c.pk: cp.ChildDecision(section_47=True, reason="Reasonable cause to suspect significant harm")
            for c in children
        },
    )
    if stage == "icpc_overdue":
        return
    s47 = Section47.objects.get(person=child, completed_on__isnull=True)
    done = min(add_working_days(held, 5), today)
    cp.section47_complete(actor=worker, section_47=s47, completed_on=done, outcome="icpc")
    icpc_day = add_working_days(held, 12)
    if stage == "section_47" or icpc_day > today:
        cp.conference_convene(
            actor=staff.chair,
            episode=episode,
            kind="initial",
            starts_at=_at(max(icpc_day, add_working_days(today, 3)), 10),
            chair=staff.chair,
        )
        return
    conference = cp.conference_convene(
        actor=staff.chair,
        episode=episode,
        kind="initial",
        starts_at=_at(icpc_day, 10),
        chair=staff.chair,
        invitees=_partners("police", "health", "education"),
    )
    cp.conference_record(
        actor=staff.chair,
        conference=conference,
        held_on=icpc_day,
        decision="plan",
        attendance={i.pk: "attended" for i in conference.meeting.invitations.all()},
        category="PHY",
        lead_practitioner=worker,
        core_group=[cp.CoreGroupEntry(name=worker.full_name, role="Lead practitioner", user=worker)],
    )
    plan = conference.plan if hasattr(conference, "plan") else None
    from jigsaw.protection.models import ProtectionPlan

    plan = plan or ProtectionPlan.objects.get(person=child, ended_on__isnull=True)
    visit_day = add_working_days(icpc_day, 5)
    if visit_day <= today:
        cp.visit_record(
            actor=worker,
            plan=plan,
            visited_on=visit_day,
            seen_alone=True,
            notes="Seen alone in their bedroom",
        )
    if stage == "review_held":
        review_day = add_working_days(icpc_day, 60)
        if review_day <= today:
            review = cp.conference_convene(
                actor=staff.chair,
                episode=episode,
                kind="review",
                starts_at=_at(review_day, 10),
                chair=staff.chair,
                invitees=_partners("police", "health", "education"),
            )
            cp.conference_record(
                actor=staff.chair,
                conference=review,
                held_on=review_day,
                decision="continue",
                lead_practitioner=worker,
                attendance={i.pk: "attended" for i in review.meeting.invitations.all()},
                category="PHY",
            )
