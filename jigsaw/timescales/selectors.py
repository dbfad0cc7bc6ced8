"""Reads for the timescales page. Rules and bank holidays are reference data, not personal
data, so every signed-in user may read them."""

from dataclasses import dataclass

from jigsaw.access.choices import Role

from . import calendar
from .rules import DeadlineRule, all_rules, describe_amount, event_label


@dataclass(frozen=True)
class RuleSummary:
    rule: DeadlineRule
    starts_on_label: str
    stopped_by_label: str
    who_is_told: str
    time_allowed: str
    national_default: str  # for an overridden local rule, the amount before the override


def role_label(name: str) -> str:
    return str(Role(name).label) if name in Role.values else event_label(name)


def _in_a_sentence(labels: list[str]) -> str:
    # GOV.UK style: sentence case, so only the first item keeps its capital ("IRO" stays).
    return ", ".join(
        label if i == 0 or label[1:2].isupper() else label[:1].lower() + label[1:] for i, label in enumerate(labels)
    )


def rule_summary_list() -> list[RuleSummary]:
    return [
        RuleSummary(
            rule=rule,
            starts_on_label=event_label(rule.starts_on),
            stopped_by_label=event_label(rule.stopped_by),
            who_is_told=_in_a_sentence([role_label(name) for name in rule.notify]),
            time_allowed=rule.time_allowed,
            national_default=describe_amount(rule.amount, rule.unit) if rule.is_overridden else "",
        )
        for rule in all_rules()
    ]


def holiday_list(*, year: int) -> list[calendar.Holiday]:
    """The year's bank holidays and closures (and any the council removed), by date."""
    return calendar.holidays_in_year(year)
