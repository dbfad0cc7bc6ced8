"""The screens: who may open them, what they show, and bad input that keeps what was typed."""

import datetime as dt
import html

import pytest

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.audit.models import AuditEntry
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.youthjustice import services as svc
from jigsaw.youthjustice.models import Assessment, Offence, Outcome, YouthJusticeCase

pytestmark = pytest.mark.django_db


def date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_for(client):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def _as(user):
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return _as


@pytest.fixture
def with_history(yj):
    o = svc.offence_record(
        actor=yj.officer,
        case=yj.case,
        committed_on=dt.date(2027, 1, 2),
        description="Theft of a bicycle",
        category="theft",
        gravity=2,
    )
    svc.outcome_record(
        actor=yj.officer,
        case=yj.case,
        kind="referral_order",
        outcome_on=dt.date(2027, 2, 1),
        offences=[o],
        length_months=6,
        court_or_panel="Northbridge Youth Court",
    )
    return yj


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PARTNER_PRACTITIONER, Role.TEAM_MANAGER])
def test_the_service_screens_are_for_youth_justice_officers_only(yj, signed_in, role):
    client = signed_in(role)
    for path in (
        "/youth-justice/",
        f"/youth-justice/people/{yj.person.pk}/",
        "/youth-justice/measures/",
        f"/youth-justice/cases/{yj.case.pk}/offences/add/",
    ):
        assert client.get(path).status_code == 403, path


def test_a_young_person_the_officer_cannot_see_does_not_exist(officer, client_for):
    hidden = PersonFactory(date_of_birth=dt.date(2011, 1, 1), restricted_area=RestrictedArea.CHANNEL)
    client = client_for(officer)
    assert client.get(f"/youth-justice/people/{hidden.pk}/").status_code == 404
    assert client.get(f"/youth-justice/people/{hidden.pk}/open/").status_code == 404
    assert client.get("/youth-justice/cases/999999/offences/add/").status_code == 404


def test_the_list_and_the_record_show_the_case_and_audit_the_view(with_history, client_for):
    yj = with_history
    client = client_for(yj.officer)
    page = text(client.get("/youth-justice/"))
    assert "Callum Brierley" in page and "Referral order, 1 February 2027" in page
    page = text(client.get(f"/youth-justice/people/{yj.person.pk}/"))
    for expected in (
        "Youth justice: Callum Brierley",
        "Jo Ashworth",
        "Entered the justice system on 1 February 2027",
        "Theft of a bicycle",
        "First offence",
        "6 months, to 1 August 2027",
        "Northbridge Youth Court",
        "Complete the youth justice assessment",
        "What is shared",
        "Not open to children's social care",
    ):
        assert expected in page, expected
    assert AuditEntry.objects.filter(actor=yj.officer, purpose="youth justice record").exists()


