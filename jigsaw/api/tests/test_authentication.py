"""Who gets in: a valid token of a user whose role may use the API, and nobody else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.api.models import ApiToken
from jigsaw.api.services import api_token_issue, api_token_revoke
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def person_url(person) -> str:
    return reverse("api:person-detail", args=[person.pk])


def test_no_token_is_401_and_says_how_to_authenticate():
    person = PersonFactory()
    response = APIClient().get(person_url(person))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_made_up_token_is_401():
    person = PersonFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token jig_thisIsNotARealTokenAtAllxxxxxxxxxxxxxxxxxxx")
    response = client.get(person_url(person))
    assert response.status_code == 401
    assert response.json()["detail"] == "The token is not valid"


def test_a_valid_token_reads_a_record_and_is_marked_as_used(api_as):
    client = api_as(Role.SOCIAL_WORKER)
    person = PersonFactory()
    assert ApiToken.objects.get(user=client.user).last_used_at is None

    response = client.get(person_url(person))

    assert response.status_code == 200
    assert response.json()["id"] == person.pk
    assert ApiToken.objects.get(user=client.user).last_used_at is not None


def test_a_revoked_token_is_401(api_as):
    client = api_as(Role.SOCIAL_WORKER)
    person = PersonFactory()
    assert client.get(person_url(person)).status_code == 200

    api_token_revoke(actor=None, token=ApiToken.objects.get(user=client.user))

    response = client.get(person_url(person))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_401(api_as):
    client = api_as(Role.SOCIAL_WORKER)
    past = timezone.now() - timedelta(days=100)
    ApiToken.objects.filter(user=client.user).update(created_at=past, expires_at=past + timedelta(days=90))

    response = client.get(person_url(PersonFactory()))

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_of_a_deactivated_account_is_401(api_as):
    client = api_as(Role.SOCIAL_WORKER)
    client.user.is_active = False
    client.user.save()

    assert client.get(person_url(PersonFactory())).status_code == 401


def test_an_analysts_token_is_403(api_as):
    # A social worker's token, and then the user becomes an analyst: the token keeps the user's access, no more.
    client = api_as(Role.SOCIAL_WORKER)
    client.user.role = Role.ANALYST
    client.user.save()

    response = client.get(person_url(PersonFactory()))

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not include using the API"}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR])
def test_a_token_cannot_be_issued_to_a_role_that_may_not_use_the_api(make_user, role):
    with pytest.raises(ApplicationError, match="does not include using the API"):
        api_token_issue(actor=None, user=make_user(role), name="Dashboard")
    assert not ApiToken.objects.exists()


def test_the_api_does_not_accept_a_browser_session(signed_in):
    # Tokens only: a signed-in browser cannot be driven by another site into calling the API.
    client = signed_in(Role.SOCIAL_WORKER)
    response = client.get(person_url(PersonFactory()))
    assert response.status_code == 401


def test_only_a_hash_of_the_secret_is_stored(api_as):
    client = api_as(Role.SOCIAL_WORKER)
    token = ApiToken.objects.get(user=client.user)
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().first().values()]
    assert client.secret not in stored
    assert client.secret.startswith(token.prefix)
