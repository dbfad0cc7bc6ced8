"""A core group member who leaves the core group stops being involved with the child through it."""

import datetime as dt
import html

import pytest
import time_machine

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.models import Involvement
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.protection import services
from jigsaw.protection.models import CoreGroupMember
from jigsaw.protection.tests.conftest import LONDON


@pytest.fixture(autouse=True)
def _in_february():
    with time_machine.travel(dt.datetime(2027, 2, 1, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def youth_worker(make_user):
    agency = AgencyFactory(name="Northbridge Youth Service", kind=AgencyKind.VOLUNTARY)
    return make_user(
        Role.PARTNER_PRACTITIONER,
        agency=agency,
        team=TeamFactory(agency=agency, name="Youth work"),
        full_name="Kit Osei",
        email="kit.osei@youth.example",
    )


@pytest.fixture
def on_plan(journey, youth_worker):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(
        dt.date(2027, 1, 7),
        core_group_invitations=[],
        core_group=[services.CoreGroupEntry(name="Kit Osei", role="Youth worker", user=youth_worker)],
    )
    return journey


def core_group_involvement(user, child):
    return Involvement.objects.get(user=user, person=child, service="Child protection core group")


def test_leaving_the_core_group_ends_their_involvement_with_the_child(on_plan, youth_worker, login):
    child = on_plan.people.child
    assert core_group_involvement(youth_worker, child).ended_on is None
    member = CoreGroupMember.objects.get(user=youth_worker)
    client = login(on_plan.people.worker)
    page = html.unescape(client.get(f"/protection/plans/{on_plan.plan.pk}/").content.decode())
    assert f'href="/protection/core-group/members/{member.pk}/leave/"' in page
    url = f"/protection/core-group/members/{member.pk}/leave/"
    future = {"left_on-day": "2", "left_on-month": "3", "left_on-year": "2027"}
    assert "must be today or in the past" in html.unescape(client.post(url, future).content.decode())
    response = client.post(url, {"left_on-day": "28", "left_on-month": "1", "left_on-year": "2027"})
    assert response.status_code == 302 and response["Location"] == f"/protection/plans/{on_plan.plan.pk}/"
    member.refresh_from_db()
    assert member.left_on == dt.date(2027, 1, 28)
    assert core_group_involvement(youth_worker, child).ended_on == dt.date(2027, 1, 28)
    # The child's other professionals keep their own involvements.
    assert Involvement.objects.filter(user=on_plan.people.police, person=child, ended_on__isnull=True).exists()
    page = html.unescape(client.get(url).content.decode())
    assert "Kit Osei already left the core group." in page


def test_only_those_who_run_the_core_group_may_record_a_leaver(on_plan, youth_worker, login):
    member = CoreGroupMember.objects.get(user=youth_worker)
    response = login(youth_worker).get(f"/protection/core-group/members/{member.pk}/leave/")
    assert response.status_code == 403
