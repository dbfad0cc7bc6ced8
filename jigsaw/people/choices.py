from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"
    INDETERMINATE = "I", "Indeterminate"


class IdentifierKind(models.TextChoices):
    FORMER_UPN = "former_upn", "Former unique pupil number"
    LEGACY = "legacy", "Legacy system id"
    NI_NUMBER = "ni", "National Insurance number"
    OTHER = "other", "Other"


class NameKind(models.TextChoices):
    PREVIOUS = "previous", "Previous name"
    ALIAS = "alias", "Also known as"
    BIRTH = "birth", "Name at birth"


class RelationshipKind(models.TextChoices):
    # Directional: "from_person is the <kind> of to_person"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    CARER = "carer", "Carer"
    SIBLING = "sibling", "Sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_FAMILY = "other_family", "Other family"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    FRIEND = "friend", "Friend"
    PROFESSIONAL = "professional", "Professional"


# Reading a relationship from the other side: the parent of X -> X is their child.
INVERSE_LABEL = {
    RelationshipKind.PARENT: "Child",
    RelationshipKind.STEP_PARENT: "Step-child",
    RelationshipKind.CARER: "Cared for by them",
    RelationshipKind.SIBLING: "Sibling",
    RelationshipKind.GRANDPARENT: "Grandchild",
    RelationshipKind.OTHER_FAMILY: "Other family",
    RelationshipKind.HOUSEHOLD_MEMBER: "Household member",
    RelationshipKind.FRIEND: "Friend",
    RelationshipKind.PROFESSIONAL: "Professional they work with",
}


class ContactKind(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"


# DfE ethnicity codes (CIN census / SSDA903).
class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class UpnUnknown(models.TextChoices):
    """Why a child has no UPN (CIN census UPNunknown UN1 to UN7; the SSDA903 accepts UN1 to UN5).
    Meanings as the DfE's census guide gives them (returns-reference.md §11: check each year)."""

    UN1 = "UN1", "UN1: under 6 and not yet given a UPN"
    UN2 = "UN2", "UN2: never attended a state-funded school in England"
    UN3 = "UN3", "UN3: educated outside England"
    UN4 = "UN4", "UN4: newly arrived in the UK, UPN not yet given"
    UN5 = "UN5", "UN5: the sources of UPNs disagree, or the UPN is not known"
    UN6 = "UN6", "UN6: unborn"
    UN7 = "UN7", "UN7: referral with no further action"


class Disability(models.TextChoices):
    """The DfE disability codes (CIN census Disability). NONE stands alone (rule 8790)."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability"
