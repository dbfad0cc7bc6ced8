"""Codes for family group conferences."""

from django.db import models


class ReferralStatus(models.TextChoices):
    AWAITING_ALLOCATION = "awaiting_allocation", "Awaiting a coordinator"
    PREPARATION = "preparation", "In preparation"
    PLAN_AGREED = "plan_agreed", "Family plan in place"
    CLOSED = "closed", "Closed"


# GOV.UK tag colour for each status.
STATUS_TAGS = {
    ReferralStatus.AWAITING_ALLOCATION: "govuk-tag--yellow",
    ReferralStatus.PREPARATION: "govuk-tag--blue",
    ReferralStatus.PLAN_AGREED: "govuk-tag--green",
    ReferralStatus.CLOSED: "govuk-tag--grey",
}


class FgdmOffer(models.TextChoices):
    """Children Act 1989 s31ZA (inserted by the Children's Wellbeing and Schools Act 2026):
    before care proceedings the council must offer a family group decision-making meeting."""

    NOT_PRE_PROCEEDINGS = "not_pre_proceedings", "No: not before care proceedings"
    OFFERED = "offered", "Yes: offered to the parents"
    EXEMPT = "exempt", "No offer: not in the child's best interests"


class Invitation(models.TextChoices):
    INVITED = "invited", "Invited"
    NOT_INVITED = "not_invited", "Not to be invited"
    UNDECIDED = "undecided", "Not decided yet"


class ContactKind(models.TextChoices):
    VISIT = "visit", "Home visit"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    LETTER = "letter", "Letter or email"
    MEETING = "meeting", "Meeting with a professional"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Family group conference"
    REVIEW = "review", "Review conference"


class PlanDecision(models.TextChoices):
    AGREED = "agreed", "The referrer agreed the family's plan"
    NOT_AGREED = "not_agreed", "The referrer did not agree the plan (it is not safe)"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "The plan continues: set another review"
    CLOSE = "close", "The plan has done its work: close the family group conference"
