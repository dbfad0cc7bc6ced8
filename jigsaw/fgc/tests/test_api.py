"""GET /api/v1/people/<id>/family-plans: a partner's view of the family's plan, through the access policy."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.api.services import api_token_issue
from jigsaw.audit.models import AuditEntry

from .conftest import agreed

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    secret = api_token_issue(actor=None, user=user, name="School system", days=90).secret
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_an_involved_partner_reads_the_plan_and_others_get_404(family, make_user):
    conference = agreed(family)
    teacher = make_user(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=teacher, person=family.child, kind="invited", service="School")
    url = reverse("api:person-family-plans", args=[family.child.pk])
    response = api_for(teacher).get(url, {"purpose": "team around the child"})
    assert response.status_code == 200
    plan = response.json()["plans"][0]
    assert plan["agreed_on"] == conference.held_on.isoformat()
    assert {i["who"] for i in plan["items"]} == {"Pat Ellery", "Tom Okafor, social worker"}
    assert AuditEntry.objects.filter(actor=teacher, subject_person_id=family.child.pk).exists()
    stranger = make_user(Role.PARTNER_PRACTITIONER)
    assert api_for(stranger).get(url).status_code == 404
