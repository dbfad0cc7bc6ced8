"""Every error on an API path is JSON in one of the two documented shapes, never Django's HTML page."""

import pytest

from jigsaw.access.choices import Role
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/people/abc",
        "/api/v1/people/null,null/chronology",
        "/api/v1/people/-1",
        "/api/v1/people/0",
        "/api/v1/people/9223372036854775808",  # one more than the largest id the database can hold
        "/api/v1/people/1/",
        "/api/v1/no-such-thing",
    ],
)
def test_an_address_that_is_not_an_endpoint_is_a_json_404(api_as, path):
    client = api_as(Role.SOCIAL_WORKER)
    for response in (client.get(path), client.post(path, {"summary": "x"}, format="json")):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}


def test_a_person_the_user_may_not_see_is_the_same_404(api_as):
    child = PersonFactory()
    response = api_as(Role.PARTNER_PRACTITIONER).get(f"/api/v1/people/{child.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("body", ["\x00", "{", "not json"])
def test_a_body_that_is_not_json_is_a_400_in_the_validation_shape(api_as, body):
    response = api_as(Role.SOCIAL_WORKER).post("/api/v1/contacts", body, content_type="application/json")

    assert response.status_code == 400
    messages = response.json()["non_field_errors"]
    assert len(messages) == 1
    assert messages[0].startswith("The request body is not valid JSON: ")


@pytest.mark.parametrize("body", ["[]", '"a contact"', "null"])
def test_json_that_is_not_an_object_is_a_400(api_as, body):
    response = api_as(Role.SOCIAL_WORKER).post("/api/v1/contacts", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Send a JSON object of fields and their values"]}


def test_a_body_that_is_not_sent_as_json_is_a_415(api_as):
    response = api_as(Role.SOCIAL_WORKER).post("/api/v1/contacts", {"worries": "x"}, format="multipart")

    assert response.status_code == 415
    assert response.json()["detail"].startswith("Unsupported media type")


def test_a_method_an_endpoint_does_not_have_is_a_json_405_with_allow(api_as):
    response = api_as(Role.SOCIAL_WORKER).delete("/api/v1/people/search")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert "GET" in response["Allow"]


def test_text_with_a_nul_character_is_refused_with_a_400(api_as):
    child = PersonFactory()
    response = api_as(Role.SOCIAL_WORKER).get(f"/api/v1/people/{child.pk}", {"purpose": "Strategy\x00discussion"})

    assert response.status_code == 400
    assert response.json() == {"purpose": ["Purpose must not contain a NUL character"]}


def test_the_token_screens_keep_their_html_404(signed_in):
    response = signed_in(Role.SYSTEM_ADMINISTRATOR).get("/api/v1/tokens/9999/revoke/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_accept_header_without_json_is_a_json_406(api_as):
    response = api_as(Role.SOCIAL_WORKER).get(
        "/api/v1/people/search", {"family_name": "Smyth"}, HTTP_ACCEPT="text/html"
    )

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Could not satisfy the request Accept header."}
