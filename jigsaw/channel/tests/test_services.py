"""The Channel rules, through the services: consent before support, the assessment, the panel's
decisions, support, leaving Channel and the reviews after, and bad input refused in plain English."""

import datetime as dt

import pytest
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.channel import services
from jigsaw.channel.choices import CaseStage, ConsentFrom, ConsentStatus, Decision, Rating
from jigsaw.channel.deadlines import EXIT_REVIEW_RULES, PANEL_REVIEW
from jigsaw.channel.models import ChannelCase, ExitReview
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Decision as MeetingDecision
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.models import Clock

from .conftest import days_ago, ratings

pytestmark = pytest.mark.django_db


def _error(excinfo) -> tuple[str, str | None]:
    return excinfo.value.message, excinfo.value.field


def test_a_child_referred_needs_parental_consent_and_capacity_considered(walk, child):
    case = walk.refer(child)
    assert case.subject_is_child and case.stage == CaseStage.AWAITING_CONSENT
    with pytest.raises(ApplicationError) as e:
        services.consent_record(
            actor=walk.chair,
            case=case,
            status="given",
            recorded_on=days_ago(50),
            consent_from=ConsentFrom.PERSON,
            capacity_considered=True,
        )
    assert "parental responsibility" in e.value.message and e.value.field == "consent_from"
    with pytest.raises(ApplicationError) as e:
        services.consent_record(
            actor=walk.chair,
            case=case,
            status="given",
            recorded_on=days_ago(50),
            consent_from=ConsentFrom.PARENTAL_RESPONSIBILITY,
            capacity_considered=True,
        )
    assert _error(e) == ("Enter the name of the person with parental responsibility", "given_by_name")
    with pytest.raises(ApplicationError) as e:
        services.consent_record(
            actor=walk.chair,
            case=case,
            status="given",
            recorded_on=days_ago(50),
            consent_from=ConsentFrom.PARENTAL_RESPONSIBILITY,
            given_by_name="Lorna Ashdown",
        )
    assert e.value.field == "capacity_considered"
    walk.consent(case)
    case.refresh_from_db()
    assert case.consent_status == ConsentStatus.GIVEN and case.stage == CaseStage.AWAITING_ASSESSMENT


def test_an_adult_gives_their_own_consent(walk, adult):
    case = walk.refer(adult)
    assert not case.subject_is_child
    with pytest.raises(ApplicationError) as e:
        services.consent_record(
            actor=walk.chair,
            case=case,
            status="given",
            recorded_on=days_ago(50),
            consent_from=ConsentFrom.PARENTAL_RESPONSIBILITY,
            given_by_name="Someone",
            capacity_considered=True,
        )
    assert "is an adult" in e.value.message
    walk.consent(case)


def test_refused_consent_needs_the_other_support_considered_and_closes_the_case(walk, child):
    case = walk.refer(child)
    with pytest.raises(ApplicationError) as e:
        services.consent_record(
            actor=walk.chair, case=case, status="refused", recorded_on=days_ago(50), given_by_name="Lorna Ashdown"
        )
    assert e.value.field == "alternative_support"
    services.consent_record(
        actor=walk.chair,
        case=case,
        status="refused",
        recorded_on=days_ago(50),
        given_by_name="Lorna Ashdown",
        alternative_support="Referred to children's social care for early help",
    )
    case.refresh_from_db()
    assert case.stage == CaseStage.DECLINED and case.closed_on == days_ago(50)
    # A new referral may follow once the case is closed.
    assert walk.refer(child, received=10).pk != case.pk


def test_the_panel_cannot_adopt_a_case_without_consent(walk, child):
    case = walk.refer(child)
    walk.assess(case)
    meeting = walk.panel()
    review = services.panel_case_add(actor=walk.chair, meeting=meeting, case=case)
    with pytest.raises(ApplicationError) as e:
        services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.ADOPT, reasons="Agreed")
    assert "cannot start without the consent of a person with parental responsibility" in e.value.message
    case.refresh_from_db()
    assert not case.decision
    # Not adopting is always open to the panel; the case closes.
    services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.NOT_ADOPT, reasons="Low risk")
    case.refresh_from_db()
    assert case.stage == CaseStage.NOT_ADOPTED and case.closed_on


def test_the_panel_needs_an_assessment_before_adopting(walk, adult):
    case = walk.refer(adult)
    walk.consent(case)
    meeting = walk.panel()
    review = services.panel_case_add(actor=walk.chair, meeting=meeting, case=case)
    with pytest.raises(ApplicationError, match="vulnerability assessment"):
        services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.ADOPT, reasons="Agreed")