def test_an_offence_at_9_is_refused_beside_the_date_keeping_what_was_typed(yj, client_for):
    client = client_for(yj.officer)
    response = client.post(
        f"/youth-justice/cases/{yj.case.pk}/offences/add/",
        {
            **date("committed_on", dt.date(2020, 5, 1)),
            "category": "theft",
            "description": "Took sweets",
            "gravity": "1",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page and "was 9 on 1 May 2020" in page
    assert 'value="Took sweets"' in page
    assert not Offence.objects.exists()


def test_the_outcome_form_lists_offences_without_an_outcome_and_records_one(yj, client_for):
    o = svc.offence_record(
        actor=yj.officer,
        case=yj.case,
        committed_on=dt.date(2027, 1, 2),
        description="Criminal damage to a car",
        category="criminal_damage",
        gravity=3,
    )
    client = client_for(yj.officer)
    url = f"/youth-justice/cases/{yj.case.pk}/outcomes/add/"
    assert "Criminal damage to a car" in text(client.get(url))
    bad = client.post(
        url,
        {
            "offences": [str(o.pk)],
            "kind": "dto",
            **date("outcome_on", dt.date(2027, 2, 1)),
            "court_or_panel": "Northbridge Youth Court",
        },
    )
    assert "Enter the length of the detention and training order in months" in text(bad)
    ok = client.post(
        url,
        {
            "offences": [str(o.pk)],
            "kind": "dto",
            **date("outcome_on", dt.date(2027, 2, 1)),
            "length_months": "8",
            "court_or_panel": "Northbridge Youth Court",
        },
    )
    assert ok.status_code == 302
    assert Outcome.objects.get().ends_on == dt.date(2027, 10, 1)
    assert "Every offence of this case has an outcome" in text(client.get(url))


def test_an_assessment_with_high_concerns_is_shared_and_the_page_says_so(with_history, client_for, make_user):
    yj = with_history
    client = client_for(yj.officer)
    url = f"/youth-justice/cases/{yj.case.pk}/assessments/add/"
    form = {
        "kind": "assetplus_start",
        **date("completed_on", dt.date(2027, 2, 10)),
        "outcome": str(Outcome.objects.get().pk),
        "likelihood_of_reoffending": "high",
        "risk_of_serious_harm": "medium",
        "safety_and_wellbeing": "very_high",
        "narrative": "Explanations and conclusions.",
    }
    page = text(client.get(url))
    assert "everyone who can see the child's record reads" in page
    assert "High or very high concerns are shared" in text(client.post(url, form))
    assert "write what to share with the safeguarding record" in text(client.post(url, form))
    response = client.post(url, {**form, "safety_summary": "Carrying a knife for older boys."})
    assert response.status_code == 302
    assert Assessment.objects.get().shared_with_safeguarding
    entry = ChronologyEntry.objects.get(person=yj.person, kind="yj_safety_wellbeing")
    assert "very high. Carrying a knife for older boys." in entry.summary
    page = text(client.get(f"/youth-justice/people/{yj.person.pk}/"))
    assert "Shared with the safeguarding record" in page and "Carrying a knife for older boys." in page


def test_finding_a_young_person_then_opening_a_case(officer, client_for):
    from jigsaw.people.matching import index_persons

    person = PersonFactory(given_names="Tyler", family_name="Oakes", date_of_birth=dt.date(2012, 9, 9))
    index_persons([person.pk])
    client = client_for(officer)
    page = text(client.get("/youth-justice/find/", {"given_names": "Tyler", "family_name": "Oakes"}))
    assert "Tyler Oakes" in page and f"/youth-justice/people/{person.pk}/open/" in page
    assert "Enter a name to search for" in text(client.get("/youth-justice/find/", {"given_names": ""}))
    url = f"/youth-justice/people/{person.pk}/open/"
    bad = client.post(url, {**date("referred_on", dt.date(2027, 7, 1)), "case_worker": str(officer.pk)})
    assert "must be today or in the past" in text(bad)
    ok = client.post(url, {**date("referred_on", dt.date(2027, 6, 1)), "case_worker": str(officer.pk)})
    assert ok.status_code == 302 and ok["Location"] == f"/youth-justice/people/{person.pk}/"
    assert YouthJusticeCase.objects.get(person=person).case_worker == officer


def test_adding_a_new_young_person(officer, client_for):
    client = client_for(officer)
    response = client.post(
        "/youth-justice/find/new/",
        {"given_names": "Rio", "family_name": "Fenwick", **date("date_of_birth", dt.date(2013, 4, 4)), "sex": "M"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/open/")


def test_victim_contact_and_restorative_work_through_the_screens(yj, client_for):
    client = client_for(yj.officer)
    assert (
        client.post(
            f"/youth-justice/cases/{yj.case.pk}/victims/add/",
            {"kind": "person", "name": "Sam Victim", **date("identified_on", dt.date(2027, 2, 1)), "offence": ""},
        ).status_code
        == 302
    )
    victim = yj.case.victims.get()
    url = f"/youth-justice/victims/{victim.pk}/contact/"
    refused = client.post(
        url,
        {
            **date("contacted_on", dt.date(2027, 2, 2)),
            "contact_consent": "refused",
            "rj_offered": "yes",
            "wants_restorative_justice": "",
        },
    )
    assert "only be offered to a victim who consented" in text(refused)
    assert (
        client.post(
            url,
            {
                **date("contacted_on", dt.date(2027, 2, 2)),
                "contact_consent": "given",
                "rj_offered": "yes",
                "wants_restorative_justice": "yes",
            },
        ).status_code
        == 302
    )
    rj = f"/youth-justice/victims/{victim.pk}/restorative/"
    no_consent = client.post(
        rj,
        {
            "kind": "direct",
            **date("victim_consented_on", dt.date(2027, 2, 2)),
            **date("planned_on", dt.date(2027, 3, 1)),
        },
    )
    assert "needs Callum Brierley's consent" in text(no_consent)
    assert (
        client.post(
            rj,
            {
                "kind": "direct",
                **date("victim_consented_on", dt.date(2027, 2, 2)),
                **date("young_person_consented_on", dt.date(2027, 2, 3)),
                **date("planned_on", dt.date(2027, 3, 1)),
            },
        ).status_code
        == 302
    )
    page = text(client.get(f"/youth-justice/people/{yj.person.pk}/"))
    assert "Sam Victim" in page and "Victim 2 February 2027; young person 3 February 2027" in page


def test_intervention_and_progress_through_the_screens(yj, client_for):
    client = client_for(yj.officer)
    assert (
        client.post(
            f"/youth-justice/cases/{yj.case.pk}/interventions/add/",
            {
                "kind": "education",
                "provider": "ETE worker",
                **date("started_on", dt.date(2027, 2, 1)),
                "sessions_planned": "10",
            },
        ).status_code
        == 302
    )
    intervention = yj.case.interventions.get()
    url = f"/youth-justice/interventions/{intervention.pk}/progress/"
    assert "cannot be more than the 10 planned" in text(
        client.post(url, {"sessions_attended": "11", "progress": "good", "version": 1})
    )
    assert client.post(url, {"sessions_attended": "4", "progress": "some", "version": 1}).status_code == 302
    assert "4 of 10" in text(client.get(f"/youth-justice/people/{yj.person.pk}/"))


def test_partner_and_closing_the_case(yj, client_for):
    client = client_for(yj.officer)
    assert (
        client.post(
            f"/youth-justice/cases/{yj.case.pk}/partners/add/",
            {
                "kind": "probation",
                "name": "Pat Lowe",
                "role": "Seconded probation officer",
                "email": "pat@probation.example",
            },
        ).status_code
        == 302
    )
    assert "Pat Lowe" in text(client.get(f"/youth-justice/people/{yj.person.pk}/"))
    response = client.post(
        f"/youth-justice/cases/{yj.case.pk}/close/",
        {**date("closed_on", dt.date(2027, 6, 1)), "reason": "order_completed"},
    )
    assert response.status_code == 302
    page = text(client.get(f"/youth-justice/people/{yj.person.pk}/"))
    assert "has no open youth justice case" in page and "Closed cases" in page


def test_the_measures_page_states_the_denominator_and_checks_the_period(with_history, client_for, settings):
    client = client_for(with_history.officer)
    settings.JIGSAW_YOUTH_POPULATION_10_TO_17 = 0
    page = text(client.get("/youth-justice/measures/"))
    assert "Not set: an administrator sets the area's population aged 10 to 17" in page
    settings.JIGSAW_YOUTH_POPULATION_10_TO_17 = 24_000
    settings.JIGSAW_YOUTH_POPULATION_SOURCE = "ONS mid-2026 estimate"
    page = text(client.get("/youth-justice/measures/"))
    assert "Young people aged 10 to 17 in the area (the denominator)" in page
    assert "24,000 (ONS mid-2026 estimate)" in page
    bad = text(
        client.get(
            "/youth-justice/measures/",
            {**date("date_from", dt.date(2027, 3, 1)), **date("date_to", dt.date(2027, 1, 1))},
        )
    )
    assert "The end of the period must be the same as or after the start" in bad


def test_the_case_is_on_the_officers_my_work_with_its_deadline(with_history, client_for):
    page = text(client_for(with_history.officer).get("/"))
    assert "Callum Brierley" in page and "Youth justice" in page
    assert "Complete the youth justice assessment" in page


def test_the_policy_object_check_for_youth_justice_records(with_history, make_user):
    from jigsaw.access.policy import Action, can

    offence = Offence.objects.get()
    assert can(with_history.officer, Action.VIEW, offence)
    assert not can(make_user(Role.SOCIAL_WORKER), Action.VIEW, offence)
    assert not can(with_history.officer, Action.CHANGE, offence)
