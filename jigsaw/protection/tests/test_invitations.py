"""Who is invited: a conference invites the family and every professional involved, as its form
promises; a strategy discussion has the police and health ticked from the child's involvements;
a chair's clashing meetings are flagged on the convene screens."""

import datetime as dt
import html
import re

import pytest
import time_machine

from jigsaw.meetings.models import MeetingKind
from jigsaw.meetings.services import meeting_convene
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory
from jigsaw.protection.models import Conference, StrategyDiscussion
from jigsaw.protection.tests.conftest import LONDON, at


def date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def father(people):
    """Amelia's father: a parent with no email address (invited by letter)."""
    dad = PersonFactory(given_names="Craig", family_name="Rowntree", council_id="NB0000103")
    RelationshipFactory(from_person=dad, to_person=people.child, kind="parent")
    return dad


# Conferences


def test_a_conference_invites_the_family_and_every_professional_involved(journey, people, father):
    with time_machine.travel(dt.datetime(2027, 1, 6, 12, tzinfo=LONDON), tick=False):
        journey.strategy(dt.date(2026, 12, 14))
        journey.section47(dt.date(2027, 1, 5))
        conference = journey.convene(dt.date(2027, 1, 7))
    invited = {i.name: i for i in conference.meeting.invitations.all()}
    for user in (people.chair, people.worker, people.police, people.health_visitor, people.gp, people.school):
        assert user.full_name in invited, user.full_name
    assert invited["Gemma Rowntree"].email == "gemma.rowntree@home.example"
    # No email: on the list all the same, so the letter is sent and attendance recorded.
    assert invited["Craig Rowntree"].person == father and invited["Craig Rowntree"].email == ""


# Strategy discussions


@pytest.fixture
def _friday_11_december():
    with time_machine.travel(dt.datetime(2026, 12, 11, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.mark.usefixtures("_friday_11_december")
def test_the_police_and_health_involved_are_ticked_on_the_strategy_form(people, login):
    client = login(people.worker)
    page = text(client.get(f"/protection/children/{people.child.pk}/strategy/convene/"))
    for user in (people.police, people.health_visitor, people.gp):
        assert f'value="{user.pk}" checked' in page, user.full_name
    # The school is involved and can be invited, but is not needed for a strategy discussion.
    assert f'value="{people.school.pk}"' in page
    assert f'value="{people.school.pk}" checked' not in page


@pytest.mark.usefixtures("_friday_11_december")
def test_a_strategy_discussion_without_the_police_is_refused_and_keeps_what_was_typed(people, login):
    client = login(people.worker)
    url = f"/protection/children/{people.child.pk}/strategy/convene/"
    data = {
        "concerns": "Bruise on her cheek, scared to go home",
        **date("starts_at", dt.date(2026, 12, 14)),
        "start_time": "9:30",
        "location": "Civic Centre",
        "professionals": [str(people.health_visitor.pk), str(people.school.pk)],
    }
    page = text(client.post(url, data))
    assert "There is a problem" in page
    assert "Invite someone from the police" in page
    assert f'value="{people.school.pk}" checked' in page
    assert not StrategyDiscussion.objects.exists()

    data["professionals"] = [str(people.police.pk), str(people.health_visitor.pk), str(people.school.pk)]
    assert client.post(url, data).status_code == 302
    invited = set(StrategyDiscussion.objects.get().meeting.invitations.values_list("user__full_name", flat=True))
    assert {"DC Sam Hollis", "Jo Whitaker", "Priya Shah", "Tom Okafor"} <= invited
    assert "Dr Anil Mehta" not in invited  # unticked


# Clashes for the same chair


@pytest.fixture
def conference_day(journey):
    with time_machine.travel(dt.datetime(2027, 1, 5, 16, tzinfo=LONDON), tick=False):
        journey.strategy(dt.date(2026, 12, 14))
        journey.section47(dt.date(2027, 1, 5))
        yield dt.date(2027, 1, 7)


def test_a_clash_for_the_chair_is_flagged_and_convening_again_goes_ahead(people, conference_day, login):
    other_child = PersonFactory(given_names="Leo", family_name="Marsh", council_id="NB0000201")
    meeting_convene(
        actor=people.chair,
        kind=MeetingKind.RCPC,
        title="Review child protection conference: Leo Marsh",
        starts_at=at(conference_day, 9, 30),
        ends_at=at(conference_day, 11, 0),
        chair=people.chair,
        subjects=[other_child],
    )
    data = {
        "kind": "initial",
        **date("starts_at", conference_day),
        "start_time": "10:00",
        "location": "Civic Centre, Room 2",
        "chair": str(people.chair.pk),
    }
    url = f"/protection/children/{people.child.pk}/conferences/convene/"

    client = login(people.chair)
    page = text(client.post(url, data))
    assert "Priya Nair is already chairing Review child protection conference: Leo Marsh on 7 January 2027" in page
    assert not Conference.objects.exists()
    # Sent again as the page now stands (the page remembers the clash was shown): it goes ahead.
    data["clash_seen"] = re.search(r'name="clash_seen" value="([^"]+)"', page).group(1)
    assert client.post(url, data).status_code == 302
    assert Conference.objects.get().meeting.chair == people.chair


def test_no_flag_when_the_chair_is_free(people, conference_day, login):
    meeting_convene(
        actor=people.chair,
        kind=MeetingKind.BOARD,
        title="Safeguarding partnership board",
        starts_at=at(conference_day, 14, 0),
        chair=people.chair,
    )
    data = {
        "kind": "initial",
        **date("starts_at", conference_day),
        "start_time": "10:00",
        "location": "Civic Centre, Room 2",
        "chair": str(people.chair.pk),
    }
    response = login(people.chair).post(f"/protection/children/{people.child.pk}/conferences/convene/", data)
    assert response.status_code == 302
