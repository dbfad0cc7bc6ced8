"""The synthetic council, made in memory: plain data, no database.

`CouncilGenerator(children=N, seed=S, as_of=D)` describes "Northbridge Council": its
agencies, teams and staff (`.council`), then its families in batches (`.batches()`).
Everything comes from one `random.Random(seed)` and one seeded `Faker("en_GB")`, in a fixed
order, so the same seed and date always give the same council, whatever the batch size.
Nobody here is real: names come from Faker's word lists, postcodes from the fictional
"NB" area, NHS numbers from the NHS's own test range (999…), UPNs from a made-up
local authority number, phone numbers from Ofcom's drama range (07700 900xxx).

`seed.py` writes what this makes; keeping the two apart is what lets the tests compare two
runs without a database, and the writer stay a handful of bulk inserts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from jigsaw.access.choices import AgencyKind, InvolvementKind, RestrictedArea, Role
from jigsaw.people.choices import NameKind, RelationshipKind, Sex
from jigsaw.people.validators import upn_check_letter

COUNCIL_NAME = "Northbridge Council"
CSC_AGENCY = "Northbridge Children's Services"
DEMO_PASSWORD = "jigsaw-demo-2026"  # noqa: S105 - published on purpose: demo users only
COUNCIL_ID_PREFIX = "NB"
TOWN = "Northbridge"
NEIGHBOUR_TOWN = "Southmere"
# The LA number inside the demo's UPNs: 001, one of the DfE's pseudo LA codes (001 to 005), which
# the census validator accepts (rule 1530) and no council's schools use, so no UPN is a pupil's
# of any council. (990, used before, is no LA's and the census rejects it.)
LA_NUMBER = 1
NEIGHBOUR_LA_NUMBER = 991
# The DfE disability codes the demo's children have, one in ten with a disability (NONE stands alone).
DEMO_DISABILITIES = ("NONE",) * 9 + ("LD", "NONE", "NONE", "AUT COMM", "NONE", "NONE", "MOB HAND") + ("NONE",) * 4

# How much social care work a council of this size carries (per child generated).
CIN_RATE, CP_RATE, CIC_RATE = 0.10, 0.04, 0.05
CLOSED_RATE = 0.25  # families not open now, known before
EXPLOITATION_RATE = 0.04  # of 12-17 year olds
YOUTH_JUSTICE_RATE = 0.03  # of 10-17 year olds
FGC_RATE = 0.25  # of open families
DUPLICATE_RATE = 0.031  # near-duplicates per original record: ~3 % of the index
CASELOAD = {"social_worker": 18, "iro": 50, "exploitation": 15, "youth_justice": 12, "fgc": 40}
PARTNER_DEMO_CASES = 6  # children the partner_practitioner demo user is invited to


# --- what the generator makes -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencySpec:
    key: str
    name: str
    kind: str

    @property
    def safeguarding_email(self) -> str:
        """The agency's safeguarding inbox, where notices go when no one there is named (a plan
        starting or ending, for the child's school or GP). Schools, the GP practice, the
        hospital and the police have one; a synthetic address, as the users' are."""
        if self.kind not in _AGENCIES_WITH_INBOX:
            return ""
        return f"safeguarding.{self.key.replace('_', '-')}@northbridge.example"


@dataclass(frozen=True, slots=True)
class TeamSpec:
    key: str
    agency: str
    name: str
    restricted_area: str = RestrictedArea.NONE


@dataclass(frozen=True, slots=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    agency: str
    team: str
    job_title: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.username}@northbridge.example"


@dataclass(slots=True)
class PersonSpec:
    key: int
    given_names: str
    family_name: str
    sex: str
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None
    preferred_name: str = ""
    ethnicity: str = ""
    first_language: str = ""
    religion: str = ""
    nhs_number: str = ""
    upn: str = ""
    school: str = ""
    registered_gp: str = ""
    restricted_area: str = ""
    upn_unknown: str = ""
    disability_codes: str = ""

    @property
    def council_id(self) -> str:
        return f"{COUNCIL_ID_PREFIX}{self.key:07d}"


@dataclass(frozen=True, slots=True)
class NameSpec:
    person: int
    kind: str
    given_names: str
    family_name: str
    used_from: date | None = None
    used_to: date | None = None


@dataclass(frozen=True, slots=True)
class IdentifierSpec:
    person: int
    kind: str
    value: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class AddressSpec:
    person: int
    line_1: str
    line_2: str
    town: str
    postcode: str
    lived_from: date | None
    lived_to: date | None


@dataclass(frozen=True, slots=True)
class ContactSpec:
    person: int
    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class RelationshipSpec:
    from_person: int
    to_person: int
    kind: str
    started_on: date | None = None
    ended_on: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class MemberSpec:
    person: int
    joined_on: date | None
    left_on: date | None = None


@dataclass(slots=True)
class HouseholdSpec:
    name: str
    members: list[MemberSpec] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class InvolvementSpec:
    username: str
    person: int
    kind: str
    service: str
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True, slots=True)
class DuplicateSpec:
    """A second record of the same person, as a real index collects them."""

    person: int
    duplicate_of: int
    differences: tuple[str, ...]


@dataclass(slots=True)
class Batch:
    persons: list[PersonSpec] = field(default_factory=list)
    names: list[NameSpec] = field(default_factory=list)
    identifiers: list[IdentifierSpec] = field(default_factory=list)
    addresses: list[AddressSpec] = field(default_factory=list)
    contacts: list[ContactSpec] = field(default_factory=list)
    relationships: list[RelationshipSpec] = field(default_factory=list)
    households: list[HouseholdSpec] = field(default_factory=list)
    involvements: list[InvolvementSpec] = field(default_factory=list)
    duplicates: list[DuplicateSpec] = field(default_factory=list)
    children: int = 0


@dataclass(frozen=True, slots=True)
class Council:
    agencies: tuple[AgencySpec, ...]
    teams: tuple[TeamSpec, ...]
    users: tuple[UserSpec, ...]


# --- the council's shape ---------------------------------------------------------------------

GP_PRACTICE = "Northbridge Medical Practice"
# Agencies told by email at their safeguarding inbox (AgencySpec.safeguarding_email).
_AGENCIES_WITH_INBOX = frozenset({AgencyKind.EDUCATION, AgencyKind.HEALTH, AgencyKind.POLICE})

