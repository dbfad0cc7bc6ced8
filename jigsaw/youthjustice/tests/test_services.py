"""The business rules of youth justice, through the services: what is refused (with a clear
message, nothing saved) and what each action does besides saving (chronology, clocks, My work)."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.models import Clock
from jigsaw.youthjustice import services as svc
from jigsaw.youthjustice.models import Assessment, Offence, Outcome, RestorativeWork, YouthJusticeCase

pytestmark = pytest.mark.django_db


def offence(yj_, day=dt.date(2027, 1, 2), **kw):
    data = {"description": "Theft of a bicycle", "category": "theft", "gravity": 2, **kw}
    return svc.offence_record(actor=yj_.officer, case=yj_.case, committed_on=day, **data)


def test_opening_a_case_allocates_the_officer_and_records_the_referral(yj):
    involvement = Involvement.objects.get(person=yj.person, user=yj.officer)
    assert (involvement.kind, involvement.service) == ("allocated", "Youth justice")
    entry = ChronologyEntry.objects.get(person=yj.person, kind="yj_case_opened")
    assert "Referred to the youth justice service" in entry.summary


def test_a_child_under_10_cannot_have_a_case_and_a_second_open_case_is_refused(officer, yj):
    child = PersonFactory(date_of_birth=dt.date(2018, 1, 1))
    with pytest.raises(ApplicationError, match="under 10"):
        svc.case_open(actor=officer, person=child, referred_on=dt.date(2027, 6, 1))
    with pytest.raises(ApplicationError, match="already has an open youth justice case"):
        svc.case_open(actor=officer, person=yj.person, referred_on=dt.date(2027, 6, 1))
    assert YouthJusticeCase.objects.count() == 1


def test_only_youth_justice_officers_may_open_a_case(make_user, young_person):
    with pytest.raises(ApplicationError, match="Your role does not include"):
        svc.case_open(actor=make_user(Role.SOCIAL_WORKER), person=young_person, referred_on=dt.date(2027, 6, 1))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2021, 2, 28), "was 9 on 28 February 2021"),
        (dt.date(2027, 6, 16), "must be today or in the past"),
    ],
)
def test_an_offence_must_be_committed_aged_10_to_17_and_not_in_the_future(yj, day, message):
    with pytest.raises(ApplicationError, match=message) as refused:
        offence(yj, day=day)
    assert refused.value.field == "committed_on"
    assert not Offence.objects.exists()


def test_an_offence_at_18_is_for_the_adult_system(officer, make_user):
    older = PersonFactory(date_of_birth=dt.date(2009, 1, 1))
    case = svc.case_open(actor=officer, person=older, referred_on=dt.date(2027, 3, 1))
    with pytest.raises(ApplicationError, match="was 18 on 2 February 2027"):
        svc.offence_record(
            actor=officer, case=case, committed_on=dt.date(2027, 2, 2), description="x", category="theft", gravity=1
        )
    # At 17 it is recorded, with its chronology entry.
    svc.offence_record(
        actor=officer,
        case=case,
        committed_on=dt.date(2026, 12, 31),
        description="Shoplifting",
        category="theft",
        gravity=1,
    )
    assert ChronologyEntry.objects.filter(person=older, kind="yj_offence").count() == 1


@pytest.mark.parametrize(("gravity", "ok"), [(0, False), (1, True), (8, True), (9, False), ("x", False)])
def test_the_gravity_score_is_1_to_8(yj, gravity, ok):
    if ok:
        assert offence(yj, gravity=gravity).gravity == gravity
    else:
        with pytest.raises(ApplicationError, match="Gravity score must be a whole number from 1 to 8"):
            offence(yj, gravity=gravity)


def test_an_order_gets_its_end_date_and_starts_the_assessment_clock(yj):
    o = offence(yj)
    order = svc.outcome_record(
        actor=yj.officer,
        case=yj.case,
        kind="referral_order",
        outcome_on=dt.date(2027, 2, 1),
        offences=[o],
        length_months=6,
        court_or_panel="Northbridge Youth Court",
    )
    assert order.ends_on == dt.date(2027, 8, 1)
    clock = Clock.objects.get(rule_key="yj_assessment", person=yj.person)
    assert clock.started_on == dt.date(2027, 2, 1)
    assert clock.due_on == dt.date(2027, 2, 22)  # 15 working days
    assert clock.owner == yj.officer


@pytest.mark.parametrize(
    ("kind", "extra", "field", "message"),
    [
        (
            "referral_order",
            {"court_or_panel": "Youth Court"},
            "length_months",
            "Enter the length of the referral order",
        ),
        ("referral_order", {"length_months": 18, "court_or_panel": "C"}, "length_months", "lasts from 3 to 12 months"),
        ("dto", {"length_months": 2, "court_or_panel": "C"}, "length_months", "lasts from 4 to 24 months"),
        ("yro", {"length_months": 12, "court_or_panel": "C"}, "requirements", "Enter the requirements"),
        ("fine", {}, "court_or_panel", "Enter the court"),
        ("youth_conditional_caution", {}, "requirements", "Enter the conditions"),
    ],
)
def test_outcomes_refuse_what_the_law_does_not_allow(yj, kind, extra, field, message):
    o = offence(yj)
    with pytest.raises(ApplicationError, match=message) as refused:
        svc.outcome_record(
            actor=yj.officer, case=yj.case, kind=kind, outcome_on=dt.date(2027, 2, 1), offences=[o], **extra
        )
    assert refused.value.field == field
    assert not Outcome.objects.exists()


def test_an_outcome_cannot_come_before_its_offence_nor_cover_a_decided_offence(yj):
    o = offence(yj, day=dt.date(2027, 1, 10))
    with pytest.raises(ApplicationError, match="cannot come before the offence"):
        svc.outcome_record(
            actor=yj.officer, case=yj.case, kind="youth_caution", outcome_on=dt.date(2027, 1, 9), offences=[o]
        )
    svc.outcome_record(
        actor=yj.officer, case=yj.case, kind="youth_caution", outcome_on=dt.date(2027, 1, 20), offences=[o]
    )
    with pytest.raises(ApplicationError, match="already has an outcome"):
        svc.outcome_record(
            actor=yj.officer, case=yj.case, kind="youth_caution", outcome_on=dt.date(2027, 1, 21), offences=[o]
        )
    with pytest.raises(ApplicationError, match="Choose the offence"):
        svc.outcome_record(
            actor=yj.officer, case=yj.case, kind="youth_caution", outcome_on=dt.date(2027, 1, 21), offences=[]
        )


def test_custody_is_a_high_significance_event_in_the_chronology(yj):
    o = offence(yj, category="robbery", gravity=6)
    svc.outcome_record(
        actor=yj.officer,
        case=yj.case,
        kind="dto",
        outcome_on=dt.date(2027, 3, 1),
        offences=[o],
        length_months=8,
        court_or_panel="Northbridge Crown Court",
    )
    entry = ChronologyEntry.objects.get(person=yj.person, kind="yj_custody")
    assert entry.significance == "high"
    assert "Detention and training order for 8 months" in entry.summary


def _assess(yj_, **kw):
    data = {
        "kind": "assetplus_start",
        "completed_on": dt.date(2027, 2, 10),
        "likelihood_of_reoffending": "medium",
        "risk_of_serious_harm": "medium",
        "safety_and_wellbeing": "low",
        "narrative": "Explanations and conclusions.",
        **kw,
    }
    return svc.assessment_record(actor=yj_.officer, case=yj_.case, **data)


def test_high_safety_concerns_are_shared_with_the_safeguarding_chronology_and_the_clock_stops(yj, make_user):
    o = offence(yj)
    caution = svc.outcome_record(
        actor=yj.officer, case=yj.case, kind="youth_caution", outcome_on=dt.date(2027, 2, 1), offences=[o]
    )
    with pytest.raises(ApplicationError, match="write what to share") as refused:
        _assess(yj, safety_and_wellbeing="very_high", outcome=caution)
    assert refused.value.field == "safety_summary"
    assessment = _assess(
        yj, safety_and_wellbeing="high", safety_summary="Going missing at night; older peers.", outcome=caution
    )
    assert assessment.shared_with_safeguarding
    shared = ChronologyEntry.objects.get(person=yj.person, kind="yj_safety_wellbeing")
    assert shared.significance == "high" and shared.restricted_area == ""
    assert "safety and wellbeing concerns high. Going missing at night" in shared.summary
    clock = Clock.objects.get(rule_key="yj_assessment", person=yj.person)
    assert clock.met_on == dt.date(2027, 2, 10)
    # A social worker, who can see the child, reads what was shared in the chronology.
    from jigsaw.chronology.selectors import entry_visible

    assert entry_visible(make_user(Role.SOCIAL_WORKER), shared)


def test_low_safety_concerns_share_nothing(yj):
    assessment = _assess(yj, safety_and_wellbeing="medium", safety_summary="not shared")
    assert not assessment.shared_with_safeguarding and assessment.safety_summary == ""
    assert not ChronologyEntry.objects.filter(kind="yj_safety_wellbeing").exists()


def test_intervention_attendance_cannot_pass_the_sessions_planned(yj):
    intervention = svc.intervention_start(
        actor=yj.officer,
        case=yj.case,
        kind="education",
        provider="ETE worker",
        started_on=dt.date(2027, 2, 1),
        sessions_planned=6,
    )
    with pytest.raises(ApplicationError, match="cannot be more than the 6 planned"):
        svc.intervention_progress_record(
            actor=yj.officer, intervention=intervention, sessions_attended=7, progress="good"
        )
    with pytest.raises(ApplicationError, match="cannot be before the intervention started"):
        svc.intervention_progress_record(
            actor=yj.officer,
            intervention=intervention,
            sessions_attended=6,
            progress="good",
            ended_on=dt.date(2027, 1, 1),
        )
    done = svc.intervention_progress_record(
        actor=yj.officer,
        intervention=intervention,
        sessions_attended=6,
        progress="completed",
        ended_on=dt.date(2027, 4, 1),
    )
    assert (done.sessions_attended, done.ended_on) == (6, dt.date(2027, 4, 1))
    assert ChronologyEntry.objects.filter(person=yj.person, kind="yj_intervention_ended").exists()


def test_restorative_work_needs_both_consents(yj):
    o = offence(yj)
    victim = svc.victim_record(
        actor=yj.officer, case=yj.case, kind="person", name="A. Victim", identified_on=dt.date(2027, 1, 5), offence=o
    )
    assert Clock.objects.get(rule_key="yj_victim_contact").due_on == dt.date(2027, 1, 19)
    with pytest.raises(ApplicationError, match="only be offered to a victim who consented"):
        svc.victim_contact_record(
            actor=yj.officer,
            victim=victim,
            contacted_on=dt.date(2027, 1, 8),
            contact_consent="refused",
            rj_offered=True,
        )
    victim = svc.victim_contact_record(
        actor=yj.officer, victim=victim, contacted_on=dt.date(2027, 1, 8), contact_consent="given", rj_offered=True
    )
    assert Clock.objects.get(rule_key="yj_victim_contact").met_on == dt.date(2027, 1, 8)
    plan = {"victim": victim, "kind": "direct", "planned_on": dt.date(2027, 2, 1)}
    with pytest.raises(ApplicationError, match="needs the victim's consent") as refused:
        svc.restorative_work_plan(
            actor=yj.officer, victim_consented_on=None, young_person_consented_on=dt.date(2027, 1, 9), **plan
        )
    assert refused.value.field == "victim_consented_on"
    with pytest.raises(ApplicationError, match="needs Callum Brierley's consent") as refused:
        svc.restorative_work_plan(
            actor=yj.officer, victim_consented_on=dt.date(2027, 1, 8), young_person_consented_on=None, **plan
        )
    assert refused.value.field == "young_person_consented_on"
    assert not RestorativeWork.objects.exists()
    work = svc.restorative_work_plan(
        actor=yj.officer, victim_consented_on=dt.date(2027, 1, 8), young_person_consented_on=dt.date(2027, 1, 9), **plan
    )
    svc.restorative_work_complete(actor=yj.officer, work=work, completed_on=dt.date(2027, 2, 1))
    assert ChronologyEntry.objects.filter(person=yj.person, kind="yj_restorative").exists()


def test_closing_the_case_ends_the_involvement_and_stops_the_clocks(yj):
    o = offence(yj)
    svc.outcome_record(
        actor=yj.officer, case=yj.case, kind="youth_caution", outcome_on=dt.date(2027, 2, 1), offences=[o]
    )
    with pytest.raises(ApplicationError, match="cannot close before it was referred"):
        svc.case_close(actor=yj.officer, case=yj.case, closed_on=dt.date(2026, 12, 1), reason="other")
    svc.case_close(actor=yj.officer, case=yj.case, closed_on=dt.date(2027, 6, 1), reason="order_completed")
    assert Involvement.objects.get(person=yj.person, user=yj.officer).ended_on == dt.date(2027, 6, 15)
    assert Clock.objects.get(rule_key="yj_assessment").stopped_on == dt.date(2027, 6, 1)
    with pytest.raises(ApplicationError, match="This case closed on 1 June 2027"):
        offence(yj)
    assert Assessment.objects.count() == 0
