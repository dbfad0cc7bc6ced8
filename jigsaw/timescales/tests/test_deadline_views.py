"""The person's deadlines page and the reason-for-delay screen, as workers and managers use them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.timescales.clocks import clock_start, clock_stop
from jigsaw.timescales.models import Clock

pytestmark = pytest.mark.django_db

MONDAY_11_JAN_2027 = datetime(2027, 1, 11, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def sign_in_as(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def clocks(case):
    overdue = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
    late = clock_start(rule_key="referral_decision", person=case.child, started_on=date(2026, 12, 24))
    clock_stop(rule_key="referral_decision", person=case.child, met_on=date(2026, 12, 30))
    on_time = clock_start(rule_key="strategy_discussion", person=case.child, started_on=date(2027, 1, 11))
    return type("Clocks", (), {"overdue": overdue, "late": late, "on_time": on_time})


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_worker_sees_the_childs_deadlines_with_their_status(client, case, clocks):
    page = sign_in_as(client, case.worker).get(reverse("timescales:person", args=[case.child.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Deadlines for Amelia Rowntree" in html
    assert "Hold the initial child protection conference" in html
    assert "14 December 2026" in html and "7 January 2027" in html
    assert '<strong class="govuk-tag govuk-tag--red">' in html and "Overdue" in html
    assert "2 working days overdue" in html
    assert "Met late" in html and "30 December 2026" in html
    assert "Due soon" in html
    assert reverse("timescales:late-reason", args=[clocks.overdue.pk]) in html
    assert reverse("timescales:late-reason", args=[clocks.late.pk]) in html
    assert reverse("timescales:late-reason", args=[clocks.on_time.pk]) not in html
    assert AuditEntry.objects.filter(kind="view", subject_person_id=case.child.pk, purpose="deadlines").exists()


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_someone_who_cannot_see_the_child_gets_not_found(client, case, clocks, make_user):
    client = sign_in_as(client, make_user(Role.PARTNER_PRACTITIONER))
    assert client.get(reverse("timescales:person", args=[case.child.pk])).status_code == 404
    assert client.get(reverse("timescales:late-reason", args=[clocks.overdue.pk])).status_code == 404


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_worker_records_a_reason_and_the_manager_signs_it_off(client, case, clocks):
    url = reverse("timescales:late-reason", args=[clocks.late.pk])
    worker = sign_in_as(client, case.worker)
    response = worker.post(url, {"reason": "Referrer could not be reached over Christmas", "version": 1})
    assert response.status_code == 302
    page = worker.get(reverse("timescales:person", args=[case.child.pk])).content.decode()
    assert "Referrer could not be reached over Christmas" in page
    assert "Waiting for a manager&#39;s sign-off" in page or "Waiting for a manager's sign-off" in page

    manager = sign_in_as(client, case.manager)
    form = manager.get(url).content.decode()
    assert "Sign off the reason" in form
    assert manager.post(url, {"sign_off": "1", "version": 2}).status_code == 302
    clock = Clock.objects.get(pk=clocks.late.pk)
    assert clock.late_reason_by == case.worker
    assert clock.late_reason_signed_off_by == case.manager
    assert "Signed off by a manager" in manager.get(reverse("timescales:person", args=[case.child.pk])).content.decode()


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_blank_reason_is_refused_with_a_message(client, case, clocks):
    response = sign_in_as(client, case.worker).post(
        reverse("timescales:late-reason", args=[clocks.overdue.pk]), {"reason": "  ", "version": 1}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter reason for the delay" in html
    assert Clock.objects.get(pk=clocks.overdue.pk).late_reason == ""


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_deadline_not_missed_needs_no_reason(client, case, clocks):
    response = sign_in_as(client, case.worker).post(
        reverse("timescales:late-reason", args=[clocks.on_time.pk]), {"reason": "Just in case", "version": 1}
    )
    assert response.status_code == 200
    assert "This deadline has not been missed" in response.content.decode()


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_signed_off_reason_is_changed_only_by_a_manager(client, case, clocks):
    url = reverse("timescales:late-reason", args=[clocks.overdue.pk])
    manager = sign_in_as(client, case.manager)
    manager.post(url, {"reason": "Chair off sick; conference rebooked for 13 January", "version": 1})
    assert Clock.objects.get(pk=clocks.overdue.pk).late_reason_signed_off_by == case.manager
    worker = sign_in_as(client, case.worker)
    response = worker.post(url, {"reason": "Something else", "version": 2})
    assert "A manager has signed off the reason" in response.content.decode()
    assert Clock.objects.get(pk=clocks.overdue.pk).late_reason.startswith("Chair off sick")


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_role_that_cannot_change_records_cannot_record_a_reason(client, case, clocks, make_user):
    chair = make_user(Role.CP_CHAIR_IRO)  # sees the child through the index, changes nothing
    response = sign_in_as(client, chair).get(reverse("timescales:late-reason", args=[clocks.overdue.pk]))
    assert response.status_code == 403
