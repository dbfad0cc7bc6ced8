"""Children in care: the SSDA903 code lists (returns-reference 8.2), so that the return is a query.

Each list is the DfE validator's accepted list; the labels are our own words. Codes valid
only in some collection years are kept (an old episode keeps its code) and marked in the label.
"""

from django.db import models


class NewEpisodeReason(models.TextChoices):
    """RNE (rule 143)."""

    STARTED = "S", "Started to be looked after"
    LEGAL_STATUS = "L", "Change of legal status only"
    PLACEMENT_NEW_CARER = "P", "Change of placement and carer"
    PLACEMENT_SAME_CARER = "T", "Change of placement only, same carer"
    BOTH_NEW_CARER = "B", "Change of legal status and of placement and carer"
    BOTH_SAME_CARER = "U", "Change of legal status and of placement, same carer"


class LegalStatus(models.TextChoices):
    """LS (rule 144)."""

    C1 = "C1", "C1: interim care order"
    C2 = "C2", "C2: full care order"
    D1 = "D1", "D1: freeing order granted (legacy)"
    E1 = "E1", "E1: placement order granted"
    V2 = "V2", "V2: single period of accommodation under section 20"
    V3 = "V3", "V3: short-break series, each episode recorded"
    V4 = "V4", "V4: short-break series, agreements recorded"
    L1 = "L1", "L1: police protection, in council accommodation"
    L2 = "L2", "L2: emergency protection order"
    L3 = "L3", "L3: child assessment order, in council accommodation"
    J1 = "J1", "J1: remanded to council or youth detention accommodation"
    J2 = "J2", "J2: council accommodation under PACE 1984"
    J3 = "J3", "J3: youth rehabilitation order with residence or intensive fostering"


class CategoryOfNeed(models.TextChoices):
    """CIN (rule 145): N1 to N8, as the CIN census primary need."""

    N1 = "N1", "N1: abuse or neglect"
    N2 = "N2", "N2: child's disability or illness"
    N3 = "N3", "N3: parental disability or illness"
    N4 = "N4", "N4: family in acute stress"
    N5 = "N5", "N5: family dysfunction"
    N6 = "N6", "N6: socially unacceptable behaviour"
    N7 = "N7", "N7: low income"
    N8 = "N8", "N8: absent parenting"


class PlacementType(models.TextChoices):
    """PLACE (rule 146)."""

    A3 = "A3", "A3: placed for adoption with consent, with current foster carer"
    A4 = "A4", "A4: placed for adoption with consent, not with current foster carer"
    A5 = "A5", "A5: placed for adoption under a placement order, with current foster carer"
    A6 = "A6", "A6: placed for adoption under a placement order, not with current foster carer"
    H5 = "H5", "H5: semi-independent accommodation (until 2024 to 2025)"
    K1 = "K1", "K1: secure children's home"
    K2 = "K2", "K2: children's home"
    K3 = "K3", "K3: supported accommodation, 16 and over"
    P1 = "P1", "P1: with parents or others with parental responsibility"
    P2 = "P2", "P2: independent living (until October 2023)"
    P3 = "P3", "P3: residential employment"
    R1 = "R1", "R1: residential care home"
    R2 = "R2", "R2: NHS or health trust, medical or nursing establishment"
    R3 = "R3", "R3: family centre or mother and baby unit"
    R5 = "R5", "R5: young offender institution or prison"
    S1 = "S1", "S1: residential school"
    T0 = "T0", "T0: temporary move of any type"
    T1 = "T1", "T1: temporary, hospital"
    T2 = "T2", "T2: temporary, child's holiday"
    T3 = "T3", "T3: temporary, foster carer's holiday"
    T4 = "T4", "T4: temporary, 7 days or less, other reason"
    U1 = "U1", "U1: foster with relative or friend, long term"
    U2 = "U2", "U2: foster with relative or friend who is an approved adopter"
    U3 = "U3", "U3: foster with relative or friend, other"
    U4 = "U4", "U4: foster with other carer, long term"
    U5 = "U5", "U5: foster with other carer who is an approved adopter"
    U6 = "U6", "U6: foster with other carer, other"
    Z1 = "Z1", "Z1: other placement (until 2024 to 2025)"
    Z11 = "Z11", "Z11: other placement (from 2025 to 2026)"
    Z12 = "Z12", "Z12: other placement (from 2025 to 2026)"
    Z13 = "Z13", "Z13: other placement (from 2025 to 2026)"
    Z14 = "Z14", "Z14: other placement (from 2025 to 2026)"


