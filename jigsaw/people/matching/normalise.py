"""Normalising what callers say: names, nicknames, postcodes, dates of birth, identifiers.

Everything here is pure and cached, because the same few thousand names recur across a
million people and are compared thousands of times a second.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jellyfish

_DATA = Path(__file__).parent / "data"

# Words that are not part of anyone's name: titles, and what is written for an unnamed baby.
_NOT_NAMES = frozenset({"mr", "mrs", "miss", "ms", "mx", "dr", "master", "baby", "unborn", "unknown", "unnamed", "nk"})


# Letters that Unicode does not decompose into a plain letter and an accent.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
    }
)


def fold(text: str) -> str:
    """Lower case without accents: "Zoë" -> "zoe", "Łukasz" -> "lukasz" (dotless i too)."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_LETTERS))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=100_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """The words of a name, folded: "O'Brien-Smith" -> ("obrien", "smith")."""
    text = fold(text).replace("'", "").replace("’", "")
    words = re.split(r"[^a-z]+", text)
    return tuple(w for w in words if w and w not in _NOT_NAMES)


def joined(tokens: tuple[str, ...]) -> str:
    return "".join(tokens)


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """Metaphone code (Smith and Smyth -> SM0). Falls back to the word for odd input."""
    return jellyfish.metaphone(token) or token


@lru_cache(maxsize=1)
def _nickname_table() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    with open(_DATA / "nicknames.csv", encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            names = [joined(name_tokens(n)) for n in line.split(",")]
            formal = names[0]
            for name in names:
                if name:
                    groups.setdefault(name, set()).add(formal)
    return {name: frozenset(forms) for name, forms in groups.items()}


def nickname_groups(token: str) -> frozenset[str]:
    """The formal names this given name is a form of ("bill" -> {"william"})."""
    return _nickname_table().get(token, frozenset())


def same_name_family(a: str, b: str) -> bool:
    """Bill and William, Becky and Rebecca: forms of one name."""
    return bool(nickname_groups(a) & nickname_groups(b))


@lru_cache(maxsize=200_000)
def given_codes(token: str) -> tuple[str, ...]:
    """Blocking codes for a given name: its sound, and each formal name it is a form of."""
    codes = {phonetic(token)}
    codes.update("~" + formal for formal in nickname_groups(token))
    return tuple(sorted(codes))


@lru_cache(maxsize=200_000)
def family_codes(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Blocking codes for a family name: the sound of the whole, and of each part if double-barrelled."""
    if not tokens:
        return ()
    codes = {phonetic(joined(tokens))}
    if len(tokens) > 1:
        codes.update(phonetic(t) for t in tokens if len(t) > 1)
    return tuple(sorted(codes))


# Postcodes ---------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


@dataclass(frozen=True)
class Postcode:
    full: str  # "CV1 2AB"
    sector: str  # "CV1 2"
    district: str  # "CV1"


@lru_cache(maxsize=100_000)
def parse_postcode(text: str) -> Postcode | None:
    """A UK postcode in its usual form, or None. Tolerates lower case and missing spaces."""
    compact = re.sub(r"[^A-Za-z0-9]", "", text or "").upper()
    # A common slip: the letter O typed for a zero in the inward code's digit.
    if len(compact) >= 5 and compact[-3] == "O":
        compact = compact[:-3] + "0" + compact[-2:]
    if not _POSTCODE.match(compact):
        return None
    outward, inward = compact[:-3], compact[-3:]
    return Postcode(full=f"{outward} {inward}", sector=f"{outward} {inward[0]}", district=outward)


_POSTCODE_IN_TEXT = re.compile(r"\b[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}\b")
_FLAT = re.compile(r"\b(?:flat|apartment|apt|unit|room|maisonette)\s*(\d+[a-z]?)\b")
# Street words as people abbreviate them, so "Mill Ln" and "Mill Lane" are one street.
_STREET_WORDS = {
    "rd": "road",
    "st": "street",
    "ln": "lane",
    "ave": "avenue",
    "av": "avenue",
    "cl": "close",
    "dr": "drive",
    "cres": "crescent",
    "cresc": "crescent",
    "gdns": "gardens",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "gr": "grove",
}
_NOT_PLACE_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "maisonette", "the", "and", "of"})


@dataclass(frozen=True)
class AddressParts:
    """What an address line says, read the same way for a record and for a query.

    signature: the house number with any flat number ("14/2"), or the house name's sound
    when there is no number; street: the sound of the street's (or house's) words, so an
    address can be found without its postcode; names: every named place in it (the street
    and a house name), each a sound code.
    """

    signature: str
    street: str
    names: tuple[str, ...]


def _place_code(words: list[str]) -> str:
    return " ".join(phonetic(_STREET_WORDS.get(w, w)) for w in words if w)


