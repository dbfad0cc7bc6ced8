"""Lost updates: a coordinator allocated, a network member changed or a plan decided from a
page someone has since changed is refused; the plan decided is the plan read."""

import pytest

from jigsaw.core.exceptions import ApplicationError
from jigsaw.fgc import services
from jigsaw.fgc.choices import Invitation, PlanDecision
from jigsaw.fgc.models import FamilyPlan

from .conftest import held, prepared, refer

pytestmark = pytest.mark.django_db


def test_allocating_from_an_old_version_of_the_referral_is_refused(family):
    referral = refer(family)
    services.referral_allocate(
        actor=family.manager,
        referral=referral,
        coordinator=family.coordinator,
        allocated_on=referral.referred_on,
        expected_version=1,
    )
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.referral_allocate(
            actor=family.manager,
            referral=referral,
            coordinator=family.coordinator,
            allocated_on=referral.referred_on,
            expected_version=1,
        )


def test_a_network_member_changed_from_an_old_version_is_refused(family):
    referral = prepared(family)
    gran = referral.network.get(person=family.grandmother)
    change = {"relationship": "Maternal grandmother", "lives_in_home": False, "invitation": Invitation.INVITED}
    services.network_member_update(
        actor=family.coordinator, member=gran, **change, interpreter_language="Polish", expected_version=1
    )
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.network_member_update(
            actor=family.coordinator, member=gran, **change, needs_advocate=True, expected_version=1
        )
    gran.refresh_from_db()
    assert gran.interpreter_language == "Polish" and not gran.needs_advocate


def test_a_plan_changed_since_it_was_read_is_not_decided(family):
    conference = held(family)
    gran = conference.referral.network.get(person=family.grandmother)
    services.plan_item_add(
        actor=family.coordinator, conference=conference, what="School runs", member=gran, ongoing=True
    )
    read = FamilyPlan.objects.get(conference=conference).version
    services.plan_item_add(
        actor=family.coordinator, conference=conference, what="Weekend care", member=gran, ongoing=True
    )
    with pytest.raises(ApplicationError, match="Someone changed the plan while you were deciding"):
        services.plan_decide(
            actor=family.coordinator,
            conference=conference,
            decision=PlanDecision.AGREED,
            contingency="Aunt Sue",
            expected_version=read,
        )
    assert FamilyPlan.objects.get(conference=conference).decision == ""
    plan = services.plan_decide(
        actor=family.coordinator,
        conference=conference,
        decision=PlanDecision.AGREED,
        contingency="Aunt Sue",
        expected_version=read + 1,
    )
    assert plan.decision == PlanDecision.AGREED