# From 2025/26 PLACE_PROVIDER must be blank for these placements (rule 178).
NO_PROVIDER_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"})
# Placements that need no Ofsted URN (SSDA903 rule 218): with parents, residential employment,
# homes and hospitals not registered as children's homes, custody, temporary moves, other.
URN_NOT_NEEDED = frozenset(
    {"P1", "P2", "P3", "R1", "R2", "R3", "R5", "T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"}
)
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})


class PlacementProvider(models.TextChoices):
    """PLACE_PROVIDER (rule 178)."""

    PR0 = "PR0", "PR0: parents or others with parental responsibility"
    PR1 = "PR1", "PR1: our own council's provision"
    PR2 = "PR2", "PR2: another council's provision"
    PR3 = "PR3", "PR3: other public provision"
    PR4 = "PR4", "PR4: private provision"
    PR5 = "PR5", "PR5: voluntary or third sector provision"


class EpisodeEndReason(models.TextChoices):
    """REC (rule 149). X1 is used only between two episodes of one period of care."""

    X1 = "X1", "X1: episode ends and a new one starts the same day"
    E11 = "E11", "E11: adopted, application unopposed"
    E12 = "E12", "E12: adopted, consent dispensed with"
    E2 = "E2", "E2: died"
    E3 = "E3", "E3: care taken over by another UK council"
    E4A = "E4A", "E4A: returned home to parents, as part of care planning"
    E4B = "E4B", "E4B: returned home to parents, not part of care planning"
    E13 = "E13", "E13: left to live with parents, relatives or others without parental responsibility"
    E41 = "E41", "E41: child arrangements order"
    E45 = "E45", "E45: special guardianship order to former foster carer, relative or friend"
    E46 = "E46", "E46: special guardianship order to former foster carer, not relative or friend"
    E47 = "E47", "E47: special guardianship order to other carer, relative or friend"
    E48 = "E48", "E48: special guardianship order to other carer, not relative or friend"
    E5 = "E5", "E5: moved to independent living with formal support"
    E6 = "E6", "E6: moved to independent living without formal support"
    E7 = "E7", "E7: moved to residential care funded by adult social care"
    E8 = "E8", "E8: ceased for any other reason"
    E9 = "E9", "E9: sentenced to custody"
    E14 = "E14", "E14: accommodation on remand ended"
    E15 = "E15", "E15: age assessment found the child to be 18 or over"
    E16 = "E16", "E16: moved abroad"
    E17 = "E17", "E17: aged 18 or over and stayed with current carers"


PERIOD_END_REASONS = [(c, label) for c, label in EpisodeEndReason.choices if c != "X1"]


class PlaceChangeReason(models.TextChoices):
    """REASON_PLACE_CHANGE (rule 1009)."""

    CARPL = "CARPL", "Change to or carrying out of the care plan"
    CLOSE = "CLOSE", "Carer resigned or provision closed"
    ALLEG = "ALLEG", "Allegation (section 47)"
    STAND = "STAND", "Concern about standards of care"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer asked to end it because of the child's behaviour"
    CREQO = "CREQO", "Carer asked to end it for other reasons"
    CHILD = "CHILD", "Child asked to end it"
    LAREQ = "LAREQ", "Responsible or area council asked to end it"
    PLACE = "PLACE", "Change in status of the placement only"
    CUSTOD = "CUSTOD", "Child moved into custody"
    OTHER = "OTHER", "Other"


class ChangeKind(models.TextChoices):
    """What a change of episode is, as the worker says it (the RNE code follows)."""

    PLACEMENT_NEW_CARER = "placement_new_carer", "A move to a new placement with a new carer"
    PLACEMENT_SAME_CARER = "placement_same_carer", "A change of placement with the same carer"
    LEGAL_STATUS = "legal_status", "A change of legal status only"


class Participation(models.TextChoices):
    """REVIEW_CODE: the child's participation in the review."""

    PN0 = "PN0", "PN0: child under 4"
    PN1 = "PN1", "PN1: attends and speaks for themself"
    PN2 = "PN2", "PN2: attends, an advocate speaks for them"
    PN3 = "PN3", "PN3: attends and conveys views without speaking"
    PN4 = "PN4", "PN4: attends but does not convey views"
    PN5 = "PN5", "PN5: does not attend, briefs an advocate"
    PN6 = "PN6", "PN6: does not attend, views conveyed another way"
    PN7 = "PN7", "PN7: does not attend and views are not conveyed"