AGENCIES = (
    AgencySpec("csc", CSC_AGENCY, AgencyKind.CHILDRENS_SOCIAL_CARE),
    AgencySpec("police", "Northbridge Police", AgencyKind.POLICE),
    AgencySpec("gp", GP_PRACTICE, AgencyKind.HEALTH),
    AgencySpec("hospital", "Northbridge General Hospital", AgencyKind.HEALTH),
    AgencySpec("school_riverside", "Riverside Primary School", AgencyKind.EDUCATION),
    AgencySpec("school_st_aidans", "St Aidan's CE Primary School", AgencyKind.EDUCATION),
    AgencySpec("school_academy", "Northbridge Academy", AgencyKind.EDUCATION),
    AgencySpec("school_castleton", "Castleton High School", AgencyKind.EDUCATION),
    AgencySpec("probation", "Northbridge Probation Delivery Unit", AgencyKind.PROBATION),
    AgencySpec("yjs", "Northbridge Youth Justice Service", AgencyKind.YOUTH_JUSTICE),
    AgencySpec("voluntary", "Northbridge Family Support Network", AgencyKind.VOLUNTARY),
    AgencySpec("neighbour", "Southmere Council Children's Services", AgencyKind.OTHER_COUNCIL),
)
# The agency schools, with their phase and DfE establishment number (for UPNs).
AGENCY_SCHOOLS = (
    ("Riverside Primary School", "primary", 2001, "school_riverside"),
    ("St Aidan's CE Primary School", "primary", 3301, "school_st_aidans"),
    ("Northbridge Academy", "secondary", 4001, "school_academy"),
    ("Castleton High School", "secondary", 4002, "school_castleton"),
)

TEAMS = (
    TeamSpec("front_door", "csc", "Front door (MASH)"),
    TeamSpec("assessment", "csc", "Assessment"),
    TeamSpec("child_protection", "csc", "Child protection"),
    TeamSpec("children_in_care", "csc", "Children in care"),
    TeamSpec("lado", "csc", "LADO", RestrictedArea.LADO),
    TeamSpec("channel", "csc", "Channel panel", RestrictedArea.CHANNEL),
    TeamSpec("adoption", "csc", "Adoption", RestrictedArea.SEALED),
    TeamSpec("exploitation", "csc", "Exploitation and missing"),
    TeamSpec("fgc", "csc", "Family group conferences"),
    TeamSpec("reviewing", "csc", "Safeguarding and reviewing"),
    TeamSpec("partnership", "csc", "Safeguarding children partnership", RestrictedArea.REVIEWS),
    TeamSpec("governance", "csc", "Information governance"),
    TeamSpec("performance", "csc", "Performance and intelligence"),
    TeamSpec("digital", "csc", "Digital services"),
    TeamSpec("youth_justice", "yjs", "Youth justice"),
    TeamSpec("police_ppu", "police", "Public protection unit"),
    TeamSpec("gp_safeguarding", "gp", "Safeguarding"),
    TeamSpec("hospital_safeguarding", "hospital", "Safeguarding children"),
    TeamSpec("school_riverside", "school_riverside", "Safeguarding"),
    TeamSpec("school_st_aidans", "school_st_aidans", "Safeguarding"),
    TeamSpec("school_academy", "school_academy", "Safeguarding"),
    TeamSpec("school_castleton", "school_castleton", "Safeguarding"),
    TeamSpec("probation", "probation", "Offender management"),
    TeamSpec("voluntary", "voluntary", "Family support"),
    TeamSpec("neighbour", "neighbour", "Front door"),
)

# Where each role's demo user works: (agency, team, job title).
ROLE_HOME: dict[str, tuple[str, str, str]] = {
    Role.BUSINESS_SUPPORT: ("csc", "front_door", "Business support officer"),
    Role.SOCIAL_WORKER: ("csc", "assessment", "Social worker"),
    Role.TEAM_MANAGER: ("csc", "assessment", "Team manager, assessment"),
    Role.CP_CHAIR_IRO: ("csc", "reviewing", "Child protection chair and independent reviewing officer"),
    Role.LADO_OFFICER: ("csc", "lado", "Local authority designated officer"),
    Role.CHANNEL_CHAIR: ("csc", "channel", "Channel panel chair"),
    Role.EXPLOITATION_MISSING: ("csc", "exploitation", "Exploitation and missing practitioner"),
    Role.FGC_COORDINATOR: ("csc", "fgc", "Family group conference coordinator"),
    Role.YOUTH_JUSTICE_OFFICER: ("yjs", "youth_justice", "Youth justice officer"),
    Role.PARTNER_PRACTITIONER: ("gp", "gp_safeguarding", "Named GP for safeguarding children"),
    Role.PARTNERSHIP_MANAGER: ("csc", "partnership", "Partnership manager"),
    Role.DATA_PROTECTION_OFFICER: ("csc", "governance", "Data protection officer"),
    Role.ANALYST: ("csc", "performance", "Performance analyst"),
    Role.SYSTEM_ADMINISTRATOR: ("csc", "digital", "System administrator"),
}
# Partner practitioners beyond the demo user: (agency, team, job title).
PARTNERS = (
    ("police", "police_ppu", "Detective constable, public protection"),
    ("hospital", "hospital_safeguarding", "Named nurse for safeguarding children"),
    ("school_riverside", "school_riverside", "Designated safeguarding lead"),
    ("school_st_aidans", "school_st_aidans", "Designated safeguarding lead"),
    ("school_academy", "school_academy", "Designated safeguarding lead"),
    ("school_castleton", "school_castleton", "Designated safeguarding lead"),
    ("probation", "probation", "Probation officer"),
    ("voluntary", "voluntary", "Family support worker"),
    ("neighbour", "neighbour", "Social worker, Southmere"),
)

SERVICES = {
    "cin": ("assessment", "Child in need"),
    "cp": ("child_protection", "Child protection"),
    "cic": ("children_in_care", "Child in care"),
}

DISTRICTS = ("Old Town", "Eastfield", "Millbrook", "Southgate", "Hollins Park", "Westmoor", "Riverside", "Castleton")
STREET_ENDINGS = (
    "Road",
    "Street",
    "Close",
    "Avenue",
    "Lane",
    "Drive",
    "Crescent",
    "Grove",
    "Way",
    "Gardens",
    "Terrace",
    "Place",
    "Walk",
)
_POSTCODE_UNIT = "ABDEFGHJLNPQRSTUWXYZ"  # letters allowed in the inward code

ETHNICITY_WEIGHTS = {
    "WBRI": 70,
    "WIRI": 1,
    "WOTH": 6,
    "WIRT": 0.5,
    "WROM": 0.5,
    "AIND": 3,
    "APKN": 4,
    "ABAN": 2,
    "AOTH": 1.5,
    "BCRB": 1.5,
    "BAFR": 3,
    "BOTH": 0.5,
    "CHNE": 0.7,
    "OOTH": 1,
}
MIXED = {
    frozenset({"WBRI", "BCRB"}): "MWBC",
    frozenset({"WBRI", "BAFR"}): "MWBA",
    frozenset({"WBRI", "AIND"}): "MWAS",
    frozenset({"WBRI", "APKN"}): "MWAS",
    frozenset({"WBRI", "ABAN"}): "MWAS",
}
LANGUAGES = {
    "WOTH": ("Polish", "Romanian", "Lithuanian"),
    "WROM": ("Romanian", "Slovak"),
    "APKN": ("Urdu", "Punjabi"),
    "AIND": ("Punjabi", "Gujarati"),
    "ABAN": ("Bengali",),
    "BAFR": ("Somali", "Tigrinya", "Arabic"),
    "AOTH": ("Tamil", "Pashto"),
    "CHNE": ("Cantonese", "Mandarin"),
    "OOTH": ("Arabic", "Kurdish"),
}
RELIGIONS = ("", "", "", "Christian", "No religion", "Muslim", "Hindu", "Sikh", "Jewish")

