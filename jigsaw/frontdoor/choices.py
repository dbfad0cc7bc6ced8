"""Codes of the front door: how a contact came in, consent, the decision, and the DfE
Children in Need census codes an episode carries (shared/domain/returns-reference.md §8.1,
statutory-reference.md §1A)."""

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    PORTAL = "portal", "Online form"
    API = "api", "Partner system (API)"


class CallerKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    FAMILY_MEMBER = "family_member", "Family member, relative or carer"
    MEMBER_OF_PUBLIC = "member_of_public", "Member of the public"
    SELF = "self", "The child or young person"
    ANONYMOUS = "anonymous", "Anonymous"


class FamilyAware(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class LawfulBasis(models.TextChoices):
    """Why information is shared without consent (statutory-reference §8A)."""

    SAFEGUARDING = (
        "safeguarding",
        "Public task, UK GDPR 6(1)(e), with the safeguarding condition (DPA 2018 Sch 1 para 18)",
    )
    VITAL_INTERESTS = "vital_interests", "Vital interests, UK GDPR 6(1)(d) and 9(2)(c): a risk to life"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation, UK GDPR 6(1)(c), such as a court order"


class PersonRole(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class ContactStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    DECIDED = "decided", "Decided"


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help or early support"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    EMERGENCY_PROTECTION = "emergency_protection", "Emergency protection"
    REFERRAL_ASSESSMENT = "referral_assessment", "Referral for assessment and allocation"


# Outcomes that make the contact a referral: each child gets a child-in-need episode.
OPENS_EPISODE = frozenset({Outcome.STRATEGY_DISCUSSION, Outcome.EMERGENCY_PROTECTION, Outcome.REFERRAL_ASSESSMENT})
# Outcomes after which a strategy discussion must be held (WT2023 Ch.3: after emergency
# action, a strategy discussion follows).
NEEDS_STRATEGY = frozenset({Outcome.STRATEGY_DISCUSSION, Outcome.EMERGENCY_PROTECTION})


class EmergencyType(models.TextChoices):
    POLICE_PROTECTION = "police_protection", "Police protection"
    EPO = "epo", "Emergency protection order"


class StrategyStatus(models.TextChoices):
    NOT_NEEDED = "", "Not needed"
    NEEDED = "needed", "Strategy discussion needed"
    HELD = "held", "Strategy discussion held"


class ReferralSource(models.TextChoices):
    """CIN census ReferralSource."""

    S1A = "1A", "1A Individual: family member, relative or carer"
    S1B = "1B", "1B Individual: acquaintance (neighbour, childminder)"
    S1C = "1C", "1C Individual: self"
    S1D = "1D", "1D Individual: other (stranger)"
    S2A = "2A", "2A Schools"
    S2B = "2B", "2B Education services"
    S3A = "3A", "3A Health: GP"
    S3B = "3B", "3B Health: health visitor"
    S3C = "3C", "3C Health: school nurse"
    S3D = "3D", "3D Health: other primary health"
    S3E = "3E", "3E Health: A&E"
    S3F = "3F", "3F Health: other (for example a hospice)"
    S4 = "4", "4 Housing (council or housing association)"
    S5A = "5A", "5A Council services: social care (for example adult social care)"
    S5B = "5B", "5B Council services: other internal department (for example youth offending)"
    S5C = "5C", "5C Council services: external (for example another council's adult services)"
    S5D = "5D", "5D Council services: early help"
    S6 = "6", "6 Police"
    S7 = "7", "7 Other legal agency (courts, probation, immigration, CAFCASS, prison)"
    S8 = "8", "8 Other (children's centres, independent providers, voluntary organisations)"
    S9 = "9", "9 Anonymous"
    S10 = "10", "10 Unknown"


class PrimaryNeed(models.TextChoices):
    """CIN census PrimaryNeedCode (N0 is allowed by validator rule 8650)."""

    N1 = "N1", "N1 Abuse or neglect"
    N2 = "N2", "N2 Child's disability"
    N3 = "N3", "N3 Parental disability or illness"
    N4 = "N4", "N4 Family in acute stress"
    N5 = "N5", "N5 Family dysfunction"
    N6 = "N6", "N6 Socially unacceptable behaviour"
    N7 = "N7", "N7 Low income"
    N8 = "N8", "N8 Absent parenting"
    N9 = "N9", "N9 Cases other than children in need"
    N0 = "N0", "N0 Not stated"


class ClosureReason(models.TextChoices):
    """CIN census ReasonForClosure (rule 8640)."""

    RC1 = "RC1", "RC1 Adopted"
    RC2 = "RC2", "RC2 Died"
    RC3 = "RC3", "RC3 Child arrangements order"
    RC4 = "RC4", "RC4 Special guardianship order"
    RC5 = "RC5", "RC5 Transferred to services of another council"
    RC6 = "RC6", "RC6 Transferred to adult social care"
    RC7 = "RC7", "RC7 Services ceased for any other reason, including no longer in need"
    RC8 = "RC8", "RC8 Closed after assessment, no further action"
    RC9 = "RC9", "RC9 Closed after assessment, referred to early help"


# Where a contact comes from, in census terms, when the front door has not said otherwise.
SOURCE_FOR_CALLER_KIND = {
    CallerKind.FAMILY_MEMBER: ReferralSource.S1A,
    CallerKind.MEMBER_OF_PUBLIC: ReferralSource.S1B,
    CallerKind.SELF: ReferralSource.S1C,
    CallerKind.ANONYMOUS: ReferralSource.S9,
}
SOURCE_FOR_AGENCY_KIND = {
    "csc": ReferralSource.S5A,
    "police": ReferralSource.S6,
    "health": ReferralSource.S3F,
    "education": ReferralSource.S2A,
    "probation": ReferralSource.S7,
    "youth_justice": ReferralSource.S5B,
    "voluntary": ReferralSource.S8,
    "other_council": ReferralSource.S5C,
}

DEFAULT_LEVELS_OF_NEED = [
    ("universal", "Universal"),
    ("early_help", "Early help"),
    ("targeted", "Targeted"),
    ("specialist", "Specialist"),
]


def levels_of_need(*, include_retired: bool = False) -> list[tuple[str, str]]:
    """The partnership's continuum of need, lowest level first (statutory-reference §9).

    Local, so the partnership's own setting: the LevelOfNeed table, which its partnership
    manager edits ("Levels of need"). Until anyone has set it up, JIGSAW_LEVELS_OF_NEED or
    the four canonical levels.
    """
    from .models import LevelOfNeed

    qs = LevelOfNeed.objects.all() if include_retired else LevelOfNeed.objects.filter(in_use=True)
    rows = [(level.key, level.label) for level in qs]
    if rows or LevelOfNeed.objects.exists():
        return rows
    return [(str(k), str(v)) for k, v in getattr(settings, "JIGSAW_LEVELS_OF_NEED", DEFAULT_LEVELS_OF_NEED)]


def level_of_need_label(key: str) -> str:
    # Retired levels still name themselves on the contacts that carry them.
    return dict(levels_of_need(include_retired=True)).get(key, key)


# What the partner who referred is told, by outcome: a starting point the decision-maker edits.
# Words fit for a partner: what happens next, no more of the family's business than that.
REFERRER_MESSAGES = {
    Outcome.NFA: (
        "Thank you for your referral. We have looked at it carefully and children's social care will not take "
        "further action. If you are worried about the child again, contact the front door."
    ),
    Outcome.EARLY_HELP: (
        "Thank you for your referral. The family will be offered early help. If you are worried about the child "
        "again, contact the front door."
    ),
    Outcome.REFERRAL_ASSESSMENT: (
        "Thank you for your referral. It has been accepted and a social worker will assess the child's needs. "
        "They may contact you for your view."
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "Thank you for your referral. It has been accepted and a strategy discussion will be held. You may be "
        "asked to take part."
    ),
    Outcome.EMERGENCY_PROTECTION: (
        "Thank you for your referral. Action has been taken to keep the child safe. A social worker will be in touch."
    ),
}
