"""Lost updates: a reason for delay saved over a newer one, or signed off after it changed,
is refused; the manager signs off the reason they read."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from jigsaw.core.exceptions import ApplicationError
from jigsaw.timescales.clocks import clock_late_reason_record, clock_late_reason_sign_off, clock_start
from jigsaw.timescales.models import Clock

pytestmark = pytest.mark.django_db

MONDAY_11_JAN_2027 = datetime(2027, 1, 11, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _client_for(user) -> Client:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def overdue(case):
    return clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_reason_saved_over_a_newer_one_is_refused(case, overdue):
    clock_late_reason_record(actor=case.worker, clock=overdue, reason="Chair off sick", expected_version=1)
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        clock_late_reason_record(actor=case.worker, clock=overdue, reason="No room free", expected_version=1)
    assert Clock.objects.get(pk=overdue.pk).late_reason == "Chair off sick"


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_manager_cannot_sign_off_a_reason_changed_since_they_read_it(case, overdue):
    clock_late_reason_record(actor=case.worker, clock=overdue, reason="Chair off sick", expected_version=1)
    url = reverse("timescales:late-reason", args=[overdue.pk])
    manager = _client_for(case.manager)
    assert 'name="version" value="2"' in manager.get(url).content.decode()
    clock_late_reason_record(actor=case.worker, clock=overdue, reason="We forgot to book it", expected_version=2)

    page = manager.post(url, {"sign_off": "1", "version": 2}).content.decode()
    assert "changed the reason after you opened it" in page
    assert Clock.objects.get(pk=overdue.pk).late_reason_signed_off_by is None

    assert manager.post(url, {"sign_off": "1", "version": 3}).status_code == 302
    clock = Clock.objects.get(pk=overdue.pk)
    assert clock.late_reason_signed_off_by == case.manager and clock.late_reason == "We forgot to book it"


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_reason_page_refuses_a_stale_save_and_keeps_what_was_typed(case, overdue):
    url = reverse("timescales:late-reason", args=[overdue.pk])
    manager = _client_for(case.manager)
    assert 'name="version" value="1"' in manager.get(url).content.decode()
    clock_late_reason_record(actor=case.worker, clock=overdue, reason="Chair off sick", expected_version=1)
    page = manager.post(url, {"reason": "Family asked to move it", "version": 1}).content.decode()
    assert "Someone else changed this record" in page and "Family asked to move it" in page
    assert Clock.objects.get(pk=overdue.pk).late_reason == "Chair off sick"


def test_sign_off_service_refuses_a_stale_version(case, overdue):
    with time_machine.travel(MONDAY_11_JAN_2027, tick=False):
        clock_late_reason_record(actor=case.worker, clock=overdue, reason="Chair off sick", expected_version=1)
        with pytest.raises(ApplicationError, match="changed the reason after you opened it"):
            clock_late_reason_sign_off(actor=case.manager, clock=overdue, expected_version=1)
