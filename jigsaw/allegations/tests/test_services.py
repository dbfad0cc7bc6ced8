"""The LADO's business rules, through the services: duty rota, referral, advice, meeting, outcome."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.models import Involvement
from jigsaw.allegations import services
from jigsaw.allegations.choices import Capacity, FollowUp, Outcome, Timeliness
from jigsaw.allegations.models import Allegation, AllegationChild, DutySlot
from jigsaw.allegations.selectors import allegation_deadlines, duty_officer_for
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Meeting, MeetingKind
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.choices import DeadlineStatus

from .conftest import TODAY, at

MONDAY = TODAY - dt.timedelta(days=2)


def statuses(case) -> dict[str, str]:
    return {line.rule_key: line.status for line in allegation_deadlines(allegation=case)}


# The duty rota.


def test_a_referral_goes_to_the_officer_on_duty_that_day(referral, rota):
    assert referral().duty_officer == rota["grace"]
    assert duty_officer_for(TODAY + dt.timedelta(days=1)) == rota["omar"]  # Thursday


def test_a_weekend_referral_goes_to_the_next_working_days_officer(referral, rota):
    saturday = MONDAY - dt.timedelta(days=2)
    # Saturday goes to Monday's officer (Grace this week; Omar next week).
    case = referral(received_at=at(saturday, 11), employer_aware_on=saturday)
    assert case.duty_officer == rota["grace"]
    assert duty_officer_for(TODAY + dt.timedelta(days=3)) == rota["omar"]  # Saturday -> next Monday


def test_the_rota_refuses_a_weekend_a_holiday_and_someone_outside_the_lado_team(lado, make_user):
    saturday = TODAY + dt.timedelta(days=3)
    with pytest.raises(ApplicationError, match="Monday to Friday"):
        services.duty_slot_set(actor=lado, on=saturday, officer=lado)
    with pytest.raises(ApplicationError, match="bank holiday"):
        services.duty_slot_set(actor=lado, on=dt.date(2026, 12, 25), officer=lado)
    worker = make_user(Role.SOCIAL_WORKER)
    with pytest.raises(ApplicationError, match="not a LADO officer"):
        services.duty_slot_set(actor=lado, on=TODAY, officer=worker)
    with pytest.raises(ApplicationError, match="Only the LADO team"):
        services.duty_slot_set(actor=worker, on=TODAY, officer=lado)
    with pytest.raises(ApplicationError, match="start on a Monday"):
        services.duty_week_set(actor=lado, week_start=TODAY, officers={})
    assert not DutySlot.objects.exists()


def test_the_database_refuses_a_weekend_slot(lado):
    with pytest.raises(IntegrityError):
        DutySlot.objects.create(on=TODAY + dt.timedelta(days=3), officer=lado, set_by=lado)


def test_taking_a_day_off_the_rota(lado, rota):
    services.duty_slot_set(actor=lado, on=TODAY, officer=None)
    assert duty_officer_for(TODAY) is None


# Referrals.


def test_a_referral_about_someone_new_makes_a_person_only_the_lado_team_sees(referral, rota, child):
    case = referral()
    assert case.subject.restricted_area == RestrictedArea.LADO
    assert case.subject.display_name.startswith("Declan")
    assert list(AllegationChild.objects.filter(allegation=case).values_list("person", flat=True)) == [child.pk]
    # On the duty officer's "My work" (the subject's record is the LADO team's own).
    assert Involvement.objects.filter(person=case.subject, user=rota["grace"], service="LADO allegation").exists()
    assert case.reference == f"LADO-{case.pk:05d}"
    assert case.retention_class == "lado-substantiated"


def test_a_referral_about_someone_known_leaves_their_record_as_it_was(referral, rota):
    teacher = PersonFactory(given_names="Ruth", family_name="Penhaligon", date_of_birth=dt.date(1979, 1, 9))
    case = referral(subject=teacher)
    teacher.refresh_from_db()
    assert case.subject == teacher and teacher.restricted_area == ""
    # No involvement: it would tell everyone who can see her that a LADO case exists.
    assert not Involvement.objects.filter(person=teacher).exists()


def test_a_referral_within_one_working_day_is_on_time_and_a_later_one_is_late(referral):
    on_time = referral()
    assert not on_time.referred_late
    assert statuses(on_time)["lado_referral"] == DeadlineStatus.MET_ON_TIME
    late = referral(employer_aware_on=MONDAY - dt.timedelta(days=3))  # the Friday before
    assert late.referral_due_on == MONDAY
    assert late.referred_late
    assert statuses(late)["lado_referral"] == DeadlineStatus.MET_LATE
    assert statuses(late)["lado_initial_meeting"] == DeadlineStatus.DUE
    assert {"lado_resolution", "lado_resolution_limit"} <= set(statuses(late))


def test_a_referral_lands_in_the_chronologies_restricted_to_the_lado_team(referral, child):
    case = referral()
    entries = ChronologyEntry.objects.filter(kind="allegation_referral")
    assert {e.person_id for e in entries} == {case.subject_id, child.pk}
    assert {e.restricted_area for e in entries} == {"lado"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"employer_aware_on": TODAY + dt.timedelta(days=1)}, "employer_aware_on", "same as or before"),
        ({"employer_aware_on": None}, "employer_aware_on", "employer first knew"),
        ({"harm_tests": []}, "harm_tests", "at least one harm test"),
        ({"harm_tests": ["bad"]}, "harm_tests", "from the list"),
        ({"received_at": at(TODAY + dt.timedelta(days=1))}, "received_on", "in the past"),
        ({"employer_name": " "}, "employer_name", "Enter the employer"),
        ({"employer_sector": "circus"}, "employer_sector", "sector"),
        ({"engagement": ""}, "engagement", "paid or voluntary"),
        ({"subject_role": ""}, "subject_role", "role"),
        ({"allegation": "  "}, "allegation", "what is alleged"),
        ({"referrer_name": ""}, "referrer_name", "who referred"),
        ({"new_subject": {"given_names": "", "family_name": ""}}, "given_names", "given name"),
    ],
)
def test_bad_referrals_are_refused_in_plain_english_and_nothing_is_saved(referral, overrides, field, message):
    with pytest.raises(ApplicationError) as caught:
        referral(**overrides)
    assert caught.value.field == field
    assert message.lower() in caught.value.message.lower()
    assert not Allegation.objects.exists()


def test_the_person_cannot_be_one_of_the_children_nor_both_known_and_new(referral, child):
    with pytest.raises(ApplicationError, match="cannot also be one of the children"):
        referral(subject=child, children=[child])
    with pytest.raises(ApplicationError, match="not both"):
        referral(subject=child, new_subject={"given_names": "Declan"}, children=[])
    with pytest.raises(ApplicationError, match="not both"):
        referral(subject=None, new_subject=None)
    assert not Allegation.objects.exists()


def test_only_the_lado_team_records_referrals(referral, make_user):
    with pytest.raises(ApplicationError, match="Only the LADO team"):
        referral(actor=make_user(Role.SOCIAL_WORKER))


def test_advice_is_recorded_without_a_person_clock_or_chronology(lado, rota):
    advice = services.advice_record(
        actor=lado,
        received_at=at(TODAY, 11),
        referrer_name="Kate Lowry",
        referrer_organisation="Northbridge Rovers Youth FC",
        question="A coach sends players messages late at night. Is that a LADO matter?",
        advice_given="Below the harm threshold: the club should address it under its code of conduct.",
        employer_sector="sport",
    )
    assert advice.is_advice and advice.subject is None and advice.duty_officer == rota["grace"]
    assert advice.retention_class == "lado-advice"
    assert allegation_deadlines(allegation=advice) == []
    assert not ChronologyEntry.objects.exists()
    with pytest.raises(ApplicationError, match="advice given"):
        services.advice_record(
            actor=lado, received_at=at(TODAY, 11), referrer_name="Kate", question="Q", advice_given=""
        )


# Invitations, meetings and the outcome.


def test_inviting_the_police_to_one_case(referral, lado, police, make_user):
    case = referral()
    access = services.allegation_invite(actor=lado, allegation=case, user=police, capacity=Capacity.POLICE)
    assert access.user == police
    assert Involvement.objects.filter(person=case.subject, user=police, kind="invited").exists()
    with pytest.raises(ApplicationError, match="already invited"):
        services.allegation_invite(actor=lado, allegation=case, user=police, capacity=Capacity.POLICE)
    with pytest.raises(ApplicationError, match="LADO team"):
        services.allegation_invite(
            actor=lado, allegation=case, user=make_user(Role.LADO_OFFICER), capacity=Capacity.CSC
        )
    with pytest.raises(ApplicationError, match="No one who uses Jigsaw"):
        services.allegation_invite(actor=lado, allegation=case, user=None, capacity=Capacity.CSC)


def test_a_meeting_is_convened_restricted_and_everyone_invited_to_the_case_is_invited(
    referral, lado, police, smtp_sink
):
    case = referral()
    services.allegation_invite(actor=lado, allegation=case, user=police, capacity=Capacity.POLICE)
    link = services.allegation_meeting_convene(
        actor=lado,
        allegation=case,
        starts_at=at(TODAY + dt.timedelta(days=1), 14),
        location="Northbridge Civic Centre",
        others=[services.Invitee(name="Helen Marsh", email="head@ferryroad.example", role="Employer")],
    )
    meeting = Meeting.objects.get(pk=link.meeting_id)
    assert meeting.kind == MeetingKind.LADO and meeting.restricted_area == "lado" and meeting.chair == lado
    assert {i.email for i in meeting.invitations.all()} == {"sam.hollis@police.example", "head@ferryroad.example"}
    # Booked is not held: the meeting deadline is still running.
    assert statuses(case)["lado_initial_meeting"] in (DeadlineStatus.DUE, DeadlineStatus.DUE_SOON)
    with pytest.raises(ApplicationError, match="before the referral"):
        services.allegation_meeting_convene(actor=lado, allegation=case, starts_at=at(TODAY - dt.timedelta(days=5)))


def test_the_outcome_stops_the_clocks_and_sets_retention(referral, lado, child):
    case = referral()
    done = services.allegation_conclude(
        actor=lado,
        allegation=case,
        outcome=Outcome.MALICIOUS,
        concluded_on=TODAY,
        followed_by=[FollowUp.NO_FURTHER_ACTION],
    )
    assert done.timeliness == Timeliness.WEEK
    assert done.retention_class == "lado-unfounded"
    assert done.remove_from_personnel_file and done.never_in_references
    s = statuses(done)
    assert s["lado_resolution"] == DeadlineStatus.MET_ON_TIME
    assert s["lado_initial_meeting"] == DeadlineStatus.STOPPED
    assert ChronologyEntry.objects.filter(kind="allegation_outcome", restricted_area="lado").count() == 2
    # The case left the officer's "My work".
    assert not Involvement.objects.filter(person=case.subject, ended_on__isnull=True).exists()
    with pytest.raises(ApplicationError, match="concluded"):
        services.allegation_conclude(
            actor=lado, allegation=case, outcome=Outcome.FALSE, concluded_on=TODAY, followed_by=["training"]
        )


@pytest.mark.parametrize(
    ("outcome", "concluded_on", "followed_by", "field", "message"),
    [
        ("", TODAY, ["training"], "outcome", "Choose the outcome"),
        (Outcome.FALSE, TODAY + dt.timedelta(days=1), ["training"], "concluded_on", "today or in the past"),
        (Outcome.FALSE, TODAY - dt.timedelta(days=30), ["training"], "concluded_on", "before the referral"),
        (Outcome.SUBSTANTIATED, TODAY, [], "followed_by", "Choose what followed"),
        (Outcome.SUBSTANTIATED, TODAY, ["dismissal", "no_further_action"], "followed_by", "not both"),
        (Outcome.SUBSTANTIATED, TODAY, ["police_charge", "police_nfa"], "followed_by", "one police outcome"),
        (Outcome.FALSE, TODAY, ["dbs_referral"], "followed_by", "false or malicious"),
    ],
)
def test_bad_outcomes_are_refused(referral, lado, outcome, concluded_on, followed_by, field, message):
    case = referral()
    with pytest.raises(ApplicationError) as caught:
        services.allegation_conclude(
            actor=lado, allegation=case, outcome=outcome, concluded_on=concluded_on, followed_by=followed_by
        )
    assert caught.value.field == field and message in caught.value.message
    case.refresh_from_db()
    assert case.outcome == "" and case.is_open


def test_substantiated_keeps_the_long_retention_and_allocation_moves_clocks(referral, lado, lado2):
    case = referral()
    services.allegation_allocate(actor=lado, allegation=case, officer=lado2)
    assert {line.worker_id for line in allegation_deadlines(allegation=case) if line.is_open} == {lado2.pk}
    done = services.allegation_conclude(
        actor=lado,
        allegation=case,
        outcome=Outcome.SUBSTANTIATED,
        concluded_on=TODAY,
        followed_by=[FollowUp.DISMISSAL, FollowUp.DBS_REFERRAL, FollowUp.POLICE_CHARGE],
    )
    assert done.retention_class == "lado-substantiated"
    assert done.followed_by_labels[0].startswith("Dismissal")


# The meeting deadline is met when the meeting is held; no outcome while it has not been.


def _convened(case, lado, day):
    return services.allegation_meeting_convene(
        actor=lado, allegation=case, starts_at=at(day, 14), location="Northbridge Civic Centre"
    ).meeting


def test_the_meeting_deadline_is_met_on_the_day_the_meeting_is_held(referral, lado):
    from jigsaw.meetings.services import meeting_held

    case = referral()  # received Wednesday 18 November: the meeting is due by Monday 23 November
    meeting = _convened(case, lado, TODAY + dt.timedelta(days=1))
    assert statuses(case)["lado_initial_meeting"] in (DeadlineStatus.DUE, DeadlineStatus.DUE_SOON)
    with time_machine.travel(at(TODAY + dt.timedelta(days=7), 17), tick=False):
        # It slipped: it took place the next Wednesday, late.
        meeting_held(actor=lado, meeting=meeting, held_at=at(TODAY + dt.timedelta(days=7), 15))
        line = next(x for x in allegation_deadlines(allegation=case) if x.rule_key == "lado_initial_meeting")
    assert line.status == DeadlineStatus.MET_LATE
    assert line.met_on == TODAY + dt.timedelta(days=7)
    with pytest.raises(ApplicationError, match="already recorded as held"):
        meeting_held(actor=lado, meeting=meeting, held_at=at(TODAY, 11))


def test_a_meeting_cannot_be_recorded_as_held_in_the_future(referral, lado):
    from jigsaw.meetings.services import meeting_held

    meeting = _convened(referral(), lado, TODAY)
    with pytest.raises(ApplicationError, match="must be in the past") as refused:
        meeting_held(actor=lado, meeting=meeting, held_at=at(TODAY + dt.timedelta(days=1), 14))
    assert refused.value.field == "held_at"


def test_no_outcome_while_the_meeting_has_not_been_held(referral, lado):
    from jigsaw.meetings.services import meeting_cancel, meeting_held

    case = referral()
    meeting = _convened(case, lado, TODAY)
    conclude = dict(
        actor=lado, allegation=case, outcome=Outcome.UNFOUNDED, concluded_on=TODAY, followed_by=["no_further_action"]
    )
    with pytest.raises(ApplicationError, match="has not been held") as refused:
        services.allegation_conclude(**conclude)
    assert refused.value.field == "outcome"
    assert Allegation.objects.get(pk=case.pk).outcome == ""

    meeting_held(actor=lado, meeting=meeting, held_at=at(TODAY, 11))
    assert services.allegation_conclude(**conclude).outcome == Outcome.UNFOUNDED

    # A cancelled meeting does not hold the outcome up.
    other = referral()
    meeting_cancel(actor=lado, meeting=_convened(other, lado, TODAY + dt.timedelta(days=1)), reason="Police asked")
    assert services.allegation_conclude(**{**conclude, "allegation": other}).outcome == Outcome.UNFOUNDED
