"""A synthetic local authority with ground truth, for the matching benchmark.

Families (parents, children, twins), names from Faker's en_GB lists with Zipf-like weights
(so there are many Smiths and many Olivias, as in life), addresses clustered in postcodes,
house moves, mothers' previous surnames, NHS numbers and UPNs. From them:

- index records: what the council holds, one per person, some incomplete (no NHS number,
  the previous address or the previous name not recorded, a record made before a move or a
  marriage), plus a few per cent of duplicate records with their own slips;
- queries about indexed people, each with named corruptions (typos, nicknames, swapped
  names, day/month swaps, digit slips, name changes, moves, missing NHS numbers);
- queries about people NOT in the index: the unknown twin of an indexed twin, an unrecorded
  brother or sister, strangers, and namesakes of indexed people.

Only synthetic people. Deterministic for a given seed. Pure Python: no Django here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import string
from dataclasses import asdict, dataclass, field
from itertools import accumulate

# The benchmark's own short-form table, written separately from the engine's data file so the
# test is not the engine checking its own list. Common English forms only.
BENCH_NICKNAMES = {
    "William": ["Bill", "Will", "Billy"],
    "Robert": ["Bob", "Rob", "Robbie"],
    "Richard": ["Rich", "Dick", "Ricky"],
    "Elizabeth": ["Liz", "Beth", "Lizzie"],
    "Rebecca": ["Becky", "Becca"],
    "Margaret": ["Maggie", "Peggy"],
    "Thomas": ["Tom", "Tommy"],
    "James": ["Jim", "Jimmy", "Jamie"],
    "Joseph": ["Joe", "Joey"],
    "Michael": ["Mike", "Mikey", "Mick"],
    "Daniel": ["Dan", "Danny"],
    "Christopher": ["Chris"],
    "Nicholas": ["Nick", "Nicky"],
    "Matthew": ["Matt"],
    "Samuel": ["Sam", "Sammy"],
    "Benjamin": ["Ben", "Benji"],
    "Alexander": ["Alex"],
    "Anthony": ["Tony"],
    "Edward": ["Ed", "Eddie", "Ted"],
    "Charles": ["Charlie"],
    "Stephen": ["Steve"],
    "Steven": ["Steve"],
    "David": ["Dave"],
    "Andrew": ["Andy"],
    "Peter": ["Pete"],
    "Jonathan": ["Jon", "Jonny"],
    "Katherine": ["Kate", "Katie"],
    "Catherine": ["Cathy", "Kate"],
    "Jennifer": ["Jenny", "Jen"],
    "Jessica": ["Jess"],
    "Victoria": ["Vicky", "Tori"],
    "Charlotte": ["Lottie", "Charlie"],
    "Samantha": ["Sam"],
    "Natalie": ["Nat"],
    "Abigail": ["Abbie", "Abby"],
    "Eleanor": ["Ellie"],
    "Kimberley": ["Kim"],
    "Deborah": ["Debbie"],
    "Patricia": ["Pat", "Trish"],
    "Susan": ["Sue"],
    "Gregory": ["Greg"],
    "Kenneth": ["Ken", "Kenny"],
    "Frederick": ["Fred", "Freddie"],
    "Oliver": ["Ollie"],
    "Harry": ["Hal"],
    "Jacqueline": ["Jackie"],
    "Frances": ["Fran"],
    "Leonard": ["Len"],
    "Gerald": ["Gerry"],
    "Pamela": ["Pam"],
    "Josephine": ["Josie"],
    "Amanda": ["Mandy"],
    "Angela": ["Angie"],
    "Timothy": ["Tim"],
    "Philip": ["Phil"],
    "Raymond": ["Ray"],
    "Donald": ["Don"],
    "Ronald": ["Ron"],
    "Douglas": ["Doug"],
    "Bradley": ["Brad"],
    "Joshua": ["Josh"],
    "Zachary": ["Zac", "Zach"],
    "Isabel": ["Izzy"],
    "Isabella": ["Bella", "Izzy"],
    "Louise": ["Lou"],
    "Lewis": ["Lou"],
    "Jacob": ["Jake"],
    "Sophie": ["Soph"],
    "Gemma": ["Gem"],
}

KNOWN_CORRUPTIONS = [
    "none",
    "typo_given",
    "typo_family",
    "nickname",
    "swapped_names",
    "dob_day_month_swap",
    "dob_digit_slip",
    "name_change",
    "moved",
    "missing_nhs",
]


# The other mix: slips the standard mix has few or none of, for a held-out set the engine was
# not tuned on (a child known by a middle name, both names misspelt, "Baby" placeholders).
OTHER_CORRUPTIONS = [*KNOWN_CORRUPTIONS, "middle_as_first", "typo_both", "middle_as_first", "typo_both"]


@dataclass(frozen=True)
class Mix:
    """How often each kind of slip and each kind of query occurs. "standard" is the set the
    engine was tuned on (its draws are unchanged); "other" is made differently, for the figures
    on data it has never seen."""

    name: str = "standard"
    dob_full: float = 0.85  # queries with a full date of birth
    dob_partial: float = 0.10  # with only a year or month; the rest have none
    postcode: float = 0.6  # queries with a postcode
    address_without_postcode: float = 0.0  # of the others: the street address alone
    whole_address: float = 0.0  # the address typed in one box with its town and postcode
    corruptions: tuple[str, ...] = tuple(KNOWN_CORRUPTIONS)
    second_slip: float = 0.3
    duplicate_slips: tuple[str, ...] = ("typo_given", "typo_family", "nickname", "dob", "nhs", "address", "middle")
    flat_rate: float = 0.1
    flats_on_line_2: bool = False  # "Flat 3" on line 1, "14 Mill Lane" on line 2
    placeholder_babies: float = 0.0  # babies under one recorded as "Baby <surname>"
    swapped_records: float = 0.0  # records with given and family names the other way round
    household_postcode: float = 1.0  # sibling queries with the postcode (else the street address)
    household_parent_names: float = 0.3


MIXES = {
    "standard": Mix(),
    "other": Mix(
        name="other",
        dob_full=0.72,
        dob_partial=0.12,
        postcode=0.45,
        address_without_postcode=0.6,
        whole_address=0.4,
        corruptions=tuple(OTHER_CORRUPTIONS),
        second_slip=0.4,
        duplicate_slips=(
            "typo_given",
            "typo_family",
            "nickname",
            "dob",
            "nhs",
            "address",
            "middle",
            "no_dob",
            "middle_as_first",
            "baby",
        ),
        flat_rate=0.2,
        flats_on_line_2=True,
        placeholder_babies=0.3,
        swapped_records=0.01,
        household_postcode=0.5,
        household_parent_names=0.6,
    ),
}


# Names as in an English local authority today: Faker's en_GB lists most common, then names
# from the other places families in England come from. Latin script only.
_LOCALES = [
    "en_GB",
    "en_IE",
    "en_NZ",
    "en_US",
    "en_IN",
    "yo_NG",
    "tw_GH",
    "ro_RO",
    "it_IT",
    "es_ES",
    "de_DE",
    "tr_TR",
    "pt_PT",
    "fr_FR",
    "pl_PL",
    "lt_LT",
    "en_PK",
]


def _names(attribute: str) -> tuple[list[str], list[str]]:
    """(en_GB names, every other locale's names not already in en_GB)."""
    british: list[str] = []
    others: list[str] = []
    seen: set[str] = set()
    for locale in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        values = getattr(provider, attribute, None) or ()
        if isinstance(values, dict):
            values = list(values)
        for name in values:
            if name in seen or not name.replace("-", "").replace("'", "").replace(" ", "").isalpha():
                continue
            seen.add(name)
            (british if locale == "en_GB" else others).append(name)
    return british, others


def _zipf(british: list[str], others: list[str], rng: random.Random, exponent: float) -> tuple[list[str], list[float]]:
    """British names first (the commonest), the rest after; Zipf-like weights by rank.

    Exponents are chosen so the commonest surname is about 1.5% of people and the commonest
    first name about 3%, close to England's (Smith is 1.3%).
    """
    head, tail = list(british), list(others)
    rng.shuffle(head)
    rng.shuffle(tail)
    ordered = head + tail
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(ordered))]
    return ordered, list(accumulate(weights))


