"""The missing children screens through the Django test client: what a user sees and may do."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.missing import services
from jigsaw.missing.models import MissingEpisode, ReturnInterview, StrategyPrompt
from jigsaw.people.models import Person
from jigsaw.people.tests.factories import PersonFactory

from .conftest import ago, episode_data

pytestmark = pytest.mark.django_db


def date_fields(name: str, moment: dt.datetime, time_field: str) -> dict[str, str]:
    return {
        f"{name}-day": str(moment.day),
        f"{name}-month": str(moment.month),
        f"{name}-year": str(moment.year),
        time_field: f"{moment:%H:%M}",
    }


@pytest.fixture
def practitioner(signed_in, team):
    client = signed_in(Role.EXPLOITATION_MISSING, agency=team.practitioner.agency, full_name="Ana Brook")
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.EXPLOITATION_MISSING, 200),
        (Role.TEAM_MANAGER, 200),
        (Role.BUSINESS_SUPPORT, 200),
        (Role.CP_CHAIR_IRO, 403),
        (Role.PARTNER_PRACTITIONER, 403),
        (Role.LADO_OFFICER, 403),
    ],
)
def test_who_sees_the_missing_screens(signed_in, team, role, status):
    client = signed_in(role)
    assert client.get("/missing/").status_code == status
    assert client.get(f"/missing/people/{team.child.pk}/").status_code == status


def test_a_child_the_user_may_not_see_does_not_exist(practitioner, team):
    hidden = PersonFactory(restricted_area="channel")
    assert practitioner.get(f"/missing/people/{hidden.pk}/").status_code == 404
    assert practitioner.get(f"/missing/people/{hidden.pk}/episodes/record/").status_code == 404
    episode = MissingEpisode.objects.create(
        person=hidden,
        missing_from="home",
        went_missing_at=ago(5),
        risk_level="low",
        recorded_by=team.practitioner,
    )
    assert practitioner.get(f"/missing/episodes/{episode.pk}/").status_code == 404


def test_the_front_page_lists_missing_now_interviews_due_and_prompts(practitioner, team):
    services.episode_record(actor=team.practitioner, person=team.child, data=episode_data(ago(30)))
    other = PersonFactory(given_names="Kacey", family_name="Dunmore", date_of_birth=dt.date(2012, 2, 2))
    services.episode_record(
        actor=team.practitioner,
        person=other,
        data=episode_data(ago(120), risk_level="high") | {"returned_at": ago(100), "where_found": "Leeds"},
    )
    page = practitioner.get("/missing/").content.decode()
    assert "Jayden Corrigan" in page
    assert "30 hours" in page
    assert "Missing for 30 hours so far (more than 24)" in page
    # Kacey came back 100 hours ago: her interview was due 28 hours ago.
    assert "Kacey Dunmore" in page
    assert "Overdue by 28 hours" in page
    assert "Graded high risk by the police" in page


def test_record_an_episode_keeps_what_was_typed_when_the_return_is_before_it(practitioner, team):
    url = f"/missing/people/{team.child.pk}/episodes/record/"
    form = practitioner.get(url).content.decode()
    assert "Record a missing episode" in form
    post = {
        "kind": "M",
        "missing_from": "home",
        "missing_from_detail": "Outside the Ferry Road shops",
        **date_fields("went_missing_at", ago(10), "went_missing_time"),
        "reported_to_police": "yes",
        "police_reference": "NB-77",
        "risk_level": "medium",
        "risk_notes": "",
        **date_fields("returned_at", ago(12), "returned_time"),
        "where_found": "Home",
    }
    response = practitioner.post(url, post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The return must be after Jayden Corrigan went missing, at 2am on 10 December 2026" in page
    assert "Outside the Ferry Road shops" in page
    assert not MissingEpisode.objects.exists()

    post |= date_fields("returned_at", ago(1), "returned_time")
    response = practitioner.post(url, post)
    episode = MissingEpisode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/missing/episodes/{episode.pk}/"
    page = practitioner.get(response["Location"]).content.decode()
    assert "Outside the Ferry Road shops" in page
    assert "Due by 11am on 13 December 2026, 72 hours after the return" in page


def test_a_time_without_a_date_and_a_missing_time_are_named(practitioner, team):
    url = f"/missing/people/{team.child.pk}/episodes/record/"
    post = {
        "kind": "M",
        "missing_from": "home",
        **date_fields("went_missing_at", ago(10), "went_missing_time"),
        "went_missing_time": "",
        "reported_to_police": "no",
        "risk_level": "low",
        "returned_time": "9:00",
    }
    page = practitioner.post(url, post).content.decode()
    assert "Enter the time they went missing" in page
    assert "Enter the date they returned or were found" in page


def test_return_offer_and_interview_through_the_screens(practitioner, team):
    episode = services.episode_record(actor=team.practitioner, person=team.child, data=episode_data(ago(30)))
    response = practitioner.post(
        f"/missing/episodes/{episode.pk}/return/",
        {**date_fields("returned_at", ago(6), "returned_time"), "where_found": "A flat on Mill Lane"},
    )
    assert response.status_code == 302
    response = practitioner.post(
        f"/missing/episodes/{episode.pk}/interview/offer/",
        {
            **date_fields("offered_at", ago(5), "offered_time"),
            "interviewer": "Sam Idowu, youth service",
            "interviewer_independent": "yes",
            "response": "accepted",
        },
    )
    assert response.status_code == 302
    interview = ReturnInterview.objects.get()
    response = practitioner.post(
        f"/missing/interviews/{interview.pk}/record/",
        {
            **date_fields("held_at", ago(1), "held_time"),
            "interviewer": "Sam Idowu, youth service",
            "interviewer_independent": "yes",
            "where_they_were": "A flat on Mill Lane",
            "indicators": ["older_associates"],
            "child_said": "I was with my cousin at his flat.",
        },
    )
    assert response.status_code == 302
    page = practitioner.get(f"/missing/episodes/{episode.pk}/").content.decode()
    assert "I was with my cousin at his flat." in page
    assert "Held 5 hours after the return" in page
    child_page = practitioner.get(f"/missing/people/{team.child.pk}/").content.decode()
    assert "Episodes in the last 90 days" in child_page
    assert "Met on time" in child_page


def test_business_support_records_but_does_not_offer_an_interview(signed_in, team):
    client = signed_in(Role.BUSINESS_SUPPORT)
    episode = services.episode_record(
        actor=team.practitioner,
        person=team.child,
        data=episode_data(ago(30)) | {"returned_at": ago(6), "where_found": "Home"},
    )
    assert client.get(f"/missing/episodes/{episode.pk}/interview/offer/").status_code == 403
    assert client.get(f"/missing/people/{team.child.pk}/episodes/record/").status_code == 200


def test_the_prompt_links_to_a_strategy_discussion_and_the_decision_is_audited(signed_in, team):
    services.episode_record(actor=team.practitioner, person=team.child, data=episode_data(ago(10), risk_level="high"))
    prompt = StrategyPrompt.objects.get()
    worker = signed_in(Role.SOCIAL_WORKER)
    page = worker.get(f"/missing/people/{team.child.pk}/").content.decode()
    assert "Consider a strategy discussion: Graded high risk by the police" in page
    assert f"/protection/children/{team.child.pk}/strategy/convene/" in page
    form = worker.get(f"/missing/prompts/{prompt.pk}/decide/").content.decode()
    assert "Only a team manager can decide a strategy discussion is not needed" in form
    page = worker.post(
        f"/missing/prompts/{prompt.pk}/decide/", {"decision": "not_needed", "decision_reason": "Known to us"}
    ).content.decode()
    assert "Only a team manager can decide" in page
    response = worker.post(
        f"/missing/prompts/{prompt.pk}/decide/", {"decision": "requested", "decision_reason": "Third time this month"}
    )
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert prompt.decision == "requested"
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StrategyPrompt),
        object_pk=str(prompt.pk),
        actor=worker.user,
        kind="update",
    ).exists()


def test_views_of_a_childs_missing_record_are_audited(practitioner, team):
    practitioner.get(f"/missing/people/{team.child.pk}/")
    assert AuditEntry.objects.filter(
        kind="view",
        actor=practitioner.user,
        subject_person_id=team.child.pk,
        purpose="missing children record",
        content_type=ContentType.objects.get_for_model(Person),
    ).exists()


def test_find_the_child_before_recording(practitioner, team):
    from jigsaw.people.matching import index_persons

    index_persons([team.child.pk])
    page = practitioner.get("/missing/find/", {"name": "Jayden Corrigan", "dob": "", "postcode": ""}).content.decode()
    assert "Jayden Corrigan" in page
    assert f"/missing/people/{team.child.pk}/episodes/record/" in page


def test_only_those_who_may_convene_are_offered_the_strategy_discussion(practitioner, team):
    """The exploitation and missing practitioner sees the prompt, but convening is for social
    work (child protection's own rule): no link that would end in 'forbidden'."""
    services.episode_record(actor=team.practitioner, person=team.child, data=episode_data(ago(10), risk_level="high"))
    page = practitioner.get(f"/missing/people/{team.child.pk}/").content.decode()
    assert "Consider a strategy discussion" in page
    assert f"/protection/children/{team.child.pk}/strategy/convene/" not in page