@lru_cache(maxsize=100_000)
def address_parts(text: str) -> AddressParts:
    """Read an address typed in any shape: "Flat 2, 14 Mill Lane", "14 Mill Ln, Flat 2,
    Northbridge CV1 2AB", "Rose Cottage, Mill Lane". The postcode is left out (it is compared
    on its own), so line 1 of a record and a whole address typed in a search sign alike.
    """
    folded = _POSTCODE_IN_TEXT.sub(" ", fold(text).replace("'", ""))
    flat_match = _FLAT.search(folded)
    flat = flat_match.group(1) if flat_match else ""
    rest = _FLAT.sub(" ", folded)
    numbers = re.findall(r"\b\d+[a-z]?\b", rest)
    house = numbers[0] if numbers else ""
    if not flat and len(numbers) > 1:
        # "2, 14 Mill Lane" or "2/14 Mill Lane": the first number is a flat in the building.
        flat, house = numbers[0], numbers[1]
    names: list[str] = []
    street = ""
    for part in re.split(r"[,;\n]+", rest):
        words = [w for w in re.split(r"[^a-z]+", re.sub(r"\b\d+[a-z]?\b", " ", part)) if w]
        words = [w for w in words if w not in _NOT_PLACE_WORDS]
        if not words:
            continue
        code = _place_code(words[:4])
        if code and code not in names:
            names.append(code)
        # The street is the part that follows the house number, else the first named part.
        if not street and house and re.search(rf"\b{re.escape(house)}\b", part):
            street = code
    if not street and names:
        street = names[1] if len(names) > 1 and not house else names[0]
    if house:
        signature = f"{house}/{flat}" if flat else house
    elif names:
        signature = names[0].replace(" ", "")  # a house name, such as Rose Cottage
    else:
        signature = ""
    return AddressParts(signature=signature, street=street, names=tuple(names[:3]))


def address_signature(line: str) -> str:
    """What tells addresses at one postcode apart: the house and flat numbers, or the house name.

    "Flat 2, 14 Mill Lane" -> "14/2"; "Rose Cottage" -> "RS KT" without the space.
    """
    return address_parts(line).signature


# Identifiers -------------------------------------------------------------------------------


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def valid_nhs_number(number: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine."""
    if len(number) != 10 or not number.isdigit():
        return False
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(number[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(number[9])


def clean_upn(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text or "").upper()


# Dates of birth ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    """A date of birth as far as the caller knows it: a year, a month and year, or a full date."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.month is not None and self.day is not None

    def as_date(self) -> dt.date | None:
        if not self.is_full:
            return None
        try:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        except (ValueError, OverflowError):  # OverflowError: a day or month of many digits
            return None

    def __str__(self) -> str:
        if self.day and self.month:
            return f"{self.day:02d}/{self.month:02d}/{self.year}"
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)


_MONTHS = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9


def _year(text: str, today: dt.date) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        value = int(text)
        century = 2000 if value <= today.year % 100 else 1900
        return century + value
    return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except (ValueError, OverflowError):  # OverflowError: "99999999999/4/2015" typed as a date of birth
        return False
    return True


def parse_dob_text(text: str, *, today: dt.date | None = None) -> PartialDate | None:
    """Read a date of birth as people type it: "3/4/2015", "03.04.15", "2015-04-03",
    "3rd April 2015", "April 2015", "Apr 15", "2015". Day first, as in the UK; a date that is
    only valid month first ("4/13/2015") is read that way. Returns None when nothing fits.
    """
    today = today or dt.date.today()
    folded = fold(text).strip()
    if not folded:
        return None
    folded = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", folded)
    words = re.findall(r"[a-z]+|\d+", folded)
    month_words = [w for w in words if w in _MONTHS]
    numbers = [w for w in words if w.isdigit()]
    if month_words:
        month = _MONTHS[month_words[0]]
        # "3 April 2015", "April 2015", "Apr 15": the last number is the year, a first one the day.
        year_text = numbers[-1] if numbers else None
        day_text = numbers[0] if len(numbers) > 1 else None
        if year_text is None:
            return None
        year = _year(year_text, today)
        if year is None:
            return None
        if day_text and _valid(year, month, int(day_text)):
            return PartialDate(year, month, int(day_text))
        return PartialDate(year, month)
    if len(numbers) == 1:
        only = numbers[0]
        if len(only) == 4:
            return PartialDate(int(only))
        if len(only) == 8:  # 03042015 or 20150403
            if _valid(int(only[:4]), int(only[4:6]), int(only[6:])) and int(only[:4]) > 1900:
                return PartialDate(int(only[:4]), int(only[4:6]), int(only[6:]))
            numbers = [only[:2], only[2:4], only[4:]]
        elif len(only) == 6:  # 030415
            numbers = [only[:2], only[2:4], only[4:]]
        else:
            return None
    if len(numbers) == 2:  # 4/2015: month and year
        month, year = int(numbers[0]), _year(numbers[1], today)
        if year and 1 <= month <= 12:
            return PartialDate(year, month)
        return None
    if len(numbers) == 3:
        if len(numbers[0]) == 4:  # ISO: 2015-04-03
            year, month, day = int(numbers[0]), int(numbers[1]), int(numbers[2])
        else:
            year_or_none = _year(numbers[2], today)
            if year_or_none is None:
                return None
            year, day, month = year_or_none, int(numbers[0]), int(numbers[1])
            if not _valid(year, month, day) and _valid(year, day, month):
                day, month = month, day
        if _valid(year, month, day):
            return PartialDate(year, month, day)
    return None
