"""GET /api/v1/people/<id>/deadlines: a partner's view of a child's deadlines, through the access policy."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.api.services import api_token_issue
from jigsaw.audit.models import AuditEntry
from jigsaw.timescales.clocks import clock_start, clock_stop

pytestmark = pytest.mark.django_db

MONDAY_11_JAN_2027 = datetime(2027, 1, 11, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def api_for(user) -> APIClient:
    client = APIClient()
    secret = api_token_issue(actor=None, user=user, name="Police case system", days=90).secret
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture
def partner(case, make_user):
    officer = make_user(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=officer, person=case.child, kind="invited", service="Child protection")
    clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
    clock_start(rule_key="referral_decision", person=case.child, started_on=date(2026, 12, 24))
    clock_stop(rule_key="referral_decision", person=case.child, met_on=date(2026, 12, 29))
    return officer


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_an_involved_partner_reads_the_childs_deadlines(case, partner):
    response = api_for(partner).get(reverse("api:person-deadlines", args=[case.child.pk]), {"purpose": "core group"})
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == {
        "id": case.child.pk,
        "council_id": "NB0000001",
        "display_name": "Amelia Rowntree",
        "date_of_birth": case.child.date_of_birth.isoformat(),
    }
    icpc, decision = body["deadlines"]
    assert icpc == {
        "rule": "icpc",
        "title": "Hold the initial child protection conference",
        "started_on": "2026-12-14",
        "due_on": "2027-01-07",
        "met_on": None,
        "stopped_on": None,
        "status": "overdue",
        "status_label": "Overdue",
        "working_days_overdue": 2,
        "responsible": "Priya Worker",
        "late_reason": "",
        "late_reason_signed_off": False,
    }
    assert (decision["rule"], decision["due_on"], decision["met_on"], decision["status"]) == (
        "referral_decision",
        "2026-12-29",
        "2026-12-29",
        "met_on_time",
    )
    entry = AuditEntry.objects.filter(kind="view", subject_person_id=case.child.pk).latest("pk")
    assert entry.actor == partner
    assert entry.purpose.endswith("core group")


def test_a_person_not_visible_is_not_found(case, partner, make_user):
    stranger = make_user(Role.PARTNER_PRACTITIONER)
    response = api_for(stranger).get(reverse("api:person-deadlines", args=[case.child.pk]))
    assert response.status_code == 404
    assert api_for(partner).get(reverse("api:person-deadlines", args=[999999])).status_code == 404


def test_a_token_is_needed_and_the_role_must_use_the_api(case, partner, make_user):
    url = reverse("api:person-deadlines", args=[case.child.pk])
    assert APIClient().get(url).status_code == 401
    moved_on = make_user(Role.SOCIAL_WORKER)
    client = api_for(moved_on)
    moved_on.role = Role.ANALYST  # a token outlives a change of job; the role is checked on each call
    moved_on.save()
    assert client.get(url).status_code == 403


def test_the_openapi_document_describes_the_endpoint(partner):
    document = json.loads(api_for(partner).get(reverse("api:openapi")).content)
    operation = document["paths"]["/api/v1/people/{id}/deadlines"]["get"]
    assert operation["operationId"] == "people_deadlines"
    assert {"200", "401", "403", "404"} <= set(operation["responses"])
    status = document["components"]["schemas"]["Deadline"]["properties"]["status"]
    enum = document["components"]["schemas"][status["allOf"][0]["$ref"].rpartition("/")[2]]
    assert enum["enum"] == ["due", "due_soon", "overdue", "met_on_time", "met_late", "stopped"]
    validate_schema(document)
