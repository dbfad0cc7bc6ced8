from django.db import models


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "csc", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER_COUNCIL = "other_council", "Other council"


class Role(models.TextChoices):
    BUSINESS_SUPPORT = "business_support", "Business support officer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    CP_CHAIR_IRO = "cp_chair_iro", "Child protection chair / IRO"
    LADO_OFFICER = "lado_officer", "LADO officer"
    CHANNEL_CHAIR = "channel_chair", "Channel panel chair"
    EXPLOITATION_MISSING = "exploitation_missing", "Exploitation and missing practitioner"
    FGC_COORDINATOR = "fgc_coordinator", "Family group conference coordinator"
    YOUTH_JUSTICE_OFFICER = "youth_justice_officer", "Youth justice officer"
    PARTNER_PRACTITIONER = "partner_practitioner", "Partner agency practitioner"
    PARTNERSHIP_MANAGER = "partnership_manager", "Partnership manager"
    DATA_PROTECTION_OFFICER = "dpo", "Data protection officer"
    ANALYST = "analyst", "Analyst"
    SYSTEM_ADMINISTRATOR = "sysadmin", "System administrator"


class RestrictedArea(models.TextChoices):
    """Record types whose very existence is hidden outside their own team."""

    NONE = "", "Not restricted"
    LADO = "lado", "Allegations against staff (LADO)"
    CHANNEL = "channel", "Channel (Prevent)"
    SEALED = "sealed", "Sealed record (adoption)"
    # The safeguarding partnership's serious incidents, rapid reviews and practice reviews.
    REVIEWS = "reviews", "Partnership reviews"


class InvolvementKind(models.TextChoices):
    ALLOCATED = "allocated", "Allocated worker"
    INVITED = "invited", "Invited professional"
    # The social worker who leads a child protection plan (Working Together 2023: lead practitioner).
    LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"
