"""The answers a governance record may give (statutory-reference 8A, 8B; issue 12)."""

from django.db import models


class Article6(models.TextChoices):
    PUBLIC_TASK = "6_1_e", "6(1)(e) public task (the council's duties under the Children Acts 1989 and 2004)"
    LEGAL_OBLIGATION = "6_1_c", "6(1)(c) legal obligation (a court order, a statutory return)"
    VITAL_INTERESTS = "6_1_d", "6(1)(d) vital interests (to protect someone's life in an emergency)"
    SAFEGUARDING_INTEREST = "6_1_ea", "6(1)(ea) recognised legitimate interest: safeguarding (partners only)"
    CONSENT = "6_1_a", "6(1)(a) consent (rarely right in safeguarding)"


class SpecialCondition(models.TextChoices):
    NOT_NEEDED = "", "Not needed: no special category or criminal offence information"
    SAFEGUARDING = (
        "sch1_18",
        "9(2)(g) with DPA 2018 Schedule 1 paragraph 18: safeguarding of children and individuals at risk",
    )
    HEALTH_SOCIAL_CARE = "sch1_2", "9(2)(h) health or social care, DPA 2018 Schedule 1 paragraph 2"
    VITAL_INTERESTS = "9_2_c", "9(2)(c) vital interests (the person cannot consent)"
    EXPLICIT_CONSENT = "9_2_a", "9(2)(a) explicit consent"
    CRIMINAL_SAFEGUARDING = "art10_18", "Article 10 criminal offence data: DPA 2018 Schedule 1 paragraph 18"


class Consent(models.TextChoices):
    AGREED = "agreed", "Asked, and agreed"
    REFUSED = "refused", "Asked, and refused"
    NOT_SOUGHT = "not_sought", "Not asked"


class SharingKind(models.TextChoices):
    """The three kinds of decision the DPO's reports count."""

    WITH_CONSENT = "with_consent", "Shared with consent"
    WITHOUT_CONSENT = "without_consent", "Shared without consent"
    NOT_SHARED = "not_shared", "Decided not to share"


class ReviewStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting review"
    REVIEWED = "reviewed", "Reviewed"


class RightsKind(models.TextChoices):
    RECTIFICATION = "rectification", "Rectification (correct the record)"
    ERASURE = "erasure", "Erasure"
    RESTRICTION = "restriction", "Restriction of processing"
    OBJECTION = "objection", "Objection to processing"


class RightsOutcome(models.TextChoices):
    OPEN = "", "Not decided yet"
    RECTIFIED = "rectified", "Record corrected by an addendum"
    ERASED = "erased", "Erased"
    RESTRICTED = "restricted", "Processing restricted"
    OBJECTION_UPHELD = "upheld", "Objection upheld: processing stopped"
    REFUSED = "refused", "Refused, with reasons (for example, needed for the council's statutory duties)"


class RequesterRelationship(models.TextChoices):
    SELF = "self", "The person themselves"
    PARENT = "parent", "A parent or carer acting for a child"
    SOLICITOR = "solicitor", "A solicitor or advocate"
    OTHER = "other", "Someone else with the person's authority"


class BreachRisk(models.TextChoices):
    UNLIKELY = "unlikely", "Unlikely to result in a risk to people's rights and freedoms (not reported)"
    RISK = "risk", "A risk to people's rights and freedoms (report to the ICO)"
    HIGH = "high", "A high risk (report to the ICO and tell the people affected)"


class PeopleTold(models.TextChoices):
    NOT_YET = "", "Not yet"
    TOLD = "told", "Told"
    NOT_NEEDED = "not_needed", "Not needed (the risk is not high)"
