"""Code lists of child protection: the DfE Children in Need census codes where the census has
them (shared/domain/returns-reference.md §8.1, statutory-reference.md §1A), so the census
is a query over these records rather than a re-keying job."""

from django.db import models

from jigsaw.meetings.models import Attendance


class StrategyKind(models.TextChoices):
    """Values match jigsaw.meetings.models.MeetingKind, so the meeting's kind and ours agree."""

    SIMPLE = "strategy_discussion", "Strategy discussion"
    COMPLEX = "complex_strategy", "Complex strategy meeting"


class Section47Outcome(models.TextChoices):
    """Outcome of a section 47 enquiry (statutory-reference 1.3)."""

    NFA = "nfa", "No further action"
    CIN_PLAN = "cin_plan", "Child in need plan"
    ICPC = "icpc", "Initial child protection conference"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in conference"


# The meetings engine's kind for each conference kind.
CONFERENCE_MEETING_KIND = {
    ConferenceKind.INITIAL: "icpc",
    ConferenceKind.REVIEW: "rcpc",
    ConferenceKind.TRANSFER_IN: "transfer_in_conference",
}


class ConferenceDecision(models.TextChoices):
    # Initial and transfer-in conferences decide whether the child needs a plan...
    PLAN = "plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    # ...review conferences whether the plan continues.
    CONTINUE = "continue", "Plan continues"
    END = "end", "Plan ends"


DECISIONS_FOR_KIND = {
    ConferenceKind.INITIAL: (ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN),
    ConferenceKind.TRANSFER_IN: (ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN),
    ConferenceKind.REVIEW: (ConferenceDecision.CONTINUE, ConferenceDecision.END),
}


class Category(models.TextChoices):
    """Category of abuse (CIN census InitialCategoryOfAbuse / LatestCategoryOfAbuse)."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    EMO = "EMO", "Emotional abuse"
    SAB = "SAB", "Sexual abuse"
    # The census keeps MUL but the DfE discourages it (statutory-reference §1A).
    MUL = "MUL", "Multiple (not recommended)"


class PlanEndReason(models.TextChoices):
    """Why a child protection plan ended (statutory-reference 1.10)."""

    REVIEW_DECISION = "review_decision", "Review conference decided the plan is no longer needed"
    TRANSFERRED = "transferred", "Moved permanently to another council (after its transfer-in conference)"
    AGE_18 = "age_18", "Reached 18"
    DIED = "died", "Died"
    LEFT_UK = "left_uk", "Left the UK permanently"
    LOOKED_AFTER = "looked_after", "Became looked after"


class NotificationEvent(models.TextChoices):
    STARTED = "started", "Plan started"
    ENDED = "ended", "Plan ended"


class EnquiryLinkKind(models.TextChoices):
    """What a complex strategy meeting links to its enquiry besides the children."""

    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    PLACE = "place", "Place"


class AssessmentFactor(models.TextChoices):
    """Factors identified at assessment (CIN census AssessmentFactors). Suffix A/B/C: the concern
    is about the child / a parent or carer / another member of the household."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse: the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: the child"
    DRUGS_PARENT = "2B", "Drug misuse: parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse: another person in the household"
    DV_CHILD = "3A", "Domestic violence: the child"
    DV_PARENT = "3B", "Domestic violence: parent or carer"
    DV_OTHER = "3C", "Domestic violence: another person in the household"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: parent or carer"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: another person in the household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: parent or carer"
    PHYSICAL_DISABILITY_OTHER = "6C", "Physical disability or illness: another person in the household"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = "8B", "Privately fostered: from overseas, intending to return"
    PRIVATE_FOSTERING_OVERSEAS_STAY = "8C", "Privately fostered: from overseas, intending to stay"
    PRIVATE_FOSTERING_EDUCATION = "8D", "Privately fostered: UK, educational placement"
    PRIVATE_FOSTERING_FAMILY = "8E", "Privately fostered: UK, alternative family arrangement"
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered: other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CSE = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL_ABUSE = "17A", "Emotional abuse"
    PHYSICAL_ABUSE_BY_CHILD = "18B", "Physical abuse: by another child"
    PHYSICAL_ABUSE_BY_ADULT = "18C", "Physical abuse: by an adult"
    SEXUAL_ABUSE_BY_CHILD = "19B", "Sexual abuse: by another child"
    SEXUAL_ABUSE_BY_ADULT = "19C", "Sexual abuse: by an adult"
    OTHER = "20", "Other"
    NONE = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation"
    FAITH = "23A", "Abuse linked to faith or belief"
    CCE = "24A", "Child criminal exploitation"


# "No factors identified" must stand alone (CIN census rule 8869).
NO_FACTORS = AssessmentFactor.NONE


# What the record forms offer for each person invited to a meeting.
ATTENDANCE_CHOICES = [
    (Attendance.ATTENDED.value, "Attended"),
    (Attendance.APOLOGIES.value, "Sent apologies"),
    (Attendance.ABSENT.value, "Absent"),
]
