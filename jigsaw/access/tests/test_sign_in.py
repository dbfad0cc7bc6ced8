"""Signing in as a user would: password, then the authenticator code (set up with a one-time code from
an administrator); waiting after wrong passwords; expiry."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jigsaw.access.choices import Role
from jigsaw.access.models import EnrolmentCode
from jigsaw.access.services import enrolment_code_issue
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


def issue_code(user, by=None) -> str:
    return enrolment_code_issue(actor=by, user=user).code


def confirm_authenticator(client, device=None, user=None):
    """Type the code the new authenticator shows now (as the user's phone would)."""
    device = device or TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post("/account/two-factor/", {"code": f"{totp(device.bin_key):06d}", "next": "/"})


@pytest.mark.django_db
def test_first_sign_in_asks_for_a_set_up_code_then_sets_up_an_authenticator(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    response = sign_in(client, user.username)
    assert response.status_code == 302 and response.url.startswith("/account/two-factor/")
    # Without the second factor, every page sends the user back to it.
    assert client.get("/").url.startswith("/account/two-factor/")
    # Not yet enrolled: the password alone leads to the set-up code, never to a QR code.
    response = client.get("/account/two-factor/?next=/")
    assert response.status_code == 302 and response.url.startswith("/account/two-factor/set-up-code/")
    page = client.get(response.url).content.decode()
    assert "Enter your set-up code" in page and "<svg" not in page
    assert not TOTPDevice.objects.filter(user=user).exists()

    code = issue_code(user)
    entered = client.post("/account/two-factor/set-up-code/", {"code": code.lower(), "next": "/"})
    assert entered.status_code == 302 and entered.url.startswith("/account/two-factor/")
    setup = client.get("/account/two-factor/?next=/")
    assert "Set up two-factor authentication" in setup.content.decode()
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/account/two-factor/", {"code": "000000" if totp(device.bin_key) != 0 else "111111", "next": "/"}
    )
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    too_soon = confirm_authenticator(client, device)
    assert "Wait a few seconds" in too_soon.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        right = confirm_authenticator(client, device)
        assert right.status_code == 302 and right.url == "/"
        assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    code_row = EnrolmentCode.objects.get(user=user)
    assert code_row.used_at is not None and code not in code_row.code_hash
    purposes = set(AuditEntry.objects.filter(actor=user).values_list("purpose", flat=True))
    assert {"two-factor set-up code used", "two-factor authentication set up"} <= purposes


@pytest.mark.django_db
def test_a_stolen_password_cannot_enrol_an_authenticator_without_a_code(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    sign_in(client, user.username)
    # Posting straight to the two-factor screen gets no further than the set-up code.
    response = client.post("/account/two-factor/", {"code": "123456", "next": "/"})
    assert response.status_code == 302 and response.url.startswith("/account/two-factor/set-up-code/")
    guessed = client.post("/account/two-factor/set-up-code/", {"code": "ABCD-EFGH-JK23", "next": "/"})
    page = guessed.content.decode()
    assert guessed.status_code == 200 and "There is a problem" in page
    assert "That set-up code is not right" in page
    assert 'value="ABCD-EFGH-JK23"' in page
    assert not TOTPDevice.objects.filter(user=user).exists()
    refused = AuditEntry.objects.get(kind="sign_in_failed", actor=user)
    assert refused.purpose == "two-factor set-up code refused"
    assert "ABCD" not in str(refused.additional_data)  # never the code typed


@pytest.mark.django_db
def test_another_users_code_does_not_work(client, make_user):
    user, colleague = make_user(Role.SOCIAL_WORKER), make_user(Role.SOCIAL_WORKER)
    theirs = issue_code(colleague)
    sign_in(client, user.username)
    page = client.post("/account/two-factor/set-up-code/", {"code": theirs, "next": "/"}).content.decode()
    assert "That set-up code is not right" in page
    assert EnrolmentCode.objects.get(user=colleague).used_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("used", "That set-up code has already been used"),
        ("expired", "That set-up code has expired"),
        ("replaced", "That set-up code has been replaced by a newer one"),
    ],
)
def test_used_expired_and_replaced_codes_are_refused_plainly(client, make_user, setup, message):
    user = make_user(Role.SOCIAL_WORKER)
    code = issue_code(user)
    sign_in(client, user.username)
    when = timezone.now()
    if setup == "used":
        client.post("/account/two-factor/set-up-code/", {"code": code, "next": "/"})
    elif setup == "expired":
        when += dt.timedelta(hours=72, minutes=1)
    else:
        issue_code(user)
    with time_machine.travel(when):
        if setup == "expired":
            sign_in(client, user.username)
        page = client.post("/account/two-factor/set-up-code/", {"code": code, "next": "/"}).content.decode()
    assert message in page
    assert AuditEntry.objects.filter(kind="sign_in_failed", actor=user).exists()


