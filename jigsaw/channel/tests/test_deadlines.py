"""Channel's timescales: local (graded M), in months, and restricted to Channel."""

import datetime as dt

from jigsaw.access.choices import RestrictedArea
from jigsaw.channel.deadlines import EXIT_REVIEW_RULES, PANEL_REVIEW
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import deadline_for, get_rule, hidden_rule_keys


class _User:
    def __init__(self, area: str) -> None:
        self.restricted_area = area


def test_channel_rules_are_local_monthly_and_restricted():
    for key, months in ((PANEL_REVIEW, 1), (EXIT_REVIEW_RULES[6], 6), (EXIT_REVIEW_RULES[12], 12)):
        rule = get_rule(key)
        assert rule.local and rule.unit == Unit.MONTHS and rule.amount == months
        assert rule.restricted_area == RestrictedArea.CHANNEL
        assert key in hidden_rule_keys(_User("")) and key in hidden_rule_keys(_User(RestrictedArea.LADO))
        assert key not in hidden_rule_keys(_User(RestrictedArea.CHANNEL))
    assert deadline_for(EXIT_REVIEW_RULES[6], dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)


def test_a_council_may_change_the_panel_interval(settings):
    settings.JIGSAW_TIMESCALE_OVERRIDES = {PANEL_REVIEW: 2}
    assert deadline_for(PANEL_REVIEW, dt.date(2027, 1, 15)) == dt.date(2027, 3, 15)