NICKNAMES = {
    "William": ("Will", "Bill", "Billy"),
    "Robert": ("Rob", "Bobby"),
    "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Margaret": ("Maggie", "Peggy"),
    "Catherine": ("Cathy", "Kate"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jim", "Jamie"),
    "Michael": ("Mike", "Mikey"),
    "Richard": ("Rich", "Ricky"),
    "Christopher": ("Chris",),
    "Jonathan": ("Jon",),
    "Samuel": ("Sam", "Sammy"),
    "Alexander": ("Alex",),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Joseph": ("Joe", "Joey"),
    "Anthony": ("Tony", "Ant"),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Jennifer": ("Jen", "Jenny"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Tori"),
    "Samantha": ("Sam", "Sammie"),
    "Charlotte": ("Charlie", "Lottie"),
    "Jessica": ("Jess",),
    "Nicola": ("Nicky",),
    "Deborah": ("Debbie",),
    "Susan": ("Sue",),
    "Patricia": ("Pat", "Trish"),
    "Benjamin": ("Ben",),
    "Nicholas": ("Nick",),
    "Andrew": ("Andy",),
    "David": ("Dave", "Davey"),
    "Peter": ("Pete",),
    "Joshua": ("Josh",),
    "Kimberley": ("Kim",),
    "Jacqueline": ("Jackie",),
    "Christine": ("Chris",),
    "Amanda": ("Mandy",),
    "Bethany": ("Beth",),
    "Natalie": ("Nat",),
    "Kenneth": ("Ken", "Kenny"),
    "Timothy": ("Tim",),
    "Philip": ("Phil",),
    "Oliver": ("Ollie",),
    "Nathan": ("Nate",),
    "Gillian": ("Gill",),
    "Josephine": ("Jo", "Josie"),
}

# A small council still shows every kind of family: the first families are these.
FORCED_FAMILIES = (
    {"shape": "step", "children": 3, "twins": True, "moves": 2},
    {"shape": "couple", "children": 2, "unborn": True, "grandparents": True, "married": True},
    {"shape": "single_mother", "children": 2, "moves": 3, "open": "cp"},
    {"shape": "kinship", "children": 1, "open": "cic"},
    {"shape": "couple", "children": 2, "open": "cin", "married": False},
)
SHAPES = ("couple", "single_mother", "step", "single_father", "kinship")
SHAPE_WEIGHTS = (45, 30, 13, 6, 6)


