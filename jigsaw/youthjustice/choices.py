"""Youth justice code lists: offence categories, outcomes, assessments, interventions, victims.

Outcomes follow the youth justice system's own split: out-of-court disposals (community
resolution, youth caution, youth conditional caution), first-tier and community sentences
(referral order, youth rehabilitation order, fine, discharge) and custody (detention and
training order, longer detention). A "substantive" outcome (a caution or a conviction)
is what makes a young person a first-time entrant to the justice system; a community
resolution is not one (statutory-reference §7: first-time entrants, reoffending, custody).
"""

from django.db import models


class OffenceCategory(models.TextChoices):
    VIOLENCE = "violence", "Violence against the person"
    ROBBERY = "robbery", "Robbery"
    THEFT = "theft", "Theft and handling"
    DRUGS = "drugs", "Drugs"
    MOTORING = "motoring", "Motoring"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
    PUBLIC_ORDER = "public_order", "Public order"
    SEXUAL = "sexual", "Sexual offences"
    WEAPONS = "weapons", "Possession of weapons"
    OTHER = "other", "Other"


GRAVITY_MIN, GRAVITY_MAX = 1, 8


class OutcomeKind(models.TextChoices):
    COMMUNITY_RESOLUTION = "community_resolution", "Community resolution"
    YOUTH_CAUTION = "youth_caution", "Youth caution"
    YOUTH_CONDITIONAL_CAUTION = "youth_conditional_caution", "Youth conditional caution"
    REFERRAL_ORDER = "referral_order", "Referral order"
    YOUTH_REHABILITATION_ORDER = "yro", "Youth rehabilitation order"
    FINE = "fine", "Fine"
    DISCHARGE = "discharge", "Conditional or absolute discharge"
    DETENTION_AND_TRAINING_ORDER = "dto", "Detention and training order"
    LONGER_DETENTION = "longer_detention", "Other custodial sentence (longer-term detention)"


OUT_OF_COURT = frozenset(
    {OutcomeKind.COMMUNITY_RESOLUTION, OutcomeKind.YOUTH_CAUTION, OutcomeKind.YOUTH_CONDITIONAL_CAUTION}
)
COURT = frozenset(set(OutcomeKind.values) - OUT_OF_COURT)
CUSTODIAL = frozenset({OutcomeKind.DETENTION_AND_TRAINING_ORDER, OutcomeKind.LONGER_DETENTION})
# A caution or a conviction: what a first-time entrant and a proven reoffence are made of.
SUBSTANTIVE = frozenset(set(OutcomeKind.values) - {OutcomeKind.COMMUNITY_RESOLUTION})
# Orders with a length, and the lengths the law allows (months; checked by the service).
ORDER_LENGTHS: dict[str, tuple[int, int]] = {
    OutcomeKind.REFERRAL_ORDER: (3, 12),
    OutcomeKind.YOUTH_REHABILITATION_ORDER: (1, 36),
    OutcomeKind.DETENTION_AND_TRAINING_ORDER: (4, 24),
    OutcomeKind.LONGER_DETENTION: (1, 600),
}
NEEDS_LENGTH = frozenset(
    {
        OutcomeKind.REFERRAL_ORDER,
        OutcomeKind.YOUTH_REHABILITATION_ORDER,
        OutcomeKind.DETENTION_AND_TRAINING_ORDER,
        OutcomeKind.LONGER_DETENTION,
    }
)
# Outcomes the service works with, so an assessment is due (fines and discharges are not).
NEEDS_ASSESSMENT = frozenset(set(OutcomeKind.values) - {OutcomeKind.FINE, OutcomeKind.DISCHARGE})


class AssessmentKind(models.TextChoices):
    ASSETPLUS_START = "assetplus_start", "AssetPlus: start of the order"
    ASSETPLUS_REVIEW = "assetplus_review", "AssetPlus: review"
    ASSETPLUS_END = "assetplus_end", "AssetPlus: end of the order"
    OUT_OF_COURT = "out_of_court", "Out-of-court and prevention assessment"


class Rating(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


# Safety and wellbeing concerns at these levels are shared with the safeguarding record.
SHARED_LEVELS = frozenset({Level.HIGH, Level.VERY_HIGH})


class InterventionKind(models.TextChoices):
    OFFENDING_BEHAVIOUR = "offending_behaviour", "Offending behaviour programme"
    EDUCATION = "education", "Education, training and employment"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
    MENTAL_HEALTH = "mental_health", "Mental health and emotional wellbeing"
    SPEECH_LANGUAGE = "speech_language", "Speech, language and communication"
    ACCOMMODATION = "accommodation", "Suitable accommodation"
    FAMILY = "family", "Parenting and family support"
    VICTIM_AWARENESS = "victim_awareness", "Victim awareness"
    REPARATION = "reparation", "Reparation"
    MENTORING = "mentoring", "Mentoring and positive activities"
    OTHER = "other", "Other"


class Progress(models.TextChoices):
    NOT_RATED = "not_rated", "Not yet rated"
    NONE = "none", "No progress"
    SOME = "some", "Some progress"
    GOOD = "good", "Good progress"
    COMPLETED = "completed", "Completed its aims"


class VictimKind(models.TextChoices):
    PERSON = "person", "A person"
    ORGANISATION = "organisation", "An organisation (a shop, a school, a business)"


class Consent(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"


class RestorativeKind(models.TextChoices):
    DIRECT = "direct", "Direct meeting (restorative conference)"
    INDIRECT_LETTER = "indirect_letter", "Indirect: letter of explanation"
    SHUTTLE = "shuttle", "Shuttle mediation"
    REPARATION = "reparation", "Reparation to the victim"


class PartnerKind(models.TextChoices):
    COUNCIL = "council", "Council (children's services)"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class ClosureReason(models.TextChoices):
    ORDER_COMPLETED = "order_completed", "Order or disposal completed"
    TRANSFERRED = "transferred", "Transferred to another youth justice service"
    ADULT_SERVICES = "adult_services", "Transferred to probation (turned 18)"
    OTHER = "other", "Other"
