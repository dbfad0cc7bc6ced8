"""Codes for chronology entries: how significant an event is, and what kind of event it was."""

from django.db import models


class Significance(models.TextChoices):
    LOW = "low", "Low"
    STANDARD = "standard", "Standard"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


# Lowest first: a "minimum significance" filter keeps this level and every one after it.
SIGNIFICANCE_ORDER: tuple[str, ...] = (
    Significance.LOW,
    Significance.STANDARD,
    Significance.HIGH,
    Significance.CRITICAL,
)
# "Significant events" in practice guidance are the high and critical ones.
SIGNIFICANT = frozenset({Significance.HIGH, Significance.CRITICAL})


def significance_at_least(level: str) -> list[str]:
    """The levels at or above `level` (all of them for an unknown or empty level)."""
    if level not in SIGNIFICANCE_ORDER:
        return list(SIGNIFICANCE_ORDER)
    return list(SIGNIFICANCE_ORDER[SIGNIFICANCE_ORDER.index(level) :])


class ChronologyKind(models.TextChoices):
    """The kinds of event this issue records. Service areas may use other short codes
    (lowercase letters, digits and underscores): `kind_label` gives them a readable name."""

    CONTACT = "contact", "Contact"
    DECISION = "decision", "Contact decision"
    REFERRAL = "referral", "Referral"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    S47_STARTED = "s47_started", "Section 47 enquiry started"
    S47_OUTCOME = "s47_outcome", "Section 47 enquiry outcome"
    ASSESSMENT = "assessment", "Assessment"
    CONFERENCE = "conference", "Child protection conference"
    PLAN_STARTED = "plan_started", "Child protection plan started"
    PLAN_ENDED = "plan_ended", "Child protection plan ended"
    CATEGORY_CHANGED = "category_changed", "Plan category changed"
    CORE_GROUP = "core_group", "Core group meeting"
    VISIT = "visit", "Visit"
    MEETING_HELD = "meeting_held", "Meeting held"
    MEETING_DECISION = "meeting_decision", "Meeting decision"
    EMERGENCY_PROTECTION = "emergency_protection", "Emergency protection"
    EPISODE_CLOSED = "episode_closed", "Case closed"
    PARTNER_ENTRY = "partner_entry", "Partner agency entry"
    NOTE = "note", "Practitioner's entry"


_LABELS = dict(ChronologyKind.choices)


def kind_label(code: str) -> str:
    """A readable name for a kind code, known or not: "missing_episode" -> "Missing episode"."""
    return _LABELS.get(code) or code.replace("_", " ").capitalize()
