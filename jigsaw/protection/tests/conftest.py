"""Child protection test fixtures: the professionals around a child, a family, an open episode,
and `journey`, which takes the child from strategy discussion to plan on real dates."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, InvolvementFactory, TeamFactory
from jigsaw.people.models import ContactDetail
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory

from .helpers import LONDON, at, open_episode

__all__ = ["LONDON", "at", "open_episode"]


@pytest.fixture
def agencies(db):
    return {
        "csc": AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE),
        "police": AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE),
        "health": AgencyFactory(name="Northbridge Community Health", kind=AgencyKind.HEALTH),
        "gp": AgencyFactory(name="Ferry Road Surgery", kind=AgencyKind.HEALTH),
        "school": AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION),
    }


def _partner(make_user, agency, name: str, email: str, job: str):
    team = TeamFactory(agency=agency, name=job)
    return make_user(Role.PARTNER_PRACTITIONER, agency=agency, team=team, full_name=name, email=email, job_title=job)


@dataclass
class People:
    worker: Any
    manager: Any
    chair: Any
    police: Any
    health_visitor: Any
    gp: Any
    school: Any
    child: Any
    mother: Any
    episode: Any
    extra: dict = field(default_factory=dict)


@pytest.fixture
def people(db, make_user, agencies):
    """A child open to children's services after a referral on Thursday 10 December 2026, the
    professionals involved with her (police, health visitor, GP, school) and her mother."""
    worker = make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor", email="tom.okafor@council.example")
    manager = make_user(Role.TEAM_MANAGER, full_name="Ruth Adeyemi", email="ruth.adeyemi@council.example")
    chair = make_user(Role.CP_CHAIR_IRO, full_name="Priya Nair", email="priya.nair@council.example")
    police = _partner(
        make_user, agencies["police"], "DC Sam Hollis", "sam.hollis@police.example", "Detective constable"
    )
    health_visitor = _partner(
        make_user, agencies["health"], "Jo Whitaker", "jo.whitaker@health.example", "Health visitor"
    )
    gp = _partner(make_user, agencies["gp"], "Dr Anil Mehta", "anil.mehta@gp.example", "GP")
    school = _partner(make_user, agencies["school"], "Priya Shah", "priya.shah@school.example", "Designated lead")
    child = PersonFactory(
        given_names="Amelia", family_name="Rowntree", council_id="NB0000101", date_of_birth=dt.date(2015, 3, 2)
    )
    mother = PersonFactory(given_names="Gemma", family_name="Rowntree", council_id="NB0000102")
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    ContactDetail.objects.create(person=mother, kind="email", value="gemma.rowntree@home.example")
    for user, service in ((police, "Police"), (health_visitor, "Health visiting"), (gp, "GP"), (school, "School")):
        InvolvementFactory(user=user, person=child, kind="invited", service=service, started_on=dt.date(2026, 1, 1))
    InvolvementFactory(
        user=worker, person=child, kind="allocated", service="Child protection", started_on=dt.date(2026, 1, 1)
    )
    # The school's call on Thursday 10 December 2026, decided that morning: strategy discussion.
    with time_machine.travel(dt.datetime(2026, 12, 10, 12, tzinfo=LONDON), tick=False):
        episode = open_episode(
            worker=worker,
            child=child,
            referral_on=dt.date(2026, 12, 10),
            caller_agency=agencies["school"],
            manager=manager,
        )
    return People(worker, manager, chair, police, health_visitor, gp, school, child, mother, episode)


def all_attended(meeting) -> dict[int, str]:
    return {i.pk: "attended" for i in meeting.invitations.all()}


@pytest.fixture
def journey(people):
    """Steps through the child protection pathway with the services, on the dates given.

    journey.strategy(on) -> StrategyDiscussion held on `on`, section 47 started;
    journey.section47(on) -> completed with an ICPC outcome; journey.icpc(convene_on, held_on) ->
    the conference, with a plan (neglect) and the professionals as core group.
    """
    from jigsaw.protection import services

    class Journey:
        def __init__(self) -> None:
            self.people = people
            self.strategy_discussion = None
            self.section_47 = None
            self.conference = None
            self.plan = None

        def strategy(self, on: dt.date, section_47: bool = True):
            strategy = services.strategy_discussion_convene(
                actor=people.worker,
                children=[
                    services.ChildConcerns(
                        episode=people.episode, concerns="Bruise to the cheek; says she is scared to go home."
                    )
                ],
                starts_at=at(on, 9),
            )
            row = strategy.children.get()
            self.strategy_discussion = services.strategy_discussion_record(
                actor=people.worker,
                strategy=strategy,
                held_on=on,
                attendance=all_attended(strategy.meeting),
                decisions={
                    row.pk: services.ChildDecision(
                        section_47=section_47,
                        reason="Reasonable cause to suspect significant harm" if section_47 else "Below threshold",
                        information_shared="Police: two call-outs this year. Health: missed appointments.",
                    )
                },
            )
            self.section_47 = self.strategy_discussion.section_47s.first()
            return self.strategy_discussion

        def section47(self, on: dt.date, outcome: str = "icpc"):
            self.section_47 = services.section47_complete(
                actor=people.worker, section_47=self.section_47, completed_on=on, outcome=outcome
            )
            return self.section_47

        def convene(self, on: dt.date, kind: str = "initial", **kwargs):
            return services.conference_convene(
                actor=people.chair,
                episode=people.episode,
                kind=kind,
                starts_at=at(on, 10),
                chair=people.chair,
                **kwargs,
            )

        def record(self, conference, on: dt.date, decision: str = "plan", category: str = "NEG", **kwargs):
            kwargs.setdefault("attendance", all_attended(conference.meeting))
            if decision in ("plan", "continue"):
                kwargs.setdefault("lead_practitioner", people.worker)
            return services.conference_record(
                actor=people.chair, conference=conference, held_on=on, decision=decision, category=category, **kwargs
            )

        def icpc(self, on: dt.date, decision: str = "plan", **kwargs):
            self.conference = self.convene(on)
            kwargs.setdefault(
                "core_group_invitations",
                [i.pk for i in self.conference.meeting.invitations.filter(person__isnull=True)],
            )
            self.record(self.conference, on, decision=decision, **kwargs)
            self.conference.refresh_from_db()
            self.plan = getattr(self.conference, "plan_started", None)
            return self.conference

    return Journey()


@pytest.fixture
def login(client):
    """login(user) -> the test client signed in as that user, two-factor passed."""

    def _login(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        client.user = user
        return client

    return _login
