"""The OpenAPI document: valid, and describing both endpoints, the token scheme and the errors."""

import json

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from jigsaw.access.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(api_as) -> dict:
    response = api_as(Role.PARTNER_PRACTITIONER).get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def test_the_document_is_valid_openapi(document):
    validate_schema(document)  # raises on any departure from the OpenAPI 3.0 JSON schema


def test_the_document_describes_both_endpoints_and_their_errors(document):
    search = document["paths"]["/api/v1/people/search"]["get"]
    detail = document["paths"]["/api/v1/people/{id}"]["get"]
    assert {"200", "400", "401", "403"} <= set(search["responses"])
    assert {"200", "401", "403", "404"} <= set(detail["responses"])
    params = {p["name"] for p in search["parameters"]}
    assert {
        "given_name",
        "family_name",
        "other_names",
        "date_of_birth",
        "sex",
        "nhs_number",
        "upn",
        "address",
        "postcode",
    } <= params


def test_the_document_describes_the_token_scheme(document):
    scheme = document["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
    assert document["paths"]["/api/v1/people/search"]["get"]["security"] == [{"tokenAuth": []}]


def test_the_document_needs_a_token_or_a_signed_in_user(signed_in):
    assert APIClient().get(reverse("api:openapi")).status_code == 401
    assert signed_in(Role.SYSTEM_ADMINISTRATOR).get(reverse("api:openapi")).status_code == 200
