"""Nothing without an owner: every deadline rule, once its clock is overdue, is on someone's "My
work" with a link to where the work is done, and that link opens for them.

The demo council (with its casework, made through the real services) gives each rule a real
clock on a real record where the demo makes one; a rule the demo never starts gets a clock of
its own on a new child with no worker, which must then reach the unallocated list of the team
that owns it. A rule registered without an owner in `timescales/ownership.py` fails here.
"""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from markupsafe import escape  # as Jinja writes it (an apostrophe is &#39;)

from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.clocks import clock_start
from jigsaw.timescales.models import Clock
from jigsaw.timescales.ownership import area_leads, responsibility_for, rules_without_an_owner
from jigsaw.timescales.rules import all_rules
from jigsaw.timescales.selectors import clock_line

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 20)  # a Friday
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def sign_in_as(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _overdue_clock(rule) -> tuple[Clock, bool]:
    """The demo's clock for the rule, or one of its own on a new child nobody works with; overdue."""
    clock = Clock.objects.open().filter(rule_key=rule.key).order_by("pk").first()
    from_demo = clock is not None
    if clock is None:
        child = PersonFactory(restricted_area=rule.restricted_area)
        clock = clock_start(rule_key=rule.key, person=child, started_on=AS_OF - dt.timedelta(days=60))
    Clock.objects.filter(pk=clock.pk).update(
        started_on=AS_OF - dt.timedelta(days=60), due_on=AS_OF - dt.timedelta(days=30)
    )
    clock.refresh_from_db()
    return clock, from_demo


def _row_on_my_work(client, line) -> bool:
    """The line's link (to where the work is done, with its title) is on the user's My work,
    on any page of their unallocated list."""
    row = f'href="{line.url}">{escape(line.title)}<span class="govuk-visually-hidden">'
    for page in range(1, 40):
        response = client.get(reverse("core:home"), {"unallocated_page": page})
        assert response.status_code == 200
        html = response.content.decode()
        if row in html:
            return True
        if f"unallocated_page={page + 1}" not in html:
            return False
    return False


def _the_chair_and_the_lead_practitioner_hold_theirs(client) -> None:
    """A conference convened for an enquiry is its chair's to hold; a plan's core groups and
    visits are its lead practitioner's, whoever else works with the child."""
    from jigsaw.protection.models import Conference, ProtectionPlan

    conference = (
        Conference.objects.filter(kind="initial", held_on__isnull=True, meeting__chair__isnull=False)
        .select_related("meeting__chair")
        .first()
    )
    assert conference is not None, "the demo convenes an initial conference"
    icpc = Clock.objects.open().get(rule_key="icpc", object_id=conference.section_47_id)
    line = clock_line(clock=icpc, today=AS_OF)
    assert line.worker_id == conference.meeting.chair_id
    html = sign_in_as(client, conference.meeting.chair).get(reverse("core:home")).content.decode()
    assert f'href="{line.url}">{escape(line.title)}' in html

    plan = ProtectionPlan.objects.filter(ended_on__isnull=True, lead_practitioner__isnull=False).first()
    assert plan is not None, "the demo has a child on a plan"
    visit = Clock.objects.open().get(rule_key="cp_visit", object_id=plan.pk)
    line = clock_line(clock=visit, today=AS_OF)
    assert line.worker_id == plan.lead_practitioner_id
    assert line.url == reverse("protection:visit-add", args=[plan.pk])


def test_every_deadline_rule_reaches_someones_my_work_with_a_link_that_opens(client):
    assert rules_without_an_owner() == [], "each rule needs an entry in timescales/ownership.py"
    User = get_user_model()
    failures: list[str] = []
    reached: dict[str, str] = {}
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", children=40, seed=3, as_of=AS_OF, stdout=StringIO())
        _the_chair_and_the_lead_practitioner_hold_theirs(client)
        for rule in all_rules():
            clock, from_demo = _overdue_clock(rule)
            line = clock_line(clock=clock, today=AS_OF)
            if line.worker_id is not None:
                users = [User.objects.get(pk=line.worker_id)]
            else:
                users = list(area_leads(responsibility_for(rule.key).area).order_by("pk"))
            if not users:
                failures.append(f"{rule.key}: nobody responsible, and no team sees it as unallocated")
                continue
            user = users[0]
            sign_in_as(client, user)
            if not _row_on_my_work(client, line):
                failures.append(f"{rule.key}: not on the My work of {user.username} ({user.role})")
                continue
            response = client.get(line.url)
            if response.status_code != 200:
                failures.append(f"{rule.key}: {line.url} answers {response.status_code} to {user.username}")
                continue
            reached[rule.key] = f"{user.role}{'' if line.worker_id else ' (unallocated)'}{'' if from_demo else ' *'}"
    assert failures == []
    assert set(reached) == {rule.key for rule in all_rules()}
