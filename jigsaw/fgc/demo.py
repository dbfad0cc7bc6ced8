"""Family group conferences in the demo council: cases made through this app's real services.

The generator gave some children an FGC coordinator (an involvement "Family group
conference"); those families are taken through the stages here, dated back from `as_of`
so that one review is overdue today. Deterministic for a seed.
"""

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, Role
from jigsaw.access.models import Involvement, User
from jigsaw.people.models import Person, Relationship
from jigsaw.timescales.calendar import add_working_days, is_working_day

from . import services
from .choices import ConferenceKind, Invitation, PlanDecision, ReviewOutcome
from .models import ReferralChild

SERVICE = services.SERVICE
# Each stage: how many working days ago the referral came in.
STAGES = {
    "awaiting_allocation": 2,
    "preparation": 12,
    "conference_convened": 25,
    "plan_agreed": 50,
    "review_overdue": 110,  # plan agreed about 15 weeks ago: its 12-week review is late
    "closed_after_review": 170,
}
REASONS = (
    "Mother's health is failing; the family want to plan who looks after the children.",
    "Neglect concerns: the wider family could give practical help with school runs and meals.",
    "Father is due out of prison; the family want to agree how contact will be safe.",
    "The children may need to live with relatives; the family should make that plan first.",
)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _families() -> list[tuple[User, list[Person]]]:
    """Children the generator gave an FGC coordinator, grouped into families (same coordinator,
    same day, same family name); none already referred."""
    taken = set(ReferralChild.objects.values_list("person_id", flat=True))
    rows = (
        Involvement.objects.filter(service=SERVICE, ended_on__isnull=True, user__role=Role.FGC_COORDINATOR)
        .filter(person__restricted_area="", person__merged_into__isnull=True)
        .select_related("user", "person")
        .order_by("pk")
    )
    groups: dict[tuple, list[Person]] = defaultdict(list)
    coordinators: dict[tuple, User] = {}
    for row in rows:
        if row.person_id in taken:
            continue
        key = (row.user_id, row.started_on, row.person.family_name)
        groups[key].append(row.person)
        coordinators[key] = row.user
    return [(coordinators[k], people) for k, people in groups.items()]


def _referrer(child: Person) -> User | None:
    allocated = (
        Involvement.objects.filter(person=child, kind=InvolvementKind.ALLOCATED, user__role=Role.SOCIAL_WORKER)
        .exclude(ended_on__isnull=False)
        .select_related("user")
        .first()
    )
    if allocated is not None:
        return allocated.user
    return (
        User.objects.filter(username=Role.SOCIAL_WORKER).first()
        or User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True).order_by("pk").first()
    )


def _more_families(as_of: dt.date, *, need: int) -> list[tuple[User, list[Person]]]:
    """In a small council the generator allocates few children to a coordinator: take children
    open to nobody (no involvement, no running deadline), one family each, for the demo's
    own coordinator."""
    coordinator = User.objects.filter(username=Role.FGC_COORDINATOR).first()
    if need <= 0 or coordinator is None:
        return []
    from jigsaw.timescales.models import Clock

    running = Clock.objects.filter(stopped_on__isnull=True, met_on__isnull=True).values("person_id")
    children = (
        Person.objects.filter(restricted_area="", merged_into__isnull=True, date_of_birth__isnull=False)
        .filter(date_of_birth__gt=as_of - dt.timedelta(days=365 * 15), date_of_birth__lt=as_of - dt.timedelta(days=365))
        .exclude(involvements__isnull=False)
        .exclude(pk__in=running)
        .exclude(pk__in=ReferralChild.objects.values("person_id"))
        .order_by("pk")[:need]
    )
    return [(coordinator, [child]) for child in children]


def _all_born_by(children: list[Person], day: dt.date) -> bool:
    return all(child.date_of_birth is not None and child.date_of_birth <= day for child in children)


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the front door's casework. Returns how many cases were made, by stage."""
    rng = random.Random(seed * 7331)  # noqa: S311 (demo data, not security)
    today = as_of if is_working_day(as_of) else add_working_days(as_of, -1)
    manager = (
        User.objects.filter(username=Role.TEAM_MANAGER).first()
        or User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first()
    )
    families = _families()
    # Enough children old enough for the earliest stages, whatever the generator's families are.
    families += _more_families(as_of, need=per_stage * len(STAGES))
    made: dict[str, int] = {}
    for stage, back in STAGES.items():
        referred_on = add_working_days(today, -back)
        for _ in range(per_stage):
            # A family can be referred only once all its children are born: a baby born last month
            # cannot have been referred half a year ago (nor can a child not yet born).
            family = next((f for f in families if _all_born_by(f[1], referred_on)), None)
            if family is None:
                break
            families.remove(family)
            coordinator, children = family
            referrer = _referrer(children[0])
            if referrer is None or manager is None:
                return made
            with transaction.atomic():
                _walk(stage, back, coordinator, referrer, manager, children, today, rng)
            made[stage] = made.get(stage, 0) + 1
    return made