class ConcernStage(models.TextChoices):
    """The IRO's dispute resolution stages (local; the usual ladder, ending in a referral to Cafcass)."""

    INFORMAL = "informal", "Informal, with the social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    DIRECTOR = "director", "Director of children's services"
    CAFCASS = "cafcass", "Referred to Cafcass"


CONCERN_STAGE_ORDER = list(ConcernStage.values)


class HealthAssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


class InTouch(models.TextChoices):
    """IN_TOUCH (OC3)."""

    YES = "YES", "Yes, in touch"
    NO = "NO", "No, not in touch"
    DIED = "DIED", "Died"
    REFU = "REFU", "Refuses contact"
    NREQ = "NREQ", "No longer requires services"
    RHOM = "RHOM", "Returned home"


class Activity(models.TextChoices):
    """ACTIV (rule 132)."""

    F1 = "F1", "F1: full-time higher education"
    P1 = "P1", "P1: part-time higher education"
    F2 = "F2", "F2: full-time other education"
    P2 = "P2", "P2: part-time other education"
    F4 = "F4", "F4: full-time apprenticeship or training"
    P4 = "P4", "P4: part-time apprenticeship or training"
    F5 = "F5", "F5: full-time employment"
    P5 = "P5", "P5: part-time employment"
    G4 = "G4", "G4: not in education, employment or training: illness or disability"
    G5 = "G5", "G5: not in education, employment or training: other"
    G6 = "G6", "G6: not in education, employment or training: pregnancy or parenting"
    NONE = "0", "0: not known or not applicable"


_ACCOM_KINDS = {
    "B": "parents or relatives",
    "C": "community home or residential care",
    "D": "semi-independent or transitional",
    "E": "supported lodgings",
    "G": "abroad",
    "H": "deported",
    "K": "ordinary lodgings",
    "R": "residence not known",
    "S": "no fixed abode",
    "T": "foyer or similar supported accommodation",
    "U": "independent living",
    "V": "emergency accommodation",
    "W": "bed and breakfast",
    "X": "custody",
    "Y": "other",
    "Z": "with former foster carers",
}
# ACCOM: letter plus 1 (suitable) or 2 (unsuitable); the validator refuses S1 and X1 and accepts 0.
ACCOMMODATION_CHOICES: list[tuple[str, str]] = [
    (f"{letter}{digit}", f"{letter}{digit}: {words}, {'suitable' if digit == '1' else 'not suitable'}")
    for letter, words in _ACCOM_KINDS.items()
    for digit in ("1", "2")
    if f"{letter}{digit}" not in ("S1", "X1")
] + [("0", "0: not known or not applicable")]
ACCOMMODATION_CODES = frozenset(code for code, _ in ACCOMMODATION_CHOICES)


class RegisterView(models.TextChoices):
    IN_AREA = "in_area", "Our children placed in our area"
    OUT_OF_AREA = "out_of_area", "Our children placed in other areas"
    HOSTED = "hosted", "Other councils' children placed here"


class PreviousPermanence(models.TextChoices):
    """SSDA903 PREV_PERM: the permanence order the child had before this period of care began
    (for periods from 1 April 2016). P3 and P4 as the DfE guide gives them (returns-reference §11)."""

    P1 = "P1", "P1: adoption"
    P2 = "P2", "P2: special guardianship order"
    P3 = "P3", "P3: residence order, before 22 April 2014"
    P4 = "P4", "P4: child arrangements order (who the child lives with)"
    Z1 = "Z1", "Z1: none, or not known"


class SdqReason(models.TextChoices):
    """SSDA903 OC2 SDQ_REASON: why there is no strengths and difficulties score."""

    SDQ1 = "SDQ1", "SDQ1: the child was under 4 or over 16 at the assessment"
    SDQ2 = "SDQ2", "SDQ2: the carer refused to complete the questionnaire"
    SDQ3 = "SDQ3", "SDQ3: not possible because of the severity of the child's disability"
    SDQ4 = "SDQ4", "SDQ4: other reason"
    SDQ5 = "SDQ5", "SDQ5: the young person refused"
