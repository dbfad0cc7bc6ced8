"""A team manager cancels a running deadline that is no longer needed, from the child's deadlines
page: a reason is required, the manager confirms, the change is audited, and the deadline then
shows as "Cancelled" with the reason."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.timescales.clocks import clock_start
from jigsaw.timescales.models import Clock

from .test_deadline_views import sign_in_as

pytestmark = pytest.mark.django_db

MONDAY_11_JAN_2027 = datetime(2027, 1, 11, 10, 0, tzinfo=ZoneInfo("Europe/London"))
REASON = "The family moved to another council on 8 January; their conference will be held there"


@pytest.fixture
def icpc(case):
    return clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))


def _cancel_url(clock) -> str:
    return reverse("timescales:cancel", args=[clock.pk])


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_manager_cancels_a_deadline_with_a_reason_after_confirming(client, case, icpc):
    manager = sign_in_as(client, case.manager)
    deadlines = manager.get(reverse("timescales:person", args=[case.child.pk])).content.decode()
    assert _cancel_url(icpc) in deadlines
    assert "deadline: Hold the initial child protection conference" in deadlines  # the link's hidden text

    form = manager.get(_cancel_url(icpc)).content.decode()
    assert "Cancel a deadline" in form
    assert "Hold the initial child protection conference" in form and "14 December 2026" in form

    confirm = manager.post(_cancel_url(icpc), {"reason": REASON})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Are you sure you want to cancel this deadline?" in page
    assert "The family moved to another council on 8 January" in page
    assert Clock.objects.get(pk=icpc.pk).is_open  # nothing changes before the confirmation

    done = manager.post(_cancel_url(icpc), {"reason": REASON, "confirm": "yes"})
    assert done.status_code == 302 and done.url == reverse("timescales:person", args=[case.child.pk])
    clock = Clock.objects.get(pk=icpc.pk)
    assert (clock.stopped_on, clock.stopped_reason, clock.met_on) == (date(2027, 1, 11), REASON, None)

    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Clock), object_pk=str(icpc.pk), kind="update"
    ).latest("sequence")
    assert entry.actor == case.manager

    page = manager.get(reverse("timescales:person", args=[case.child.pk])).content.decode()
    assert "Deadline cancelled: Hold the initial child protection conference" in page
    assert "No deadlines are running for Amelia Rowntree" in page
    assert "Finished deadlines (1)" in page
    assert "Cancelled on 11 January 2027: The family moved to another council on 8 January" in page
    assert '<strong class="govuk-tag govuk-tag--grey">Cancelled</strong>' in page
    assert _cancel_url(icpc) not in page


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_change_the_reason_goes_back_to_the_first_step_with_the_reason_kept(client, case, icpc):
    page = sign_in_as(client, case.manager).post(_cancel_url(icpc), {"reason": REASON, "confirm": "no"})
    html = page.content.decode()
    assert "Cancel a deadline" in html and "Are you sure" not in html
    assert "The family moved to another council on 8 January" in html
    assert Clock.objects.get(pk=icpc.pk).is_open


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_reason_is_required(client, case, icpc):
    manager = sign_in_as(client, case.manager)
    for post in ({"reason": "   "}, {"reason": "", "confirm": "yes"}):
        response = manager.post(_cancel_url(icpc), post)
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html
        assert "Enter why the deadline is no longer needed" in html
        assert Clock.objects.get(pk=icpc.pk).is_open


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_only_a_team_manager_may_cancel(client, case, icpc, make_user):
    worker = sign_in_as(client, case.worker)
    assert _cancel_url(icpc) not in worker.get(reverse("timescales:person", args=[case.child.pk])).content.decode()
    assert worker.get(_cancel_url(icpc)).status_code == 403
    assert worker.post(_cancel_url(icpc), {"reason": REASON, "confirm": "yes"}).status_code == 403
    outsider = sign_in_as(client, make_user(Role.PARTNER_PRACTITIONER))
    assert outsider.get(_cancel_url(icpc)).status_code == 404
    assert Clock.objects.get(pk=icpc.pk).is_open


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_deadline_already_finished_cannot_be_cancelled(client, case, icpc):
    manager = sign_in_as(client, case.manager)
    manager.post(_cancel_url(icpc), {"reason": REASON, "confirm": "yes"})
    again = manager.post(_cancel_url(icpc), {"reason": "Another reason", "confirm": "yes"})
    assert again.status_code == 200
    assert "This deadline is no longer running, so there is nothing to cancel." in again.content.decode()
    assert Clock.objects.get(pk=icpc.pk).stopped_reason == REASON


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_cancelling_one_deadline_leaves_the_others_running(client, case, icpc):
    other = clock_start(rule_key="strategy_discussion", person=case.child, started_on=date(2027, 1, 11))
    sign_in_as(client, case.manager).post(_cancel_url(icpc), {"reason": REASON, "confirm": "yes"})
    assert not Clock.objects.get(pk=icpc.pk).is_open
    assert Clock.objects.get(pk=other.pk).is_open
