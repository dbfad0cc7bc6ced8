"""Clocks on real dates (England & Wales bank holidays included), and their start/stop rules."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, transaction

from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.audit.models import AuditEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.choices import DeadlineStatus
from jigsaw.timescales.clocks import clock_cancel, clock_recompute_all, clock_start, clock_stop
from jigsaw.timescales.models import Clock
from jigsaw.timescales.selectors import person_deadlines
from jigsaw.timescales.services import bank_holiday_add_closure, bank_holiday_remove

pytestmark = pytest.mark.django_db


def statuses(user, person, today):
    return {line.rule_key: line.status for line in person_deadlines(user=user, person=person, today=today)}


class TestDueDatesOnRealCalendars:
    def test_referral_on_wednesday_23_december_2026_is_decided_by_thursday_24th(self, case):
        clock = clock_start(rule_key="referral_decision", person=case.child, started_on=date(2026, 12, 23))
        assert clock.due_on == date(2026, 12, 24)

    def test_referral_on_christmas_eve_2026_is_decided_by_tuesday_29th(self, case):
        # Friday 25th is Christmas Day, the weekend follows, Monday 28th is the Boxing Day substitute.
        clock = clock_start(rule_key="referral_decision", person=case.child, started_on=date(2026, 12, 24))
        assert clock.due_on == date(2026, 12, 29)

    def test_initial_conference_15_working_days_over_christmas_and_new_year(self, case):
        # From Monday 14 December 2026: 25th, 28th and 1 January 2027 are not working days.
        clock = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        assert clock.due_on == date(2027, 1, 7)

    def test_first_review_conference_three_months_on_is_clamped_to_the_end_of_february(self, case):
        clock = clock_start(rule_key="first_review_conference", person=case.child, started_on=date(2026, 11, 30))
        # 28 February 2027 is a Sunday: a conference is due by the working day before.
        assert clock.due_on == date(2027, 2, 26)

    def test_assessment_45_working_days_from_referral(self, case):
        clock = clock_start(rule_key="assessment", person=case.child, started_on=date(2026, 12, 23))
        # 45 working days, with 25 and 28 December and 1 January not counted.
        assert clock.due_on == date(2027, 3, 1)  # Monday 1 March 2027


class TestStartIsIdempotent:
    def test_starting_twice_gives_one_clock(self, case):
        first = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        again = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        later = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 16))
        assert first.pk == again.pk == later.pk
        assert Clock.objects.count() == 1
        assert Clock.objects.get().started_on == date(2026, 12, 14)

    def test_one_clock_per_subject(self, case):
        other_enquiry = InvolvementFactory(person=case.child)
        a = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14), subject=case.involvement)
        b = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14), subject=case.involvement)
        c = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 15), subject=other_enquiry)
        assert a.pk == b.pk != c.pk
        assert a.subject == case.involvement

    def test_the_database_refuses_a_second_running_clock(self, case):
        clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        with pytest.raises(IntegrityError), transaction.atomic():
            Clock.objects.create(
                rule_key="icpc", person=case.child, started_on=date(2026, 12, 15), due_on=date(2027, 1, 8)
            )

    def test_a_rolling_clock_starts_again_after_it_is_met(self, case):
        first = clock_start(rule_key="cp_visit", person=case.child, started_on=date(2027, 1, 4))
        clock_stop(rule_key="cp_visit", person=case.child, met_on=date(2027, 1, 12))
        # The same visit recorded twice starts nothing new...
        assert clock_start(rule_key="cp_visit", person=case.child, started_on=date(2027, 1, 4)).pk == first.pk
        # ...the next visit starts the next clock.
        second = clock_start(rule_key="cp_visit", person=case.child, started_on=date(2027, 1, 12))
        assert second.pk != first.pk
        assert second.due_on == date(2027, 1, 26)

    def test_an_unknown_rule_is_a_programming_error(self, case):
        with pytest.raises(LookupError):
            clock_start(rule_key="no_such_rule", person=case.child, started_on=date(2027, 1, 4))


class TestStop:
    def test_met_on_time_and_met_late(self, case):
        clock_start(rule_key="referral_decision", person=case.child, started_on=date(2026, 12, 24))
        clock_start(rule_key="strategy_discussion", person=case.child, started_on=date(2026, 12, 24))
        clock_stop(rule_key="referral_decision", person=case.child, met_on=date(2026, 12, 29))  # the due date
        clock_stop(rule_key="strategy_discussion", person=case.child, met_on=date(2026, 12, 30))  # a day late
        got = statuses(case.worker, case.child, date(2027, 1, 4))
        assert got == {"referral_decision": DeadlineStatus.MET_ON_TIME, "strategy_discussion": DeadlineStatus.MET_LATE}

    def test_stopping_twice_changes_nothing(self, case):
        clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14), subject=case.involvement)
        first = clock_stop(rule_key="icpc", subject=case.involvement, met_on=date(2027, 1, 6))
        again = clock_stop(rule_key="icpc", subject=case.involvement, met_on=date(2027, 1, 6))
        assert first.pk == again.pk
        assert Clock.objects.get().met_on == date(2027, 1, 6)
        assert Clock.objects.get().stopped_reason == "Initial child protection conference held"

    def test_stopping_with_nothing_running_returns_none(self, case):
        assert clock_stop(rule_key="icpc", person=case.child, met_on=date(2027, 1, 6)) is None

    def test_a_person_stop_meets_the_clock_whatever_record_started_it(self, case):
        clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14), subject=case.involvement)
        stopped = clock_stop(rule_key="icpc", person=case.child, met_on=date(2027, 1, 6))
        assert stopped is not None and stopped.met_on == date(2027, 1, 6)

    def test_cannot_be_met_before_it_started(self, case):
        clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        with pytest.raises(ApplicationError, match="cannot be before the clock started, on Monday 14 December 2026"):
            clock_stop(rule_key="icpc", person=case.child, met_on=date(2026, 12, 11))
        assert Clock.objects.get().met_on is None

    def test_a_clock_no_longer_needed_is_neither_met_nor_overdue(self, case):
        clock_start(rule_key="assessment", person=case.child, started_on=date(2026, 12, 1))
        clock_cancel(rule_key="assessment", person=case.child, stopped_on=date(2026, 12, 2), reason="No further action")
        [line] = person_deadlines(user=case.worker, person=case.child, today=date(2027, 6, 1))
        assert line.status == DeadlineStatus.STOPPED
        assert line.stopped_reason == "No further action"
        with pytest.raises(ApplicationError, match="Enter why"):
            clock_cancel(rule_key="assessment", person=case.child, stopped_on=date(2026, 12, 2), reason=" ")

    def test_a_stop_is_in_the_audit_log(self, case):
        clock = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        clock_stop(rule_key="icpc", person=case.child, met_on=date(2027, 1, 6))
        entries = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Clock), object_pk=str(clock.pk)
        )
        kinds = list(entries.order_by("pk").values_list("kind", flat=True))
        assert kinds == ["create", "update"]


class TestRecompute:
    def test_adding_a_closure_day_moves_the_due_dates_that_span_it(self, case):
        spans = clock_start(rule_key="referral_decision", person=case.child, started_on=date(2026, 12, 29))
        other = PersonFactory()
        before = clock_start(rule_key="referral_decision", person=other, started_on=date(2026, 12, 21))
        met = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        clock_stop(rule_key="icpc", person=case.child, met_on=date(2027, 1, 6))
        assert spans.due_on == date(2026, 12, 30)

        bank_holiday_add_closure(on=date(2026, 12, 30), name="Council offices closed")
        assert clock_recompute_all() == 1

        assert Clock.objects.get(pk=spans.pk).due_on == date(2026, 12, 31)
        assert Clock.objects.get(pk=before.pk).due_on == date(2026, 12, 22)
        assert Clock.objects.get(pk=met.pk).due_on == date(2027, 1, 7)  # a met clock keeps its due date
        assert clock_recompute_all() == 0  # nothing left to move

    def test_the_closure_service_queues_the_recomputation_itself(self, case, django_capture_on_commit_callbacks):
        clock = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
        with django_capture_on_commit_callbacks(execute=True):
            bank_holiday_add_closure(on=date(2026, 12, 30), name="Council offices closed")
        assert Clock.objects.get(pk=clock.pk).due_on == date(2027, 1, 8)
        with django_capture_on_commit_callbacks(execute=True):
            bank_holiday_remove(on=date(2026, 12, 30))
        assert Clock.objects.get(pk=clock.pk).due_on == date(2027, 1, 7)

    def test_a_changed_local_rule_moves_its_clocks_in_batches(self, case, settings):
        people = [case.child, *PersonFactory.create_batch(4)]
        for person in people:
            clock_start(rule_key="strategy_discussion", person=person, started_on=date(2027, 1, 4))
        settings.JIGSAW_TIMESCALE_OVERRIDES = {"strategy_discussion": 3}
        assert clock_recompute_all(batch_size=2) == 5
        assert set(Clock.objects.values_list("due_on", flat=True)) == {date(2027, 1, 7)}

    def test_the_command(self, case, settings):
        clock_start(rule_key="strategy_discussion", person=case.child, started_on=date(2027, 1, 4))
        settings.JIGSAW_TIMESCALE_OVERRIDES = {"strategy_discussion": 2}
        out = StringIO()
        call_command("recompute_deadlines", stdout=out)
        assert out.getvalue().startswith("1 running deadlines moved")
        assert Clock.objects.get().due_on == date(2027, 1, 6)