def test_the_assessment_rates_all_22_factors_with_evidence(walk, child):
    case = walk.refer(child)
    partial = ratings()
    del partial["criminal_history"]
    with pytest.raises(ApplicationError) as e:
        services.assessment_record(actor=walk.chair, case=case, assessed_on=days_ago(50), ratings=partial, summary="x")
    assert _error(e) == ("Choose a rating for criminal history", "criminal_history_rating")
    no_evidence = ratings() | {"grievance": (Rating.HIGH, "")}
    with pytest.raises(ApplicationError) as e:
        services.assessment_record(
            actor=walk.chair, case=case, assessed_on=days_ago(50), ratings=no_evidence, summary="x"
        )
    assert e.value.field == "grievance_evidence"
    first = walk.assess(case, on=50)
    second = walk.assess(case, on=20, level=Rating.LOW)
    assert first.ratings.count() == 22 and second.ratings.count() == 22
    kinds = set(ChronologyEntry.objects.filter(person=child).values_list("summary", flat=True))
    assert "Channel vulnerability assessment repeated to track progress" in kinds


def test_adoption_starts_the_monthly_panel_review_clock_and_continuing_restarts_it(walk, child):
    case = walk.adopted(child)
    assert case.stage == CaseStage.ADOPTED and case.decision_on == days_ago(45)
    clock = Clock.objects.get(rule_key=PANEL_REVIEW, met_on__isnull=True)
    assert clock.started_on == days_ago(45) and clock.person == child
    # The decision is in the panel's papers, about this person.
    assert MeetingDecision.objects.filter(person=child, code=Decision.ADOPT).exists()
    meeting = walk.panel(on=10)
    review = services.panel_case_add(actor=walk.chair, meeting=meeting, case=case)
    with pytest.raises(ApplicationError, match="Choose one of"):
        services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.ADOPT, reasons="Again")
    services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.CONTINUE, reasons="Progress")
    clocks = Clock.objects.filter(rule_key=PANEL_REVIEW).order_by("started_on")
    assert [c.started_on for c in clocks] == [days_ago(45), days_ago(10)]
    assert clocks[0].met_on == days_ago(10) and clocks[1].met_on is None


def test_support_only_for_an_adopted_case_with_dates_in_order(walk, child, adult):
    pending = walk.refer(adult)
    with pytest.raises(ApplicationError, match="adopted"):
        services.intervention_add(
            actor=walk.chair, case=pending, kind="mentoring", provider="Intervention Provider", started_on=days_ago(5)
        )
    case = walk.adopted(child)
    with pytest.raises(ApplicationError) as e:
        services.intervention_add(actor=walk.chair, case=case, kind="mentoring", provider="IP", started_on=days_ago(60))
    assert e.value.field == "started_on" and "before the panel adopted" in e.value.message
    with pytest.raises(ApplicationError) as e:
        services.intervention_add(
            actor=walk.chair, case=case, kind="mentoring", provider="IP", started_on=days_ago(20), ended_on=days_ago(30)
        )
    assert e.value.field == "ended_on"
    with pytest.raises(ApplicationError) as e:
        services.intervention_add(actor=walk.chair, case=case, kind="mentoring", provider=" ", started_on=days_ago(20))
    assert e.value.field == "provider"
    support = services.intervention_add(
        actor=walk.chair, case=case, kind="mentoring", provider="Intervention Provider", started_on=days_ago(40)
    )
    services.intervention_update(actor=walk.chair, intervention=support, progress="Engaging well")
    support.refresh_from_db()
    assert support.progress == "Engaging well"


