"""The LADO screens, as a user works them: forms, errors beside the field, what each page says."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from jigsaw.allegations import services
from jigsaw.allegations.choices import Capacity, FollowUp, Outcome
from jigsaw.allegations.models import Allegation, DutySlot
from jigsaw.people.tests.factories import PersonFactory

from .conftest import TODAY, at


def date_parts(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


@pytest.fixture
def officer(client_for, lado, rota):
    return client_for(lado)


def referral_form(child, **overrides) -> dict:
    data = {
        **date_parts("received_on", TODAY),
        "received_time": "9:15am",
        "referrer_name": "Helen Marsh",
        "referrer_organisation": "Ferry Road Primary School",
        "referrer_role": "Headteacher",
        "referrer_contact": "01632 960123",
        "subject": "",
        "given_names": "Declan",
        "family_name": "Fairweather",
        "subject_role": "Teaching assistant",
        "engagement": "paid",
        "employer_name": "Ferry Road Primary School",
        "employer_sector": "education",
        **date_parts("employer_aware_on", TODAY - dt.timedelta(days=6)),
        "allegation": "Grabbed a pupil's arm.",
        "harm_tests": ["harmed", "risk"],
        "children": [child.council_id],
    }
    data.update(overrides)
    return data


def test_recording_a_referral_assigns_the_duty_officer_and_shows_it_late(officer, child, lado):
    response = officer.post(reverse("allegations:referral-new"), referral_form(child), follow=True)
    assert response.status_code == 200
    case = Allegation.objects.get()
    assert response.redirect_chain[-1][0] == reverse("allegations:case", args=[case.pk])
    page = response.content.decode()
    assert f"Referral {case.reference} recorded and assigned to Grace Whitfield, the duty officer" in page
    assert "Referred late" in page
    assert "Has harmed, or may have harmed, a child" in page and "Rowntree" in page
    assert case.received_at.hour == 9 and case.received_at.minute == 15


def test_a_bad_referral_keeps_what_was_typed_and_says_what_to_fix(officer, child):
    data = referral_form(
        child,
        harm_tests=[],
        children=["NB404"],
        **date_parts("employer_aware_on", TODAY + dt.timedelta(days=2)),
    )
    page = officer.post(reverse("allegations:referral-new"), data).content.decode()
    assert "There is a problem" in page
    assert "Choose at least one harm test the allegation meets" in page
    assert "Date the employer first knew of the allegation must be today or in the past" in page
    assert "Fairweather" in page  # kept
    # A child who is not one of the people found or chosen is refused beside the field.
    page = officer.post(reverse("allegations:referral-new"), referral_form(child, children=["NB404"])).content.decode()
    assert "There is a problem" in page and "Choose one of the options for children involved" in page
    both = officer.post(reverse("allegations:referral-new"), referral_form(child, subject=child.council_id))
    assert "not both" in both.content.decode()
    assert not Allegation.objects.exists()


def test_a_referral_about_a_known_person_by_council_id(officer, child):
    teacher = PersonFactory(given_names="Ruth", family_name="Penhaligon")
    officer.post(
        reverse("allegations:referral-new"),
        referral_form(child, subject=teacher.council_id, given_names="", family_name=""),
    )
    assert Allegation.objects.get().subject == teacher


def test_already_known_is_on_the_referral_form_for_the_subject_and_the_children(officer, child):
    from html import unescape

    from jigsaw.people.matching import index_persons

    teacher = PersonFactory(given_names="Ruth", family_name="Penhaligon", date_of_birth=dt.date(1984, 3, 9))
    index_persons([teacher.pk, child.pk])
    url = reverse("allegations:referral-new")
    form = officer.get(url).content.decode()
    assert "Search for the person" in form and "Search for a child" in form
    assert "Council id" not in form  # nobody copies ids from another page

    typed = referral_form(child, given_names="", family_name="", children=[])
    page = officer.post(url, {**typed, "find": "subject", "subject_find_name": "Ruth Penhaligon"}).content.decode()
    assert "There is a problem" not in page  # a search is not a submission
    assert "Is it one of these people?" in page
    assert f'value="{teacher.council_id}"' in page and "born 9 March 1984" in page
    assert "Grabbed a pupil's arm." in unescape(page)  # what was typed is kept

    typed["subject"] = teacher.council_id
    page = officer.post(url, {**typed, "find": "children", "children_find_name": child.display_name}).content.decode()
    assert f'value="{child.council_id}"' in page and "Children involved" in page
    assert f'value="{teacher.council_id}" checked' in page  # the person chosen stays chosen

    response = officer.post(url, {**typed, "children": [child.council_id]})
    case = Allegation.objects.get()
    assert response.status_code == 302 and case.subject == teacher
    assert [c.person for c in case.children.all()] == [child]


def test_searching_with_no_name_says_what_to_enter(officer, child):
    page = officer.post(
        reverse("allegations:referral-new"), {**referral_form(child), "find": "subject", "subject_find_name": ""}
    ).content.decode()
    assert "Enter the name of the person the allegation is about to search for them" in page
    assert not Allegation.objects.exists()


def test_the_lado_lists_call_the_adult_the_subject(officer, referral):
    referral()
    index = officer.get(reverse("allegations:index")).content.decode()
    assert ">Subject<" in index and ">Child<" not in index


def test_advice_consultation(officer):
    data = {
        **date_parts("received_on", TODAY),
        "received_time": "11:00",
        "referrer_name": "Kate Lowry",
        "referrer_organisation": "Northbridge Rovers Youth FC",
        "question": "Late-night messages from a coach.",
        "advice_given": "Code of conduct; no referral.",
    }
    response = officer.post(reverse("allegations:advice-new"), data, follow=True)
    assert "Advice consultation" in response.content.decode()
    index = officer.get(reverse("allegations:index")).content.decode()
    assert "Kate Lowry, Northbridge Rovers Youth FC" in index


def test_the_case_page_meeting_invitation_and_outcome(officer, referral, police, smtp_sink, client_for, lado):
    case = referral()
    url = reverse("allegations:case", args=[case.pk])
    response = officer.post(
        reverse("allegations:case-invite", args=[case.pk]), {"user": "sam.hollis@police.example", "capacity": "police"}
    )
    assert response.status_code == 302
    tomorrow = TODAY + dt.timedelta(days=1)
    response = officer.post(
        reverse("allegations:case-meeting", args=[case.pk]),
        {
            **date_parts("starts_on", tomorrow),
            "start_time": "2pm",
            "location": "Civic Centre",
            "others": "Helen Marsh, Ferry Road Primary School, head@ferryroad.example",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Allegation management meeting convened" in page and "Civic Centre" in page
    assert "DC Sam Hollis" in page
    assert "Meeting papers" in page or "meeting papers" in page

    outcome = {"outcome": "malicious", **date_parts("concluded_on", TODAY), "followed_by": ["no_further_action"]}
    # The meeting is booked for tomorrow: no outcome until it has been held.
    early = officer.post(reverse("allegations:case-outcome", args=[case.pk]), outcome).content.decode()
    assert "has not been held" in early and "govuk-error-summary" in early
    assert Allegation.objects.get(pk=case.pk).outcome == ""

    meeting = case.meetings.get().meeting
    with time_machine.travel(at(tomorrow, 16), tick=False):
        officer = client_for(lado)  # signed in again the next day
        response = officer.post(
            reverse("meetings:held", args=[meeting.pk]),
            {**date_parts("date", tomorrow), "start_time": "2:15pm"},
            follow=True,
        )
        assert "Meeting recorded as held" in response.content.decode()
        bad = officer.post(
            reverse("allegations:case-outcome", args=[case.pk]),
            {"outcome": "false", **date_parts("concluded_on", tomorrow), "followed_by": ["dbs_referral"]},
        )
        assert "A false or malicious allegation cannot lead to" in bad.content.decode()
        officer.post(
            reverse("allegations:case-outcome", args=[case.pk]),
            {**outcome, **date_parts("concluded_on", tomorrow)},
        )
        page = officer.get(url).content.decode()
    assert "Malicious" in page and "Within 1 week of the referral" in page
    assert "must be removed from the person&#39;s personnel records" in page
    assert "10 years from closure" in page


def test_the_index_shows_duty_cases_and_timeliness(officer, referral, lado):
    late = referral(employer_aware_on=TODAY - dt.timedelta(days=9))
    done = referral(received_at=at(TODAY - dt.timedelta(days=40)), employer_aware_on=TODAY - dt.timedelta(days=41))
    services.allegation_conclude(
        actor=lado, allegation=done, outcome=Outcome.SUBSTANTIATED, concluded_on=TODAY, followed_by=[FollowUp.DISMISSAL]
    )
    page = officer.get(reverse("allegations:index")).content.decode()
    assert "You are the duty officer today" in page
    assert late.reference in page and "Referred late" in page
    assert "Within 3 months" in page and "80% within 1 month" in page
    assert "Referrals received within 1 working day of the employer knowing: 1 of 2" in page


def test_setting_the_rota_for_a_week(officer, lado, lado2):
    monday = TODAY + dt.timedelta(days=12)  # Monday 30 November
    url = reverse("allegations:rota-week", args=[monday.isoformat()])
    page = officer.get(url).content.decode()
    assert "Monday 30 November" in page
    response = officer.post(url, {"monday": lado2.pk, "tuesday": lado.pk, "friday": lado2.pk})
    assert response.status_code == 302
    assert DutySlot.objects.get(on=monday).officer == lado2
    assert not DutySlot.objects.filter(on=monday + dt.timedelta(days=2)).exists()
    rota = officer.get(reverse("allegations:rota")).content.decode()
    assert "Omar Haddad" in rota
    assert officer.get(reverse("allegations:rota-week", args=[TODAY.isoformat()])).status_code == 404
    # Christmas week: the bank holiday is refused beside its day.
    christmas = officer.post(
        reverse("allegations:rota-week", args=["2026-12-21"]), {"friday": lado.pk}
    ).content.decode()
    assert "Friday 25 December 2026 is a bank holiday" in christmas


def test_the_person_page_lists_their_allegations(officer, referral, child):
    case = referral()
    page = officer.get(reverse("allegations:person", args=[child.pk])).content.decode()
    assert case.reference in page and "A child involved" in page


def test_allocating_and_removing_an_invitee(officer, referral, lado, lado2, police):
    case = referral()
    officer.post(reverse("allegations:case-allocate", args=[case.pk]), {"officer": lado2.pk, "version": case.version})
    case.refresh_from_db()
    assert case.duty_officer == lado2
    access = services.allegation_invite(actor=lado, allegation=case, user=police, capacity=Capacity.POLICE)
    officer.post(reverse("allegations:case-access-end", args=[case.pk, access.pk]))
    access.refresh_from_db()
    assert access.ended_on == TODAY


def test_at_the_weekend_the_index_names_the_next_working_days_officer(client_for, lado, rota):
    with time_machine.travel(at(TODAY + dt.timedelta(days=3), 12), tick=False):  # Saturday
        page = client_for(lado).get(reverse("allegations:index")).content.decode()
    assert "The duty officer on the next working day, Monday 23 November 2026 (today is not a working day)" in page
    assert "Omar Haddad" in page