def nhs_check_digit(nine: str) -> int | None:
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


@dataclass
class Address:
    line_1: str
    postcode: str


@dataclass
class Entity:
    eid: int
    family_id: int
    role: str  # parent | child
    given: str
    middle: str
    family: str
    sex: str
    dob: dt.date
    nhs: str
    upn: str = ""
    former_upn: str = ""
    school: str = ""
    maiden: str = ""  # a mother's previous surname
    twin_of: int | None = None
    parents: list[int] = field(default_factory=list)


@dataclass
class Family:
    family_id: int
    members: list[int]
    address: Address
    previous: Address | None
    moved_on: dt.date | None


@dataclass
class Record:
    """One row of the council's person index (a Person with names, addresses, identifiers)."""

    rid: int
    eid: int
    given_names: str
    family_name: str
    dob: dt.date | None
    sex: str
    nhs: str
    upn: str
    school: str
    former_upns: list[str]
    previous_names: list[tuple[str, dt.date | None]]  # (family name, used until)
    addresses: list[tuple[str, str, dt.date | None, dt.date | None]]  # line, postcode, from, to
    duplicate_of: int | None = None


@dataclass
class Query:
    qid: int
    kind: str  # known | twin_unknown | sibling_unrecorded | stranger | namesake
    corruptions: list[str]
    fields: dict
    truth: int | None  # eid, for known
    family: list[int] = field(default_factory=list)  # eids of the family, for household queries
    near: int | None = None  # eid of the indexed twin / sibling / namesake


