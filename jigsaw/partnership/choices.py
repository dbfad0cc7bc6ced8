"""The partnership's lists: course formats and levels, professionals' sectors, booking states."""

from django.db import models


class CourseFormat(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face-to-face"
    ONLINE = "online", "Online (live)"
    E_LEARNING = "e_learning", "E-learning"


class CourseLevel(models.TextChoices):
    # The levels local partnerships' training strategies use (Working Together 2023 leaves them local).
    LEVEL_1 = "1", "Level 1: awareness"
    LEVEL_2 = "2", "Level 2: working with children and families"
    LEVEL_3 = "3", "Level 3: specialist and lead practitioners"
    LEVEL_4 = "4", "Level 4: managers and leaders"


class Sector(models.TextChoices):
    """The sector a professional works in: how take-up and demand are counted."""

    CHILDRENS_SOCIAL_CARE = "csc", "Children's social care"
    EDUCATION = "education", "Education (schools and colleges)"
    EARLY_YEARS = "early_years", "Early years and childcare"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    ADULT_SERVICES = "adult_services", "Adult services and housing"
    VOLUNTARY = "voluntary", "Voluntary, community and faith sector"
    OTHER = "other", "Other"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", "Weekday daytime"
    EVENING = "evening", "Evening"
    WEEKEND = "weekend", "Weekend"


class NewsletterKind(models.TextChoices):
    NEWSLETTER = "newsletter", "Newsletter"
    UPDATE = "update", "Update"
    CAMPAIGN = "campaign", "Campaign"
    EVENT = "event", "Event notice"


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"


class GroupKind(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    SUBGROUP = "subgroup", "Subgroup"


class LeadPartner(models.TextChoices):
    """The three lead safeguarding partners (Children Act 2004 s16E, Working Together 2023)."""

    LOCAL_AUTHORITY = "local_authority", "The council's chief executive"
    POLICE = "police", "The chief constable"
    HEALTH = "health", "The integrated care board's accountable officer"


class MemberRole(models.TextChoices):
    LEAD_PARTNER = "lead_partner", "Lead safeguarding partner"
    DELEGATE = "delegate", "Delegate of a lead safeguarding partner"
    MEMBER = "member", "Member"


class DocumentKind(models.TextChoices):
    ARRANGEMENTS = "arrangements", "Multi-agency safeguarding arrangements"
    THRESHOLD = "threshold", "Threshold document"
    OTHER = "other", "Other published document"


class CohortRule(models.TextChoices):
    SECTION_47 = "section_47", "The next children with a section 47 enquiry"
    ON_PLAN = "on_plan", "The next children put on a child protection plan"
    RANDOM_ON_PLAN = "random_on_plan", "A random sample of children on plans in a period"


class AuditStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"
