"""Lost updates: a change of a plan's category made from a page showing the plan before
someone else changed it is refused, with what was typed kept."""

import datetime as dt
import html

import pytest
import time_machine

from jigsaw.core.exceptions import ApplicationError
from jigsaw.protection import services
from jigsaw.protection.models import CategoryChange, ProtectionPlan
from jigsaw.protection.tests.conftest import LONDON

LATER = dt.datetime(2027, 12, 1, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


@pytest.fixture
def on_plan(journey):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    return journey


def test_a_category_change_from_an_old_version_is_refused(on_plan, people):
    plan = on_plan.plan
    services.plan_change_category(
        actor=people.chair, plan=plan, category="PHY", changed_on=dt.date(2027, 2, 1), expected_version=1
    )
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.plan_change_category(
            actor=people.chair, plan=plan, category="SAB", changed_on=dt.date(2027, 2, 2), expected_version=1
        )
    assert ProtectionPlan.objects.get().category == "PHY"
    assert CategoryChange.objects.count() == 1


def test_the_category_page_refuses_a_stale_change_and_keeps_the_reason(on_plan, people, login):
    client = login(people.chair)
    url = f"/protection/plans/{on_plan.plan.pk}/category/"
    assert 'name="version" value="1"' in client.get(url).content.decode()
    services.plan_change_category(
        actor=people.chair, plan=on_plan.plan, category="PHY", changed_on=dt.date(2027, 2, 1), expected_version=1
    )
    data = {
        "category": "SAB",
        "changed_on-day": "2",
        "changed_on-month": "2",
        "changed_on-year": "2027",
        "reason": "Disclosure at school",
        "version": 1,
    }
    page = html.unescape(client.post(url, data).content.decode())
    assert "Someone else changed this record" in page and "Disclosure at school" in page
    assert ProtectionPlan.objects.get().category == "PHY"
