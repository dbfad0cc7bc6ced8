"""Signing in as a user would: password, then the authenticator code; lock-out; expiry."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password=PASSWORD):
    return client.post("/account/sign-in/", {"username": username, "password": password, "next": "/"})


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_clear_message_and_keeps_the_username(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    response = sign_in(client, user.username, "not my password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert f'value="{user.username}"' in page
    assert AuditEntry.objects.filter(kind="sign_in_failed").exists()


@pytest.mark.django_db
def test_first_sign_in_sets_up_an_authenticator_then_lets_the_user_in(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    response = sign_in(client, user.username)
    assert response.status_code == 302 and response.url.startswith("/account/two-factor/")
    # Without the second factor, every page sends the user back to it.
    assert client.get("/").url.startswith("/account/two-factor/")
    setup = client.get("/account/two-factor/?next=/")
    assert "Set up two-factor authentication" in setup.content.decode()
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/account/two-factor/", {"code": "000000" if totp(device.bin_key) != 0 else "111111", "next": "/"}
    )
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    too_soon = client.post("/account/two-factor/", {"code": f"{totp(device.bin_key):06d}", "next": "/"})
    assert "Wait a few seconds" in too_soon.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        right = client.post("/account/two-factor/", {"code": f"{totp(device.bin_key):06d}", "next": "/"})
        assert right.status_code == 302 and right.url == "/"
        assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_code_must_be_six_digits(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    sign_in(client, user.username)
    page = client.post("/account/two-factor/", {"code": "12ab", "next": "/"}).content.decode()
    assert "Enter the code as 6 digits" in page
    assert 'value="12ab"' in page


@pytest.mark.django_db
def test_account_is_locked_after_repeated_failures_even_with_the_right_password(client, make_user, settings):
    user = make_user(Role.SOCIAL_WORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong password")
    response = sign_in(client, user.username)
    assert response.status_code == 403
    assert "Your account is locked" in response.content.decode()
    assert client.get("/").status_code == 302  # not signed in


@pytest.mark.django_db
def test_passwords_are_stored_with_argon2(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        user.set_password("a long synthetic passphrase")
        user.save()
        assert user.password.startswith("argon2")
        assert user.check_password("a long synthetic passphrase")


@pytest.mark.django_db
def test_an_expired_session_has_to_sign_in_again(signed_in, settings):
    client = signed_in(Role.SOCIAL_WORKER)
    assert client.get("/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/account/sign-in/")


@pytest.mark.django_db
def test_demo_users_skip_two_factor_only_in_demo_mode(client, make_user, settings):
    user = make_user(Role.SOCIAL_WORKER, demo_2fa_exempt=True)
    settings.JIGSAW_DEMO_MODE = True
    sign_in(client, user.username)
    assert client.get("/").status_code == 200
    settings.JIGSAW_DEMO_MODE = False
    assert client.get("/").url.startswith("/account/two-factor/")


@pytest.mark.django_db
def test_sign_out_needs_a_confirmation_and_ends_the_session(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    assert "Sign out of Jigsaw" in client.get("/account/sign-out/").content.decode()
    assert client.get("/").status_code == 200
    client.post("/account/sign-out/")
    assert client.get("/").status_code == 302