def _walk(stage, back, coordinator, referrer, manager, children, today, rng) -> None:
    def ago(n: int) -> dt.date:
        return add_working_days(today, -n)

    referred_on = ago(back)
    pre_proceedings = stage == "plan_agreed"
    referral = services.referral_create(
        actor=referrer,
        children=children,
        referred_on=referred_on,
        reason=rng.choice(REASONS),
        family_agreed=True,
        family_agreed_by="The children's mother",
        fgdm_offer="offered" if pre_proceedings else "not_pre_proceedings",
        fgdm_offered_on=referred_on if pre_proceedings else None,
        fgdm_recipients="Mother and father" if pre_proceedings else "",
        fgdm_accepted=True if pre_proceedings else None,
    )
    if stage == "awaiting_allocation":
        return
    allocated_on = ago(back - 2)
    referral = services.referral_allocate(
        actor=manager, referral=referral, coordinator=coordinator, allocated_on=allocated_on
    )
    _network(referral, coordinator, children[0], rng)
    services.preparation_record(
        actor=coordinator,
        referral=referral,
        contacted_on=ago(back - 3),
        kind="visit",
        with_whom="Mother and the children",
        notes="Explained the conference; the family named who they want there.",
    )
    services.preparation_record(
        actor=coordinator,
        referral=referral,
        contacted_on=ago(back - 5),
        kind="phone",
        with_whom="Maternal grandparent",
        notes="Happy to come and to host the conference.",
    )
    if stage == "preparation":
        return
    if stage == "conference_convened":
        services.conference_convene(
            actor=coordinator, referral=referral, starts_at=_at(add_working_days(today, 5)), location="Family home"
        )
        return
    held_on = ago(back - 30)
    conference = services.conference_convene(
        actor=coordinator, referral=referral, starts_at=_at(held_on), location="Northbridge Community Centre"
    )
    services.conference_information_record(
        actor=coordinator,
        conference=conference,
        information="The social worker set out the worries and the help on offer.",
        bottom_lines="The children are not left alone overnight.",
    )
    services.conference_private_time_record(
        actor=coordinator, conference=conference, started_at=dt.time(11, 0), ended_at=dt.time(12, 30)
    )
    members = [m for m in referral.network.all() if m.invitation == Invitation.INVITED]
    for member, what in zip(
        members,
        ("School runs on weekdays", "Sunday dinner and homework help", "Respite every other weekend"),
        strict=False,
    ):
        services.plan_item_add(actor=coordinator, conference=conference, what=what, member=member, ongoing=True)
    services.plan_item_add(
        actor=coordinator,
        conference=conference,
        what="Refer mother to the adult mental health team",
        professional=f"{referrer}, social worker",
        by_when=held_on + dt.timedelta(days=14),
    )
    services.plan_decide(
        actor=coordinator,
        conference=conference,
        decision=PlanDecision.AGREED,
        contingency="If the plan falters, the grandparent calls the social worker and the family meet again.",
    )
    if stage != "closed_after_review":
        return
    review = services.conference_convene(
        actor=coordinator, referral=referral, starts_at=_at(ago(back - 95)), kind=ConferenceKind.REVIEW
    )
    services.review_record(
        actor=coordinator,
        conference=review,
        progress="The family kept to the plan; school attendance is back to normal.",
        outcome=ReviewOutcome.CLOSE,
    )


def _network(referral, coordinator, child: Person, rng: random.Random) -> None:
    """The child's recorded relatives (those at home), and a grandparent and a friend from outside the home."""
    relatives = Relationship.objects.filter(to_person=child, from_person__restricted_area="").select_related(
        "from_person"
    )
    seen = set(referral.children.values_list("person_id", flat=True))
    for rel in relatives.order_by("pk")[:6]:
        if rel.from_person_id in seen or len(seen) > 4:
            continue
        seen.add(rel.from_person_id)
        services.network_member_add(
            actor=coordinator,
            referral=referral,
            person=rel.from_person,
            relationship=rel.get_kind_display(),
            lives_in_home=rel.kind in ("parent", "step_parent", "carer", "household_member"),
            invitation=Invitation.INVITED,
            attending=True,
        )
    family_name = child.family_name or "Smith"
    services.network_person_add(
        actor=coordinator,
        referral=referral,
        person_data={"given_names": rng.choice(["Maureen", "Brian", "Linda", "Kevin"]), "family_name": family_name},
        relationship_kind="grandparent",
        relationship="Grandparent",
        invitation=Invitation.INVITED,
        attending=True,
    )
    services.network_person_add(
        actor=coordinator,
        referral=referral,
        person_data={"given_names": rng.choice(["Sam", "Jo", "Chris"]), "family_name": rng.choice(["Hale", "Price"])},
        relationship_kind="friend",
        relationship="Family friend",
        invitation=Invitation.INVITED,
        attending=rng.random() < 0.5,
        needs_advocate=False,
    )
