"""Deadlines as data (ARCHITECTURE rule 3): an event starts a clock, the deadline is N
working days, calendar days, weeks or months later, another event stops it, and these
roles are told.

Each app declares its rules in its own `deadlines.py` with `register_rule(...)`; the
timescales app imports every `deadlines` module at start-up (apps.py), and the
statutory ones in `statutory.py`. Rules marked `local` (rows marked L in
shared/domain) take their amount from settings.JIGSAW_TIMESCALE_OVERRIDES when it
names them; a statutory rule cannot be overridden (a system check says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from . import calendar
from .choices import DeadlineStatus, Unit


@dataclass(frozen=True)
class DeadlineRule:
    key: str
    title: str
    starts_on: str  # the event that starts the clock, e.g. "icpc_held"
    amount: int
    unit: Unit | str
    stopped_by: str  # the event that meets the deadline
    notify: tuple[str, ...] = ()  # role names (jigsaw.access.choices.Role values) told when due or late
    local: bool = False  # local practice: the amount may be overridden per council
    source: str = ""  # where the rule comes from, e.g. "WT2023 Ch.3 (statutory-reference 1.5)"
    # Move a deadline that lands on a weekend or holiday to the next working day (the ICO's SAR rule).
    roll_to_working_day: bool = False
    # Bring a deadline that lands on a weekend or holiday back to the last working day on or
    # before it (a conference due "within 6 months" cannot be held on a Sunday; holding it on
    # the Monday after would be late).
    roll_back_to_working_day: bool = False
    # A restricted team's timescale (LADO, Channel): its clocks are seen only by that team,
    # so a deadline never reveals that such a case exists.
    restricted_area: str = ""

    def __post_init__(self) -> None:
        if not self.key or not self.title or not self.starts_on or not self.stopped_by:
            raise ValueError("A deadline rule needs a key, a title, a starting event and a stopping event.")
        if self.roll_to_working_day and self.roll_back_to_working_day:
            raise ValueError(f"Rule {self.key}: a deadline rolls forward or back to a working day, not both.")
        if self.unit not in Unit.values:
            raise ValueError(f"Rule {self.key}: unit must be one of {', '.join(Unit.values)}, not {self.unit!r}.")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 0:
            raise ValueError(f"Rule {self.key}: amount must be a whole number of at least 0.")
        # Frozen: normalise through object.__setattr__ so a list or a plain string still works.
        object.__setattr__(self, "unit", Unit(self.unit))
        object.__setattr__(self, "notify", tuple(str(role) for role in self.notify))

    @property
    def effective_amount(self) -> int:
        """The amount after this council's override, for a local rule."""
        if self.local:
            overrides = getattr(settings, "JIGSAW_TIMESCALE_OVERRIDES", {}) or {}
            if self.key in overrides:
                return int(overrides[self.key])
        return self.amount

    @property
    def is_overridden(self) -> bool:
        return self.effective_amount != self.amount

    @property
    def time_allowed(self) -> str:
        """Plain words, e.g. "15 working days", "1 working day", "3 months"."""
        return describe_amount(self.effective_amount, Unit(self.unit))


def describe_amount(amount: int, unit: Unit) -> str:
    label = str(unit.label)
    if amount == 1:
        label = {
            "working days": "working day",
            "calendar days": "calendar day",
            "weeks": "week",
            "months": "month",
            "hours": "hour",
        }[label]
    return f"{amount} {label}"


_registry: dict[str, DeadlineRule] = {}
_event_labels: dict[str, str] = {}


def register_event_label(event: str, label: str) -> None:
    """Plain words for an event name, for screens: "section_47_started" -> "Section 47 enquiries started"."""
    _event_labels[event] = label


def event_label(event: str) -> str:
    if event in _event_labels:
        return _event_labels[event]
    text = event.replace("_", " ")
    return text[:1].upper() + text[1:]


def register_rule(rule: DeadlineRule) -> DeadlineRule:
    """Add a rule to the registry. Registering the same rule again is harmless; a different rule under the same key is an error."""
    existing = _registry.get(rule.key)
    if existing is not None and existing != rule:
        raise ImproperlyConfigured(f"Two different deadline rules use the key {rule.key!r}.")
    _registry[rule.key] = rule
    return rule


def get_rule(key: str) -> DeadlineRule:
    try:
        return _registry[key]
    except KeyError:
        raise LookupError(f"No deadline rule is registered as {key!r}.") from None


def all_rules() -> tuple[DeadlineRule, ...]:
    """Every registered rule, in the order registered."""
    return tuple(_registry.values())


def hidden_rule_keys(user: Any) -> list[str]:
    """The rules whose clocks this user may not know about (another restricted team's)."""
    area = getattr(user, "restricted_area", "") or ""
    return [r.key for r in all_rules() if r.restricted_area and r.restricted_area != area]


def rules_started_by(event: str) -> tuple[DeadlineRule, ...]:
    """The clocks that an event starts (a service calls this when it records the event)."""
    return tuple(rule for rule in _registry.values() if rule.starts_on == event)


def rules_stopped_by(event: str) -> tuple[DeadlineRule, ...]:
    return tuple(rule for rule in _registry.values() if rule.stopped_by == event)


def deadline_for(rule: DeadlineRule | str, start_date: date) -> date:
    """The last day on which the clock `rule` started on `start_date` is met on time."""
    if isinstance(rule, str):
        rule = get_rule(rule)
    amount = rule.effective_amount
    match rule.unit:
        case Unit.WORKING_DAYS:
            due = calendar.add_working_days(start_date, amount)
        case Unit.CALENDAR_DAYS:
            due = start_date + timedelta(days=amount)
        case Unit.WEEKS:
            due = start_date + timedelta(weeks=amount)
        case Unit.MONTHS:
            due = calendar.add_calendar_months(start_date, amount)
        case Unit.HOURS:
            # From a day alone: the day on which the hours end (exact for whole days, as 72 hours
            # is; an area that knows the hour works the moment out itself, from the same rule).
            due = start_date + timedelta(days=-(-amount // 24))
        case _:  # pragma: no cover - DeadlineRule validates the unit
            raise ValueError(rule.unit)
    if rule.roll_to_working_day:
        due = calendar.working_day_on_or_after(due)
    elif rule.roll_back_to_working_day:
        due = calendar.working_day_on_or_before(due)
    return due


def due_soon_working_days() -> int:
    return int(getattr(settings, "JIGSAW_DUE_SOON_WORKING_DAYS", 2))


def deadline_status(due: date, met_on: date | None = None, today: date | None = None) -> DeadlineStatus:
    """Where a deadline stands.

    Met: on time if met on or before the due date, else late. Not met: overdue from the
    day after the due date; due soon when the due date is at most
    JIGSAW_DUE_SOON_WORKING_DAYS (default 2) working days away, today included;
    otherwise due.
    """
    if met_on is not None:
        return DeadlineStatus.MET_ON_TIME if met_on <= due else DeadlineStatus.MET_LATE
    if today is None:
        today = timezone.localdate()
    if today > due:
        return DeadlineStatus.OVERDUE
    if calendar.working_days_between(today, due, inclusive=False) <= due_soon_working_days():
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.DUE


def due_at_for(rule: DeadlineRule | str, started_at: datetime | None) -> datetime | None:
    """For a rule in hours, the moment a clock started at `started_at` falls due (None for a
    day rule, or when the moment of the event is not known)."""
    if isinstance(rule, str):
        rule = get_rule(rule)
    if rule.unit != Unit.HOURS or started_at is None:
        return None
    return started_at + timedelta(hours=rule.effective_amount)
