"""The administrators' screens: list, issue (secret shown once) and revoke, audited; nobody else gets in."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.api.models import ApiToken
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"jig_[A-Za-z0-9_-]{40,}")


def api_get(secret: str, url: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client.get(url)


def test_an_administrator_issues_a_token_and_sees_the_secret_once(signed_in, make_user):
    admin = signed_in(Role.SYSTEM_ADMINISTRATOR)
    worker = make_user(Role.SOCIAL_WORKER, full_name="Priya Patel")

    form = admin.get(reverse("api:token-issue"))
    assert form.status_code == 200
    assert "Priya Patel" in form.content.decode()

    response = admin.post(reverse("api:token-issue"), {"user": worker.pk, "name": "Police case system", "days": "30"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "API token issued" in page
    assert "Copy this token now" in page
    assert response["Cache-Control"] == "no-store"
    secret = SECRET.search(page).group()
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.created_by) == (worker, "Police case system", admin.user)
    # The secret works, as the worker...
    person = PersonFactory()
    assert api_get(secret, reverse("api:person-detail", args=[person.pk])).status_code == 200
    # ...and is never shown again.
    listing = admin.get(reverse("api:tokens")).content.decode()
    assert token.prefix in listing
    assert secret not in listing
    entry = AuditEntry.objects.get(kind=AuditKind.TOKEN)
    assert entry.actor == admin.user
    assert entry.additional_data["event"] == "issued"
    assert secret not in str(entry.additional_data)


def test_the_issue_form_explains_what_is_missing(signed_in):
    admin = signed_in(Role.SYSTEM_ADMINISTRATOR)
    response = admin.post(reverse("api:token-issue"), {"user": "", "name": "", "days": "400"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select who the token acts as" in page
    assert "Enter a name for the token" in page
    assert "Days until it expires must be between 1 and 365" in page
    assert not ApiToken.objects.exists()


def test_an_analyst_cannot_be_chosen_to_hold_a_token(signed_in, make_user):
    admin = signed_in(Role.SYSTEM_ADMINISTRATOR)
    analyst = make_user(Role.ANALYST, full_name="Owen Analyst")
    assert "Owen Analyst" not in admin.get(reverse("api:token-issue")).content.decode()
    response = admin.post(reverse("api:token-issue"), {"user": analyst.pk, "name": "Dashboards", "days": "30"})
    assert "Select who the token acts as" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_administrator_revokes_a_token_after_confirming(signed_in, make_user, issue_token):
    admin = signed_in(Role.SYSTEM_ADMINISTRATOR)
    secret = issue_token(make_user(Role.SOCIAL_WORKER), name="School MIS link")
    token = ApiToken.objects.get()
    url = reverse("api:token-revoke", args=[token.pk])
    person_url = reverse("api:person-detail", args=[PersonFactory().pk])
    assert api_get(secret, person_url).status_code == 200

    confirm = admin.get(url).content.decode()
    assert "Revoke this API token?" in confirm
    assert "School MIS link" in confirm
    assert token.prefix in confirm
    token.refresh_from_db()
    assert token.revoked_at is None  # looking at the confirmation page changes nothing

    response = admin.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("api:tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == admin.user
    assert api_get(secret, person_url).status_code == 401
    assert "has been revoked" in admin.get(reverse("api:tokens")).content.decode()
    entry = AuditEntry.objects.filter(kind=AuditKind.TOKEN).order_by("sequence").last()
    assert (entry.actor, entry.additional_data["event"]) == (admin.user, "revoked")


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PARTNER_PRACTITIONER, Role.ANALYST])
def test_other_roles_get_403_on_the_token_screens(signed_in, make_user, issue_token, role):
    issue_token(make_user(Role.SOCIAL_WORKER))
    token = ApiToken.objects.get()
    client = signed_in(role)
    assert client.get(reverse("api:tokens")).status_code == 403
    assert client.get(reverse("api:token-issue")).status_code == 403
    assert (
        client.post(reverse("api:token-issue"), {"user": client.user.pk, "name": "x", "days": "1"}).status_code == 403
    )
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:sign-in"))


def test_an_administrator_must_have_passed_two_factor(client, make_user):
    # /api/ is outside the two-factor middleware (API clients use tokens), so the screens check it themselves.
    client.force_login(make_user(Role.SYSTEM_ADMINISTRATOR))
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:two-factor"))
