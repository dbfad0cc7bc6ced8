"""Issuing one-time two-factor set-up codes: who may, the screens, the command, and the audit."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jigsaw.access.choices import Role
from jigsaw.access.models import EnrolmentCode
from jigsaw.access.policy import Action, can
from jigsaw.access.services import enrolment_code_hash
from jigsaw.access.tests.factories import TeamFactory
from jigsaw.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
CODE = re.compile(r'<code id="enrolment-code">([A-Z0-9-]+)</code>')


def use_code(client, user, code: str) -> None:
    """The user signs in with their password and the code, and sets up their authenticator."""
    client.post("/account/sign-in/", {"username": user.username, "password": PASSWORD, "next": "/"})
    response = client.post("/account/two-factor/set-up-code/", {"code": code, "next": "/"})
    assert response.status_code == 302, response.content.decode()
    assert "<svg" in client.get(response.url).content.decode()  # the QR code, at last
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/account/two-factor/", {"code": f"{totp(device.bin_key):06d}", "next": "/"}).url == "/"


@pytest.mark.django_db
def test_an_administrator_issues_a_code_shown_once_that_the_user_then_uses(signed_in, make_user, client):
    admin = signed_in(Role.SYSTEM_ADMINISTRATOR)
    newcomer = make_user(Role.SOCIAL_WORKER, full_name="Aisha Okafor")
    listing = admin.get("/account/set-up-codes/?q=okafor").content.decode()
    assert escape("Aisha Okafor") in listing and "Not set up" in listing
    confirm = admin.get(f"/account/set-up-codes/{newcomer.pk}/")
    assert confirm.status_code == 200 and "Issue a set-up code for Aisha Okafor" in confirm.content.decode()
    issued = admin.post(f"/account/set-up-codes/{newcomer.pk}/")
    page = issued.content.decode()
    assert issued.status_code == 200 and "Set-up code issued" in page
    assert "no-store" in issued["Cache-Control"]
    code = CODE.search(page).group(1)
    row = EnrolmentCode.objects.get(user=newcomer)
    assert row.issued_by == admin.user and row.code_hash == enrolment_code_hash(code)
    assert code.replace("-", "") not in row.code_hash
    entry = AuditEntry.objects.get(purpose="two-factor set-up code issued")
    assert entry.actor == admin.user and entry.additional_data["for_user"] == newcomer.username
    assert code.replace("-", "") not in str(entry.additional_data)
    # The list now says a code is waiting; the code itself is never shown again.
    again = admin.get("/account/set-up-codes/?q=okafor").content.decode()
    assert "Expires" in again and code not in again

    from django.test import Client

    use_code(Client(), newcomer, code)
    assert TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()


@pytest.mark.django_db
def test_a_new_code_replaces_an_unused_one(signed_in, make_user):
    admin = signed_in(Role.SYSTEM_ADMINISTRATOR)
    worker = make_user(Role.SOCIAL_WORKER)
    first = CODE.search(admin.post(f"/account/set-up-codes/{worker.pk}/").content.decode()).group(1)
    page = admin.get(f"/account/set-up-codes/{worker.pk}/").content.decode()
    assert "They already have an unused code" in page
    second = CODE.search(admin.post(f"/account/set-up-codes/{worker.pk}/").content.decode()).group(1)
    assert first != second
    assert EnrolmentCode.objects.filter(user=worker, withdrawn_at__isnull=False).count() == 1
    assert EnrolmentCode.objects.filter(user=worker, withdrawn_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_team_manager_issues_codes_for_their_own_team_only(make_user):
    front_door = TeamFactory(name="Front door")
    assessment = TeamFactory(name="Assessment")
    manager = make_user(Role.TEAM_MANAGER, team=front_door)
    assert can(manager, Action.ISSUE_ENROLMENT_CODE, make_user(Role.SOCIAL_WORKER, team=front_door))
    assert can(manager, Action.ISSUE_ENROLMENT_CODE, make_user(Role.BUSINESS_SUPPORT, team=front_door))
    assert not can(manager, Action.ISSUE_ENROLMENT_CODE, make_user(Role.SOCIAL_WORKER, team=assessment))
    assert not can(manager, Action.ISSUE_ENROLMENT_CODE, make_user(Role.TEAM_MANAGER, team=front_door))
    assert not can(manager, Action.ISSUE_ENROLMENT_CODE, make_user(Role.SYSTEM_ADMINISTRATOR, team=front_door))
    assert not can(manager, Action.ISSUE_ENROLMENT_CODE, manager)
    assert not can(
        manager, Action.ISSUE_ENROLMENT_CODE, make_user(Role.SOCIAL_WORKER, team=front_door, is_active=False)
    )
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    assert can(admin, Action.ISSUE_ENROLMENT_CODE, make_user(Role.TEAM_MANAGER, team=assessment))
    assert not can(admin, Action.ISSUE_ENROLMENT_CODE, admin)
    assert not can(make_user(Role.SOCIAL_WORKER, team=front_door), Action.ISSUE_ENROLMENT_CODE, manager)


@pytest.mark.django_db
def test_the_team_managers_screen_lists_their_team_and_nobody_else(signed_in, make_user):
    front_door = TeamFactory(name="Front door")
    assessment = TeamFactory(name="Assessment")
    manager = signed_in(Role.TEAM_MANAGER, team=front_door)
    mine = make_user(Role.SOCIAL_WORKER, team=front_door, full_name="Kieran Walsh")
    other = make_user(Role.SOCIAL_WORKER, team=assessment, full_name="Megan Hughes")
    page = manager.get("/account/set-up-codes/").content.decode()
    assert escape("Kieran Walsh") in page and escape("Megan Hughes") not in page
    assert manager.get(f"/account/set-up-codes/{other.pk}/").status_code == 404
    assert manager.post(f"/account/set-up-codes/{other.pk}/").status_code == 404
    assert not EnrolmentCode.objects.filter(user=other).exists()
    assert manager.post(f"/account/set-up-codes/{mine.pk}/").status_code == 200
    assert EnrolmentCode.objects.filter(user=mine, issued_by=manager.user).exists()
    assert "Set-up codes" in manager.get("/").content.decode()  # in the menu


@pytest.mark.django_db
def test_other_roles_cannot_issue_codes(signed_in, make_user):
    worker = signed_in(Role.SOCIAL_WORKER)
    colleague = make_user(Role.SOCIAL_WORKER)
    assert worker.get("/account/set-up-codes/").status_code == 403
    assert worker.post(f"/account/set-up-codes/{colleague.pk}/").status_code == 403
    assert not EnrolmentCode.objects.exists()
    assert "Set-up codes" not in worker.get("/").content.decode()


@pytest.mark.django_db
def test_an_administrator_must_have_passed_two_factor_to_issue_codes(client, make_user):
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    worker = make_user(Role.SOCIAL_WORKER)
    client.force_login(admin)
    response = client.post(f"/account/set-up-codes/{worker.pk}/")
    assert response.status_code == 302 and response.url.startswith("/account/two-factor/")
    assert not EnrolmentCode.objects.exists()


@pytest.mark.django_db
def test_the_command_issues_a_code_for_the_first_administrator(make_user):
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    out, err = io.StringIO(), io.StringIO()
    call_command("enrolment_code", "issue", admin.username, stdout=out, stderr=err)
    code = out.getvalue().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert "cannot be shown again" in err.getvalue()
    row = EnrolmentCode.objects.get(user=admin)
    assert row.issued_by is None and row.code_hash == enrolment_code_hash(code)
    assert AuditEntry.objects.get(purpose="two-factor set-up code issued").additional_data["by"] == (
        "manage.py enrolment_code"
    )
    from django.test import Client

    use_code(Client(), admin, code)
    with pytest.raises(CommandError, match="No user with the username nobody"):
        call_command("enrolment_code", "issue", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
