"""Partnership reviews: the fixed lists (statutory-reference 1C)."""

from django.db import models


class Harm(models.TextChoices):
    DIED = "died", "The child died"
    SERIOUSLY_HARMED = "harmed", "The child was seriously harmed"


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Abuse or neglect is known"
    SUSPECTED = "suspected", "Abuse or neglect is suspected"
    # Only a looked-after child's death is notified whatever the cause (statutory-reference 1C).
    NOT_SUSPECTED = "none", "Neither known nor suspected"


class Stage(models.TextChoices):
    RECORDED = "recorded", "Recorded, not yet notified"
    NOTIFIED = "notified", "Notified: rapid review open"
    RAPID_REVIEW_SENT = "rr_sent", "Rapid review sent to the Panel"
    CLOSED = "closed", "Closed: did not meet the criteria"


class Decision(models.TextChoices):
    LCSPR = "lcspr", "Commission a local child safeguarding practice review"
    NO_LCSPR = "no_lcspr", "No local child safeguarding practice review"


class PanelReply(models.TextChoices):
    AGREE = "agree", "The Panel agrees with the decision"
    DISAGREE = "disagree", "The Panel disagrees with the decision"
