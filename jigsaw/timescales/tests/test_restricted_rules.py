"""A restricted team's deadline (LADO, Channel) must not tell anyone else that its case exists."""

from datetime import date

import pytest
import time_machine

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.clocks import clock_start
from jigsaw.timescales.rules import DeadlineRule, hidden_rule_keys, register_rule
from jigsaw.timescales.selectors import person_deadlines, user_deadlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def lado_rule(scratch_registry):
    return register_rule(
        DeadlineRule(
            key="test_lado_meeting",
            title="Hold the allegation management meeting",
            starts_on="test_lado_referral",
            amount=2,
            unit=Unit.WORKING_DAYS,
            stopped_by="test_lado_meeting_held",
            restricted_area="lado",
        )
    )


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_only_the_restricted_team_sees_its_clocks(case, make_user, lado_rule):
    lado = make_user(Role.LADO_OFFICER)
    InvolvementFactory(user=lado, person=case.child, service="LADO")
    clock_start(rule_key=lado_rule.key, person=case.child, started_on=date(2026, 3, 2), owner=lado)

    assert lado_rule.key in hidden_rule_keys(case.worker)
    assert lado_rule.key not in hidden_rule_keys(lado)
    # The child's social worker sees the child and their other deadlines, but not this one.
    assert all(line.rule_key != lado_rule.key for line in person_deadlines(user=case.worker, person=case.child))
    assert all(line.rule_key != lado_rule.key for line in user_deadlines(user=case.worker))
    assert [line.rule_key for line in user_deadlines(user=lado)] == [lado_rule.key]
    assert lado_rule.key in [line.rule_key for line in person_deadlines(user=lado, person=case.child)]
