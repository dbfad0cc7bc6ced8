"""Every response keeps personal data out of caches (static files excepted) and refuses browser features."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.api.services import api_token_issue
from jigsaw.people.tests.factories import PersonFactory


def assert_not_stored(response) -> None:
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response["Cache-Control"]
    assert "public" not in cache_control


def assert_features_refused(response) -> None:
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.django_db
def test_a_persons_page_is_never_stored_and_refuses_browser_features(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    person = PersonFactory()
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    assert_not_stored(response)
    assert_features_refused(response)


@pytest.mark.django_db
def test_the_sign_in_page_and_a_missing_page_are_not_stored_either(client):
    for path in ("/account/sign-in/", "/no-such-page/"):
        response = client.get(path)
        assert_not_stored(response)
        assert_features_refused(response)


@pytest.mark.django_db
def test_api_responses_are_never_stored(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    person = PersonFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=None, user=user, name='Police').secret}")
    response = client.get(f"/api/v1/people/{person.pk}")
    assert response.status_code == 200
    assert_not_stored(response)
    assert_features_refused(response)
    assert_not_stored(APIClient().get(f"/api/v1/people/{person.pk}"))  # refusals too


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True, WHITENOISE_MAX_AGE=3600)
def test_static_files_keep_their_caching():
    response = Client().get("/static/dist/app.css")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "max-age=3600" in cache_control and "public" in cache_control
    assert "no-store" not in cache_control
    assert_features_refused(response)
