"""The initial conference reaches the people who may convene it: a social worker holds its
deadline but may not convene a conference, so the conference service (its child protection
chairs and business support officers) is told when the enquiry starts and when it asks for a
conference, and finds it on "My work" under "Conferences to arrange", linking to the convene
screen; the social worker still sees the deadline."""

import datetime as dt

import pytest
import time_machine
from markupsafe import escape

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import TeamFactory
from jigsaw.notifications.models import Notification
from jigsaw.protection.services import spoken
from jigsaw.protection.tests.conftest import LONDON
from jigsaw.timescales.models import Clock

JANUARY = dt.datetime(2027, 1, 6, 12, tzinfo=LONDON)
CONVENE = "/protection/children/{}/conferences/convene/?kind=initial"


@pytest.fixture(autouse=True)
def _in_january():
    with time_machine.travel(JANUARY, tick=False):
        yield


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="conference_to_arrange").order_by("pk"))


def test_the_chair_hears_the_enquiry_started_and_then_that_a_conference_is_needed(journey):
    people = journey.people
    journey.strategy(dt.date(2026, 12, 14))
    due = Clock.objects.get(rule_key="icpc").due_on
    [started] = told(people.chair)
    assert started.title == (
        f"Section 47 enquiries started for Amelia Rowntree: an initial conference may be needed by {spoken(due)}"
    )
    assert started.url == f"/protection/children/{people.child.pk}/"
    journey.section47(dt.date(2027, 1, 5))
    [_, needed] = told(people.chair)
    assert needed.title == "Arrange the initial child protection conference for Amelia Rowntree"
    assert needed.body.startswith(f"It is due by {spoken(due)}")
    assert needed.url == CONVENE.format(people.child.pk)
    assert needed.send_email  # and by email (with no case details: notifications' own email)
    # The social worker and the manager may not convene one: they are not told to.
    assert told(people.worker) == [] and told(people.manager) == []


def test_an_enquiry_that_needs_no_conference_asks_nobody_to_arrange_one(journey):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5), outcome="nfa")
    assert [n.title.split(":")[0] for n in told(journey.people.chair)] == [
        "Section 47 enquiries started for Amelia Rowntree"
    ]


def test_the_conference_service_team_when_the_council_has_one(journey, make_user, agencies):
    service = TeamFactory(agency=agencies["csc"], name="Safeguarding and reviewing")
    support = make_user(Role.BUSINESS_SUPPORT, agency=agencies["csc"], team=service, full_name="Ola Bankole")
    chair = make_user(Role.CP_CHAIR_IRO, agency=agencies["csc"], team=service, full_name="Ines Carter")
    elsewhere = make_user(Role.BUSINESS_SUPPORT, agency=agencies["csc"], full_name="Front Door Support")
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    assert len(told(support)) == 2 and len(told(chair)) == 2
    # Chairs and business support outside the conference service are not its conveners.
    assert told(journey.people.chair) == [] and told(elsewhere) == []


def test_my_work_lists_the_conference_to_arrange_for_the_chair_until_it_is_convened(journey, login):
    people = journey.people
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    page = login(people.chair).get("/").content.decode()
    assert "Conferences to arrange (1)" in page
    assert f'href="{escape(CONVENE.format(people.child.pk))}"' in page
    assert (
        'Hold the initial child protection conference<span class="govuk-visually-hidden"> for Amelia Rowntree</span>'
        in page
    )
    # The social worker still holds the deadline, linking to the child's record.
    worker_page = login(people.worker).get("/").content.decode()
    assert "Hold the initial child protection conference" in worker_page
    assert "Conferences to arrange" not in worker_page
    # Once convened, the chair holds the deadline itself, and it is no longer "to arrange".
    journey.convene(dt.date(2027, 1, 8))
    page = login(people.chair).get("/").content.decode()
    assert "Conferences to arrange" not in page
    assert "Hold the initial child protection conference" in page


def test_an_enquiry_still_open_is_not_yet_a_conference_to_arrange(journey, login):
    journey.strategy(dt.date(2026, 12, 14))
    page = login(journey.people.chair).get("/").content.decode()
    assert "Conferences to arrange" not in page
