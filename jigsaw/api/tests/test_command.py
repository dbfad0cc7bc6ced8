"""manage.py api_token issue / revoke / list."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.api.models import ApiToken
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_issue_prints_a_secret_that_works(make_user):
    worker = make_user(Role.SOCIAL_WORKER, username="kate.social")
    person = PersonFactory()

    secret = run("issue", "kate.social", "--name", "Health visitor app", "--days", "7")

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get(reverse("api:person-detail", args=[person.pk])).status_code == 200
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (worker, "Health visitor app")
    assert (token.expires_at - token.created_at).days == 7
    assert AuditEntry.objects.get(kind=AuditKind.TOKEN).additional_data["by"] == "manage.py api_token"


def test_revoke_by_prefix_stops_the_token_and_list_shows_it(make_user):
    make_user(Role.SOCIAL_WORKER, username="kate.social")
    secret = run("issue", "kate.social", "--name", "Health visitor app")
    token = ApiToken.objects.get()

    run("revoke", token.prefix)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get(reverse("api:person-detail", args=[PersonFactory().pk])).status_code == 401
    listing = run("list")
    assert "kate.social" in listing
    assert "revoked" in listing
    assert secret not in listing


def test_revoke_by_number(make_user):
    make_user(Role.SOCIAL_WORKER, username="kate.social")
    run("issue", "kate.social", "--name", "Health visitor app")
    token = ApiToken.objects.get()
    run("revoke", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_issue_refuses_unknown_users_and_roles_that_may_not_use_the_api(make_user):
    make_user(Role.ANALYST, username="ana.lyst")
    with pytest.raises(CommandError, match="No user"):
        run("issue", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="does not include using the API"):
        run("issue", "ana.lyst", "--name", "Dashboards")
    with pytest.raises(CommandError, match="No token"):
        run("revoke", "jig_notthere")
    assert not ApiToken.objects.exists()