class Generator:
    def __init__(self, people: int, seed: int = 2024, mix: Mix | None = None):
        self.mix = mix or MIXES["standard"]
        self.rng = random.Random(seed)
        self.target = people
        self.female, self.female_cum = _zipf(*_names("first_names_female"), self.rng, 0.7)
        self.male, self.male_cum = _zipf(*_names("first_names_male"), self.rng, 0.7)
        self.surnames, self.surname_cum = _zipf(*_names("last_names"), self.rng, 0.65)
        self.entities: dict[int, Entity] = {}
        self.families: dict[int, Family] = {}
        self.nhs_used: set[str] = set()
        self.upn_seq = 0
        self.today = dt.date(2026, 6, 1)
        districts = max(8, people // 8000)
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        self.district_names = [f"{area}{n}" for area in ("NB", "NR", "NT", "NW", "NX") for n in range(1, 31)][
            :districts
        ]
        self.units_letters = letters
        self.streets = [
            f"{self.rng.choice(self.surnames)} {self.rng.choice(['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Way', 'Drive', 'Crescent'])}"
            for _ in range(max(200, people // 60))
        ]
        self.schools = [
            f"{self.rng.choice(self.surnames)} {self.rng.choice(['Primary School', 'Academy', 'High School', 'Junior School'])}"
            for _ in range(max(20, people // 1500))
        ]
        # ~12 households per postcode unit, as in England.
        self.postcodes = self._postcodes(max(100, people // 40))

    # -- building blocks ------------------------------------------------------------------
    def _postcodes(self, count: int) -> list[str]:
        found: set[str] = set()
        while len(found) < count:
            district = self.rng.choice(self.district_names)
            found.add(
                f"{district} {self.rng.randint(0, 9)}{self.rng.choice(self.units_letters)}{self.rng.choice(self.units_letters)}"
            )
        return sorted(found)

    def address(self) -> Address:
        house = self.rng.randint(1, 180)
        line = f"{house} {self.rng.choice(self.streets)}"
        if self.rng.random() < self.mix.flat_rate:
            line = f"Flat {self.rng.randint(1, 12)}, {line}"
        return Address(line, self.rng.choice(self.postcodes))

    def first_name(self, sex: str) -> str:
        names, cum = (self.female, self.female_cum) if sex == "F" else (self.male, self.male_cum)
        return self.rng.choices(names, cum_weights=cum)[0]

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.surname_cum)[0]

    def nhs(self) -> str:
        while True:
            nine = "".join(self.rng.choice(string.digits) for _ in range(9))
            if nine[0] == "0":
                continue
            check = nhs_check_digit(nine)
            if check is None:
                continue
            number = nine + str(check)
            if number not in self.nhs_used:
                self.nhs_used.add(number)
                return number

    def upn(self) -> str:
        self.upn_seq += 1
        return f"{self.rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}{self.rng.randint(100, 999)}{self.upn_seq:09d}"

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def _entity(self, family_id: int, role: str, sex: str, family: str, dob: dt.date) -> Entity:
        eid = len(self.entities) + 1
        entity = Entity(
            eid=eid,
            family_id=family_id,
            role=role,
            given=self.first_name(sex),
            middle=self.first_name(sex) if self.rng.random() < 0.35 else "",
            family=family,
            sex=sex,
            dob=dob,
            nhs=self.nhs(),
        )
        self.entities[eid] = entity
        return entity

    def family(self) -> Family:
        family_id = len(self.families) + 1
        rng = self.rng
        mother_dob = self.date_between(dt.date(1965, 1, 1), dt.date(2004, 12, 31))
        has_father = rng.random() < 0.7
        father_name = self.surname()
        mother_birth_name = self.surname()
        members: list[int] = []
        mother_family = father_name if has_father and rng.random() < 0.65 else mother_birth_name
        mother = self._entity(family_id, "parent", "F", mother_family, mother_dob)
        if mother_family != mother_birth_name:
            mother.maiden = mother_birth_name
        members.append(mother.eid)
        parents = [mother.eid]
        if has_father:
            father = self._entity(
                family_id, "parent", "M", father_name, mother_dob + dt.timedelta(days=rng.randint(-3000, 1500))
            )
            members.append(father.eid)
            parents.append(father.eid)
        children_family = father_name if has_father else mother_family
        first_birth = mother_dob + dt.timedelta(days=rng.randint(18 * 365, 40 * 365))
        born = first_birth
        for _ in range(rng.choices([1, 2, 3, 4, 5], weights=[30, 35, 20, 10, 5])[0]):
            if born > self.today - dt.timedelta(days=30):
                break
            twins = rng.random() < 0.03
            sex = rng.choice("FM")
            surname = children_family if rng.random() > 0.08 else self.surname()  # a previous partner's child
            child = self._entity(family_id, "child", sex, surname, born)
            child.parents = list(parents)
            members.append(child.eid)
            if twins:
                twin_sex = sex if rng.random() < 0.65 else ("M" if sex == "F" else "F")
                twin = self._entity(family_id, "child", twin_sex, surname, born)
                while twin.given == child.given:
                    twin.given = self.first_name(twin_sex)
                twin.parents = list(parents)
                twin.twin_of, child.twin_of = child.eid, twin.eid
                members.append(twin.eid)
            born = born + dt.timedelta(days=rng.randint(300, 2200))
        for eid in members:
            e = self.entities[eid]
            age = (self.today - e.dob).days // 365
            if 4 <= age <= 18:
                e.upn = self.upn()
                e.school = rng.choice(self.schools)
                if rng.random() < 0.06:
                    e.former_upn = self.upn()
        current = self.address()
        previous, moved_on = None, None
        if rng.random() < 0.35:
            previous = self.address()
            moved_on = self.date_between(dt.date(2016, 1, 1), dt.date(2026, 3, 1))
        fam = Family(family_id, members, current, previous, moved_on)
        self.families[family_id] = fam
        return fam

    # -- corruptions -----------------------------------------------------------------------
    def typo(self, word: str) -> str:
        if len(word) < 3:
            return word
        rng = self.rng
        low = 0 if rng.random() < 0.1 else 1
        i = rng.randint(low, len(word) - 1)
        kind = rng.choice(["swap", "drop", "double", "sub"])
        if kind == "swap" and i < len(word) - 1:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == "drop":
            out = word[:i] + word[i + 1 :]
        elif kind == "double":
            out = word[:i] + word[i] + word[i:]
        else:
            out = word[:i] + rng.choice("aeiourstnlm") + word[i + 1 :]
        out = out[:1].upper() + out[1:].lower()
        return out if out.lower() != word.lower() else word + "e"

    def slip(self, day: dt.date) -> dt.date:
        text = f"{day.day:02d}{day.month:02d}{day.year:04d}"
        for _ in range(50):
            i = self.rng.randrange(8)
            if self.rng.random() < 0.25 and i < 7:
                candidate = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            else:
                candidate = text[:i] + self.rng.choice(string.digits) + text[i + 1 :]
            if candidate == text:
                continue
            try:
                out = dt.date(int(candidate[4:]), int(candidate[2:4]), int(candidate[:2]))
            except ValueError:
                continue
            if 1900 < out.year <= self.today.year:
                return out
        return day + dt.timedelta(days=1)


def _dob_text(rng: random.Random, day: dt.date) -> str:
    style = rng.random()
    if style < 0.45:
        return f"{day.day}/{day.month}/{day.year}"
    if style < 0.7:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style < 0.8:
        return f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}"
    if style < 0.9:
        return day.isoformat()
    return f"{day.day} {day:%B} {day.year}"


@dataclass
class Dataset:
    entities: dict[int, Entity]
    families: dict[int, Family]
    records: list[Record]
    queries: list[Query]

    def summary(self) -> dict:
        kinds: dict[str, int] = {}
        for q in self.queries:
            kinds[q.kind] = kinds.get(q.kind, 0) + 1
        return {
            "entities": len(self.entities),
            "families": len(self.families),
            "records": len(self.records),
            "duplicates": sum(1 for r in self.records if r.duplicate_of),
            "queries": kinds,
        }


def build(
    people: int, *, seed: int = 2024, known_queries: int = 2000, other_queries: int = 300, mix: str = "standard"
) -> Dataset:
    """About `people` index records, with the queries and their ground truth."""
    g = Generator(people, seed, MIXES[mix])
    rng = g.rng
    m = g.mix

    def record_line(line: str) -> str:
        # "|" splits line 1 from line 2 for the loader.
        return line.replace(", ", "|", 1) if m.flats_on_line_2 and line.startswith("Flat") else line

    def typed_address(line: str, postcode: str) -> str:
        if m.whole_address and rng.random() < m.whole_address:
            return f"{line}, Northbridge {postcode}"
        return line

    # Families until the index target is reached, plus 3% more families kept out as strangers.
    while len(g.entities) < people * 0.985:
        g.family()
    indexed_family_ids = list(g.families)
    stranger_families = [g.family().family_id for _ in range(max(50, len(indexed_family_ids) // 30))]

    held_out: set[int] = set()
    twin_queries: list[int] = []
    for e in list(g.entities.values()):
        if e.twin_of and e.eid < e.twin_of and e.family_id not in stranger_families and rng.random() < 0.5:
            unknown = e.eid if rng.random() < 0.5 else e.twin_of
            held_out.add(unknown)
            twin_queries.append(unknown)
    sibling_queries: list[int] = []
    for fid in indexed_family_ids:
        fam = g.families[fid]
        children = [m for m in fam.members if g.entities[m].role == "child" and not g.entities[m].twin_of]
        if len(children) >= 2 and rng.random() < 0.12:
            unknown = rng.choice(children)
            held_out.add(unknown)
            sibling_queries.append(unknown)
    stranger_ids = {m for fid in stranger_families for m in g.families[fid].members}

    records: list[Record] = []
    record_meta: dict[int, dict] = {}
    for fid in indexed_family_ids:
        fam = g.families[fid]
        for eid in fam.members:
            if eid in held_out:
                continue
            e = g.entities[eid]
            meta: dict = {}
            addresses: list[tuple[str, str, dt.date | None, dt.date | None]] = []
            if fam.previous and rng.random() < 0.15:
                # Recorded before the family moved: the index only knows the old address.
                addresses.append((record_line(fam.previous.line_1), fam.previous.postcode, None, None))
                meta["stale_address"] = True
            else:
                addresses.append((record_line(fam.address.line_1), fam.address.postcode, fam.moved_on, None))
                if fam.previous and rng.random() < 0.7:
                    addresses.append((record_line(fam.previous.line_1), fam.previous.postcode, None, fam.moved_on))
                    meta["previous_address"] = True
            family_name, previous_names = e.family, []
            if e.maiden:
                if rng.random() < 0.2:
                    family_name = e.maiden  # recorded before the marriage
                    meta["stale_name"] = True
                elif rng.random() < 0.7:
                    previous_names.append((e.maiden, g.date_between(dt.date(1990, 1, 1), dt.date(2020, 1, 1))))
                    meta["previous_name"] = True
            has_nhs = rng.random() < 0.85
            meta["has_nhs"] = has_nhs
            record = Record(
                rid=len(records) + 1,
                eid=eid,
                given_names=" ".join(p for p in (e.given, e.middle if rng.random() < 0.8 else "") if p),
                family_name=family_name,
                dob=e.dob if rng.random() > 0.005 else None,
                sex=e.sex,
                nhs=e.nhs if has_nhs else "",
                upn=e.upn if e.upn and rng.random() < 0.8 else "",
                school=e.school if e.school and rng.random() < 0.6 else "",
                former_upns=[e.former_upn] if e.former_upn and rng.random() < 0.7 else [],
                previous_names=previous_names,
                addresses=addresses,
            )
            if m.placeholder_babies and (g.today - e.dob).days < 365 and rng.random() < m.placeholder_babies:
                record.given_names = "Baby"  # recorded at birth and never updated
                meta["placeholder"] = True
            if m.swapped_records and rng.random() < m.swapped_records:
                record.given_names, record.family_name = record.family_name, record.given_names
                meta["swapped"] = True
            records.append(record)
            record_meta[record.rid] = meta
    # Duplicate records, as a second agency or an old system would have made them.
    originals = list(records)
    for original in rng.sample(originals, int(len(originals) * 0.04)):
        e = g.entities[original.eid]
        dup = Record(**{**asdict(original), "rid": len(records) + 1, "duplicate_of": original.rid})
        dup.previous_names, dup.former_upns, dup.school = [], [], ""
        for slip in rng.sample(list(m.duplicate_slips), 2):
            if slip == "typo_given":
                dup.given_names = g.typo(e.given)
            elif slip == "typo_family":
                dup.family_name = g.typo(dup.family_name)
            elif slip == "nickname" and e.given in BENCH_NICKNAMES:
                dup.given_names = rng.choice(BENCH_NICKNAMES[e.given])
            elif slip == "dob" and dup.dob:
                dup.dob = (
                    g.slip(dup.dob)
                    if rng.random() < 0.6 or dup.dob.day > 12
                    else dup.dob.replace(day=dup.dob.month, month=dup.dob.day)
                )
            elif slip == "nhs":
                dup.nhs = ""
            elif slip == "address":
                dup.addresses = dup.addresses[-1:] if len(dup.addresses) > 1 else []
            elif slip == "middle":
                dup.given_names = e.given
            elif slip == "no_dob":
                dup.dob = None
            elif slip == "middle_as_first" and e.middle:
                dup.given_names = e.middle  # made by someone who knew the child by the middle name
            elif slip == "baby" and (g.today - e.dob).days < 3 * 365:
                dup.given_names = "Baby"  # made at birth, before the name was given
        if rng.random() < 0.5:
            dup.upn = ""
        records.append(dup)

    by_eid: dict[int, list[Record]] = {}
    for r in records:
        by_eid.setdefault(r.eid, []).append(r)

    queries: list[Query] = []

    def base_fields(e: Entity, fam: Family, *, record: Record | None) -> tuple[dict, list[str]]:
        fields: dict = {}
        notes: list[str] = []
        given, family = e.given, e.family
        fields["given_name"], fields["family_name"] = given, family
        roll = rng.random()
        if roll < m.dob_full:
            fields["dob_text"] = _dob_text(rng, e.dob)
        elif roll < m.dob_full + m.dob_partial:
            fields["dob_text"] = rng.choice([str(e.dob.year), f"{e.dob:%B} {e.dob.year}"])
            notes.append("partial_dob")
        else:
            notes.append("no_dob")
        if rng.random() < m.postcode:
            fields["postcode"] = fam.address.postcode
            if rng.random() < 0.5:
                fields["address"] = typed_address(fam.address.line_1, fam.address.postcode)
        elif m.address_without_postcode and rng.random() < m.address_without_postcode:
            fields["address"] = fam.address.line_1
            notes.append("address_without_postcode")
        if rng.random() < 0.25:
            fields["nhs_number"] = e.nhs
        if e.upn and rng.random() < 0.1:
            fields["upn"] = e.upn
        if rng.random() < 0.5:
            fields["sex"] = e.sex
        if e.school and rng.random() < 0.1:
            fields["school"] = e.school
        return fields, notes

    def corrupt(kind: str, e: Entity, fam: Family, fields: dict, record: Record) -> bool:
        if kind == "none":
            return True
        if kind == "typo_given":
            fields["given_name"] = g.typo(fields["given_name"])
        elif kind == "typo_family":
            fields["family_name"] = g.typo(fields["family_name"])
        elif kind == "nickname":
            if e.given not in BENCH_NICKNAMES:
                return False
            fields["given_name"] = rng.choice(BENCH_NICKNAMES[e.given])
        elif kind == "swapped_names":
            fields["given_name"], fields["family_name"] = fields["family_name"], fields["given_name"]
        elif kind in ("dob_day_month_swap", "dob_digit_slip"):
            if "dob_text" not in fields or not any(c.isdigit() for c in fields["dob_text"][:2]):
                fields["dob_text"] = _dob_text(rng, e.dob)
            if kind == "dob_day_month_swap":
                if e.dob.day > 12 or e.dob.day == e.dob.month:
                    return False
                fields["dob_text"] = _dob_text(rng, e.dob.replace(day=e.dob.month, month=e.dob.day))
            else:
                fields["dob_text"] = _dob_text(rng, g.slip(e.dob))
        elif kind == "name_change":
            if e.maiden:
                # The caller uses whichever surname the record does not have as its current one.
                fields["family_name"] = e.maiden if record.family_name != e.maiden else e.family
            elif e.role == "child":
                fields["family_name"] = g.surname()  # took a step-parent's name, not recorded
            else:
                return False
        elif kind == "moved":
            meta = record_meta.get(record.rid, {})
            if fam.previous and meta.get("previous_address") and rng.random() < 0.5:
                fields["postcode"] = fam.previous.postcode  # caller gives the old address
                fields["address"] = fam.previous.line_1
            else:
                new = g.address()  # moved since the record was made
                fields["postcode"], fields["address"] = new.postcode, new.line_1
                if m.address_without_postcode and rng.random() < 0.3:
                    del fields["postcode"]
        elif kind == "middle_as_first":
            if not e.middle or e.middle == e.given:
                return False
            fields["given_name"] = e.middle
        elif kind == "typo_both":
            fields["given_name"] = g.typo(fields["given_name"])
            fields["family_name"] = g.typo(fields["family_name"])
        elif kind == "missing_nhs":
            if record.nhs:
                fields.pop("nhs_number", None)
                return False
            fields["nhs_number"] = e.nhs  # the caller has it; the record never did
        return True

    # Known people.
    indexed_eids = [eid for eid in by_eid if eid not in stranger_ids]
    for eid in rng.sample(indexed_eids, min(known_queries, len(indexed_eids))):
        e, record = g.entities[eid], by_eid[eid][0]
        fam = g.families[e.family_id]
        fields, notes = base_fields(e, fam, record=record)
        primary = rng.choice(list(m.corruptions))
        applied = []
        if not corrupt(primary, e, fam, fields, record):
            primary = rng.choice(["typo_given", "typo_family", "swapped_names"])
            corrupt(primary, e, fam, fields, record)
        applied.append(primary)
        if primary != "none" and rng.random() < m.second_slip:
            second = rng.choice([k for k in m.corruptions if k not in ("none", primary, "swapped_names")])
            if corrupt(second, e, fam, fields, record):
                applied.append(second)
        if rng.random() < 0.1 and "given_name" in fields:
            order = [fields.pop("given_name"), fields.pop("family_name")]
            fields["name"] = f"{order[1]}, {order[0]}" if rng.random() < 0.5 else f"{order[0]} {order[1]}"
            notes.append("free_text_name")
        queries.append(Query(len(queries) + 1, "known", applied + notes, fields, truth=eid))

    # Unknown twins: the caller describes the twin the index has never seen.
    for eid in twin_queries[:other_queries]:
        e = g.entities[eid]
        fam = g.families[e.family_id]
        fields, notes = base_fields(e, fam, record=None)
        fields["dob_text"] = _dob_text(rng, e.dob)
        fields["postcode"] = fam.address.postcode
        queries.append(Query(len(queries) + 1, "twin_unknown", notes, fields, truth=None, near=e.twin_of))
    # Unrecorded brothers and sisters: is the family known?
    for eid in sibling_queries[:other_queries]:
        e = g.entities[eid]
        fam = g.families[e.family_id]
        fields, notes = base_fields(e, fam, record=None)
        if m.household_postcode >= 1.0 or rng.random() < m.household_postcode:
            fields["postcode"] = fam.address.postcode
            if rng.random() < 0.8:
                fields["address"] = fam.address.line_1
        else:
            fields.pop("postcode", None)
            fields["address"] = fam.address.line_1  # the street address, no postcode
            notes.append("address_without_postcode")
        if rng.random() < m.household_parent_names and e.parents:
            mother = g.entities[e.parents[0]]
            fields["parent_names"] = f"{mother.given} {mother.family}"
        family_known = [m for m in fam.members if m != eid and m in by_eid]
        queries.append(Query(len(queries) + 1, "sibling_unrecorded", notes, fields, truth=None, family=family_known))
    # Strangers, and namesakes of indexed people.
    strangers = sorted(stranger_ids)
    for eid in rng.sample(strangers, min(other_queries, len(strangers))):
        e = g.entities[eid]
        fields, notes = base_fields(e, g.families[e.family_id], record=None)
        queries.append(Query(len(queries) + 1, "stranger", notes, fields, truth=None))
    for eid in rng.sample(strangers, min(other_queries, len(strangers))):
        e = g.entities[eid]
        twin = g.entities[rng.choice(indexed_eids)]
        fields, notes = base_fields(e, g.families[e.family_id], record=None)
        fields["given_name"], fields["family_name"] = twin.given, twin.family
        if "name" in fields:
            del fields["name"]
        queries.append(Query(len(queries) + 1, "namesake", notes, fields, truth=None, near=twin.eid))
    return Dataset(g.entities, g.families, records, queries)


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--mix", choices=sorted(MIXES), default="standard")
    args = parser.parse_args()
    data = build(args.people, seed=args.seed, mix=args.mix)
    print(json.dumps(data.summary(), indent=2))
    for q in data.queries[:5]:
        print(q)
