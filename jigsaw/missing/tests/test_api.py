"""The police report a missing child, and the return, through the partner API."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.api.services import api_token_issue
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.missing.models import MissingEpisode
from jigsaw.timescales.models import Clock

from .conftest import ago

pytestmark = pytest.mark.django_db
URL = "/api/v1/missing-episodes"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=None, user=user, name='Niche', days=30).secret}"
    )
    return client


@pytest.fixture
def police(team):
    InvolvementFactory(user=team.police, person=team.child, kind="invited", service="Police")
    return client_for(team.police)


def test_the_police_report_a_child_missing_then_back(police, team):
    response = police.post(
        URL,
        {
            "person_id": team.child.pk,
            "missing_from": "home",
            "went_missing_at": ago(20).isoformat(),
            "police_reference": "NB-27-555",
            "risk_level": "medium",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    episode = MissingEpisode.objects.get()
    assert episode.reported_to_police and episode.police_reference == "NB-27-555"
    assert episode.source_agency == team.police.agency
    assert ChronologyEntry.objects.get(kind="missing_episode").source_agency == team.police.agency

    response = police.post(
        f"{URL}/{episode.pk}/return", {"returned_at": ago(21).isoformat(), "where_found": "Leeds"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "returned_at": ["The return must be after Jayden Corrigan went missing, at 4pm on 9 December 2026"]
    }
    response = police.post(
        f"{URL}/{episode.pk}/return", {"returned_at": ago(2).isoformat(), "where_found": "Leeds"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["return_interview_due_at"] == (ago(2) + dt.timedelta(hours=72)).astimezone(
        dt.UTC
    ).isoformat().replace("+00:00", "Z")
    clock = Clock.objects.get(rule_key="missing_rhi")
    assert clock.owner is None  # the council's deadline, not the officer's


def test_a_child_the_officer_does_not_know_is_not_found(team):
    client = client_for(team.police)
    response = client.post(
        URL,
        {
            "person_id": team.child.pk,
            "missing_from": "home",
            "went_missing_at": ago(2).isoformat(),
            "risk_level": "low",
        },
        format="json",
    )
    assert response.status_code == 404


def test_only_the_police_report_through_the_api(team, make_user):
    health = make_user(
        Role.PARTNER_PRACTITIONER, agency=team.police.agency.__class__.objects.create(name="Clinic", kind="health")
    )
    InvolvementFactory(user=health, person=team.child, kind="invited", service="Health")
    response = client_for(health).post(
        URL,
        {
            "person_id": team.child.pk,
            "missing_from": "home",
            "went_missing_at": ago(2).isoformat(),
            "risk_level": "low",
        },
        format="json",
    )
    assert response.status_code == 403


def test_bad_reports_get_plain_messages(police, team):
    response = police.post(
        URL,
        {"person_id": team.child.pk, "missing_from": "moon", "went_missing_at": "yesterday", "colour": "red"},
        format="json",
    )
    body = response.json()
    assert response.status_code == 400
    assert body["missing_from"] == [
        "Where the child went missing from must be one of: home, care_placement, school, other"
    ]
    assert body["went_missing_at"] == ["When the child went missing must be a date and time, like 2026-11-21T14:30:00Z"]
    assert "risk_level" in body
