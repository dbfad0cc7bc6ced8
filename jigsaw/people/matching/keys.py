"""Blocking keys: the indexed lookups that bring up candidates before anyone is scored.

A record stores a few exact keys; a query looks up many variants of its own (each way its
name might be split, its date of birth with day and month swapped or one digit slipped),
so the tolerance is paid for at search time with a longer IN list, not with a bigger index.
Each kind of key survives a different corruption: a mistyped first name still meets the
"family name + date of birth" key, a changed surname the "first name + date of birth" one,
a wrong date of birth the "first name + family name" one, a house move the date of birth with
the old postcode district, and so on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from enum import IntEnum
from itertools import product

from .normalise import PartialDate, family_codes, given_codes
from .query import NameForm, Probe


class Kind(IntEnum):
    NHS = 1
    UPN = 2
    GIVEN_DOB = 3
    FAMILY_DOB = 4
    GIVEN_FAMILY = 5
    DOB_DISTRICT = 6
    POSTCODE_GIVEN = 7
    POSTCODE_FAMILY = 8
    DOB = 9
    ADDRESS = 10
    POSTCODE = 11
    FAMILY = 12
    GIVEN_YEAR = 13
    FAMILY_YEAR = 14
    # Found without a postcode: the street or house name, alone and with a name.
    PLACE = 15
    PLACE_FAMILY = 16
    PLACE_GIVEN = 17
    PLACE_HOUSE = 18
    # Loose keys, for the second pass: they survive a slip in a name's sound as well.
    SECTOR_INITIALS = 19
    FAMILY_INITIAL = 20
    GIVEN_INITIAL = 21
    DOB_INITIALS = 22


# How much one hit of each kind says, used only to choose which candidates to score.
PRESCORE = {
    Kind.NHS: 100.0,
    Kind.UPN: 90.0,
    Kind.GIVEN_DOB: 30.0,
    Kind.FAMILY_DOB: 30.0,
    Kind.GIVEN_FAMILY: 20.0,
    Kind.DOB_DISTRICT: 20.0,
    Kind.POSTCODE_GIVEN: 15.0,
    Kind.POSTCODE_FAMILY: 12.0,
    Kind.ADDRESS: 10.0,
    Kind.DOB: 8.0,
    Kind.POSTCODE: 3.0,
    Kind.FAMILY: 2.0,
    Kind.GIVEN_YEAR: 10.0,
    Kind.FAMILY_YEAR: 10.0,
    Kind.PLACE: 3.0,
    Kind.PLACE_FAMILY: 12.0,
    Kind.PLACE_GIVEN: 12.0,
    Kind.PLACE_HOUSE: 10.0,
    Kind.SECTOR_INITIALS: 6.0,
    Kind.FAMILY_INITIAL: 5.0,
    Kind.GIVEN_INITIAL: 5.0,
    Kind.DOB_INITIALS: 12.0,
}

# Looked up only when the first pass finds fewer than SECOND_PASS_BELOW likely people: each
# brings many people, but one of them survives a misspelt name with no date of birth or a move.
LOOSE_KINDS = frozenset({Kind.SECTOR_INITIALS, Kind.FAMILY_INITIAL, Kind.GIVEN_INITIAL, Kind.FAMILY, Kind.DOB_INITIALS})

# Kinds strong enough to propose duplicate pairs in a batch run.
DUPLICATE_KINDS = (
    Kind.NHS,
    Kind.UPN,
    Kind.GIVEN_DOB,
    Kind.FAMILY_DOB,
    Kind.GIVEN_FAMILY,
    Kind.DOB_DISTRICT,
    Kind.ADDRESS,  # two records of one person at one address, whatever the slips in names and dates
    Kind.POSTCODE_GIVEN,
    Kind.POSTCODE_FAMILY,  # a "Baby <surname>" placeholder and the named child, at the parents' address
    Kind.PLACE_HOUSE,  # the same house on a record that has lost its postcode
)


def key_hash(kind: Kind, *parts: str) -> int:
    """A stable signed 64-bit key (Python's hash() changes between processes)."""
    digest = hashlib.blake2b(f"{int(kind)}|{'|'.join(parts)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _given_code_set(form: NameForm) -> set[str]:
    codes: set[str] = set()
    for token in form.given[:3]:
        codes.update(given_codes(token))
    return codes


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _initials(form: NameForm) -> tuple[str, str]:
    return (form.given[0][:1] if form.given else "", "".join(form.family)[:1])


def _name_keys(forms: list[NameForm], add: Callable[..., None]) -> tuple[set[str], set[str]]:
    """Name keys of any kind that needs no date or place; returns the given and family codes."""
    gcodes: set[str] = set()
    fcodes: set[str] = set()
    for form in forms:
        g, f = _given_code_set(form), set(family_codes(form.family))
        gcodes |= g
        fcodes |= f
        for gc, fc in product(g, f):
            add(Kind.GIVEN_FAMILY, gc, fc)
        g_initial, f_initial = _initials(form)
        if g_initial:
            for fc in f:
                add(Kind.FAMILY_INITIAL, fc, g_initial)
        if f_initial:
            for gc in g:
                add(Kind.GIVEN_INITIAL, gc, f_initial)
    return gcodes, fcodes


def _place_keys(
    probe: Probe, forms: list[NameForm], gcodes: set[str], fcodes: set[str], add: Callable[..., None]
) -> None:
    """The street or house name, alone and with a name or the house number: no postcode needed."""
    house_signatures = set()
    for place in probe.places:
        for name in place.names:
            add(Kind.PLACE, name)
            for fc in fcodes:
                add(Kind.PLACE_FAMILY, name, fc)
            for gc in gcodes:
                add(Kind.PLACE_GIVEN, name, gc)
            if place.signature and place.signature[:1].isdigit():
                add(Kind.PLACE_HOUSE, name, place.signature)
                house_signatures.add(place.signature)
    initials = {_initials(form) for form in forms}
    for place in probe.places:
        if place.postcode:
            for g_initial, f_initial in initials:
                if g_initial and f_initial:
                    add(Kind.SECTOR_INITIALS, place.postcode.sector, g_initial, f_initial)


def record_keys(probe: Probe) -> dict[int, Kind]:
    """The keys stored for one person."""
    keys: dict[int, Kind] = {}

    def add(kind: Kind, *parts: str) -> None:
        keys[key_hash(kind, *parts)] = kind

    gcodes, fcodes = _name_keys(probe.names, add)
    for fc in fcodes:
        add(Kind.FAMILY, fc)
    _place_keys(probe, probe.names, gcodes, fcodes, add)
    dobs = []
    if probe.dob and probe.dob.is_full:
        dobs.append(probe.dob.as_date())
    if probe.expected_dob:
        dobs.append(probe.expected_dob)
    districts = {p.postcode.district for p in probe.places if p.postcode}
    for year in {d.year for d in dobs if d}:
        for gc in gcodes:
            add(Kind.GIVEN_YEAR, gc, str(year))
        for fc in fcodes:
            add(Kind.FAMILY_YEAR, fc, str(year))
    initials = {_initials(form) for form in probe.names}
    for day in filter(None, dobs):
        iso = _iso(day)
        add(Kind.DOB, iso)
        # Both names misspelt: their initials and the date of birth still agree.
        for g_initial, f_initial in initials:
            if g_initial and f_initial:
                add(Kind.DOB_INITIALS, iso, g_initial, f_initial)
        for gc in gcodes:
            add(Kind.GIVEN_DOB, gc, iso)
        for fc in fcodes:
            add(Kind.FAMILY_DOB, fc, iso)
        for district in districts:
            add(Kind.DOB_DISTRICT, iso, district)
    for place in probe.places:
        if not place.postcode:
            continue
        full = place.postcode.full
        add(Kind.POSTCODE, full)
        if place.signature:
            add(Kind.ADDRESS, full, place.signature)
        for gc in gcodes:
            add(Kind.POSTCODE_GIVEN, full, gc)
        for fc in fcodes:
            add(Kind.POSTCODE_FAMILY, full, fc)
    if probe.nhs:
        add(Kind.NHS, probe.nhs)
    for upn in (*probe.upns, *probe.former_upns):
        add(Kind.UPN, upn)
    return keys


def dob_variants(dob: PartialDate) -> list[tuple[dt.date, float]]:
    """The date itself, day and month swapped, and every one-digit slip or transposition."""
    exact = dob.as_date()
    if exact is None:
        return []
    found: dict[dt.date, float] = {exact: 1.0}
    swapped = _date(dob.year, dob.day, dob.month)  # type: ignore[arg-type]
    if swapped and swapped not in found:
        found[swapped] = 0.8
    text = f"{dob.day:02d}{dob.month:02d}{dob.year:04d}"
    slips: set[str] = set()
    for i, char in enumerate(text):
        for digit in "0123456789":
            if digit != char:
                slips.add(text[:i] + digit + text[i + 1 :])
        if i + 1 < len(text) and text[i + 1] != char:
            slips.add(text[:i] + text[i + 1] + char + text[i + 2 :])
    for slip in slips:
        day = _date(int(slip[4:]), int(slip[2:4]), int(slip[:2]))
        if day and day not in found and 1900 < day.year <= _THIS_YEAR + 1:
            found[day] = 0.6
    return list(found.items())


_THIS_YEAR = dt.date.today().year


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def query_keys(probe: Probe, *, household: bool = False, loose: bool = False) -> dict[int, tuple[Kind, float]]:
    """The keys a query looks up, each with the weight a hit carries for pre-ranking.

    `loose` adds the second pass's keys (LOOSE_KINDS), for when the first finds too few.
    """
    keys: dict[int, tuple[Kind, float]] = {}

    def add(weight_factor: float, kind: Kind, *parts: str) -> None:
        if kind in LOOSE_KINDS and not loose:
            return
        k = key_hash(kind, *parts)
        weight = PRESCORE[kind] * weight_factor
        if k not in keys or keys[k][1] < weight:
            keys[k] = (kind, weight)

    def add_plain(kind: Kind, *parts: str) -> None:
        add(1.0, kind, *parts)

    forms = list(probe.names)
    # Given and family names swapped: try each the other way round too.
    forms += [NameForm(f.family, f.given, "reversed") for f in probe.names if f.given and f.family]
    gcodes, fcodes = _name_keys(forms, add_plain)
    _place_keys(probe, forms, gcodes, fcodes, add_plain)
    districts = {p.postcode.district for p in probe.places if p.postcode}
    if probe.dob:
        # Born in that year: survives a slip in the day or month together with a misspelt name.
        for gc in gcodes:
            add(1.0, Kind.GIVEN_YEAR, gc, str(probe.dob.year))
        for fc in fcodes:
            add(1.0, Kind.FAMILY_YEAR, fc, str(probe.dob.year))
    initials = {_initials(form) for form in forms if form.given and form.family}
    if probe.dob and probe.dob.is_full:
        for day, factor in dob_variants(probe.dob):
            iso = _iso(day)
            if factor >= 0.8:
                add(factor, Kind.DOB, iso)
            for g_initial, f_initial in initials:
                add(factor, Kind.DOB_INITIALS, iso, g_initial, f_initial)
            for gc in gcodes:
                add(factor, Kind.GIVEN_DOB, gc, iso)
            for fc in fcodes:
                add(factor, Kind.FAMILY_DOB, fc, iso)
            for district in districts:
                add(factor, Kind.DOB_DISTRICT, iso, district)
    for place in probe.places:
        if not place.postcode:
            continue
        full = place.postcode.full
        add(1.0, Kind.POSTCODE, full)
        if place.signature:
            add(1.0, Kind.ADDRESS, full, place.signature)
        for gc in gcodes:
            add(1.0, Kind.POSTCODE_GIVEN, full, gc)
        for fc in fcodes:
            add(1.0, Kind.POSTCODE_FAMILY, full, fc)
    if probe.nhs:
        add(1.0, Kind.NHS, probe.nhs)
    for upn in probe.upns:
        add(1.0, Kind.UPN, upn)
    if household:
        # The parents named by the caller are people in the index too.
        for form in probe.parents:
            parent_g, parent_f = _given_code_set(form), family_codes(form.family)
            for gc, fc in product(parent_g, parent_f):
                add(1.0, Kind.GIVEN_FAMILY, gc, fc)
            # The parents at the street or house given, when there is no postcode.
            for name in (n for place in probe.places for n in place.names):
                for fc in parent_f:
                    add(1.0, Kind.PLACE_FAMILY, name, fc)
                for gc in parent_g:
                    add(1.0, Kind.PLACE_GIVEN, name, gc)
    if (loose or not keys) and fcodes:
        # A surname and nothing else: the weakest lookup, better than none.
        for fc in fcodes:
            keys.setdefault(key_hash(Kind.FAMILY, fc), (Kind.FAMILY, PRESCORE[Kind.FAMILY]))
    return keys
