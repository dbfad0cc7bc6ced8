"""The OpenAPI document: valid, and describing both endpoints, the token scheme and the errors."""

import json
import re

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
        "middle_names",
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


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_documents_every_error_it_can_answer_with(document):
    for path, method, operation in _operations(document):
        expected = {"400", "401", "403", "406", "429"}
        expected |= {"404"} if "{" in path else set()
        expected |= {"415"} if method == "post" else set()
        assert expected <= set(operation["responses"]), (method, path)
        for code, response in operation["responses"].items():
            if code.startswith("4"):
                schema = response["content"]["application/json"]["schema"]
                wanted = "ValidationErrors" if code == "400" else "Error"
                assert schema == {"$ref": f"#/components/schemas/{wanted}"}, (method, path, code)


def test_request_bodies_say_that_unknown_fields_are_refused(document):
    schemas = document["components"]["schemas"]
    bodies = [
        operation["requestBody"]["content"]
        for _path, _method, operation in _operations(document)
        if "requestBody" in operation
    ]
    assert bodies
    for content in bodies:
        assert list(content) == ["application/json"]  # JSON only: anything else is a 415
        name = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["ContactPersonInput"]["additionalProperties"] is False


def test_required_text_must_hold_more_than_spaces(document):
    summary = document["components"]["schemas"]["ChronologyEntryInput"]["properties"]["summary"]
    assert re.search(summary["pattern"], "Seen at school")
    assert not re.search(summary["pattern"], "   ")
    assert not re.search(summary["pattern"], "Seen\x00")


def test_the_search_documents_its_warnings(document):
    search = document["paths"]["/api/v1/people/search"]["get"]
    response = document["components"]["schemas"]["PersonSearchResponse"]
    assert "warnings" in response["required"]
    assert "check digit" in response["properties"]["warnings"]["description"]
    assert "at least one detail" in search["description"]
