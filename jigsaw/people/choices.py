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
