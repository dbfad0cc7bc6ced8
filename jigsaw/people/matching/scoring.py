"""Scoring a candidate: field-by-field agreement weights, added up and explained.

In the Fellegi-Sunter spirit each field's agreement level carries a weight in bits, roughly
log2(how often true matches agree this way / how often unrelated people do). The weights are
set by hand from that reasoning and checked against the benchmark (bench/), not fitted to it,
so that every reason shown to an officer is a plain, stable statement. The total, less a prior
for "a random person in the index", becomes a 0-100 score through the logistic curve.

Twins and siblings share a surname, a date of birth (twins) and an address, which outweighs
one differing first name in any additive model (Splink confidently matches about two thirds
of unknown twins to the known one). So a first name that clearly differs, with no NHS number
or UPN to vouch for the match, caps the score below "possible" when surname and date of birth
agree (the twin pattern), and below "high" otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from .normalise import PartialDate, phonetic, same_name_family, valid_nhs_number
from .query import NameForm, PlaceForm, Probe

PRIOR = -14.0  # bits: a name and a full date of birth together clear it comfortably
HIGH = 85.0
POSSIBLE = 50.0
TWIN_CAP = 40.0  # same surname and date of birth, different first name: never "possible"
DIFFERENT_NAME_CAP = 60.0  # a clearly different first name: at most "possible"
NO_ANCHOR_CAP = 84.0  # no exact date of birth or identifier (unless a near date and the postcode): "possible"

# Agreement levels for names, strongest first.
EXACT, NICKNAME, TYPO, SOUNDS, SHORT, CLOSE, INITIAL, DIFFERENT, MISSING = range(9)
_AGREES = {EXACT, NICKNAME, TYPO, SOUNDS, SHORT}

GIVEN_WEIGHT = {
    EXACT: 7.0,
    NICKNAME: 6.0,
    TYPO: 5.5,
    SOUNDS: 5.0,
    SHORT: 4.0,
    CLOSE: 2.0,
    INITIAL: 1.5,
    DIFFERENT: -6.0,
}
FAMILY_WEIGHT = {
    EXACT: 8.0,
    NICKNAME: 6.0,
    TYPO: 6.0,
    SOUNDS: 5.5,
    SHORT: 3.0,
    CLOSE: 2.5,
    INITIAL: 0.0,
    DIFFERENT: -4.0,
}

# Date of birth levels.
DOB_EXACT, DOB_SWAPPED, DOB_SLIP, DOB_YEAR_OUT, DOB_MONTH, DOB_YEAR, DOB_EXPECTED, DOB_DIFFERENT, DOB_NONE = range(9)
DOB_AGREES = {DOB_EXACT, DOB_SWAPPED, DOB_SLIP, DOB_YEAR_OUT, DOB_EXPECTED}


@dataclass
class Reason:
    weight: float
    text: str | Callable[[], str]  # formatted only for the candidates shown


@dataclass
class Result:
    weight: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    given_level: int = MISSING
    family_level: int = MISSING
    dob_level: int = DOB_NONE
    identifier_match: bool = False
    sex_differs: bool = False
    first_names_differ: bool = False  # the first given names differ, whatever the middle names say
    place_agrees: bool = False  # same postcode (or street and house), now or before
    address_agrees: bool = False  # the same house: postcode or street, and house number or name
    street_agrees: bool = False  # the same street or house name, whatever the postcode
    place_differs: bool = False  # both have an address and nothing about them agrees
    nhs_conflict: bool = False  # two valid NHS numbers that differ
    no_first_name: bool = False  # one side has a first name, the other none (or "Baby")
    score: float = 0.0
    confidence: str = "low"

    def add(self, weight: float, text: str | Callable[[], str]) -> None:
        self.weight += weight
        if text:
            self.reasons.append(Reason(weight, text))

    def summary(self) -> str:
        """The match in words, for the officer: "Same name and date of birth; address differs"."""
        agree: list[str] = []
        near: list[str] = []
        differ: list[str] = []
        if self.identifier_match:
            agree.append("NHS number or UPN")
        given_ok = self.given_level in _AGREES
        family_ok = self.family_level in _AGREES
        if self.given_level in (EXACT, NICKNAME) and self.family_level == EXACT:
            agree.append("name")
        elif given_ok and family_ok:
            near.append("name")
        else:
            if family_ok:
                (agree if self.family_level == EXACT else near).append("surname")
            elif self.family_level != MISSING:
                differ.append("surname")
            if given_ok:
                (agree if self.given_level in (EXACT, NICKNAME) else near).append("first name")
            elif self.given_level in (DIFFERENT, CLOSE, INITIAL) or self.first_names_differ:
                differ.append("first name")
            elif self.no_first_name:
                differ.append("first name (one record has none)")
        if self.dob_level == DOB_EXACT:
            agree.append("date of birth")
        elif self.dob_level in (DOB_SWAPPED, DOB_SLIP, DOB_YEAR_OUT, DOB_EXPECTED):
            near.append("date of birth")
        elif self.dob_level == DOB_MONTH:
            agree.append("month of birth")
        elif self.dob_level == DOB_YEAR:
            agree.append("year of birth")
        elif self.dob_level == DOB_DIFFERENT:
            differ.append("date of birth")
        if self.address_agrees:
            agree.append("address")
        elif self.place_agrees:
            agree.append("postcode")
        elif self.street_agrees:
            agree.append("street")
        elif self.place_differs:
            differ.append("address")
        if self.nhs_conflict:
            differ.append("NHS number")
        parts = []
        if agree:
            parts.append("same " + _listed(agree))
        if near:
            parts.append("similar " + _listed(near))
        if differ:
            parts.append(_listed(differ) + (" differs" if len(differ) == 1 else " differ"))
        text = "; ".join(parts) or "little to compare"
        return text[:1].upper() + text[1:]

    def explained(self) -> list[str]:
        ordered = sorted(self.reasons, key=lambda r: (r.weight < 0, -abs(r.weight)))
        texts = (r.text if isinstance(r.text, str) else r.text() for r in ordered)
        return [t for t in texts if t]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _title(token: str) -> str:
    return token[:1].upper() + token[1:]


def _typo(a: str, b: str) -> bool:
    shortest = min(len(a), len(b))
    if shortest < 3:
        return False
    distance = OSA.distance(a, b)
    return distance <= 1 or (distance <= 2 and shortest >= 8)


@lru_cache(maxsize=500_000)
def given_level(q: str, r: str) -> int:
    if q == r:
        return EXACT
    if len(q) == 1 or len(r) == 1:
        return INITIAL if q[0] == r[0] else DIFFERENT
    if same_name_family(q, r):
        return NICKNAME
    if _typo(q, r):
        return TYPO
    # Metaphone alone says Gray and Kerr sound alike; require the spelling to be near too.
    if phonetic(q) == phonetic(r) and JaroWinkler.similarity(q, r) >= 0.7:
        return SOUNDS
    if min(len(q), len(r)) >= 3 and (q.startswith(r) or r.startswith(q)):
        return SHORT
    if JaroWinkler.similarity(q, r) >= 0.85:
        return CLOSE
    return DIFFERENT


@lru_cache(maxsize=500_000)
def family_level(q: tuple[str, ...], r: tuple[str, ...]) -> int:
    qj, rj = "".join(q), "".join(r)
    if qj == rj:
        return EXACT
    if (len(q) > 1 or len(r) > 1) and set(q) & set(r):
        return NICKNAME  # one part of a double-barrelled surname
    if _typo(qj, rj):
        return TYPO
    if phonetic(qj) == phonetic(rj) and JaroWinkler.similarity(qj, rj) >= 0.7:
        return SOUNDS
    if JaroWinkler.similarity(qj, rj) >= 0.88:
        return CLOSE
    return DIFFERENT


def _given_text(level: int, q: str, r: str, middle: bool) -> str:
    which = "a middle or preferred name" if middle else "first name"
    return {
        EXACT: "first name matches a middle or preferred name" if middle else "same first name",
        NICKNAME: f"{_title(q)} and {_title(r)} are forms of the same name",
        TYPO: f"{which} spelt similarly ({_title(q)} / {_title(r)})",
        SOUNDS: f"{which} sounds alike ({_title(q)} / {_title(r)})",
        SHORT: f"{which} is a shortened form ({_title(q)} / {_title(r)})",
        CLOSE: f"{which} is similar ({_title(q)} / {_title(r)})",
        INITIAL: "same first initial",
        DIFFERENT: f"different first name ({_title(q)} / {_title(r)})",
    }[level]


def _compare_given(q: tuple[str, ...], r: tuple[str, ...]) -> tuple[float, int, Callable[[], str] | str]:
    """The best agreement between any of the first three given names on each side."""
    if not q or not r:
        return 0.0, MISSING, ""
    best: tuple[float, int, str, str, bool] | None = None
    for i, qt in enumerate(q[:3]):
        for j, rt in enumerate(r[:3]):
            level = given_level(qt, rt)
            weight = GIVEN_WEIGHT[level]
            middle = bool(i or j)
            if middle and level != DIFFERENT:
                weight -= 1.0
            elif middle:
                continue  # a differing middle name says nothing
            if best is None or weight > best[0]:
                best = (weight, level, qt, rt, middle)
    assert best is not None
    weight, level, qt, rt, middle = best
    return weight, level, lambda: _given_text(level, qt, rt, middle)


def _compare_family(
    q: tuple[str, ...], r: tuple[str, ...], form: NameForm
) -> tuple[float, int, Callable[[], str] | str]:
    if not q or not r:
        return 0.0, MISSING, ""
    level = family_level(q, r)
    weight = FAMILY_WEIGHT[level]
    if form.kind in ("previous", "birth", "alias") and level in _AGREES:
        weight -= 0.5
    return weight, level, lambda: _family_text(level, q, r, form)


def _family_text(level: int, q: tuple[str, ...], r: tuple[str, ...], form: NameForm) -> str:
    shown_q, shown_r = " ".join(map(_title, q)), " ".join(map(_title, r))
    if form.kind in ("previous", "birth", "alias") and level in _AGREES:
        label = {"previous": "previous surname", "birth": "surname at birth", "alias": "another surname used"}[
            form.kind
        ]
        until = f" (until {form.used_to})" if form.used_to else ""
        how = "matches" if level == EXACT else "is like"
        return f"{how} {label} {shown_r}{until}"
    return {
        EXACT: "same surname",
        NICKNAME: f"surname matches part of {shown_r}",
        TYPO: f"surname spelt similarly ({shown_q} / {shown_r})",
        SOUNDS: f"surname sounds alike ({shown_q} / {shown_r})",
        SHORT: f"surname is similar ({shown_q} / {shown_r})",
        CLOSE: f"surname is similar ({shown_q} / {shown_r})",
        INITIAL: "",
        DIFFERENT: f"different surname ({shown_q} / {shown_r})",
    }[level]


def _compare_names(q: Probe, r: Probe, result: Result) -> None:
    if not q.names or not r.names:
        return
    best: tuple[float, list[tuple[float, Any]], int, int, bool] | None = None
    for qf in q.names:
        orientations = [(qf.given, qf.family, False)]
        # Free text is read both ways round already, except "Smith, Jack": try that swapped too.
        if qf.given and qf.family:
            orientations.append((qf.family, qf.given, True))
        for rf in r.names:
            for given, family, swapped in orientations:
                gw, gl, gt = _compare_given(given, rf.given)
                fw, fl, ft = _compare_family(family, rf.family, rf)
                firsts_differ = bool(given and rf.given) and given_level(given[0], rf.given[0]) == DIFFERENT
                total = gw + fw
                parts = [(gw, gt), (fw, ft)]
                if swapped:
                    agreeing = (gl in _AGREES) + (fl in _AGREES)
                    if agreeing == 0:
                        continue
                    if agreeing == 1:
                        # One name agrees in the other's place and the other differs: whichever
                        # side was written the other way round, the first names may differ, as
                        # a twin's do (an indexed twin's names swapped), so the twin guard sees it.
                        gl, fl = DIFFERENT, gl if gl in _AGREES else fl
                        firsts_differ = True
                    if agreeing == 2:
                        total -= 1.0
                        exactly = gl == EXACT and fl == EXACT
                        text = "given and family names swapped" + ("" if exactly else " (and spelt differently)")
                        parts = [(total, text)]
                    else:
                        # One name given in the other's place: weaker than a clean swap.
                        total -= 2.0
                        parts = [(gw - 2.0, _prefixed("names given the other way round: ", gt)), (fw, ft)]
                if rf.kind == "preferred":
                    total -= 0.5
                if best is None or total > best[0]:
                    best = (total, parts, gl, fl, firsts_differ)
    if best is None:
        return
    _total, parts, result.given_level, result.family_level, result.first_names_differ = best
    q_has_given, r_has_given = any(f.given for f in q.names), any(f.given for f in r.names)
    result.no_first_name = q_has_given != r_has_given
    for weight, text in parts:
        if text or weight:
            result.add(weight, text)


def _prefixed(prefix: str, text: Callable[[], str] | str) -> Callable[[], str]:
    return lambda: prefix + (text if isinstance(text, str) else text())


def _digit_slip(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return True
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def _compare_dob(q: PartialDate | None, r: Probe, result: Result) -> None:
    if q is None:
        return
    rd = r.dob
    if rd is None:
        if r.expected_dob and q.is_full:
            born = q.as_date()
            if born and abs((born - r.expected_dob).days) <= 28:
                result.dob_level = DOB_EXPECTED
                result.add(8.0, f"born within four weeks of the expected date ({r.expected_dob:%d/%m/%Y})")
        return
    if not q.is_full:
        if q.month is not None:
            if (q.year, q.month) == (rd.year, rd.month):
                result.dob_level = DOB_MONTH
                result.add(5.0, "same month and year of birth")
            else:
                result.dob_level = DOB_DIFFERENT
                result.add(-5.0, f"born in a different month ({rd})")
        elif q.year == rd.year:
            result.dob_level = DOB_YEAR
            result.add(3.0, "same year of birth")
        else:
            result.dob_level = DOB_DIFFERENT
            result.add(-2.0 if abs(q.year - rd.year) <= 1 else -5.0, f"born in a different year ({rd.year})")
        return
    if (q.year, q.month, q.day) == (rd.year, rd.month, rd.day):
        result.dob_level = DOB_EXACT
        result.add(13.0, "same date of birth")
        return
    if q.year == rd.year and q.day == rd.month and q.month == rd.day:
        result.dob_level = DOB_SWAPPED
        result.add(8.0, f"same date of birth with day and month swapped ({rd})")
        return
    qs = f"{q.day:02d}{q.month:02d}{q.year:04d}"
    rs = f"{rd.day:02d}{rd.month:02d}{rd.year:04d}"
    if _digit_slip(qs, rs):
        result.dob_level = DOB_SLIP
        # Forty-odd dates are one slip away from any date: far weaker than the date itself.
        result.add(5.0, f"date of birth differs by one digit ({rd})")
        return
    if (q.month, q.day) == (rd.month, rd.day) and abs(q.year - rd.year) == 1:
        result.dob_level = DOB_YEAR_OUT
        result.add(4.0, f"same day and month of birth, year one out ({rd})")
        return
    if (q.year, q.month) == (rd.year, rd.month):
        result.dob_level = DOB_DIFFERENT
        result.add(-3.0, f"born on another day of the same month ({rd})")
        return
    result.dob_level = DOB_DIFFERENT
    result.add(-10.0, f"different date of birth ({rd})")


def _compare_ids(q: Probe, r: Probe, result: Result) -> None:
    if q.nhs and r.nhs:
        if q.nhs == r.nhs:
            result.identifier_match = True
            result.add(18.0, "NHS number matches")
        elif valid_nhs_number(q.nhs) and valid_nhs_number(r.nhs):
            # A slip in typing fails the check digit; two valid numbers are two people.
            result.nhs_conflict = True
            result.add(-10.0, "different NHS number")
        elif OSA.distance(q.nhs, r.nhs) <= 1:
            result.add(2.0, "NHS number nearly matches (one digit different)")
        else:
            result.add(-10.0, "different NHS number")
    q_upns = set(q.upns) | set(q.former_upns)
    if q_upns and (r.upns or r.former_upns):
        if q_upns & set(r.upns):
            result.identifier_match = True
            result.add(16.0, "UPN matches")
        elif q_upns & set(r.former_upns):
            result.identifier_match = True
            result.add(14.0, "matches a former UPN")
        else:
            result.add(-3.0, "different UPN")


def _place_text(place: PlaceForm, what: str) -> str:
    if place.current:
        return f"same {what}"
    if place.lived_to:
        return f"lived at this {what} until {place.lived_to}"
    return f"lived at this {what} before"


def _place_option(qp: PlaceForm, rp: PlaceForm, result: Result) -> tuple[float, str] | None:
    same_house = bool(qp.signature) and qp.signature == rp.signature
    if qp.postcode and rp.postcode and qp.postcode.full == rp.postcode.full:
        result.place_agrees = True
        if same_house:
            result.address_agrees = True
            return (7.0 if rp.current else 6.0, _place_text(rp, "address"))
        return (6.0 if rp.current else 5.0, _place_text(rp, "postcode"))
    if set(qp.names) & set(rp.names):
        # No postcode given, or another one: the street (or house name) read from the address.
        result.street_agrees = True
        if same_house:
            result.place_agrees = result.address_agrees = True
            return (6.0 if rp.current else 5.0, _place_text(rp, "address"))
        return (2.0 if rp.current else 1.5, _place_text(rp, "street"))
    if qp.postcode and rp.postcode:
        if qp.postcode.sector == rp.postcode.sector:
            return (2.0 if rp.current else 1.5, f"same postcode sector ({rp.postcode.sector})")
        if qp.postcode.district == rp.postcode.district:
            return (1.0 if rp.current else 0.5, f"same postcode district ({rp.postcode.district})")
        return (-1.5, "different postcode")
    return None


def _compare_places(q: Probe, r: Probe, result: Result) -> None:
    best: tuple[float, str] | None = None
    for qp in q.places:
        for rp in r.places:
            option = _place_option(qp, rp, result)
            if option and (best is None or option[0] > best[0]):
                best = option
    if best:
        result.add(*best)
        result.place_differs = best[0] < 0


def _compare_other(q: Probe, r: Probe, result: Result) -> None:
    if q.sex and r.sex in ("F", "M"):
        if q.sex == r.sex:
            result.add(0.5, "")
        else:
            result.sex_differs = True
            result.add(-3.0, "recorded as a different sex")
    if q.school and r.school and fuzz.token_set_ratio(" ".join(q.school), " ".join(r.school)) >= 90:
        result.add(2.0, "same school")


def to_score(weight: float) -> float:
    bits = max(min(weight + PRIOR, 60.0), -60.0)
    return 100.0 / (1.0 + 2.0 ** (-bits))


def confidence_of(score: float) -> str:
    if score >= HIGH:
        return "high"
    if score >= POSSIBLE:
        return "possible"
    return "low"


def compare(q: Probe, r: Probe) -> Result:
    """How strongly the record r looks like the person q describes, and why."""
    result = Result()
    _compare_ids(q, r, result)
    _compare_names(q, r, result)
    _compare_dob(q.dob, r, result)
    _compare_places(q, r, result)
    _compare_other(q, r, result)
    score = to_score(result.weight)
    if result.nhs_conflict:
        # Conflicting evidence vetoes "high", however much else agrees.
        score = min(score, DIFFERENT_NAME_CAP)
    if not result.identifier_match:
        # A middle name matching the other's first name is how twins Olivia Grace and Grace
        # look alike; the same person known by a middle name can still be "possible", and
        # "high" when the same house and sex say so as well (a second record made with the
        # name the child is called by).
        known_by_middle = (
            result.first_names_differ
            and result.given_level == EXACT
            and result.family_level in _AGREES
            and result.dob_level == DOB_EXACT
            and result.address_agrees
            and not result.sex_differs
        )
        if known_by_middle:
            pass
        elif result.given_level == DIFFERENT or result.first_names_differ:
            if result.family_level in _AGREES and result.dob_level in DOB_AGREES:
                if score > TWIN_CAP:
                    score = TWIN_CAP
                    result.add(
                        0.0,
                        "same surname and date of birth but a different first name: "
                        "could be a twin or sibling, not the same person",
                    )
            else:
                score = min(score, DIFFERENT_NAME_CAP)
        elif result.sex_differs and result.given_level != EXACT:
            score = min(score, DIFFERENT_NAME_CAP)
        if result.no_first_name and not result.address_agrees and score > NO_ANCHOR_CAP:
            # "Baby Smith" born on that day is this child only if at the same house: elsewhere
            # it may be another baby of that surname, so the match stays "possible".
            score = NO_ANCHOR_CAP
            result.add(0.0, 'one record has no first name (or only "Baby"): could be another child')
        # "High" needs the exact date of birth, or a near one and the same postcode: a name
        # with a date one slip away, or a birth year, is often a namesake. A record with no
        # date of birth at all can be high when the whole name and the house agree.
        anchored = (
            result.dob_level in (DOB_EXACT, DOB_EXPECTED)
            or (result.dob_level in DOB_AGREES | {DOB_MONTH, DOB_YEAR} and result.place_agrees)
            or (
                r.dob is None
                and r.expected_dob is None
                and q.dob is not None
                and q.dob.is_full
                and result.given_level in (EXACT, NICKNAME)
                and result.family_level in _AGREES
                and result.address_agrees
                and not result.sex_differs
            )
        )
        if not anchored:
            score = min(score, NO_ANCHOR_CAP)
    result.score = round(score, 1)
    result.confidence = confidence_of(result.score)
    return result
