"""Family group conference fixtures: a family, the professionals around it, and helpers
that take a referral to each stage through the real services."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.people.models import ContactDetail
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory
from jigsaw.timescales.calendar import add_working_days

from .. import services
from ..choices import Invitation, PlanDecision


@dataclass
class Family:
    worker: Any
    manager: Any
    coordinator: Any
    child: Any
    sibling: Any
    mother: Any
    grandmother: Any
    uncle: Any


@pytest.fixture
def family(db, make_user):
    worker = make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor", email="tom.okafor@council.example")
    manager = make_user(Role.TEAM_MANAGER, full_name="Ruth Adeyemi")
    coordinator = make_user(Role.FGC_COORDINATOR, full_name="Nadia Brooks", email="nadia.brooks@council.example")
    child = PersonFactory(
        given_names="Lily", family_name="Marsh", council_id="NB0000201", date_of_birth=dt.date(2016, 4, 1)
    )
    sibling = PersonFactory(
        given_names="Josh", family_name="Marsh", council_id="NB0000202", date_of_birth=dt.date(2019, 9, 9)
    )
    mother = PersonFactory(
        given_names="Kim", family_name="Marsh", council_id="NB0000203", date_of_birth=dt.date(1990, 1, 5)
    )
    grandmother = PersonFactory(
        given_names="Pat", family_name="Ellery", council_id="NB0000204", date_of_birth=dt.date(1962, 6, 30)
    )
    uncle = PersonFactory(
        given_names="Dean", family_name="Marsh", council_id="NB0000205", date_of_birth=dt.date(1987, 2, 2)
    )
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    RelationshipFactory(from_person=grandmother, to_person=child, kind="grandparent")
    ContactDetail.objects.create(person=grandmother, kind="email", value="pat.ellery@home.example")
    for kid in (child, sibling):
        InvolvementFactory(
            user=worker, person=kid, kind="allocated", service="Child in need", started_on=dt.date(2026, 1, 5)
        )
    return Family(worker, manager, coordinator, child, sibling, mother, grandmother, uncle)


def ago(n: int) -> dt.date:
    """n working days before today."""
    return add_working_days(timezone.localdate(), -n)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def refer(f: Family, *, on: dt.date | None = None, children=None, **extra):
    data = {
        "referred_on": on or ago(20),
        "reason": "Mother's health is failing; the family want to plan who looks after the children.",
        "family_agreed": True,
        "family_agreed_by": "Kim Marsh, mother",
    } | extra
    return services.referral_create(actor=f.worker, children=children or [f.child, f.sibling], **data)


def allocated(f: Family, **kw):
    referral = refer(f, **kw)
    return services.referral_allocate(
        actor=f.manager,
        referral=referral,
        coordinator=f.coordinator,
        allocated_on=referral.referred_on + dt.timedelta(days=1),
    )


def prepared(f: Family, **kw):
    referral = allocated(f, **kw)
    services.network_member_add(
        actor=f.coordinator,
        referral=referral,
        person=f.mother,
        relationship="Mother",
        lives_in_home=True,
        invitation=Invitation.INVITED,
        attending=True,
    )
    services.network_member_add(
        actor=f.coordinator,
        referral=referral,
        person=f.grandmother,
        relationship="Maternal grandmother",
        invitation=Invitation.INVITED,
        attending=True,
        interpreter_language="",
        needs_advocate=False,
    )
    services.network_member_add(
        actor=f.coordinator,
        referral=referral,
        person=f.uncle,
        relationship="Paternal uncle",
        invitation=Invitation.NOT_INVITED,
        not_invited_reason="Bail conditions: no contact with the children",
    )
    return referral


def held(f: Family, *, day: dt.date | None = None, **kw):
    """A conference held `day` (default 2 working days ago), through information giving and private time."""
    referral = prepared(f, **kw)
    day = day or ago(2)
    conference = services.conference_convene(
        actor=f.coordinator, referral=referral, starts_at=at(day), location="Gran's house"
    )
    services.conference_information_record(
        actor=f.coordinator,
        conference=conference,
        information="Worries about the children's care",
        bottom_lines="Dean has no contact",
    )
    services.conference_private_time_record(
        actor=f.coordinator, conference=conference, started_at=dt.time(10, 45), ended_at=dt.time(12, 0)
    )
    return conference


def agreed(f: Family, **kw):
    conference = held(f, **kw)
    grandmother = conference.referral.network.get(person=f.grandmother)
    services.plan_item_add(
        actor=f.coordinator,
        conference=conference,
        what="Collect the children from school",
        member=grandmother,
        ongoing=True,
    )
    services.plan_item_add(
        actor=f.coordinator,
        conference=conference,
        what="Arrange a carer's assessment",
        professional="Tom Okafor, social worker",
        by_when=timezone.localdate() + dt.timedelta(days=14),
    )
    services.plan_decide(
        actor=f.coordinator,
        conference=conference,
        decision=PlanDecision.AGREED,
        contingency="If Gran is ill, Aunt Sue steps in",
    )
    conference.refresh_from_db()
    return conference
