"""Every child protection page, with data in it and with its form errors, passes axe-core (WCAG 2.2 AA).

The children are at different stages (dates counted back from today in working days, so
the records are in the past whatever day the suite runs): one on a plan with everything
recorded, one with an initial conference to record, one with a section 47 and an
assessment open, and one waiting for a strategy discussion.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, InvolvementFactory, TeamFactory
from jigsaw.people.models import ContactDetail
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory
from jigsaw.protection import services
from jigsaw.protection.tests.helpers import open_episode
from jigsaw.timescales.calendar import add_working_days

LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def ago(n: int) -> dt.date:
    return add_working_days(timezone.localdate(), -n)


def attended(meeting) -> dict[int, str]:
    return {i.pk: "attended" for i in meeting.invitations.all()}


@pytest.mark.django_db(transaction=True)
def test_every_protection_page_passes_axe(page, live_server, as_user, make_user, axe):
    url = live_server.url
    csc = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    police = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    health = AgencyFactory(name="Ferry Road Surgery", kind=AgencyKind.HEALTH)
    school = AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION)
    worker = make_user(Role.SOCIAL_WORKER, agency=csc, full_name="Tom Okafor", email="tom@council.example")
    manager = make_user(Role.TEAM_MANAGER, agency=csc, full_name="Ruth Adeyemi", email="ruth@council.example")
    chair = make_user(Role.CP_CHAIR_IRO, agency=csc, full_name="Priya Nair", email="priya@council.example")
    partners = [
        make_user(Role.PARTNER_PRACTITIONER, agency=a, team=TeamFactory(agency=a, name=n), full_name=n, email=e)
        for a, n, e in (
            (police, "DC Sam Hollis", "sam@police.example"),
            (health, "Dr Anil Mehta", "anil@gp.example"),
            (school, "Priya Shah", "priya@school.example"),
        )
    ]

    def child(given: str, family: str, council_id: str, referral_ago: int):
        person = PersonFactory(given_names=given, family_name=family, council_id=council_id)
        mother = PersonFactory(given_names="Gemma", family_name=family)
        RelationshipFactory(from_person=mother, to_person=person, kind="parent")
        ContactDetail.objects.create(person=mother, kind="email", value=f"{family.lower()}@home.example")
        for user in (*partners, worker):
            InvolvementFactory(user=user, person=person, kind="invited", service="Child protection")
        return open_episode(
            worker=worker, child=person, referral_on=ago(referral_ago), caller_agency=school, manager=manager
        )

    def strategy(episode, day: dt.date, record: bool = True):
        s = services.strategy_discussion_convene(
            actor=worker,
            children=[services.ChildConcerns(episode=episode, concerns="Bruise to the cheek; scared to go home.")],
            starts_at=at(day, 9),
        )
        if record:
            row = s.children.get()
            services.strategy_discussion_record(
                actor=worker,
                strategy=s,
                held_on=day,
                attendance=attended(s.meeting),
                decisions={row.pk: services.ChildDecision(True, "Significant harm", "Police: call-outs")},
            )
        return s

    # Amelia: on a plan, with a visit, a core group held, a category change, and one to record today.
    amelia = child("Amelia", "Rowntree", "NB0000301", 40)
    s = strategy(amelia, ago(38))
    services.section47_complete(actor=worker, section_47=s.section_47s.get(), completed_on=ago(33), outcome="icpc")
    assessment = services.assessment_start(actor=worker, episode=amelia, started_on=ago(38))
    services.assessment_authorise(
        actor=manager, assessment=assessment, authorised_on=ago(30), factors=["3B", "16A"], child_seen=True
    )
    icpc = services.conference_convene(actor=chair, episode=amelia, kind="initial", starts_at=at(ago(28)), chair=chair)
    services.conference_record(
        actor=chair,
        conference=icpc,
        held_on=ago(28),
        decision="plan",
        category="NEG",
        lead_practitioner=worker,
        attendance=attended(icpc.meeting),
        core_group_invitations=[i.pk for i in icpc.meeting.invitations.filter(person__isnull=True)],
        dissent="Mother disagreed.",
    )
    icpc.refresh_from_db()
    plan = icpc.plan_started
    services.visit_record(actor=worker, plan=plan, visited_on=ago(25), seen_alone=True)
    core = services.core_group_convene(actor=worker, plan=plan, starts_at=at(ago(20)))
    services.core_group_record(
        actor=worker, core_group_meeting=core, held_on=ago(20), attendance=attended(core.meeting)
    )
    services.plan_change_category(actor=chair, plan=plan, category="EMO", changed_on=ago(10), reason="New concerns")
    today_core = services.core_group_convene(actor=worker, plan=plan, starts_at=at(timezone.localdate(), 0))

    # Isla: an initial conference convened and waiting to be recorded.
    isla = child("Isla", "Moss", "NB0000302", 20)
    s = strategy(isla, ago(18))
    services.section47_complete(actor=worker, section_47=s.section_47s.get(), completed_on=ago(15), outcome="icpc")
    isla_icpc = services.conference_convene(
        actor=chair, episode=isla, kind="initial", starts_at=at(ago(5)), chair=chair
    )

    # Noah: section 47 and assessment open; a strategy discussion convened for Leo, not yet recorded.
    noah = child("Noah", "Fenwick", "NB0000303", 10)
    s = strategy(noah, ago(8))
    section_47 = s.section_47s.get()
    noah_assessment = services.assessment_start(actor=worker, episode=noah, started_on=ago(8))
    leo = child("Leo", "Carter", "NB0000304", 3)
    leo_strategy = strategy(leo, ago(1), record=False)
    # A complex strategy meeting about Noah and Leo.
    complex_strategy = services.strategy_discussion_convene(
        actor=chair,
        kind="complex_strategy",
        title="Operation Larch",
        children=[
            services.ChildConcerns(episode=noah, concerns="Seen at a flat on Mill Lane."),
            services.ChildConcerns(episode=leo, concerns="Found with cash and a new phone."),
        ],
        starts_at=at(ago(1), 14),
    )
    row = complex_strategy.children.first()
    services.enquiry_link_add(
        actor=chair, strategy=complex_strategy, kind="place", description="Flat 3, Mill Lane", children=[row]
    )
    # Ella: waiting for a strategy discussion.
    ella = child("Ella", "Grant", "NB0000305", 1)

    def visit(path: str) -> None:
        response = page.goto(url + path)
        assert response is not None and response.status == 200, (
            f"{path} answered {response.status if response else None}"
        )
        axe(page)

    def submit_empty(path: str, button: str) -> None:
        visit(path)
        page.get_by_role("button", name=button).click()
        expect(page.get_by_text("There is a problem").first).to_be_visible(), f"{path}: no error summary"
        axe(page)

    as_user(page, manager)
    for path in (
        "/protection/",
        f"/protection/children/{amelia.person_id}/",
        f"/protection/children/{isla.person_id}/",
        f"/protection/children/{noah.person_id}/",
        f"/protection/children/{ella.person_id}/",
        f"/protection/strategy/{complex_strategy.pk}/",
        f"/protection/strategy/{leo_strategy.pk}/",
    ):
        visit(path)

    submit_empty(f"/protection/children/{ella.person_id}/strategy/convene/", "Convene and send invitations")
    submit_empty("/protection/strategy/complex/convene/", "Convene and send invitations")
    submit_empty(f"/protection/strategy/{leo_strategy.pk}/record/", "Save")
    submit_empty(f"/protection/strategy/{complex_strategy.pk}/record/", "Save")
    submit_empty(f"/protection/strategy/{complex_strategy.pk}/links/add/", "Save")
    submit_empty(f"/protection/section-47/{section_47.pk}/complete/", "Save")
    submit_empty(f"/protection/children/{ella.person_id}/assessment/start/", "Start assessment")
    submit_empty(f"/protection/assessments/{noah_assessment.pk}/authorise/", "Authorise")
    submit_empty(
        f"/protection/children/{amelia.person_id}/conferences/convene/?kind=review", "Convene and send invitations"
    )
    submit_empty(f"/protection/plans/{plan.pk}/end/", "End the plan")
    submit_empty(f"/protection/plans/{plan.pk}/visits/add/", "Save")
    submit_empty(f"/protection/plans/{plan.pk}/core-group/convene/", "Convene and send invitations")
    submit_empty(f"/protection/core-group/{today_core.pk}/record/", "Save")

    # A business rule's message (not only a missing field) in the error summary.
    visit(f"/protection/plans/{plan.pk}/end/")
    group = page.get_by_role("group", name="Date the plan ended")
    day = ago(35)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Died").check()
    page.get_by_role("button", name="End the plan").click()
    expect(page.get_by_text("The plan cannot end before it started").first).to_be_visible()
    axe(page)

    as_user(page, chair)
    visit(f"/protection/children/{amelia.person_id}/")
    submit_empty(f"/protection/conferences/{isla_icpc.pk}/record/", "Save")
    submit_empty(f"/protection/plans/{plan.pk}/category/", "Save")

    # The task list leads from the record to the next step.
    visit(f"/protection/children/{isla.person_id}/")
    page.get_by_role("link", name="Initial child protection conference", exact=True).click()
    assert page.get_by_role("heading", name="Record the initial child protection conference").count()
    axe(page)
