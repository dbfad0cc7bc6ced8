"""The analyst's screens: produce a return, see what the validator found child by child with a
link to the record to put right, download the files (audited). No one else sees them."""

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.returns import validation
from jigsaw.returns.models import ReturnRun


@pytest.fixture
def fake_validator(monkeypatch, scene):
    """The validators themselves run in test_demo_returns; here a finding about the scene's child."""

    def run(which, files, year):
        return [
            validation.Finding(
                child_id=scene.child.council_id, rule_code="393", kind="error",
                description="Child is looked after but mother field is not completed.", table="Header",
                fields=["MOTHER"],
            ),
            validation.Finding(child_id="", rule_code="2887Q", kind="query", description="Few codes used.", table="Header"),
        ]  # fmt: skip

    monkeypatch.setattr(validation, "run", run)


def test_an_analyst_produces_the_903_and_sees_each_childs_findings(signed_in, scene, fake_validator):
    client = signed_in(Role.ANALYST)
    assert client.get(reverse("returns:index")).status_code == 200
    response = client.post(reverse("returns:produce"), {"kind": "903", "year": "2027"})
    run = ReturnRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("returns:run", args=[run.pk])
    assert (run.year, run.status, run.errors, run.queries, run.children) == (2027, "validated", 1, 1, 1)
    page = client.get(response["Location"]).content.decode()
    assert f"Child {scene.child.council_id}" in page and "mother field is not completed" in page
    assert reverse("people:edit", args=[scene.child.pk]) in page  # where the record is put right
    assert "The whole return" in page
    download = client.get(reverse("returns:download", args=[run.pk, "episodes.csv"]))
    assert download["Content-Type"] == "text/csv" and scene.child.council_id.encode() in download.content
    assert AuditEntry.objects.filter(kind="export", purpose="Downloaded episodes.csv").exists()


def test_a_file_that_is_not_part_of_the_return_is_404(signed_in, scene, fake_validator):
    client = signed_in(Role.ANALYST)
    client.post(reverse("returns:produce"), {"kind": "cin", "year": "2027"})
    run = ReturnRun.objects.get()
    assert client.get(reverse("returns:download", args=[run.pk, "header.csv"])).status_code == 404


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PARTNER_PRACTITIONER])
def test_no_one_else_sees_the_returns(signed_in, role):
    client = signed_in(role)
    assert client.get(reverse("returns:index")).status_code == 403
    assert client.post(reverse("returns:produce"), {"kind": "903", "year": "2027"}).status_code == 403
    assert ReturnRun.objects.count() == 0


def test_the_codes_must_be_set_before_a_return_is_produced(signed_in, settings, scene):
    settings.JIGSAW_COUNCIL_GSS_CODE = ""
    client = signed_in(Role.ANALYST)
    assert "GSS code" in client.get(reverse("returns:index")).content.decode()
    response = client.post(reverse("returns:produce"), {"kind": "annex_a", "year": "2027"})
    assert response.status_code == 200 and "JIGSAW_COUNCIL_GSS_CODE" in response.content.decode()
    assert ReturnRun.objects.count() == 0


def test_an_error_is_on_the_childs_workers_my_work_until_a_run_no_longer_finds_it(
    signed_in, client, scene, fake_validator, monkeypatch
):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jigsaw.returns.services import return_produce
    from jigsaw.returns.years import CollectionYear

    analyst = signed_in(Role.ANALYST).user
    return_produce(actor=analyst, kind="903", year=CollectionYear(2027))
    client.logout()
    device = TOTPDevice.objects.create(user=scene.worker, name="Authenticator app", confirmed=True)
    client.force_login(scene.worker)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get(reverse("core:home")).content.decode()
    assert "Put right for the SSDA903 (children looked after): rule 393" in page
    assert reverse("people:edit", args=[scene.child.pk]) in page
    monkeypatch.setattr(validation, "run", lambda which, files, year: [])
    return_produce(actor=analyst, kind="903", year=CollectionYear(2027))
    assert "rule 393" not in client.get(reverse("core:home")).content.decode()
