"""When a conference makes a plan, the work has owners: the child is open to child protection
with the lead practitioner named, the core group is involved with the child, the plan's clocks
are on the lead practitioner's "My work", and both hear of it. When the plan ends, the plan's
involvements end."""

import datetime as dt

import pytest
import time_machine
from markupsafe import escape as markup_escape  # as Jinja writes a page (an apostrophe is &#39;)

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement
from jigsaw.access.tests.factories import TeamFactory
from jigsaw.meetings.services import Invitee
from jigsaw.notifications.models import Notification
from jigsaw.protection import services
from jigsaw.protection.tests.conftest import LONDON
from jigsaw.timescales.models import Clock
from jigsaw.timescales.rules import get_rule

LATER = dt.datetime(2027, 1, 8, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _the_day_after_the_conference():
    with time_machine.travel(LATER, tick=False):
        yield


@pytest.fixture
def school_nurse(make_user, agencies):
    """A professional invited to the conference who had no involvement with the child before."""
    team = TeamFactory(agency=agencies["health"], name="School nursing")
    return make_user(
        Role.PARTNER_PRACTITIONER,
        agency=agencies["health"],
        team=team,
        full_name="Nadia Brooks",
        email="nadia.brooks@health.example",
        job_title="School nurse",
    )


@pytest.fixture
def on_plan(journey, school_nurse):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    nurse = Invitee(name="Nadia Brooks", email="nadia.brooks@health.example", role="School nurse")
    journey.conference = journey.convene(dt.date(2027, 1, 7), invitees=[nurse])
    journey.record(
        journey.conference,
        dt.date(2027, 1, 7),
        core_group_invitations=[i.pk for i in journey.conference.meeting.invitations.filter(person__isnull=True)],
    )
    journey.conference.refresh_from_db()
    journey.plan = journey.conference.plan_started
    return journey


def open_involvements(person, user):
    return Involvement.objects.filter(person=person, user=user, ended_on__isnull=True)


def test_the_child_is_open_to_child_protection_with_the_lead_practitioner_named(on_plan, people):
    (lead,) = Involvement.objects.filter(person=people.child, kind="lead_practitioner", ended_on__isnull=True)
    assert lead.user == people.worker
    assert lead.service == "Child protection"
    assert lead.started_on == dt.date(2027, 1, 7)


def test_the_plan_clocks_are_owned_by_the_lead_practitioner(on_plan, people):
    for rule_key in ("first_core_group", "first_review_conference", "cp_visit"):
        clock = Clock.objects.get(rule_key=rule_key, person=people.child)
        assert clock.owner == people.worker, rule_key


def test_the_first_core_group_is_on_the_lead_practitioners_my_work(on_plan, people, login):
    # Due Thursday 21 January 2027; the day before, it is due soon.
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, tzinfo=LONDON), tick=False):
        page = login(people.worker).get("/").content.decode()
    assert get_rule("first_core_group").title in page
    assert markup_escape(people.child.display_name) in page


def test_the_lead_practitioner_is_told_with_a_link_to_the_plan(on_plan, people, login):
    (notice,) = Notification.objects.filter(recipient=people.worker, kind="lead_practitioner")
    assert notice.url == f"/protection/plans/{on_plan.plan.pk}/"
    assert "Amelia Rowntree" in notice.title
    page = login(people.worker).get(notice.url)
    assert page.status_code == 200
    assert "Tom Okafor" in page.content.decode()


def test_a_core_group_member_new_to_the_child_becomes_involved_and_is_told(on_plan, people, school_nurse, login):
    (involvement,) = open_involvements(people.child, school_nurse)
    assert involvement.service == "Child protection core group"
    (notice,) = Notification.objects.filter(recipient=school_nurse, kind="core_group")
    assert notice.url == f"/protection/plans/{on_plan.plan.pk}/"
    client = login(school_nurse)
    assert client.get(notice.url).status_code == 200
    assert client.get(f"/people/{people.child.pk}/").status_code == 200


def test_core_group_members_already_involved_keep_their_own_involvement(on_plan, people):
    (involvement,) = open_involvements(people.child, people.police)
    assert involvement.service == "Police"


def test_when_the_plan_ends_the_plans_involvements_end(on_plan, people, school_nurse, login):
    services.plan_end(actor=people.manager, plan=on_plan.plan, ended_on=dt.date(2027, 1, 8), reason="left_uk")
    assert not Involvement.objects.filter(person=people.child, kind="lead_practitioner", ended_on__isnull=True)
    assert not open_involvements(people.child, school_nurse).exists()
    # The police officer was involved before the plan and still is.
    assert open_involvements(people.child, people.police).exists()
    # The allocated worker's own involvement is not the plan's.
    assert open_involvements(people.child, people.worker).filter(kind="allocated").exists()


def test_a_new_lead_practitioner_at_review_takes_over_the_clocks(on_plan, people, make_user):
    new_lead = make_user(Role.SOCIAL_WORKER, full_name="Hannah Boateng", email="hannah.boateng@council.example")
    with time_machine.travel(dt.datetime(2027, 4, 1, 12, tzinfo=LONDON), tick=False):
        review = on_plan.convene(dt.date(2027, 3, 31), kind="review")
        on_plan.record(review, dt.date(2027, 3, 31), decision="continue", lead_practitioner=new_lead)
    (lead,) = Involvement.objects.filter(person=people.child, kind="lead_practitioner", ended_on__isnull=True)
    assert lead.user == new_lead
    running = Clock.objects.filter(person=people.child, met_on__isnull=True, stopped_on__isnull=True)
    plan_clocks = running.filter(rule_key__in=services.PLAN_CLOCKS)
    assert plan_clocks.exists() and all(c.owner == new_lead for c in plan_clocks)
    assert Notification.objects.filter(recipient=new_lead, kind="lead_practitioner").exists()
