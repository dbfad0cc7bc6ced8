"""Closing a child-in-need episode "after assessment" (CIN census RC8 and RC9): it needs an
assessment on the episode, and is refused when the episode had a section 47 enquiry, a child
in need plan, an initial conference or a child protection plan (statutory-reference 1A;
rules 8825Q, 8585Q, 2990). RC2 (died) needs a date of death."""

import datetime as dt

import pytest
import time_machine

from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Episode
from jigsaw.frontdoor.services import episode_close
from jigsaw.protection import services
from jigsaw.protection.tests.conftest import LONDON

LATER = dt.datetime(2027, 3, 1, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


def _close(people, reason: str, on: dt.date = dt.date(2027, 2, 1)) -> Episode:
    return episode_close(actor=people.worker, episode=people.episode, closure_date=on, closure_reason=reason)


def _refused(people, reason: str) -> str:
    with pytest.raises(ApplicationError) as e:
        _close(people, reason)
    assert e.value.field == "closure_reason"
    people.episode.refresh_from_db()
    assert people.episode.closure_date is None  # nothing saved
    return e.value.message


def _assessed(people, authorise: bool = True):
    assessment = services.assessment_start(
        actor=people.worker, episode=people.episode, started_on=dt.date(2026, 12, 11)
    )
    if authorise:
        services.assessment_authorise(
            actor=people.manager, assessment=assessment, authorised_on=dt.date(2027, 1, 20), factors=["21"]
        )
    return assessment


@pytest.mark.parametrize("reason", ["RC8", "RC9"])
def test_closed_after_assessment_needs_an_assessment(people, reason):
    message = _refused(people, reason)
    assert message == (
        f"Reason {reason} (closed after assessment) needs an assessment on this episode. "
        "Record the assessment first, or choose another reason"
    )


def test_closed_after_assessment_needs_the_assessment_authorised(people):
    _assessed(people, authorise=False)
    assert _refused(people, "RC8") == "Reason RC8 (closed after assessment) needs the assessment to be authorised first"


@pytest.mark.parametrize("reason", ["RC8", "RC9"])
def test_an_authorised_assessment_and_nothing_more_allows_rc8_and_rc9(people, reason):
    _assessed(people)
    closed = _close(people, reason)
    assert (closed.closure_reason, closed.closure_date) == (reason, dt.date(2027, 2, 1))


def test_a_section_47_refuses_rc8(people, journey):
    _assessed(people)
    journey.strategy(dt.date(2026, 12, 14))
    assert _refused(people, "RC8") == (
        "Reason RC8 cannot be used: this episode had a section 47 enquiry. "
        "Choose another reason, such as RC7 (services ceased)"
    )


def test_a_child_in_need_plan_after_the_enquiry_refuses_rc9(people, journey):
    _assessed(people)
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5), outcome="cin_plan")
    assert "this episode had a section 47 enquiry and a child in need plan." in _refused(people, "RC9")


def test_a_conference_and_a_plan_refuse_rc9_and_every_activity_is_named(people, journey):
    _assessed(people)
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    assert journey.plan is not None
    assert _refused(people, "RC9") == (
        "Reason RC9 cannot be used: this episode had a section 47 enquiry, an initial child protection "
        "conference and a child protection plan. Choose another reason, such as RC7 (services ceased)"
    )


def test_another_reason_closes_an_episode_that_had_a_section_47(people, journey):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5), outcome="nfa")
    assert _close(people, "RC7").closure_reason == "RC7"


def test_rc2_needs_a_date_of_death(people):
    with pytest.raises(ApplicationError) as e:
        _close(people, "RC2")
    assert e.value.message == "Reason RC2 (died) needs the child's date of death: record it on their record first"
    people.child.date_of_death = dt.date(2027, 1, 30)
    people.child.save()
    assert _close(people, "RC2").closure_reason == "RC2"


def test_the_refusal_shows_in_the_error_summary_of_the_episode_page(people, login):
    client = login(people.worker)
    response = client.post(
        f"/front-door/episodes/{people.episode.pk}/close/",
        {"closure_date-day": "1", "closure_date-month": "2", "closure_date-year": "2027", "closure_reason": "RC8"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "needs an assessment on this episode" in page
    people.episode.refresh_from_db()
    assert people.episode.closure_date is None