def test_leaving_channel_sets_reviews_at_6_and_12_months(walk, child):
    case = walk.adopted(child)
    services.intervention_add(
        actor=walk.chair, case=case, kind="education", provider="Northbridge College", started_on=days_ago(40)
    )
    meeting = walk.panel(on=5)
    review = services.panel_case_add(actor=walk.chair, meeting=meeting, case=case)
    services.panel_decision_record(
        actor=walk.chair, review=review, decision=Decision.EXIT_RISK_REDUCED, reasons="Vulnerability much reduced"
    )
    case.refresh_from_db()
    assert case.stage == CaseStage.EXITED and case.exited_on == days_ago(5) and case.closed_on == days_ago(5)
    assert not case.interventions.filter(ended_on__isnull=True).exists()
    reviews = list(ExitReview.objects.filter(case=case).order_by("months"))
    assert [r.months for r in reviews] == [6, 12]
    for r in reviews:
        clock = Clock.objects.get(rule_key=EXIT_REVIEW_RULES[r.months], object_id=r.pk)
        assert clock.started_on == days_ago(5) and clock.due_on == r.due_on
    assert not Clock.objects.filter(rule_key=PANEL_REVIEW, met_on__isnull=True, stopped_on__isnull=True).exists()
    with pytest.raises(ApplicationError) as e:
        services.exit_review_record(
            actor=walk.chair, review=reviews[0], reviewed_on=days_ago(10), outcome="no_concerns", notes="Fine"
        )
    assert e.value.field == "reviewed_on"
    services.exit_review_record(
        actor=walk.chair, review=reviews[0], reviewed_on=days_ago(1), outcome="no_concerns", notes="Settled at college"
    )
    assert Clock.objects.get(rule_key=EXIT_REVIEW_RULES[6]).met_on == days_ago(1)


def test_channel_events_reach_the_chronology_restricted_to_channel(walk, child):
    walk.adopted(child)
    entries = ChronologyEntry.objects.filter(person=child)
    assert entries.count() >= 4
    assert set(entries.values_list("restricted_area", flat=True)) == {RestrictedArea.CHANNEL}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"received_on": timezone.localdate() + dt.timedelta(days=1)}, "received_on", "today or in the past"),
        ({"received_on": None}, "received_on", "Enter the date"),
        ({"concern_type": "not_a_type"}, "concern_type", "Choose the type of concern"),
        ({"concerns": "  "}, "concerns", "Enter the concerns"),
        ({"received_from": ""}, "received_from", "Enter who the referral came from"),
        ({"gateway_outcome": "not_appropriate"}, "gateway_outcome", "police-led Prevent"),
    ],
)
def test_bad_referrals_are_refused_in_plain_english(walk, child, change, field, words):
    with pytest.raises(ApplicationError) as e:
        walk.refer(child, **change)
    assert e.value.field == field and words in e.value.message
    assert not ChannelCase.objects.exists()


def test_one_open_case_per_person(walk, child):
    walk.refer(child)
    with pytest.raises(ApplicationError, match="already has an open Channel case"):
        walk.refer(child, received=5)


def test_a_person_not_yet_known_is_added_visible_only_to_channel(walk):
    case = services.case_refer_new_person(
        actor=walk.chair,
        person_data={"given_names": "Tamsin", "family_name": "Rolfe"},
        subject_is_child=True,
        received_on=days_ago(3),
        received_from="Counter-terrorism policing",
        concern_type="mixed_unclear_unstable",
        concerns="Searching for school attack material",
    )
    assert case.person.restricted_area == RestrictedArea.CHANNEL and case.subject_is_child
    # Seen on the coordinator's "My work" through an involvement, since only Channel sees the person.
    assert case.person.involvements.filter(user=walk.chair, service="Channel").exists()


def test_without_a_date_of_birth_the_referral_says_whether_the_person_is_a_child(walk):
    person = PersonFactory(date_of_birth=None)
    with pytest.raises(ApplicationError) as e:
        walk.refer(person)
    assert e.value.field == "subject_is_child"


def test_only_channel_members_may_refer(make_user, child):
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.LADO_OFFICER):
        with pytest.raises(ApplicationError, match="Only members of the Channel panel"):
            services.case_refer(
                actor=make_user(role),
                person=child,
                received_on=days_ago(1),
                received_from="Police",
                concern_type="other",
                concerns="x",
            )


def test_a_decision_cannot_be_recorded_before_the_panel_meets(walk, adult):
    case = walk.refer(adult)
    meeting = services.panel_convene(
        actor=walk.chair, starts_at=timezone.now() + dt.timedelta(days=7), location="Civic Centre"
    )
    review = services.panel_case_add(actor=walk.chair, meeting=meeting, case=case)
    with pytest.raises(ApplicationError, match="from the day of the panel"):
        services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.NOT_ADOPT, reasons="x")
    with pytest.raises(ApplicationError, match="already on this panel"):
        services.panel_case_add(actor=walk.chair, meeting=meeting, case=case)


def test_another_panel_member_may_add_the_first_case(walk, make_user, adult):
    case = walk.refer(adult)
    meeting = walk.panel(on=2)
    colleague = make_user(Role.CHANNEL_CHAIR)
    review = services.panel_case_add(actor=colleague, meeting=meeting, case=case)
    services.panel_decision_record(actor=colleague, review=review, decision=Decision.NOT_ADOPT, reasons="Signposted")
