"""Code lists for allegations against people who work with children (statutory-reference §3)."""

from django.db import models


class AllegationKind(models.TextChoices):
    REFERRAL = "referral", "Referral"
    ADVICE = "advice", "Advice only"


class Sector(models.TextChoices):
    EDUCATION = "education", "Education"
    EARLY_YEARS = "early_years", "Early years"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    FAITH = "faith", "Faith"
    SPORT = "sport", "Sport"
    VOLUNTARY = "voluntary", "Voluntary"
    TRANSPORT = "transport", "Transport"
    OTHER = "other", "Other"


class Engagement(models.TextChoices):
    PAID = "paid", "Paid"
    VOLUNTARY = "voluntary", "Voluntary"


class HarmTest(models.TextChoices):
    """The harm threshold (KCSIE Part 4; statutory-reference 3.2): any one limb is enough."""

    HARMED = "harmed", "Has harmed, or may have harmed, a child"
    OFFENCE = "offence", "Possibly committed a criminal offence against or related to a child"
    RISK = "risk", "Behaved in a way that indicates they may pose a risk of harm to children"
    UNSUITABLE = "unsuitable", "Behaved in a way that indicates they may not be suitable to work with children"


# Model field for each limb (four booleans: each can be counted, and a constraint can need one).
HARM_FIELDS = {
    HarmTest.HARMED: "harm_harmed",
    HarmTest.OFFENCE: "harm_offence",
    HarmTest.RISK: "harm_risk",
    HarmTest.UNSUITABLE: "harm_unsuitable",
}


class Outcome(models.TextChoices):
    """KCSIE Part 4 "Allegation outcomes" (statutory-reference 3.5)."""

    SUBSTANTIATED = "substantiated", "Substantiated"
    FALSE = "false", "False"
    MALICIOUS = "malicious", "Malicious"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    UNFOUNDED = "unfounded", "Unfounded"


OUTCOME_HINTS = {
    Outcome.SUBSTANTIATED: "There is enough evidence to prove the allegation",
    Outcome.FALSE: "There is enough evidence to disprove the allegation",
    Outcome.MALICIOUS: "There is enough evidence to disprove the allegation, and there has been a deliberate act "
    "to deceive or to cause harm to the person",
    Outcome.UNSUBSTANTIATED: "There is not enough evidence to prove or disprove the allegation",
    Outcome.UNFOUNDED: "There is no evidence or proper basis which supports the allegation",
}


class FollowUp(models.TextChoices):
    """What followed the outcome (more than one may)."""

    DISCIPLINARY = "disciplinary", "Disciplinary action"
    DISMISSAL = "dismissal", "Dismissal or ceasing to use the person's services"
    DBS_REFERRAL = "dbs_referral", "Referral to the Disclosure and Barring Service (DBS)"
    REGULATOR_REFERRAL = "regulator_referral", "Referral to the Teaching Regulation Agency or another regulator"
    POLICE_CHARGE = "police_charge", "Police: charged"
    POLICE_CAUTION = "police_caution", "Police: caution"
    POLICE_NFA = "police_nfa", "Police: no further action"
    TRAINING = "training", "Training or supervision"
    NO_FURTHER_ACTION = "no_further_action", "No further action by the employer"


class Capacity(models.TextChoices):
    """Why someone outside the LADO team is invited to a case."""

    POLICE = "police", "Police"
    EMPLOYER = "employer", "Employer (case manager or HR)"
    CSC = "csc", "Children's social care"
    REGULATOR = "regulator", "Regulator or professional body"
    OTHER = "other", "Other"


class Timeliness(models.TextChoices):
    """How long a concluded allegation took, against the targets (statutory-reference 3.6)."""

    WEEK = "week", "Within 1 week"
    MONTH = "month", "Within 1 month"
    QUARTER = "quarter", "Within 3 months"
    YEAR = "year", "Within 12 months"
    OVER = "over", "Over 12 months"
