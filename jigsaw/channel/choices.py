"""Channel panel (Prevent): the fixed lists, and the configurable list of concern types.

The Vulnerability Assessment Framework has 22 factors in three dimensions: engagement with
a group, cause or ideology (13), intent to cause harm (6) and capability to cause harm (3)
(statutory-reference 4, [P63][P64]). The factor names follow the published framework's
headings (FACTORS below). The types of concern are the council's list: the setting
JIGSAW_CHANNEL_CONCERN_TYPES, a list of (code, label) pairs, replaces the default.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models

CONCERN_SETTING = "JIGSAW_CHANNEL_CONCERN_TYPES"

# The type of concern (ideology) named in the referral: local, so a setting can replace it.
DEFAULT_CONCERN_TYPES: tuple[tuple[str, str], ...] = (
    ("islamist", "Islamist"),
    ("extreme_right_wing", "Extreme right-wing"),
    ("mixed_unclear_unstable", "Mixed, unclear or unstable"),
    ("school_massacre", "School massacre"),
    ("incel", "Incel"),
    ("left_wing", "Left-wing, anarchist or single issue"),
    ("other", "Other"),
)


def concern_types() -> tuple[tuple[str, str], ...]:
    """The council's list of concern types, as (code, label) pairs."""
    return tuple(tuple(pair) for pair in getattr(settings, CONCERN_SETTING, DEFAULT_CONCERN_TYPES))  # type: ignore[misc]


def concern_label(code: str) -> str:
    return dict(concern_types()).get(code, code.replace("_", " ").capitalize())


class GatewayOutcome(models.TextChoices):
    """The police gateway assessment's outcome ([P62]): only cases suitable for Channel come to the panel."""

    SUITABLE = "suitable", "Suitable for Channel"
    LIMITED_INFORMATION = "limited_information", "Limited information but some concern"
    NOT_APPROPRIATE = "not_appropriate", "Not appropriate for Channel"


class ConsentFrom(models.TextChoices):
    PERSON = "person", "The person themselves"
    PARENTAL_RESPONSIBILITY = "parental_responsibility", "A person with parental responsibility"


class ConsentStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting consent"
    GIVEN = "given", "Consent given"
    REFUSED = "refused", "Consent refused"
    WITHDRAWN = "withdrawn", "Consent withdrawn"


class Dimension(models.TextChoices):
    ENGAGEMENT = "engagement", "Engagement with a group, cause or ideology"
    INTENT = "intent", "Intent to cause harm"
    CAPABILITY = "capability", "Capability to cause harm"


@dataclass(frozen=True)
class Factor:
    code: str
    dimension: str
    label: str


FACTORS: tuple[Factor, ...] = tuple(
    Factor(code, dimension, label)
    for dimension, items in (
        (
            Dimension.ENGAGEMENT,
            (
                ("grievance", "Feelings of grievance and injustice"),
                ("threat", "Feeling under threat"),
                ("identity", "Need for identity, meaning and belonging"),
                ("status", "Desire for status"),
                ("excitement", "Desire for excitement and adventure"),
                ("dominance", "Need to dominate and control"),
                ("indoctrination", "Susceptibility to indoctrination"),
                ("change", "Desire for political or moral change"),
                ("opportunistic", "Opportunistic involvement"),
                ("family_friends", "Family or friends support extremist offending"),
                ("transition", "Being at a transitional time of life"),
                ("group_influence", "Being influenced or controlled by a group"),
                ("mental_health", "Relevant mental health issues"),
            ),
        ),
        (
            Dimension.INTENT,
            (
                ("over_identification", "Over-identification with a group or ideology"),
                ("us_and_them", "Us and them thinking"),
                ("dehumanisation", "Dehumanisation of the enemy"),
                ("justifying_offending", "Attitudes that justify offending"),
                ("harmful_means", "Harmful means to an end"),
                ("harmful_objectives", "Harmful objectives"),
            ),
        ),
        (
            Dimension.CAPABILITY,
            (
                ("knowledge_skills", "Individual knowledge, skills and competencies"),
                ("networks_means", "Access to networks, funding or equipment"),
                ("criminal_history", "Criminal history"),
            ),
        ),
    )
    for code, label in items
)
FACTOR_BY_CODE = {f.code: f for f in FACTORS}


class Rating(models.TextChoices):
    NOT_KNOWN = "not_known", "Not known"
    NONE = "none", "No evidence"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


# For working out whether things are getting better: a number per rating.
RATING_SCORE = {Rating.NOT_KNOWN: None, Rating.NONE: 0, Rating.LOW: 1, Rating.MEDIUM: 2, Rating.HIGH: 3}


class Decision(models.TextChoices):
    """What the panel decided for one case on its agenda."""

    ADOPT = "adopt", "Adopt as a Channel case"
    NOT_ADOPT = "not_adopt", "Do not adopt"
    CONTINUE = "continue", "Continue support"
    EXIT_RISK_REDUCED = "exit_risk_reduced", "Exit: risk reduced"
    EXIT_CONSENT_WITHDRAWN = "exit_consent_withdrawn", "Exit: consent withdrawn"
    REFER_ELSEWHERE = "refer_elsewhere", "Exit: refer to other support"


# Decisions for a case not yet adopted, and for one that is.
FIRST_DECISIONS = (Decision.ADOPT, Decision.NOT_ADOPT, Decision.REFER_ELSEWHERE)
ADOPTED_DECISIONS = (
    Decision.CONTINUE,
    Decision.EXIT_RISK_REDUCED,
    Decision.EXIT_CONSENT_WITHDRAWN,
    Decision.REFER_ELSEWHERE,
)
EXIT_DECISIONS = (Decision.EXIT_RISK_REDUCED, Decision.EXIT_CONSENT_WITHDRAWN, Decision.REFER_ELSEWHERE)


class ExitReason(models.TextChoices):
    RISK_REDUCED = "risk_reduced", "Risk reduced"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred to other support"


EXIT_REASON_FOR = {
    Decision.EXIT_RISK_REDUCED: ExitReason.RISK_REDUCED,
    Decision.EXIT_CONSENT_WITHDRAWN: ExitReason.CONSENT_WITHDRAWN,
    Decision.REFER_ELSEWHERE: ExitReason.REFERRED_ELSEWHERE,
}


class InterventionKind(models.TextChoices):
    MENTORING = "mentoring", "Theological or ideological mentoring (Intervention Provider)"
    LIFE_SKILLS = "life_skills", "Life skills"
    EDUCATION = "education", "Education or training"
    CAREERS = "careers", "Careers and employment"
    HEALTH = "health", "Health, including mental health"
    DIVERSIONARY = "diversionary", "Diversionary activity"
    FAMILY_SUPPORT = "family_support", "Family support"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other support"


class ExitReviewOutcome(models.TextChoices):
    NO_CONCERNS = "no_concerns", "No further concerns"
    CONCERNS = "concerns", "Concerns: re-refer"


class CaseStage(models.TextChoices):
    """Where a case stands, worked out from what is recorded."""

    AWAITING_CONSENT = "awaiting_consent", "Awaiting consent"
    DECLINED = "declined", "Support declined"
    AWAITING_ASSESSMENT = "awaiting_assessment", "Assessment needed"
    AWAITING_DECISION = "awaiting_decision", "Awaiting panel decision"
    NOT_ADOPTED = "not_adopted", "Not adopted"
    ADOPTED = "adopted", "Adopted"
    EXITED = "exited", "Left Channel"