@pytest.mark.django_db
def test_a_code_must_look_like_a_code(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    sign_in(client, user.username)
    page = client.post("/account/two-factor/set-up-code/", {"code": "12ab", "next": "/"}).content.decode()
    assert "Enter the set-up code as 12 letters and numbers" in page
    assert 'value="12ab"' in page
    empty = client.post("/account/two-factor/set-up-code/", {"code": " ", "next": "/"}).content.decode()
    assert "Enter the set-up code you were given" in empty


@pytest.mark.django_db
def test_guessing_set_up_codes_is_slowed_down(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    code = issue_code(user)
    sign_in(client, user.username)
    for _ in range(5):
        client.post("/account/two-factor/set-up-code/", {"code": "ABCD-EFGH-JK23", "next": "/"})
    page = client.post("/account/two-factor/set-up-code/", {"code": code, "next": "/"}).content.decode()
    assert "too many wrong set-up codes" in page and "Wait 15 minutes" in page
    assert EnrolmentCode.objects.get(user=user).used_at is None
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        sign_in(client, user.username)
        response = client.post("/account/two-factor/set-up-code/", {"code": code, "next": "/"})
        assert response.status_code == 302
    assert AuditEntry.objects.filter(kind="sign_in_failed", actor=user).count() == 6


@pytest.mark.django_db
def test_a_new_phone_needs_a_new_code_and_replaces_the_old_authenticator(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    old = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    sign_in(client, user.username)
    page = client.get("/account/two-factor/?next=/").content.decode()
    assert "Enter the code from your authenticator app" in page and "<svg" not in page
    assert "Lost your phone, or using a new one?" in page
    # Without a code, the set-up screen shows no QR code, whatever is posted.
    assert "<svg" not in client.get("/account/two-factor/set-up-code/").content.decode()
    assert client.post("/account/two-factor/set-up-code/", {"code": "ABCD-EFGH-JK23"}).status_code == 200
    code = issue_code(user)
    client.post("/account/two-factor/set-up-code/", {"code": code, "next": "/"})
    assert "<svg" in client.get("/account/two-factor/?next=/").content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    assert confirm_authenticator(client, new).url == "/"
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_code_must_be_six_digits(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    sign_in(client, user.username)
    page = client.post("/account/two-factor/", {"code": "12ab", "next": "/"}).content.decode()
    assert "Enter the code as 6 digits" in page
    assert 'value="12ab"' in page


def sign_in_from(client, username, address, password=PASSWORD, **headers):
    return client.post(
        "/account/sign-in/",
        {"username": username, "password": password, "next": "/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


@pytest.mark.django_db
def test_wrong_passwords_from_one_address_make_that_address_wait_but_not_the_user_elsewhere(make_user, settings):
    from django.test import Client

    user = make_user(Role.SOCIAL_WORKER)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    attacker, office = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in_from(attacker, user.username, "198.51.100.7", "wrong password").status_code == 200
    # The fifth wrong password: from now on this address waits, whatever it types.
    assert sign_in_from(attacker, user.username, "198.51.100.7", "wrong password").status_code == 429
    refused = sign_in_from(attacker, user.username, "198.51.100.7")
    assert refused.status_code == 429
    assert "You need to wait before trying again" in refused.content.decode()
    assert "try again in 15 minutes" in refused.content.decode()
    assert attacker.get("/").status_code == 302  # not signed in
    # Claiming another address in X-Forwarded-For does not help: we are not behind a trusted proxy.
    spoofed = sign_in_from(attacker, user.username, "198.51.100.7", **{"X-Forwarded-For": "203.0.113.9"})
    assert spoofed.status_code == 429
    # The user, at their own desk, signs in as usual.
    response = sign_in_from(office, user.username, "203.0.113.9")
    assert response.status_code == 302 and response.url.startswith("/account/two-factor/")
    # Their success there does not free the first address early.
    assert sign_in_from(attacker, user.username, "198.51.100.7").status_code == 429
    # And after the wait, the first address may try again.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert sign_in_from(attacker, user.username, "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_that_waits(make_user, settings):
    from django.test import Client

    settings.JIGSAW_TRUSTED_PROXIES = ["10.0.0.2"]
    user = make_user(Role.SOCIAL_WORKER)
    attacker, office = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(attacker, user.username, "10.0.0.2", "wrong", **{"X-Forwarded-For": "198.51.100.7"})
    assert sign_in_from(attacker, user.username, "10.0.0.2", **{"X-Forwarded-For": "198.51.100.7"}).status_code == 429
    # Another client through the same load balancer is not held up.
    assert sign_in_from(office, user.username, "10.0.0.2", **{"X-Forwarded-For": "203.0.113.9"}).status_code == 302


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
