"""Sharing decisions, the disclosure log, rights requests and breaches, through the real services."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.records.models import Disclosure, DisclosureRoute
from jigsaw.timescales.models import Clock

from .. import selectors, services
from ..choices import BreachRisk, Consent, PeopleTold, RightsKind, RightsOutcome, SharingKind
from .conftest import decision_fields

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_a_decision_to_share_without_consent_is_logged_as_a_disclosure_with_its_basis(scene):
    decision = services.sharing_decision_record(actor=scene.worker, person=scene.child, **decision_fields())
    assert decision.kind == SharingKind.WITHOUT_CONSENT
    line = selectors.disclosures_about(user=scene.manager, person=scene.child).get()
    assert line.route == DisclosureRoute.SHARING_DECISION
    assert line.recipient_agency == "Northmere Police"
    assert "6(1)(e) public task" in line.lawful_basis and "paragraph 18" in line.lawful_basis
    assert line.shared_by == scene.worker
    # The DPO is asked to review it.
    assert selectors.sharing_to_review(user=scene.dpo).get() == decision


@time_machine.travel(NOW, tick=False)
def test_a_decision_not_to_share_needs_a_reason_and_discloses_nothing(scene):
    with pytest.raises(ApplicationError) as refused:
        services.sharing_decision_record(
            actor=scene.worker, person=scene.child, **decision_fields(shared=False, reason="")
        )
    assert refused.value.errors[0].field == "reason"
    decision = services.sharing_decision_record(
        actor=scene.worker,
        person=scene.child,
        **decision_fields(shared=False, reason="The request was for the whole file; only the plan is needed"),
    )
    assert decision.kind == SharingKind.NOT_SHARED
    assert not Disclosure.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_shared_with_consent_needs_no_reason_and_consent_cannot_be_the_basis_when_refused(scene):
    decision = services.sharing_decision_record(
        actor=scene.worker, person=scene.child, **decision_fields(told=True, consent=Consent.AGREED, reason="")
    )
    assert decision.kind == SharingKind.WITH_CONSENT
    with pytest.raises(ApplicationError, match="Consent cannot be the lawful basis"):
        services.sharing_decision_record(
            actor=scene.worker, person=scene.child, **decision_fields(article_6="6_1_a", consent=Consent.REFUSED)
        )


@time_machine.travel(NOW, tick=False)
def test_the_disclosure_log_is_for_managers_and_the_dpo_only(scene):
    services.sharing_decision_record(actor=scene.worker, person=scene.child, **decision_fields())
    assert selectors.disclosures_about(user=scene.worker, person=scene.child).count() == 0
    assert selectors.disclosures_about(user=scene.dpo, person=scene.child).count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_manager_reviews_a_decision_once_and_not_their_own(scene):
    decision = services.sharing_decision_record(actor=scene.manager, person=scene.child, **decision_fields())
    with pytest.raises(ApplicationError, match="Someone other than"):
        services.sharing_decision_review(actor=scene.manager, decision=decision)
    reviewed = services.sharing_decision_review(actor=scene.dpo, decision=decision, note="Proportionate")
    assert reviewed.reviewed_by == scene.dpo and reviewed.review_status == "reviewed"
    with pytest.raises(ApplicationError, match="was reviewed on 8 December 2026"):
        services.sharing_decision_review(actor=scene.dpo, decision=reviewed)


@time_machine.travel(NOW, tick=False)
def test_a_rights_request_runs_a_calendar_month_clock_owned_by_the_dpo_and_can_be_extended(scene):
    rr = services.rights_request_log(
        actor=scene.dpo,
        person=scene.child,
        kind=RightsKind.ERASURE,
        received_on=dt.date(2026, 10, 31),
        requester_name="The child's mother",
        requester_relationship="parent",
        details="Delete the record of the 2025 contact",
    )
    clock = Clock.objects.get(rule_key="rights_request", object_id=rr.pk)
    # 31 October + 1 month: 30 November (no 31st), a Monday.
    assert clock.owner == scene.dpo and clock.due_on == dt.date(2026, 11, 30)
    with pytest.raises(ApplicationError, match="within the first month"):
        services.rights_request_extend(actor=scene.dpo, request=rr, reason="Complex")


@time_machine.travel(NOW, tick=False)
def test_an_extension_within_the_month_moves_the_deadline_to_three_months(scene):
    rr = services.rights_request_log(
        actor=scene.dpo,
        person=scene.child,
        kind=RightsKind.OBJECTION,
        received_on=dt.date(2026, 12, 1),
        requester_name="The child's mother",
        requester_relationship="parent",
        details="Objects to sharing with the school",
    )
    services.rights_request_extend(actor=scene.dpo, request=rr, reason="Records held by four services")
    assert selectors.rights_request_due_on(rr) == dt.date(2027, 3, 1)
    assert not Clock.objects.open().filter(rule_key="rights_request").exists()


@time_machine.travel(NOW, tick=False)
def test_rectification_is_an_addendum_in_the_chronology_and_stops_the_clock(scene):
    rr = services.rights_request_log(
        actor=scene.dpo,
        person=scene.child,
        kind=RightsKind.RECTIFICATION,
        received_on=dt.date(2026, 12, 1),
        requester_name="The child",
        requester_relationship="self",
        details="The visit on 3 November is recorded as at home; it was at school",
    )
    with pytest.raises(ApplicationError) as refused:
        services.rights_request_answer(actor=scene.dpo, request=rr, outcome=RightsOutcome.RECTIFIED, addendum="")
    assert refused.value.errors[0].field == "addendum"
    done = services.rights_request_answer(
        actor=scene.dpo,
        request=rr,
        outcome=RightsOutcome.RECTIFIED,
        addendum="The visit on 3 November 2026 took place at school, not at home.",
    )
    assert done.answered_on == dt.date(2026, 12, 8)
    entry = ChronologyEntry.objects.get(person=scene.child, kind="record_rectified")
    assert "took place at school" in entry.summary
    assert Clock.objects.get(rule_key="rights_request", object_id=rr.pk).met_on == dt.date(2026, 12, 8)


def test_a_breach_is_due_at_the_ICO_72_hours_after_awareness_and_closes_only_when_decided(scene):
    aware = timezone.make_aware(dt.datetime(2026, 12, 7, 16, 30))
    with time_machine.travel(aware + dt.timedelta(hours=1), tick=False):
        breach = services.breach_record(
            actor=scene.dpo,
            summary="Minutes emailed to the wrong school",
            description="A core group's minutes went to another school's office",
            aware_at=aware,
            data_affected="Minutes of a core group",
            people_affected="One child and their parents",
            people_count=3,
            risk=BreachRisk.HIGH,
            risk_assessment="Sensitive health details of a child",
        )
        assert breach.ico_due_at == aware + dt.timedelta(hours=72)
        assert selectors.breach_hours_left(breach) == 71
        with pytest.raises(ApplicationError, match="Record the decision about telling the ICO first"):
            services.breach_close(actor=scene.dpo, breach=breach, people_told=PeopleTold.TOLD, actions="x")
        with pytest.raises(ApplicationError, match="must be reported"):
            services.breach_ico_decide(actor=scene.dpo, breach=breach, not_reported_reason="Recalled")
        breach = services.breach_ico_decide(
            actor=scene.dpo, breach=breach, reported_at=aware + dt.timedelta(minutes=50), ico_reference="IC-0001"
        )
        with pytest.raises(ApplicationError, match="high-risk"):
            services.breach_close(actor=scene.dpo, breach=breach, people_told=PeopleTold.NOT_NEEDED, actions="x")
        closed = services.breach_close(
            actor=scene.dpo,
            breach=breach,
            people_told=PeopleTold.TOLD,
            people_told_on=aware.date(),
            actions="The school deleted the email and confirmed it in writing",
        )
    assert closed.closed_on is not None


def test_only_the_dpo_logs_breaches(scene):
    with pytest.raises(ApplicationError):
        services.breach_record(
            actor=scene.manager,
            summary="x",
            description="x",
            aware_at=timezone.now(),
            data_affected="x",
            people_affected="x",
            people_count=1,
            risk=BreachRisk.RISK,
            risk_assessment="x",
        )
