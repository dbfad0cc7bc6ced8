"""Bad input gets a plain message, naming the field it belongs to, and changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jigsaw.core.exceptions import ApplicationError
from jigsaw.protection import services
from jigsaw.protection.models import CategoryChange, Conference, ProtectionPlan
from jigsaw.protection.tests.conftest import LONDON, all_attended, at

LATER = dt.datetime(2027, 12, 1, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


@pytest.fixture
def on_plan(journey):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    return journey


def test_a_conference_dated_before_its_strategy_discussion_is_refused(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2026, 12, 18))
    with pytest.raises(ApplicationError) as e:
        journey.convene(dt.date(2026, 12, 11))
    assert e.value.message == (
        "The conference cannot be before the strategy discussion that started the enquiry, on 14 December 2026"
    )
    assert e.value.field == "starts_at"
    assert not Conference.objects.exists()


def test_a_conference_recorded_as_held_before_its_strategy_discussion_is_refused(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2026, 12, 18))
    conference = journey.convene(dt.date(2026, 12, 21))
    with pytest.raises(ApplicationError) as e:
        journey.record(conference, dt.date(2026, 12, 11))
    assert "cannot be before the strategy discussion" in e.value.message
    assert e.value.field == "held_on"


def test_a_plan_ending_before_it_started_is_refused(on_plan, people):
    with pytest.raises(ApplicationError) as e:
        services.plan_end(actor=people.manager, plan=on_plan.plan, ended_on=dt.date(2027, 1, 6), reason="died")
    assert e.value.message == "The plan cannot end before it started on 7 January 2027"
    assert e.value.field == "ended_on"
    on_plan.plan.refresh_from_db()
    assert on_plan.plan.ended_on is None


def test_a_category_that_is_not_a_category_is_refused(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    conference = journey.convene(dt.date(2027, 1, 7))
    with pytest.raises(ApplicationError) as e:
        journey.record(conference, dt.date(2027, 1, 7), category="BRUISE")
    assert e.value.message == (
        "Choose a category of abuse: neglect, physical abuse, emotional abuse, sexual abuse or multiple"
    )
    assert e.value.field == "category"
    assert not ProtectionPlan.objects.exists()


def test_changing_to_a_category_that_is_not_a_category_is_refused(on_plan, people):
    with pytest.raises(ApplicationError) as e:
        services.plan_change_category(
            actor=people.chair, plan=on_plan.plan, category="neglect", changed_on=dt.date(2027, 2, 1)
        )
    assert e.value.field == "category"
    assert "Choose a category of abuse" in e.value.message
    assert not CategoryChange.objects.exists()


def test_a_category_change_is_kept_with_its_history(on_plan, people):
    services.plan_change_category(
        actor=people.chair, plan=on_plan.plan, category="PHY", changed_on=dt.date(2027, 2, 1), reason="New injury"
    )
    on_plan.plan.refresh_from_db()
    assert (on_plan.plan.initial_category, on_plan.plan.category) == ("NEG", "PHY")
    change = on_plan.plan.category_changes.get()
    assert (change.from_category, change.to_category, change.changed_on) == ("NEG", "PHY", dt.date(2027, 2, 1))


def test_an_initial_conference_without_a_section_47_recommending_it_is_refused(journey, people):
    with pytest.raises(ApplicationError) as e:
        journey.convene(dt.date(2027, 1, 7))
    assert e.value.message == (
        "There is no section 47 enquiry recommending an initial child protection conference for Amelia Rowntree. "
        "Complete the enquiry with that outcome first"
    )
    assert e.value.field == "kind"


def test_an_initial_conference_after_a_section_47_recommending_no_conference_is_refused(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2026, 12, 18), outcome="nfa")
    with pytest.raises(ApplicationError, match="no section 47 enquiry recommending"):
        journey.convene(dt.date(2027, 1, 7))


def test_a_review_conference_without_a_plan_is_refused(journey, people):
    with pytest.raises(ApplicationError) as e:
        journey.convene(dt.date(2027, 1, 7), kind="review")
    assert e.value.message == "A review conference needs a child protection plan: Amelia Rowntree is not on one"
    assert e.value.field == "kind"


def test_a_conference_at_a_weekend_is_refused(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2026, 12, 18))
    with pytest.raises(ApplicationError) as e:
        journey.convene(dt.date(2027, 1, 9))
    assert e.value.message == "A conference cannot be on a Saturday. Choose a weekday"


def test_the_lead_practitioner_must_be_a_social_worker(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    conference = journey.convene(dt.date(2027, 1, 7))
    for not_a_social_worker, role in ((people.health_visitor, "partner agency practitioner"), (people.chair, None)):
        with pytest.raises(ApplicationError) as e:
            journey.record(conference, dt.date(2027, 1, 7), lead_practitioner=not_a_social_worker)
        assert e.value.field == "lead_practitioner"
        assert e.value.message.startswith(
            "The lead practitioner for a child on a child protection plan must be a social worker."
        )
        if role:
            assert e.value.message.endswith(f"Jo Whitaker is a {role}")
    journey.record(conference, dt.date(2027, 1, 7), lead_practitioner=people.worker)
    assert ProtectionPlan.objects.get().lead_practitioner == people.worker


def test_a_plan_needs_a_lead_practitioner(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    conference = journey.convene(dt.date(2027, 1, 7))
    with pytest.raises(ApplicationError) as e:
        journey.record(conference, dt.date(2027, 1, 7), lead_practitioner=None)
    assert e.value.message == "Choose the lead practitioner for the plan"


def test_a_conference_without_a_quorum_is_refused_unless_the_chair_says_why(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    conference = journey.convene(dt.date(2027, 1, 7))
    attendance = {
        i.pk: "attended" if i.user_id in (people.chair.pk, people.worker.pk, people.school.pk) else "apologies"
        for i in conference.meeting.invitations.all()
    }
    with pytest.raises(ApplicationError) as e:
        journey.record(conference, dt.date(2027, 1, 7), attendance=attendance)
    assert e.value.message.startswith("The conference is not quorate: 1 more agency besides children's social care.")
    assert e.value.field == "attendance"
    conference.refresh_from_db()
    assert conference.held_on is None

    journey.record(
        conference, dt.date(2027, 1, 7), attendance=attendance, inquorate_reason="Police and health sent reports"
    )
    conference.refresh_from_db()
    assert conference.decision == "plan" and conference.inquorate_reason == "Police and health sent reports"


def test_a_conference_with_children_s_social_care_and_two_other_agencies_is_quorate(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    conference = journey.convene(dt.date(2027, 1, 7))
    present = (people.worker.pk, people.school.pk, people.gp.pk)
    attendance = {i.pk: "attended" if i.user_id in present else "absent" for i in conference.meeting.invitations.all()}
    journey.record(conference, dt.date(2027, 1, 7), attendance=attendance)
    conference.refresh_from_db()
    assert conference.decision == "plan" and conference.inquorate_reason == ""


def test_a_strategy_discussion_without_the_police_is_not_quorate(journey, people):
    strategy = services.strategy_discussion_convene(
        actor=people.worker,
        children=[services.ChildConcerns(episode=people.episode, concerns="Bruising")],
        starts_at=at(dt.date(2026, 12, 14)),
    )
    row = strategy.children.get()
    attendance = {
        i.pk: "apologies" if i.user_id == people.police.pk else "attended" for i in strategy.meeting.invitations.all()
    }
    with pytest.raises(ApplicationError) as e:
        services.strategy_discussion_record(
            actor=people.worker,
            strategy=strategy,
            held_on=dt.date(2026, 12, 14),
            attendance=attendance,
            decisions={row.pk: services.ChildDecision(section_47=True, reason="Harm")},
        )
    assert e.value.message == (
        "The strategy discussion is not quorate: police did not take part. "
        "Children's social care, the police and health must all take part"
    )
    strategy.refresh_from_db()
    assert strategy.held_on is None and not strategy.section_47s.exists()


def test_a_strategy_discussion_needs_police_and_health_invited(journey, people):
    people.police.involvements.all().delete()
    with pytest.raises(ApplicationError) as e:
        services.strategy_discussion_convene(
            actor=people.worker,
            children=[services.ChildConcerns(episode=people.episode, concerns="Bruising")],
            starts_at=at(dt.date(2026, 12, 14)),
        )
    assert e.value.message == (
        "Invite someone from the police: a strategy discussion needs children's social care, the police and health"
    )
    assert e.value.field == "invitees"


def test_a_strategy_discussion_decision_needs_a_reason(journey, people):
    strategy = services.strategy_discussion_convene(
        actor=people.worker,
        children=[services.ChildConcerns(episode=people.episode, concerns="Bruising")],
        starts_at=at(dt.date(2026, 12, 14)),
    )
    row = strategy.children.get()
    with pytest.raises(ApplicationError) as e:
        services.strategy_discussion_record(
            actor=people.worker,
            strategy=strategy,
            held_on=dt.date(2026, 12, 14),
            attendance=all_attended(strategy.meeting),
            decisions={row.pk: services.ChildDecision(section_47=False, reason="  ")},
        )
    assert (e.value.message, e.value.field) == ("Enter the reason for the decision", f"child_{row.pk}_reason")


def test_a_strategy_discussion_before_the_referral_is_refused(journey, people):
    with pytest.raises(ApplicationError) as e:
        services.strategy_discussion_convene(
            actor=people.worker,
            children=[services.ChildConcerns(episode=people.episode, concerns="Bruising")],
            starts_at=at(dt.date(2026, 12, 9)),
        )
    assert e.value.message == "The strategy discussion cannot be before the referral on 10 December 2026"


def test_a_section_47_completed_before_it_started_is_refused(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    with pytest.raises(ApplicationError) as e:
        journey.section47(dt.date(2026, 12, 11))
    assert e.value.message == "The enquiry cannot be completed before it started on 14 December 2026"


def test_assessment_factors_must_be_census_codes_and_no_factors_stands_alone(journey, people):
    assessment = services.assessment_start(
        actor=people.worker, episode=people.episode, started_on=dt.date(2026, 12, 11)
    )
    for factors, message in (
        (["99Z"], '"99Z" is not a factor code of the children in need census'),
        (["21", "3B"], '"No factors identified" cannot be chosen with other factors'),
        ([], 'Choose the factors identified at the assessment, or "No factors identified"'),
    ):
        with pytest.raises(ApplicationError) as e:
            services.assessment_authorise(
                actor=people.manager, assessment=assessment, authorised_on=dt.date(2027, 1, 20), factors=factors
            )
        assert (e.value.message, e.value.field) == (message, "factors")


def test_an_assessment_is_authorised_by_a_manager_not_the_social_worker(journey, people):
    assessment = services.assessment_start(
        actor=people.worker, episode=people.episode, started_on=dt.date(2026, 12, 11)
    )
    with pytest.raises(PermissionDenied):
        services.assessment_authorise(
            actor=people.worker, assessment=assessment, authorised_on=dt.date(2027, 1, 20), factors=["21"]
        )


def test_a_partner_practitioner_cannot_record_a_conference(journey, people):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    conference = journey.convene(dt.date(2027, 1, 7))
    with pytest.raises(PermissionDenied):
        services.conference_record(
            actor=people.police, conference=conference, held_on=dt.date(2027, 1, 7), decision="no_plan"
        )


def test_a_visit_before_the_plan_or_in_the_future_is_refused(on_plan, people):
    with pytest.raises(ApplicationError, match="cannot be before the plan started on 7 January 2027"):
        services.visit_record(actor=people.worker, plan=on_plan.plan, visited_on=dt.date(2027, 1, 6), seen_alone=True)
    with pytest.raises(ApplicationError, match="must be today or in the past"):
        services.visit_record(actor=people.worker, plan=on_plan.plan, visited_on=dt.date(2028, 1, 6), seen_alone=True)
    with pytest.raises(ApplicationError, match="Choose whether the child was seen alone"):
        services.visit_record(actor=people.worker, plan=on_plan.plan, visited_on=dt.date(2027, 1, 8), seen_alone=None)


def test_a_plan_ends_on_a_review_decision_only_through_the_review(on_plan, people):
    with pytest.raises(ApplicationError) as e:
        services.plan_end(actor=people.chair, plan=on_plan.plan, ended_on=dt.date(2027, 3, 1), reason="review_decision")
    assert e.value.field == "reason"
    review = on_plan.convene(dt.date(2027, 4, 1), kind="review")
    on_plan.record(review, dt.date(2027, 4, 1), decision="end", category="")
    on_plan.plan.refresh_from_db()
    assert (on_plan.plan.ended_on, on_plan.plan.end_reason) == (dt.date(2027, 4, 1), "review_decision")


def test_a_second_plan_while_one_is_open_is_refused(on_plan, people):
    with pytest.raises(ApplicationError, match="already on a child protection plan"):
        on_plan.convene(dt.date(2027, 2, 1), kind="transfer_in", transfer_notified_on=dt.date(2027, 1, 25))
