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


# Every kind the service areas record, in the words a practitioner uses: a code made readable by
# rule gives "Iro concern" or "Lac review", so each kind is named here (a test checks that every
# kind recorded in the code has a name, and that no name is a code with its underscores removed).
AREA_KIND_LABELS: dict[str, str] = {
    # Children in care
    "care_started": "Became looked after",
    "care_ended": "Stopped being looked after",
    "care_legal_status_changed": "Legal status changed while looked after",
    "care_placement_changed": "Placement changed",
    "care_visit": "Statutory visit to a looked-after child",
    "host_council_notified": "Host council told of the placement",
    "hosted_placement": "Placed here by another council",
    "hosted_placement_ended": "Placement here by another council ended",
    "iro_allocated": "Independent reviewing officer (IRO) allocated",
    "iro_concern": "IRO's concern about practice",
    "iro_cafcass_referral": "IRO referral to Cafcass",
    "lac_review": "Looked-after review",
    # Missing
    "missing_episode": "Went missing",
    "missing_return": "Returned after going missing",
    "return_interview": "Return home interview",
    "missing_strategy_prompt": "Strategy discussion considered after repeat missing episodes",
    # Exploitation
    "exploitation_concern": "Exploitation concern raised",
    "exploitation_concern_closed": "Exploitation concern closed",
    "exploitation_screening": "Exploitation screening",
    "exploitation_intervention": "Exploitation intervention started",
    "exploitation_intervention_ended": "Exploitation intervention ended",
    "mace_discussion": "Discussed at the MACE meeting",
    # Family group conferences
    "fgc_referral": "Referred for a family group conference",
    "fgc_coordinator": "Family group conference coordinator allocated",
    "fgc_coordinator_change": "Family group conference coordinator changed",
    "fgc_conference": "Family group conference held",
    "fgc_plan": "Family plan agreed",
    "fgc_review": "Family group conference review",
    "fgc_closed": "Family group conference referral closed",
    # Youth justice
    "yj_case_opened": "Youth justice case opened",
    "yj_case_closed": "Youth justice case closed",
    "yj_offence": "Offence recorded",
    "yj_outcome": "Youth justice outcome",
    "yj_custody": "Custodial sentence",
    "yj_assessment": "Youth justice assessment",
    "yj_safety_wellbeing": "Safety and wellbeing concerns (youth justice)",
    "yj_intervention": "Youth justice intervention started",
    "yj_intervention_ended": "Youth justice intervention ended",
    "yj_restorative": "Restorative justice completed",
    # Allegations (LADO) and Channel: seen only by their teams
    "allegation_referral": "Allegation against a member of staff referred to the LADO",
    "allegation_outcome": "Allegation outcome",
    "channel_referral": "Channel referral",
    "channel_consent": "Channel consent",
    "channel_assessment": "Channel vulnerability assessment",
    "channel_intervention": "Channel intervention",
    "channel_exit": "Left Channel",
    "channel_exit_review": "Channel exit review",
    # Child in need plans (the census's CIN plan dates)
    "cin_plan": "Child in need plan",
    # Partnership reviews: seen only by the partnership team
    "serious_incident": "Serious incident recorded",
    "serious_incident_notified": "Serious incident notified to the national panel",
    "serious_incident_closed": "Serious incident closed: not meeting the criteria",
    "rapid_review_sent": "Rapid review sent to the national panel",
    "rapid_review_meeting": "Rapid review meeting held",
    # Information governance
    "record_rectified": "Record corrected at the person's request (an addendum)",
}

_LABELS = {**dict(ChronologyKind.choices), **AREA_KIND_LABELS}

# Generic events the meetings engine records for every meeting, which the area that owns the
# meeting records again in its own words (a conference held, a looked-after review): the area's
# entry stands for the event, the generic one is left out of the chronology.
GENERIC_MEETING_KINDS = frozenset({ChronologyKind.MEETING_HELD})


def kind_label(code: str) -> str:
    """A readable name for a kind code. Unknown codes (a partner system's, say) are made
    readable by rule: "school_exclusion" -> "School exclusion"."""
    return _LABELS.get(code) or code.replace("_", " ").capitalize()


def known_kind(code: str) -> bool:
    return code in _LABELS
