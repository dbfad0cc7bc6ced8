"""A casework form shows every rule it breaks at once (core refusals()), not one per try:
section 47, strategy discussion, conference and plan here; the contact in frontdoor's tests."""

import datetime as dt
import html

import pytest
import time_machine

from jigsaw.core.exceptions import ApplicationError
from jigsaw.protection import services
from jigsaw.protection.models import Conference, ProtectionPlan
from jigsaw.protection.tests.conftest import LONDON, all_attended, at

LATER = dt.datetime(2027, 12, 1, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


def refusals_of(call) -> list[tuple[str | None, str]]:
    with pytest.raises(ApplicationError) as e:
        call()
    return [(one.field, one.message) for one in e.value.errors]


def test_section_47_refuses_its_date_and_its_outcome_together(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    got = refusals_of(
        lambda: services.section47_complete(
            actor=people.worker, section_47=journey.section_47, completed_on=dt.date(2026, 12, 1), outcome="maybe"
        )
    )
    assert [field for field, _ in got] == ["completed_on", "outcome"]
    assert got[0][1] == "The enquiry cannot be completed before it started on 14 December 2026"


def test_the_strategy_discussion_refuses_its_date_and_each_missing_decision_together(journey, people):
    strategy = services.strategy_discussion_convene(
        actor=people.worker,
        children=[services.ChildConcerns(episode=people.episode, concerns="Bruise to the cheek.")],
        starts_at=at(dt.date(2026, 12, 14), 9),
    )
    row = strategy.children.get()
    got = refusals_of(
        lambda: services.strategy_discussion_record(
            actor=people.worker,
            strategy=strategy,
            held_on=dt.date(2028, 1, 1),
            attendance=all_attended(strategy.meeting),
            decisions={row.pk: services.ChildDecision(section_47=None, reason="")},
        )
    )
    assert got == [
        ("held_on", "The date the strategy discussion was held must be today or in the past"),
        (f"child_{row.pk}_section_47", "Choose whether section 47 enquiries start"),
        (f"child_{row.pk}_reason", "Enter the reason for the decision"),
    ]


def test_the_conference_refuses_its_date_category_and_lead_practitioner_together(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    conference = journey.convene(dt.date(2027, 1, 7))
    got = refusals_of(
        lambda: services.conference_record(
            actor=people.chair,
            conference=conference,
            held_on=dt.date(2026, 12, 1),
            decision="plan",
            category="",
            lead_practitioner=None,
            attendance=all_attended(conference.meeting),
        )
    )
    assert [field for field, _ in got] == ["held_on", "category", "lead_practitioner"]


def test_ending_a_plan_refuses_its_reason_and_date_together(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    plan = journey.plan
    got = refusals_of(
        lambda: services.plan_end(actor=people.manager, plan=plan, ended_on=dt.date(2026, 1, 1), reason="whim")
    )
    assert [field for field, _ in got] == ["reason", "ended_on"]
    assert ProtectionPlan.objects.get().ended_on is None


def error_summary(response) -> str:
    """The text of the page's error summary (the list at the top), where a user reads every fault."""
    page = html.unescape(response.content.decode())
    start = page.index("govuk-error-summary__list")
    return page[start : page.index("</ul>", start)]


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def test_convening_a_conference_shows_every_fault_in_the_error_summary(people, login):
    # No enquiry recommends a conference, and the date is a Saturday before the referral
    # (Thursday 10 December 2026): three faults, all told on the first try.
    client = login(people.chair)
    response = client.post(
        f"/protection/children/{people.child.pk}/conferences/convene/",
        {
            "kind": "initial",
            **date_fields("starts_at", dt.date(2026, 12, 5)),
            "start_time": "10:00",
            "location": "Civic Centre, Room 2",
            "chair": str(people.chair.pk),
        },
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert "There is no section 47 enquiry recommending an initial child protection conference" in summary
    assert "A conference cannot be on a Saturday. Choose a weekday" in summary
    assert "The conference cannot be before the referral on 10 December 2026" in summary
    assert not Conference.objects.exists()


def test_changing_the_category_shows_every_fault_in_the_error_summary(journey, people, login):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    plan = journey.plan
    changes_before = plan.category_changes.count()
    client = login(people.chair)
    response = client.post(
        f"/protection/plans/{plan.pk}/category/",
        {
            "category": plan.category,
            **date_fields("changed_on", dt.date(2027, 1, 1)),
            "reason": "New injury",
            "version": str(plan.version),
        },
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert f"The plan's category is already {plan.get_category_display().lower()}" in summary
    assert "The category cannot change before the plan started on 7 January 2027" in summary
    assert "New injury" in html.unescape(response.content.decode())
    assert plan.category_changes.count() == changes_before
