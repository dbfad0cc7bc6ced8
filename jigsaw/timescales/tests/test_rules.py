from datetime import date

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from jigsaw.timescales.checks import check_timescale_overrides
from jigsaw.timescales.choices import DeadlineStatus, Unit
from jigsaw.timescales.rules import (
    DeadlineRule,
    all_rules,
    deadline_for,
    deadline_status,
    get_rule,
    register_rule,
    rules_started_by,
    rules_stopped_by,
)

pytestmark = pytest.mark.django_db


def make_rule(**fields) -> DeadlineRule:
    values = {
        "key": "test_visit",
        "title": "Visit",
        "starts_on": "visit_planned",
        "amount": 5,
        "unit": Unit.WORKING_DAYS,
        "stopped_by": "visit_made",
        "notify": ("social_worker",),
    }
    return DeadlineRule(**(values | fields))


class TestRegistry:
    def test_registered_rule_can_be_found(self, scratch_registry):
        rule = register_rule(make_rule())
        assert get_rule("test_visit") is rule
        assert rule in all_rules()
        assert rule in rules_started_by("visit_planned")
        assert rule in rules_stopped_by("visit_made")

    def test_registering_the_same_rule_twice_is_harmless(self, scratch_registry):
        register_rule(make_rule())
        register_rule(make_rule())
        assert [r.key for r in all_rules()].count("test_visit") == 1

    def test_a_different_rule_under_a_taken_key_is_refused(self, scratch_registry):
        register_rule(make_rule())
        with pytest.raises(ImproperlyConfigured):
            register_rule(make_rule(amount=6))

    def test_unknown_key(self):
        with pytest.raises(LookupError, match="no_such_rule"):
            get_rule("no_such_rule")

    @pytest.mark.parametrize(
        "fields", [{"unit": "fortnights"}, {"amount": -1}, {"amount": 1.5}, {"key": ""}, {"stopped_by": ""}]
    )
    def test_nonsense_rules_are_refused(self, fields):
        with pytest.raises(ValueError):
            make_rule(**fields)

    def test_notify_roles_are_kept_as_a_tuple_of_names(self):
        assert make_rule(notify=["team_manager", "social_worker"]).notify == ("team_manager", "social_worker")


class TestDeadlineFor:
    def test_units(self):
        start = date(2026, 12, 23)
        assert deadline_for(make_rule(amount=3), start) == date(2026, 12, 30)
        assert deadline_for(make_rule(amount=3, unit=Unit.CALENDAR_DAYS), start) == date(2026, 12, 26)
        assert deadline_for(make_rule(amount=2, unit=Unit.WEEKS), start) == date(2027, 1, 6)
        assert deadline_for(make_rule(amount=2, unit=Unit.MONTHS), start) == date(2027, 2, 23)

    def test_rolling_to_a_working_day_moves_a_deadline_off_christmas(self):
        rule = make_rule(amount=2, unit=Unit.CALENDAR_DAYS, roll_to_working_day=True)
        assert deadline_for(rule, date(2026, 12, 23)) == date(2026, 12, 29)

    def test_a_rule_can_be_named_by_key(self):
        assert deadline_for("icpc", date(2026, 12, 14)) == date(2027, 1, 7)


class TestLocalOverride:
    def test_local_rule_takes_the_councils_amount(self, settings):
        rule = make_rule(local=True)
        settings.JIGSAW_TIMESCALE_OVERRIDES = {"test_visit": 2}
        assert rule.effective_amount == 2
        assert rule.time_allowed == "2 working days"
        assert deadline_for(rule, date(2026, 12, 23)) == date(2026, 12, 29)

    def test_statutory_rule_ignores_an_override(self, settings):
        settings.JIGSAW_TIMESCALE_OVERRIDES = {"icpc": 20}
        assert deadline_for("icpc", date(2026, 12, 14)) == date(2027, 1, 7)

    def test_system_check_rejects_overriding_a_statutory_rule(self, settings):
        settings.JIGSAW_TIMESCALE_OVERRIDES = {"icpc": 20}
        assert [m.id for m in check_timescale_overrides()] == ["timescales.E001"]

    def test_system_check_warns_of_an_unknown_rule_and_a_bad_amount(self, settings):
        settings.JIGSAW_TIMESCALE_OVERRIDES = {"no_such_rule": 3, "strategy_discussion": "two"}
        assert sorted(m.id for m in check_timescale_overrides()) == ["timescales.E002", "timescales.W001"]

    def test_system_check_accepts_a_local_override(self, settings):
        settings.JIGSAW_TIMESCALE_OVERRIDES = {"strategy_discussion": 2}
        assert check_timescale_overrides() == []


class TestDeadlineStatus:
    due = date(2026, 12, 29)  # a referral decision for a referral on Christmas Eve

    def test_met_on_or_before_the_due_date_is_on_time(self):
        assert (
            deadline_status(self.due, met_on=date(2026, 12, 29), today=date(2027, 1, 5)) == DeadlineStatus.MET_ON_TIME
        )
        assert (
            deadline_status(self.due, met_on=date(2026, 12, 24), today=date(2027, 1, 5)) == DeadlineStatus.MET_ON_TIME
        )

    def test_met_after_the_due_date_is_late(self):
        assert deadline_status(self.due, met_on=date(2026, 12, 30), today=date(2026, 12, 30)) == DeadlineStatus.MET_LATE

    def test_not_met_after_the_due_date_is_overdue(self):
        assert deadline_status(self.due, met_on=None, today=date(2026, 12, 30)) == DeadlineStatus.OVERDUE

    def test_due_soon_counts_working_days_not_calendar_days(self):
        # From Christmas Eve the due date is 5 calendar days away but only 1 working day.
        assert deadline_status(self.due, today=date(2026, 12, 24)) == DeadlineStatus.DUE_SOON
        assert deadline_status(self.due, today=date(2026, 12, 29)) == DeadlineStatus.DUE_SOON
        # From Tuesday 22nd: 23rd, 24th, 29th: three working days, so not yet due soon.
        assert deadline_status(self.due, today=date(2026, 12, 22)) == DeadlineStatus.DUE

    def test_due_soon_window_is_a_setting(self, settings):
        settings.JIGSAW_DUE_SOON_WORKING_DAYS = 3
        assert deadline_status(self.due, today=date(2026, 12, 22)) == DeadlineStatus.DUE_SOON

    @time_machine.travel(date(2026, 12, 30), tick=False)
    def test_today_defaults_to_the_local_date(self):
        assert deadline_status(self.due) == DeadlineStatus.OVERDUE