def nhs_check_digit(nine: str) -> int | None:
    """The modulus 11 check digit for 9 digits; None if there is none (the body is unused)."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def typo(word: str, rng: random.Random) -> str:
    """One keying slip of the kind a person index collects: swap, drop, double or change a letter."""
    if len(word) < 3:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    how = rng.randrange(4)
    if how == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == 1:
        return word[:i] + word[i + 1 :]
    if how == 2:
        return word[: i + 1] + word[i] + word[i + 1 :]
    swaps = {"a": "e", "e": "a", "i": "y", "y": "i", "o": "u", "u": "o", "c": "k", "k": "c", "s": "z", "z": "s"}
    letter = word[i]
    return word[:i] + swaps.get(letter.lower(), "e") + word[i + 1 :]


def _days(years: float) -> int:
    return int(years * 365.25)


@dataclass(slots=True)
class _Home:
    line_1: str
    line_2: str
    town: str
    postcode: str


@dataclass(slots=True)
class _Period:
    home: _Home
    start: date | None
    end: date | None


class CouncilGenerator:
    """Makes the council. Call `.council` for staff, then iterate `.batches()` once."""

    def __init__(self, *, children: int, seed: int, as_of: date, batch_people: int = 5000, first_key: int = 1):
        if children < 1:
            raise ValueError("A demo council needs at least one child")
        self.children = children
        self.seed = seed
        self.as_of = as_of
        self.batch_people = batch_people
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self._next_key = first_key
        self._nhs_counter = 0
        self._nhs_offset = self.rng.randrange(1_000_000)
        self._upn_serials: dict[tuple[int, int], int] = {}
        self._make_word_lists()
        self.council = self._make_council()
        self._start_counters()

    # --- word lists --------------------------------------------------------------------------

    def _make_word_lists(self) -> None:
        names = self.fake.provider("faker.providers.person")
        self.female_names: tuple[str, ...] = tuple(names.first_names_female)
        self.male_names: tuple[str, ...] = tuple(names.first_names_male)
        self.surnames: tuple[str, ...] = tuple(names.last_names)
        self.ethnicities = tuple(ETHNICITY_WEIGHTS)
        self.ethnicity_weights = tuple(ETHNICITY_WEIGHTS.values())
        rng = self.rng
        n_streets = max(40, self.children // 12)
        self.streets: list[tuple[str, str, str]] = []  # (street, district, postcode): one postcode a street
        seen: set[str] = set()
        while len(self.streets) < n_streets:
            street = f"{self.fake.last_name()} {rng.choice(STREET_ENDINGS)}"
            if street in seen and len(seen) < len(self.surnames) * len(STREET_ENDINGS) // 2:
                continue
            seen.add(street)
            district = rng.randrange(len(DISTRICTS))
            outward = f"NB{district + 1}"
            inward = f"{rng.randrange(10)}{rng.choice(_POSTCODE_UNIT)}{rng.choice(_POSTCODE_UNIT)}"
            self.streets.append((street, DISTRICTS[district], f"{outward} {inward}"))
        primaries = [(name, estab) for name, phase, estab, _ in AGENCY_SCHOOLS if phase == "primary"]
        secondaries = [(name, estab) for name, phase, estab, _ in AGENCY_SCHOOLS if phase == "secondary"]
        # About 250 children on a primary roll and 900 at a secondary, as in an English town.
        for i in range(max(4, math.ceil(self.children * 7 / 18 / 250)) - len(primaries)):
            style = rng.randrange(3)
            place = self.fake.last_name() if style else rng.choice(DISTRICTS)
            name = f"St {place}'s RC Primary School" if style == 2 else f"{place} Primary School"
            primaries.append((name, 2100 + i))
        for i in range(max(3, math.ceil(self.children * 7 / 18 / 900)) - len(secondaries)):
            secondaries.append((f"{self.fake.last_name()} {rng.choice(('Academy', 'High School'))}", 4100 + i))
        self.primaries = primaries
        self.secondaries = secondaries

    # --- staff ----------------------------------------------------------------------------------

    def _person_name(self) -> tuple[str, str]:
        return self.fake.first_name(), self.fake.last_name()

    def _make_council(self) -> Council:
        users: list[UserSpec] = []
        for role in Role:
            agency, team, title = ROLE_HOME.get(role, ("csc", "front_door", role.label))
            first, last = self._person_name()
            users.append(UserSpec(role.value, first, last, role.value, agency, team, title))

        def extra(role: str, agency: str, team: str, title: str) -> UserSpec:
            first, last = self._person_name()
            number = sum(1 for u in users if u.role == role)
            spec = UserSpec(f"{role}.{number + 1:04d}", first, last, role, agency, team, title)
            users.append(spec)
            return spec

        n = self.children
        self.pools: dict[str, list[str]] = {"assessment": [Role.SOCIAL_WORKER.value]}
        for team, rate in (("assessment", CIN_RATE), ("child_protection", CP_RATE), ("children_in_care", CIC_RATE)):
            pool = self.pools.setdefault(team, [])
            while len(pool) < max(1, math.ceil(n * rate / CASELOAD["social_worker"])):
                pool.append(extra(Role.SOCIAL_WORKER, "csc", team, "Social worker").username)
        self.pools["adoption"] = [extra(Role.SOCIAL_WORKER, "csc", "adoption", "Adoption social worker").username]
        self.pools["iro"] = [Role.CP_CHAIR_IRO.value]
        while len(self.pools["iro"]) < math.ceil(n * (CP_RATE + CIC_RATE) / CASELOAD["iro"]):
            title = "Child protection chair and independent reviewing officer"
            self.pools["iro"].append(extra(Role.CP_CHAIR_IRO, "csc", "reviewing", title).username)
        for key, role, team, rate, ages in (
            ("exploitation", Role.EXPLOITATION_MISSING, "exploitation", EXPLOITATION_RATE, 6 / 18),
            ("youth_justice", Role.YOUTH_JUSTICE_OFFICER, "youth_justice", YOUTH_JUSTICE_RATE, 8 / 18),
        ):
            pool = self.pools[key] = [role.value]
            agency = "yjs" if key == "youth_justice" else "csc"
            while len(pool) < math.ceil(n * ages * rate / CASELOAD[key]):
                pool.append(extra(role, agency, team, ROLE_HOME[role][2]).username)
        self.pools["fgc"] = [Role.FGC_COORDINATOR.value]
        while len(self.pools["fgc"]) < math.ceil(n * (CIN_RATE + CP_RATE) * FGC_RATE / CASELOAD["fgc"]):
            self.pools["fgc"].append(
                extra(Role.FGC_COORDINATOR, "csc", "fgc", ROLE_HOME[Role.FGC_COORDINATOR][2]).username
            )
        self.pools["lado"] = [Role.LADO_OFFICER.value]
        self.pools["channel"] = [Role.CHANNEL_CHAIR.value]
        for team in ("front_door", "child_protection", "children_in_care", "exploitation", "adoption", "lado"):
            extra(Role.TEAM_MANAGER, "csc", team, "Team manager")
        for _ in range(2):
            extra(Role.BUSINESS_SUPPORT, "csc", "front_door", "Business support officer")
        self.partners: dict[str, str] = {}
        for agency, team, title in PARTNERS:
            self.partners[agency] = extra(Role.PARTNER_PRACTITIONER, agency, team, title).username
        self._turn: dict[str, int] = {}
        return Council(AGENCIES, TEAMS, tuple(users))

    def _start_counters(self) -> None:
        self.school_partner = {
            name: self.partners[agency] for name, _phase, _estab, agency in AGENCY_SCHOOLS if agency in self.partners
        }
        self._partner_demo_cases = 0
        self._lado_debt = 1.0
        self._channel_debt = 1.0
        self._sealed_debt = 1.0
        self._duplicate_debt = 0.7

    def _next_worker(self, pool: str) -> str:
        """Round robin, so every worker in a team carries a share."""
        workers = self.pools[pool]
        turn = self._turn.get(pool, 0)
        self._turn[pool] = turn + 1
        return workers[turn % len(workers)]

    # --- identifiers ----------------------------------------------------------------------------

    def _key(self) -> int:
        key = self._next_key
        self._next_key += 1
        return key

    def _nhs_number(self) -> str:
        """Unique numbers from the NHS test range (999 …), walked in a scrambled order."""
        while True:
            n = self._nhs_counter
            self._nhs_counter += 1
            block, index = divmod(n, 1_000_000)
            body = f"{(999 - block) * 1_000_000 + (index * 7919 + self._nhs_offset) % 1_000_000:09d}"
            check = nhs_check_digit(body)
            if check is not None:
                return body + str(check)

    def _upn(self, establishment: int, year: int, la: int = LA_NUMBER) -> str:
        yy = year % 100
        serial = self._upn_serials.get((establishment, yy), 0)
        self._upn_serials[(establishment, yy)] = serial + 1
        # A school gives out at most 1,000 a year; past that the last digit becomes a letter.
        if serial < 1000:
            tail = f"{serial:03d}"
        else:
            extra = serial - 1000
            tail = f"{extra % 100:02d}{'ABCDEFGHJKLMNPQRTUVWXYZ'[extra // 100 % 23]}"
        body = f"{la:03d}{establishment:04d}{yy:02d}{tail}"
        return upn_check_letter(body) + body

    # --- small pieces ----------------------------------------------------------------------------

    def _given(self, sex: str, middle: float = 0.4) -> str:
        names = self.female_names if sex == Sex.FEMALE else self.male_names
        first = self.rng.choice(names)
        if self.rng.random() < middle:
            second = self.rng.choice(names)
            if second != first:
                return f"{first} {second}"
        return first

    def _home(self, town: str = TOWN) -> _Home:
        rng = self.rng
        street, district, postcode = rng.choice(self.streets)
        number = rng.randrange(1, 160)
        line_1 = f"Flat {rng.randrange(1, 12)}, {number} {street}" if rng.random() < 0.2 else f"{number} {street}"
        if town != TOWN:
            postcode = f"NB{rng.randrange(20, 29)} {postcode[-3:]}"
            district = ""
        return _Home(line_1, district, town, postcode)

    def _date_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def _ethnicity(self) -> str:
        return self.rng.choices(self.ethnicities, self.ethnicity_weights)[0]

    def _language(self, ethnicity: str, adult: bool) -> str:
        options = LANGUAGES.get(ethnicity)
        if options and self.rng.random() < (0.5 if adult else 0.15):
            return self.rng.choice(options)
        return "English"

    def _adult(
        self, batch: Batch, sex: str, dob: date, family_name: str, ethnicity: str, *, nhs: float = 0.93
    ) -> PersonSpec:
        rng = self.rng
        person = PersonSpec(
            key=self._key(),
            given_names=self._given(sex, middle=0.3),
            family_name=family_name,
            sex=sex,
            date_of_birth=dob,
            ethnicity=ethnicity if rng.random() < 0.95 else "",
            first_language=self._language(ethnicity, adult=True),
            religion=rng.choice(RELIGIONS),
            nhs_number=self._nhs_number() if rng.random() < nhs else "",
        )
        self._maybe_preferred(person, 0.08)
        batch.persons.append(person)
        if rng.random() < 0.6:
            batch.contacts.append(ContactSpec(person.key, "phone", f"07700 900{rng.randrange(1000):03d}"))
        if rng.random() < 0.3:
            first = person.given_names.split()[0].lower()
            batch.contacts.append(
                ContactSpec(person.key, "email", f"{first}.{family_name.lower()}{rng.randrange(100)}@example.com")
            )
        return person

    def _maybe_preferred(self, person: PersonSpec, chance: float) -> None:
        first = person.given_names.split()[0] if person.given_names else ""
        if first in NICKNAMES and self.rng.random() < chance:
            person.preferred_name = self.rng.choice(NICKNAMES[first])

    def _live(self, batch: Batch, person: PersonSpec, periods: list[_Period], since: date | None = None) -> None:
        """Give a person an address row for each home they lived in, from birth (or `since`)."""
        start_limit = since or person.date_of_birth
        for period in periods:
            start, end = period.start, period.end
            if start_limit and end is not None and end < start_limit:
                continue
            if start_limit and (start is None or start < start_limit):
                start = start_limit
            if start is not None and end is not None and end < start:
                continue
            home = period.home
            batch.addresses.append(
                AddressSpec(person.key, home.line_1, home.line_2, home.town, home.postcode, start, end)
            )

    def _periods(self, start: date, moves: int, first_out_of_area: bool = False) -> list[_Period]:
        """A household's homes from `start` to now, moving `moves` times."""
        end = self.as_of
        if (end - start).days < 90:
            moves = 0
        cuts = sorted(self._date_between(start + timedelta(days=30), end - timedelta(days=14)) for _ in range(moves))
        bounds = [start, *cuts]
        periods = []
        for i, begin in enumerate(bounds):
            finish = bounds[i + 1] - timedelta(days=1) if i + 1 < len(bounds) else None
            if finish is not None and finish < begin:
                continue
            town = NEIGHBOUR_TOWN if (i == 0 and first_out_of_area and moves) else TOWN
            periods.append(_Period(self._home(town), begin, finish))
        return periods

    # --- families ---------------------------------------------------------------------------------

    def batches(self) -> Iterator[Batch]:
        """The families, people and involvements, a batch at a time (each batch holds whole families)."""
        made = 0
        family_index = 0
        batch = Batch()
        while made < self.children:
            forced = FORCED_FAMILIES[family_index] if family_index < len(FORCED_FAMILIES) else {}
            made_here = self._family(batch, forced, self.children - made)
            made += made_here
            batch.children += made_here
            family_index += 1
            if len(batch.persons) >= self.batch_people:
                yield batch
                batch = Batch()
        if batch.persons:
            yield batch

    def _family(self, batch: Batch, forced: dict, remaining: int) -> int:
        rng, as_of = self.rng, self.as_of
        first_person, first_address = len(batch.persons), len(batch.addresses)
        shape = forced.get("shape") or rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
        wanted = min(forced.get("children") or rng.choices((1, 2, 3, 4, 5), (35, 33, 18, 9, 5))[0], remaining)

        # Children's dates of birth, oldest first; twins share one.
        oldest = as_of - timedelta(days=rng.randrange(_days(17.9)))
        dobs: list[date] = [oldest]
        twins_at: set[int] = set()
        want_twins = forced.get("twins", False)
        while len(dobs) < wanted:
            if (want_twins and not twins_at) or rng.random() < 0.03:
                twins_at.add(len(dobs))
                dobs.append(dobs[-1])
                continue
            nxt = dobs[-1] + timedelta(days=rng.randrange(330, 1900))
            if nxt > as_of:
                break
            dobs.append(nxt)
        unborn = forced.get("unborn", False) or rng.random() < 0.04

        mother_ethnicity = self._ethnicity()
        father_ethnicity = mother_ethnicity if rng.random() < 0.85 else self._ethnicity()
        if mother_ethnicity == father_ethnicity:
            child_ethnicity = mother_ethnicity
        else:
            child_ethnicity = MIXED.get(frozenset({mother_ethnicity, father_ethnicity}), "MOTH")

        mother_dob = oldest - timedelta(days=_days(rng.uniform(17, 38)))
        father_dob = mother_dob - timedelta(days=rng.randrange(-700, 2600))
        mother_birth_name = rng.choice(self.surnames)
        father_surname = rng.choice(self.surnames)
        together_from = oldest - timedelta(days=rng.randrange(60, _days(4)))
        married = forced.get("married", rng.random() < 0.5) and shape in ("couple", "step")
        moves = forced.get("moves", rng.choice((0, 1, 1, 2, 2, 3)))
        home_start = together_from if shape == "couple" else oldest - timedelta(days=rng.randrange(0, 400))
        periods = self._periods(home_start, moves, first_out_of_area=rng.random() < 0.2)
        current_home = periods[-1]

        # The mother (absent only for some single fathers).
        mother_family = father_surname if married else mother_birth_name
        if shape == "step" and married:
            mother_family = rng.choice(self.surnames)  # the stepfather's name, taken on marriage
        mother = self._adult(batch, Sex.FEMALE, mother_dob, mother_family, mother_ethnicity)
        if mother_family != mother_birth_name:
            married_on = self._date_between(together_from, as_of)
            batch.names.append(
                NameSpec(mother.key, NameKind.BIRTH, mother.given_names, mother_birth_name, mother_dob, married_on)
            )

        # Who fathered which child, and whose name the children carry.
        father: PersonSpec | None = None
        stepfather: PersonSpec | None = None
        separated_on: date | None = None
        stepfather_from: date | None = None
        residents: list[tuple[PersonSpec, date | None]] = []  # (person, living here since)
        if shape in ("couple", "single_mother", "step", "single_father") or rng.random() < 0.5:
            father = self._adult(batch, Sex.MALE, father_dob, father_surname, father_ethnicity, nhs=0.9)
        split_child = len(dobs)
        if shape == "step":
            split_child = max(1, len(dobs) - rng.randrange(0, len(dobs)))  # older children are the ex's
            while split_child < len(dobs) and split_child in twins_at:
                split_child += 1
            # The ex left after his last child; the stepfather came before his own first.
            last_ex_child = dobs[split_child - 1]
            if split_child < len(dobs):
                gap = (dobs[split_child] - last_ex_child).days
                separated_on = last_ex_child + timedelta(days=rng.randrange(max(1, (gap - 330) // 2)))
                stepfather_from = self._date_between(
                    separated_on + timedelta(days=1), dobs[split_child] - timedelta(days=280)
                )
            else:
                separated_on = self._date_between(
                    last_ex_child, min(last_ex_child + timedelta(days=900), as_of - timedelta(days=200))
                )
                stepfather_from = self._date_between(separated_on + timedelta(days=60), as_of - timedelta(days=30))
            stepfather_from = min(stepfather_from, as_of)
            step_family = mother_family if married else rng.choice(self.surnames)
            step_dob = mother_dob - timedelta(days=rng.randrange(-900, 3000))
            stepfather = self._adult(batch, Sex.MALE, step_dob, step_family, self._ethnicity(), nhs=0.9)
        elif shape in ("single_mother", "single_father") and father is not None:
            separated_on = self._date_between(oldest, as_of - timedelta(days=60))

        # The children.
        kids: list[PersonSpec] = []
        kid_father: dict[int, PersonSpec | None] = {}
        kinship_from = self._date_between(oldest + timedelta(days=30), as_of - timedelta(days=30))
        for i, dob in enumerate(dobs):
            sex = rng.choice((Sex.FEMALE, Sex.MALE))
            dad = stepfather if (stepfather is not None and i >= split_child) else father
            if stepfather is not None and dad is stepfather:
                family_name = stepfather.family_name
            elif shape == "kinship" or father is None or (not married and rng.random() < 0.35):
                family_name = mother_birth_name
            else:
                family_name = father_surname
            kid = PersonSpec(
                key=self._key(),
                given_names=self._given(sex),
                family_name=family_name,
                sex=sex,
                date_of_birth=dob,
                ethnicity=child_ethnicity if rng.random() < 0.97 else "NOBT",
                first_language=self._language(child_ethnicity, adult=False),
                nhs_number=self._nhs_number() if rng.random() < 0.98 else "",
            )
            self._maybe_preferred(kid, 0.12)
            self._school(batch, kid, kids[-1].school if kids else "")
            self._census_items(kid)
            if kid.nhs_number:
                kid.registered_gp = GP_PRACTICE  # the town's one practice (no draw: seeds keep their families)
            batch.persons.append(kid)
            kids.append(kid)
            kid_father[kid.key] = dad
            # A name change: the ex's children taking their stepfather's name.
            if stepfather is not None and dad is father and stepfather_from and rng.random() < 0.4:
                changed_on = self._date_between(stepfather_from, as_of)
                batch.names.append(
                    NameSpec(kid.key, NameKind.PREVIOUS, kid.given_names, kid.family_name, dob, changed_on)
                )
                kid.family_name = stepfather.family_name
            age = (as_of - dob).days / 365.25
            if age >= 13 and rng.random() < 0.03:
                alias = rng.choice(self.male_names if sex == Sex.MALE else self.female_names)
                batch.names.append(NameSpec(kid.key, NameKind.ALIAS, alias, kid.family_name))
            if 13 <= age < 18 and self._channel_debt >= 1:
                kid.restricted_area = RestrictedArea.CHANNEL
                self._channel_debt -= 1
                start = self._date_between(as_of - timedelta(days=300), as_of - timedelta(days=5))
                batch.involvements.append(
                    InvolvementSpec(self._next_worker("channel"), kid.key, InvolvementKind.ALLOCATED, "Channel", start)
                )
            self._channel_debt += 1 / 600
        unborn_child: PersonSpec | None = None
        if unborn and (as_of - mother_dob).days < _days(45):
            unborn_family = kids[-1].family_name if kids else mother.family_name
            unborn_child = PersonSpec(
                key=self._key(),
                given_names="",
                family_name=unborn_family,
                sex=Sex.UNKNOWN,
                expected_date_of_birth=as_of + timedelta(days=rng.randrange(14, 250)),
                ethnicity=child_ethnicity,
            )
            batch.persons.append(unborn_child)
            kid_father[unborn_child.key] = stepfather or father

        # Adoption: a child whose earlier identity is sealed, seen only by the adoption team.
        adopted: PersonSpec | None = None
        adopted_on: date | None = None
        if shape == "couple" and kids and self._sealed_debt >= 1 and (as_of - kids[-1].date_of_birth).days > 400:
            adopted = kids[-1]
            self._sealed_debt -= 1
            adopted.restricted_area = RestrictedArea.SEALED
            adopted_on = self._date_between(adopted.date_of_birth + timedelta(days=300), as_of - timedelta(days=30))
            batch.names.append(
                NameSpec(
                    adopted.key,
                    NameKind.BIRTH,
                    self._given(adopted.sex, middle=0),
                    rng.choice(self.surnames),
                    adopted.date_of_birth,
                    adopted_on,
                )
            )
            batch.involvements.append(
                InvolvementSpec(
                    self._next_worker("adoption"), adopted.key, InvolvementKind.ALLOCATED, "Adoption", adopted_on
                )
            )
        self._sealed_debt += len(kids) / 500

        all_kids = kids + ([unborn_child] if unborn_child else [])

        # Homes and households.
        if shape == "kinship":
            grandmother_dob = mother_dob - timedelta(days=_days(rng.uniform(18, 30)))
            carer = self._adult(batch, Sex.FEMALE, grandmother_dob, mother_birth_name, mother_ethnicity)
            carer_home = _Period(self._home(), kinship_from - timedelta(days=_days(rng.uniform(2, 20))), None)
            self._live(batch, carer, [carer_home])
            before = [p for p in periods if p.start is None or p.start < kinship_from]
            before = [_Period(p.home, p.start, min(p.end or as_of, kinship_from - timedelta(days=1))) for p in before]
            self._live(batch, mother, periods)
            household = HouseholdSpec(f"{carer.family_name} household, {carer_home.home.line_1}")
            household.members.append(MemberSpec(carer.key, carer_home.start))
            for kid in kids:
                self._live(batch, kid, before)
                self._live(batch, kid, [_Period(carer_home.home, kinship_from, None)])
                household.members.append(MemberSpec(kid.key, max(kinship_from, kid.date_of_birth)))
            batch.households.append(household)
            for kid in all_kids:
                rel_start = kid.date_of_birth
                batch.relationships.append(
                    RelationshipSpec(carer.key, kid.key, RelationshipKind.GRANDPARENT, rel_start)
                )
                batch.relationships.append(
                    RelationshipSpec(carer.key, kid.key, RelationshipKind.CARER, kinship_from, note="Kinship carer")
                )
            batch.relationships.append(
                RelationshipSpec(carer.key, mother.key, RelationshipKind.PARENT, mother.date_of_birth)
            )
        else:
            resident_mother = shape != "single_father"
            self._live(batch, mother, periods if resident_mother else [_Period(self._home(), separated_on, None)])
            for kid in all_kids:
                if kid.date_of_birth is None:
                    home = current_home.home
                    batch.addresses.append(
                        AddressSpec(kid.key, home.line_1, home.line_2, home.town, home.postcode, None, None)
                    )
                else:
                    self._live(batch, kid, periods)
            if resident_mother:
                residents.append((mother, current_home.start))
            residents.extend(
                (kid, max(current_home.start, kid.date_of_birth or current_home.start)) for kid in all_kids
            )
        if father is not None and shape != "kinship":
            if separated_on is None:
                self._live(batch, father, periods)
                residents.append((father, current_home.start))
            else:
                together = [
                    _Period(p.home, p.start, min(p.end or as_of, separated_on))
                    for p in periods
                    if p.start is None or p.start <= separated_on
                ]
                own_home = _Period(self._home(), separated_on + timedelta(days=1), None)
                if shape == "single_father":
                    # He stayed with the children; she left.
                    self._live(batch, father, periods)
                    residents.append((father, current_home.start))
                    self._live(batch, mother, together)
                else:
                    self._live(batch, father, [*together, own_home])
        elif father is not None:
            self._live(batch, father, [_Period(self._home(), father.date_of_birth + timedelta(days=_days(19)), None)])
        if stepfather is not None and stepfather_from is not None:
            own = _Period(
                self._home(), stepfather.date_of_birth + timedelta(days=_days(20)), stepfather_from - timedelta(days=1)
            )
            joined = [
                _Period(p.home, max(p.start, stepfather_from) if p.start else stepfather_from, p.end)
                for p in periods
                if p.end is None or p.end >= stepfather_from
            ]
            self._live(batch, stepfather, [own, *joined])
            residents.append((stepfather, max(current_home.start, stepfather_from)))
        if residents:
            head = residents[0][0]
            household = HouseholdSpec(f"{head.family_name} household, {current_home.home.line_1}")
            household.members.extend(MemberSpec(p.key, since) for p, since in residents)
            if (
                father is not None
                and separated_on is not None
                and shape != "single_father"
                and separated_on >= current_home.start
            ):
                household.members.append(MemberSpec(father.key, current_home.start, separated_on))
            batch.households.append(household)

        # Relationships: "from is the <kind> of to".
        rels = batch.relationships
        for kid in all_kids:
            born = kid.date_of_birth
            if adopted is kid:
                born = adopted_on
            rels.append(RelationshipSpec(mother.key, kid.key, RelationshipKind.PARENT, born))
            dad = kid_father.get(kid.key)
            if dad is not None:
                rels.append(RelationshipSpec(dad.key, kid.key, RelationshipKind.PARENT, born))
            if stepfather is not None and dad is not stepfather and stepfather_from:
                rels.append(
                    RelationshipSpec(
                        stepfather.key, kid.key, RelationshipKind.STEP_PARENT, max(stepfather_from, kid.date_of_birth)
                    )
                )
        for i, a in enumerate(all_kids):
            for b in all_kids[i + 1 :]:
                note = ""
                if a.date_of_birth is not None and a.date_of_birth == b.date_of_birth:
                    note = "Twin"
                elif kid_father.get(a.key) is not kid_father.get(b.key):
                    note = "Half-sibling"
                rels.append(RelationshipSpec(a.key, b.key, RelationshipKind.SIBLING, b.date_of_birth, note=note))
        if father is not None:
            if separated_on is None and shape != "kinship":
                rels.append(
                    RelationshipSpec(
                        father.key, mother.key, RelationshipKind.HOUSEHOLD_MEMBER, together_from, note="Partner"
                    )
                )
            else:
                ended = separated_on or kinship_from
                rels.append(
                    RelationshipSpec(
                        father.key,
                        mother.key,
                        RelationshipKind.OTHER_FAMILY,
                        together_from,
                        max(ended, together_from),
                        note="Former partner",
                    )
                )
        if stepfather is not None and stepfather_from is not None:
            rels.append(
                RelationshipSpec(
                    stepfather.key, mother.key, RelationshipKind.HOUSEHOLD_MEMBER, stepfather_from, note="Partner"
                )
            )
        if shape != "kinship" and (forced.get("grandparents") or rng.random() < 0.2):
            gran_dob = mother_dob - timedelta(days=_days(rng.uniform(18, 32)))
            gran = self._adult(batch, Sex.FEMALE, gran_dob, mother_birth_name, mother_ethnicity)
            self._live(batch, gran, [_Period(self._home(), mother_dob - timedelta(days=rng.randrange(0, 5000)), None)])
            rels.append(RelationshipSpec(gran.key, mother.key, RelationshipKind.PARENT, mother_dob))
            rels.extend(
                RelationshipSpec(gran.key, k.key, RelationshipKind.GRANDPARENT, k.date_of_birth) for k in all_kids
            )

        self._involvements(batch, forced, kids, unborn_child, shape)
        self._lado_subjects(batch, len(kids))
        self._duplicates(batch, first_person, first_address)
        return len(kids)

    def _census_items(self, kid: PersonSpec) -> None:
        """The census's reason for no UPN and its disability codes. From the child's number, not a
        draw, so that every seed keeps the families it made before these items existed."""
        if not kid.upn:
            young = kid.date_of_birth is not None and (self.as_of - kid.date_of_birth).days < 6 * 365
            kid.upn_unknown = "UN1" if young else "UN5"
        kid.disability_codes = DEMO_DISABILITIES[kid.key % len(DEMO_DISABILITIES)]

    def _school(self, batch: Batch, kid: PersonSpec, sibling_school: str) -> None:
        rng, as_of = self.rng, self.as_of
        dob = kid.date_of_birth
        # English school year: reception starts the September after the 4th birthday.
        start_year = dob.year + 4 + (1 if (dob.month, dob.day) >= (9, 1) else 0)
        year_group = as_of.year - start_year + (1 if as_of.month >= 9 else 0)  # 1 = reception
        if year_group < 1 or year_group > 14 or (year_group > 12 and rng.random() < 0.5):
            return
        phase = self.primaries if year_group <= 7 else self.secondaries
        names = {name for name, _ in phase}
        if sibling_school in names and rng.random() < 0.8:
            school = next(s for s in phase if s[0] == sibling_school)
        elif rng.random() < 0.4:
            school = phase[rng.randrange(2)]  # the agency schools are the big ones
        else:
            school = rng.choice(phase)
        kid.school = school[0]
        kid.upn = self._upn(school[1], start_year)
        if rng.random() < 0.05:
            # Moved schools from Southmere: the UPN they had there is kept as a former one.
            former = self._upn(rng.randrange(2000, 2100), start_year, la=NEIGHBOUR_LA_NUMBER)
            batch.identifiers.append(IdentifierSpec(kid.key, "former_upn", former, "Southmere Council"))

    def _involvements(
        self, batch: Batch, forced: dict, kids: list[PersonSpec], unborn: PersonSpec | None, shape: str
    ) -> None:
        rng, as_of = self.rng, self.as_of
        roll = rng.random()
        if shape == "kinship":
            roll = roll * 0.6  # kinship families are known to social care more often
        service_key = forced.get("open")
        if not service_key:
            if roll < CIN_RATE:
                service_key = "cin"
            elif roll < CIN_RATE + CP_RATE:
                service_key = "cp"
            elif roll < CIN_RATE + CP_RATE + CIC_RATE:
                service_key = "cic"
        children = [k for k in kids if k.restricted_area == ""]
        if service_key:
            team, service = SERVICES[service_key]
            worker = self._next_worker(team)
            started = self._date_between(as_of - timedelta(days=_days(2)), as_of - timedelta(days=3))
            open_now = children + ([unborn] if unborn and service_key != "cic" else [])
            starts = {k.key: max(started, k.date_of_birth) if k.date_of_birth else started for k in open_now}
            for kid in open_now:
                batch.involvements.append(
                    InvolvementSpec(worker, kid.key, InvolvementKind.ALLOCATED, service, starts[kid.key])
                )
            if service_key in ("cp", "cic"):
                iro = self._next_worker("iro")
                title = "Child protection chair" if service_key == "cp" else "Independent reviewing officer"
                batch.involvements.extend(
                    InvolvementSpec(iro, k.key, InvolvementKind.INVITED, title, starts[k.key]) for k in open_now
                )
            if service_key != "cic" and rng.random() < FGC_RATE:
                fgc = self._next_worker("fgc")
                batch.involvements.extend(
                    InvolvementSpec(fgc, k.key, InvolvementKind.INVITED, "Family group conference", starts[k.key])
                    for k in open_now
                )
            for kid in children:
                if self._partner_demo_cases < PARTNER_DEMO_CASES:
                    self._partner_demo_cases += 1
                    batch.involvements.append(
                        InvolvementSpec(
                            Role.PARTNER_PRACTITIONER.value, kid.key, InvolvementKind.INVITED, service, starts[kid.key]
                        )
                    )
                dsl = self.school_partner.get(kid.school)
                if dsl:
                    batch.involvements.append(
                        InvolvementSpec(dsl, kid.key, InvolvementKind.INVITED, service, starts[kid.key])
                    )
                if service_key == "cp" and rng.random() < 0.5:
                    batch.involvements.append(
                        InvolvementSpec(
                            self.partners["police"], kid.key, InvolvementKind.INVITED, service, starts[kid.key]
                        )
                    )
        elif rng.random() < CLOSED_RATE and children:
            # Known before: an assessment that closed.
            team, service = SERVICES["cin"]
            worker = self._next_worker(team)
            ended = self._date_between(as_of - timedelta(days=_days(4)), as_of - timedelta(days=40))
            started = ended - timedelta(days=rng.randrange(20, 400))
            for kid in children:
                if kid.date_of_birth <= started:
                    batch.involvements.append(
                        InvolvementSpec(worker, kid.key, InvolvementKind.ALLOCATED, service, started, ended)
                    )
        for kid in children:
            age = (as_of - kid.date_of_birth).days / 365.25
            if 12 <= age < 18 and rng.random() < EXPLOITATION_RATE:
                start = self._date_between(as_of - timedelta(days=365), as_of - timedelta(days=2))
                batch.involvements.append(
                    InvolvementSpec(
                        self._next_worker("exploitation"),
                        kid.key,
                        InvolvementKind.ALLOCATED,
                        "Exploitation and missing",
                        start,
                    )
                )
            if 10 <= age < 18 and rng.random() < YOUTH_JUSTICE_RATE:
                start = self._date_between(as_of - timedelta(days=365), as_of - timedelta(days=2))
                batch.involvements.append(
                    InvolvementSpec(
                        self._next_worker("youth_justice"), kid.key, InvolvementKind.ALLOCATED, "Youth justice", start
                    )
                )

    def _lado_subjects(self, batch: Batch, children: int) -> None:
        """Adults who work with children and have had an allegation made against them."""
        rng, as_of = self.rng, self.as_of
        while self._lado_debt >= 1:
            self._lado_debt -= 1
            sex = rng.choice((Sex.FEMALE, Sex.MALE))
            dob = as_of - timedelta(days=rng.randrange(_days(23), _days(62)))
            person = self._adult(batch, sex, dob, rng.choice(self.surnames), self._ethnicity())
            person.restricted_area = RestrictedArea.LADO
            self._live(batch, person, [_Period(self._home(), dob + timedelta(days=_days(21)), None)])
            start = self._date_between(as_of - timedelta(days=200), as_of - timedelta(days=2))
            batch.involvements.append(
                InvolvementSpec(
                    self._next_worker("lado"), person.key, InvolvementKind.ALLOCATED, "LADO allegation", start
                )
            )
        self._lado_debt += children / 500

    def _duplicates(self, batch: Batch, first_person: int, first_address: int) -> None:
        """Second records of people just made: typos, nicknames, day and month swapped."""
        rng = self.rng
        family = [p for p in batch.persons[first_person:] if p.date_of_birth and not p.restricted_area]
        self._duplicate_debt += DUPLICATE_RATE * len(family)
        while self._duplicate_debt >= 1 and family:
            self._duplicate_debt -= 1
            source = rng.choice(family)
            given, family_name, dob = source.given_names, source.family_name, source.date_of_birth
            differences: list[str] = []
            for change in rng.sample(("typo", "nickname", "date"), rng.choice((1, 1, 2))):
                first = given.split()[0]
                if change == "typo":
                    family_name = typo(family_name, rng)
                    differences.append("family name misspelt")
                elif change == "nickname" and first in NICKNAMES:
                    given = rng.choice(NICKNAMES[first])
                    differences.append("known name instead of given name")
                elif change == "nickname":
                    given = typo(first, rng)
                    differences.append("given name misspelt")
                elif dob.day <= 12 and dob.day != dob.month and dob.replace(month=dob.day, day=dob.month) <= self.as_of:
                    dob = dob.replace(month=dob.day, day=dob.month)
                    differences.append("day and month swapped")
                else:
                    dob = dob + timedelta(days=rng.choice((-1, 1)))
                    differences.append("date of birth a day out")
            nhs = source.nhs_number if rng.random() < 0.4 else ""
            if not nhs:
                differences.append("no NHS number")
            duplicate = PersonSpec(
                key=self._key(),
                given_names=given,
                family_name=family_name,
                sex=source.sex,
                date_of_birth=dob,
                ethnicity=source.ethnicity if rng.random() < 0.5 else "",
                nhs_number=nhs,
                upn=source.upn if rng.random() < 0.3 else "",
            )
            batch.persons.append(duplicate)
            batch.duplicates.append(DuplicateSpec(duplicate.key, source.key, tuple(differences)))
            # Recorded once, at an address they lived at then, and never updated.
            earlier = next((a for a in batch.addresses[first_address:] if a.person == source.key), None)
            if earlier is not None:
                batch.addresses.append(
                    AddressSpec(
                        duplicate.key, earlier.line_1, earlier.line_2, earlier.town, earlier.postcode, None, None
                    )
                )
