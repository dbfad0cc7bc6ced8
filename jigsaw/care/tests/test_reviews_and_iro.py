"""Reviews (meetings engine) on the reg 33 timescales; the IRO allocated, monitoring, concerns
escalated until resolved; health, education and visits on their clocks; care leavers."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.care import services
from jigsaw.care.models import CareLeaverContact
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import MeetingKind
from jigsaw.timescales.calendar import add_calendar_months
from jigsaw.timescales.models import Clock

from .conftest import LONDON, START


def at(day, hour=10):
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def running(person, key):
    return Clock.objects.filter(person=person, rule_key=key).open().first()


def test_reviews_run_20_working_days_then_3_months_then_6_months(cast, in_care):
    services.iro_allocate(actor=cast.manager, period=in_care, iro=cast.iro, allocated_on=dt.date(2027, 1, 6))
    first = services.review_convene(actor=cast.worker, period=in_care, starts_at=at(dt.date(2027, 1, 28)))
    assert first.meeting.kind == MeetingKind.LAC_REVIEW and first.meeting.chair == cast.iro
    with pytest.raises(ApplicationError, match="already convened"):
        services.review_convene(actor=cast.worker, period=in_care, starts_at=at(dt.date(2027, 1, 29)))
    services.review_record(actor=cast.iro, review=first, held_on=dt.date(2027, 1, 28), participation="PN1")
    met = Clock.objects.get(person=cast.child, rule_key="lac_first_review")
    assert met.met_on == dt.date(2027, 1, 28) and met.met_on <= met.due_on
    second_clock = running(cast.child, "lac_second_review")
    assert second_clock.due_on == add_calendar_months(dt.date(2027, 1, 28), 3)
    second = services.review_convene(actor=cast.iro, period=in_care, starts_at=at(dt.date(2027, 4, 20)))
    services.review_record(actor=cast.iro, review=second, held_on=dt.date(2027, 4, 20), participation="PN5")
    assert running(cast.child, "lac_second_review") is None
    assert running(cast.child, "lac_review").due_on == add_calendar_months(dt.date(2027, 4, 20), 6)
    assert ChronologyEntry.objects.filter(person=cast.child, kind="lac_review").count() == 2
    from jigsaw.care.selectors import ssda903_reviews

    rows = ssda903_reviews(user=cast.worker, year_start=dt.date(2026, 4, 1), year_end=dt.date(2027, 3, 31))
    assert rows == [{"CHILD": cast.child.council_id, "REVIEW": "28/01/2027", "REVIEW_CODE": "PN1"}]


def test_a_review_needs_a_participation_code_and_pn0_only_under_4(cast, in_care):
    review = services.review_convene(actor=cast.worker, period=in_care, starts_at=at(dt.date(2027, 1, 28)))
    with pytest.raises(ApplicationError, match="how the child took part"):
        services.review_record(actor=cast.iro, review=review, held_on=dt.date(2027, 1, 28), participation="PN9")
    with pytest.raises(ApplicationError, match="under 4"):
        services.review_record(actor=cast.iro, review=review, held_on=dt.date(2027, 1, 28), participation="PN0")
    with pytest.raises(ApplicationError, match="before the child came into care"):
        services.review_record(actor=cast.iro, review=review, held_on=dt.date(2026, 12, 1), participation="PN1")


def test_a_child_under_4_takes_part_as_pn0(cast, in_care):
    # SSDA903 rule 441: under 4 on the day of the review is PN0, however the review went.
    cast.child.date_of_birth = dt.date(2023, 6, 1)
    cast.child.save(update_fields=["date_of_birth"])
    review = services.review_convene(actor=cast.worker, period=in_care, starts_at=at(dt.date(2027, 1, 28)))
    with pytest.raises(ApplicationError, match="choose PN0"):
        services.review_record(actor=cast.iro, review=review, held_on=dt.date(2027, 1, 28), participation="PN1")
    services.review_record(actor=cast.iro, review=review, held_on=dt.date(2027, 1, 28), participation="PN0")


def test_only_the_iro_records_a_review(cast, in_care):
    from django.core.exceptions import PermissionDenied

    review = services.review_convene(actor=cast.worker, period=in_care, starts_at=at(dt.date(2027, 1, 28)))
    with pytest.raises(PermissionDenied):
        services.review_record(actor=cast.worker, review=review, held_on=dt.date(2027, 1, 28), participation="PN1")


def test_the_iro_is_allocated_and_sees_the_child_on_my_work(cast, in_care):
    services.iro_allocate(actor=cast.manager, period=in_care, iro=cast.iro, allocated_on=dt.date(2027, 1, 6))
    in_care.refresh_from_db()
    assert in_care.iro == cast.iro
    assert cast.child.involvements.filter(user=cast.iro, ended_on__isnull=True).exists()
    assert Clock.objects.get(person=cast.child, rule_key="iro_allocation").met_on == dt.date(2027, 1, 6)
    with pytest.raises(ApplicationError, match="Choose an independent reviewing officer"):
        services.iro_allocate(actor=cast.manager, period=in_care, iro=cast.worker, allocated_on=dt.date(2027, 1, 6))


def test_a_concern_is_escalated_stage_by_stage_until_resolved(cast, in_care):
    concern = services.concern_raise(
        actor=cast.iro, period=in_care, raised_on=dt.date(2027, 2, 1), summary="The care plan has no permanence plan."
    )
    with pytest.raises(ApplicationError, match="Choose who the concern is escalated to"):
        services.concern_escalate(
            actor=cast.iro, concern=concern, stage="team_manager", escalated_on=dt.date(2027, 2, 8)
        )
    services.concern_escalate(
        actor=cast.iro,
        concern=concern,
        stage="team_manager",
        escalated_on=dt.date(2027, 2, 8),
        escalated_to=cast.manager,
    )
    with pytest.raises(ApplicationError, match="choose a later stage"):
        services.concern_escalate(actor=cast.iro, concern=concern, stage="informal", escalated_on=dt.date(2027, 2, 9))
    with pytest.raises(ApplicationError, match="before the last step"):
        services.concern_escalate(
            actor=cast.iro, concern=concern, stage="head_of_service", escalated_on=dt.date(2027, 2, 2)
        )
    services.concern_escalate(actor=cast.iro, concern=concern, stage="cafcass", escalated_on=dt.date(2027, 3, 1))
    assert [s.stage for s in concern.steps.all()] == ["informal", "team_manager", "cafcass"]
    assert ChronologyEntry.objects.filter(person=cast.child, kind="iro_cafcass_referral").exists()
    with pytest.raises(ApplicationError, match="before it was raised"):
        services.concern_resolve(actor=cast.iro, concern=concern, resolved_on=dt.date(2027, 1, 1), resolution="x")
    services.concern_resolve(
        actor=cast.iro, concern=concern, resolved_on=dt.date(2027, 3, 15), resolution="Permanence plan agreed."
    )
    concern.refresh_from_db()
    assert not concern.is_open


def test_an_escalated_concern_reaches_the_person_who_must_answer_it(cast, in_care, make_user):
    from jigsaw.notifications.models import Notification

    concern = services.concern_raise(
        actor=cast.iro, period=in_care, raised_on=dt.date(2027, 2, 1), summary="No life story work."
    )
    with pytest.raises(ApplicationError) as refused:
        services.concern_escalate(
            actor=cast.iro,
            concern=concern,
            stage="team_manager",
            escalated_on=dt.date(2027, 2, 8),
            escalated_to=make_user(),  # a social worker is not a manager
        )
    assert refused.value.field == "escalated_to"
    step = services.concern_escalate(
        actor=cast.iro,
        concern=concern,
        stage="team_manager",
        escalated_on=dt.date(2027, 2, 8),
        escalated_to=cast.manager,
    )
    assert step.escalated_to == cast.manager
    clock = Clock.objects.get(person=cast.child, rule_key="iro_concern_response")
    assert (clock.owner, clock.started_on, clock.due_on) == (cast.manager, dt.date(2027, 2, 8), dt.date(2027, 2, 15))
    told = Notification.objects.get(recipient=cast.manager)
    assert "Priya Nair escalated a concern about Amelia Rowntree's care to you" in told.title
    assert told.url == f"/children-in-care/people/{cast.child.pk}/#concerns"

    head = make_user(Role.TEAM_MANAGER, full_name="Sunita Rao")
    services.concern_escalate(
        actor=cast.iro, concern=concern, stage="head_of_service", escalated_on=dt.date(2027, 2, 16), escalated_to=head
    )
    clock.refresh_from_db()
    assert clock.met_on == dt.date(2027, 2, 16)  # answered by the escalation: off the manager's list
    services.concern_resolve(
        actor=cast.iro, concern=concern, resolved_on=dt.date(2027, 2, 18), resolution="Life story work booked."
    )
    assert not Clock.objects.filter(person=cast.child, rule_key="iro_concern_response").open().exists()


def test_health_assessments_run_6_months_under_5_and_12_months_from_5(cast, in_care, make_user):
    services.health_assessment_record(actor=cast.worker, period=in_care, kind="initial", done_on=dt.date(2027, 1, 20))
    assert Clock.objects.get(person=cast.child, rule_key="lac_initial_health").met_on == dt.date(2027, 1, 20)
    assert running(cast.child, "lac_health_review").due_on == dt.date(2028, 1, 20)
    with pytest.raises(ApplicationError, match="already recorded"):
        services.health_assessment_record(
            actor=cast.worker, period=in_care, kind="initial", done_on=dt.date(2027, 2, 1)
        )

    from jigsaw.people.tests.factories import PersonFactory

    baby = PersonFactory(date_of_birth=dt.date(2025, 6, 1))
    period = services.period_start(
        actor=cast.worker,
        person=baby,
        started_on=START,
        legal_status="L2",
        category_of_need="N1",
        placement=services.Placement(placement_type="U6", provider="PR1", urn="SC999001", postcode="NB1 2AB"),
    )
    services.health_assessment_record(actor=cast.worker, period=period, kind="initial", done_on=dt.date(2027, 1, 20))
    assert running(baby, "lac_health_review_under_5").due_on == dt.date(2027, 7, 20)


def test_education_plans_and_visits_run_on_their_clocks(cast, in_care):
    services.education_plan_record(actor=cast.worker, period=in_care, done_on=dt.date(2027, 1, 15))
    assert Clock.objects.get(person=cast.child, rule_key="pep_initial").met_on == dt.date(2027, 1, 15)
    assert running(cast.child, "pep_review").due_on == dt.date(2027, 5, 15)
    services.visit_record(actor=cast.worker, period=in_care, visited_on=dt.date(2027, 1, 8), seen_alone=True)
    assert Clock.objects.get(person=cast.child, rule_key="lac_first_visit").met_on == dt.date(2027, 1, 8)
    assert running(cast.child, "lac_visit").due_on == dt.date(2027, 2, 19)
    services.visit_record(actor=cast.worker, period=in_care, visited_on=dt.date(2027, 2, 15), seen_alone=False)
    assert running(cast.child, "lac_visit").due_on == dt.date(2027, 3, 29)
    with pytest.raises(ApplicationError, match="before the child came into care"):
        services.visit_record(actor=cast.worker, period=in_care, visited_on=dt.date(2026, 2, 15), seen_alone=False)


def test_care_leavers_are_followed_up_with_the_903_codes(cast, in_care):
    with pytest.raises(ApplicationError, match="not a care leaver"):
        services.care_leaver_contact_record(
            actor=cast.worker,
            person=cast.child,
            contacted_on=dt.date(2027, 5, 1),
            in_touch="YES",
            activity="F2",
            accommodation="U1",
        )
    services.period_end(actor=cast.worker, period=in_care, ended_on=dt.date(2027, 4, 1), reason="E5")
    for accommodation, message in (("S1", "accommodation"), ("Q1", "accommodation")):
        with pytest.raises(ApplicationError, match=message):
            services.care_leaver_contact_record(
                actor=cast.worker,
                person=cast.child,
                contacted_on=dt.date(2027, 5, 1),
                in_touch="YES",
                activity="F2",
                accommodation=accommodation,
            )
    with pytest.raises(ApplicationError, match="on or after the child left care"):
        services.care_leaver_contact_record(
            actor=cast.worker,
            person=cast.child,
            contacted_on=dt.date(2027, 3, 1),
            in_touch="YES",
            activity="F2",
            accommodation="U1",
        )
    services.care_leaver_contact_record(
        actor=cast.worker,
        person=cast.child,
        contacted_on=dt.date(2027, 5, 1),
        in_touch="YES",
        activity="G5",
        accommodation="S2",
    )
    assert CareLeaverContact.objects.get(person=cast.child).accommodation == "S2"
    from jigsaw.care.selectors import ssda903_care_leavers

    rows = ssda903_care_leavers(user=cast.worker, year_start=dt.date(2027, 4, 1), year_end=dt.date(2028, 3, 31))
    assert rows == [{"CHILD": cast.child.council_id, "IN_TOUCH": "YES", "ACTIV": "G5", "ACCOM": "S2"}]
