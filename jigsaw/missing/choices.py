"""Codes for missing episodes and return home interviews.

The kind of episode is the SSDA903 MISSING code (returns-reference 8.2): M, missing
(whereabouts unknown); A, away from placement without authorisation (whereabouts known),
which applies to looked-after children only. Risk follows the police continuum
(statutory-reference 5): from no apparent risk to high.
"""

from django.db import models


class EpisodeKind(models.TextChoices):
    MISSING = "M", "Missing (whereabouts unknown)"
    AWAY = "A", "Away from placement without authorisation (whereabouts known)"


class MissingFrom(models.TextChoices):
    HOME = "home", "Home"
    CARE_PLACEMENT = "care_placement", "Care placement"
    SCHOOL = "school", "School or college"
    OTHER = "other", "Somewhere else"


class RiskLevel(models.TextChoices):
    NO_APPARENT = "no_apparent_risk", "No apparent risk"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


RISK_TAG_CLASSES = {
    RiskLevel.NO_APPARENT: "govuk-tag--grey",
    RiskLevel.LOW: "govuk-tag--blue",
    RiskLevel.MEDIUM: "govuk-tag--yellow",
    RiskLevel.HIGH: "govuk-tag--red",
}


class InterviewResponse(models.TextChoices):
    AWAITING = "", "Not yet answered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Indicator(models.TextChoices):
    """What the child said that points to exploitation (the exploitation team's screening follows)."""

    OLDER_ASSOCIATES = "older_associates", "Older friends or associates"
    MONEY_GIFTS = "money_gifts", "Money, phones or gifts they cannot explain"
    DRUGS_ALCOHOL = "drugs_alcohol", "Drugs or alcohol"
    OUT_OF_AREA = "out_of_area", "Travelled out of the area"
    COUNTY_LINES = "county_lines", "Carrying or selling drugs (county lines)"
    SEXUAL = "sexual", "Sexual exploitation"
    ONLINE = "online", "Contact online with people they do not know"
    GANG = "gang", "Gangs or serious violence"
    INJURIES = "injuries", "Injuries"
    TRAFFICKING = "trafficking", "Trafficking or modern slavery"


class PromptTrigger(models.TextChoices):
    REPEAT = "repeat", "Repeat episodes"
    LONG = "long", "Missing a long time"
    HIGH_RISK = "high_risk", "High risk"


class PromptDecision(models.TextChoices):
    OPEN = "", "Waiting for a decision"
    REQUESTED = "requested", "Strategy discussion requested"
    NOT_NEEDED = "not_needed", "Strategy discussion not needed"
