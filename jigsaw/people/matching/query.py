"""What the caller said (SearchQuery), and the comparable form of a query or a record (Probe)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .normalise import (
    PartialDate,
    Postcode,
    address_parts,
    clean_upn,
    digits,
    fold,
    name_tokens,
    parse_dob_text,
    parse_postcode,
)

# Column names the importer and other callers use for the same things.
_ALIASES = {
    "first_name": "given_name",
    "first_names": "given_name",
    "forename": "given_name",
    "forenames": "given_name",
    "middle_name": "middle_names",
    "middle": "middle_names",
    "given_names": "given_name",
    "surname": "family_name",
    "last_name": "family_name",
    "full_name": "name",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "nhs": "nhs_number",
    "post_code": "postcode",
    "address_line_1": "address",
    "line_1": "address",
    "school_name": "school",
    "gender": "sex",
    "aliases": "other_names",
    "previous_names": "other_names",
    "parents": "parent_names",
}


@dataclass
class SearchQuery:
    """Whatever the caller gave. Every field is optional; free text is read leniently."""

    given_name: str = ""
    middle_names: str = ""  # the given names after the first, space-separated
    family_name: str = ""
    name: str = ""  # a full name in any order, "Smith, Jayden" or "Jayden Smith"
    date_of_birth: dt.date | None = None
    dob_text: str = ""  # "3/4/2015", "April 2015", "2015"
    postcode: str = ""
    address: str = ""
    nhs_number: str = ""
    upn: str = ""
    school: str = ""
    sex: str = ""
    other_names: str = ""  # previous names or aliases, separated by ";" or ","
    parent_names: str = ""  # for "is the family known?": the parents' or carers' names, ";"-separated

    def is_empty(self) -> bool:
        return not any(str(getattr(self, f.name) or "").strip() for f in fields(self))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SearchQuery:
        """Build a query from a form, an API body or an imported row (importer column names too)."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = _ALIASES.get(str(raw_key).strip().lower(), str(raw_key).strip().lower())
            if key not in known or value is None or key in values:
                continue
            if key == "date_of_birth":
                if isinstance(value, dt.datetime):
                    value = value.date()
                if not isinstance(value, dt.date):
                    text = str(value).strip()
                    if text:
                        values.setdefault("dob_text", text)
                    continue
            elif isinstance(value, list | tuple):
                value = "; ".join(str(v) for v in value if v)
            else:
                value = str(value).strip()
            values[key] = value
        return cls(**values)

    def partial_dob(self) -> PartialDate | None:
        if self.date_of_birth:
            d = self.date_of_birth
            return PartialDate(d.year, d.month, d.day)
        return parse_dob_text(self.dob_text) if self.dob_text else None


@dataclass(frozen=True)
class NameForm:
    """One way of reading a name: given-name words, family-name words, and where it came from."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    kind: str = "current"  # current | previous | alias | birth | preferred | reversed
    used_to: int | None = None  # year a previous name stopped being used


@dataclass(frozen=True)
class PlaceForm:
    postcode: Postcode | None
    signature: str  # house number(s) or name
    current: bool = True
    lived_to: int | None = None  # year
    names: tuple[str, ...] = ()  # sound codes of the street and any house name (normalise.address_parts)


@dataclass
class Probe:
    """The normalised, comparable form of a query or of an indexed record."""

    names: list[NameForm] = field(default_factory=list)
    free_order: bool = False  # a free-text name: no "swapped" reason, any order is as said
    dob: PartialDate | None = None
    expected_dob: dt.date | None = None
    sex: str = ""
    nhs: str = ""
    upns: tuple[str, ...] = ()
    former_upns: tuple[str, ...] = ()
    places: list[PlaceForm] = field(default_factory=list)
    school: tuple[str, ...] = ()
    parents: list[NameForm] = field(default_factory=list)

    @property
    def has_name(self) -> bool:
        return any(n.given or n.family for n in self.names)


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]


def _free_text_forms(text: str, kind: str) -> list[NameForm]:
    """ "Smith, Jayden" is family first; "Jayden Lee Smith" could be either way round."""
    if "," in text:
        family_part, _, given_part = text.partition(",")
        return [NameForm(name_tokens(given_part), name_tokens(family_part), kind)]
    tokens = name_tokens(text)
    if not tokens:
        return []
    if len(tokens) == 1:
        return [NameForm((), tokens, kind), NameForm(tokens, (), kind)]
    return [
        NameForm(tokens[:-1], tokens[-1:], kind),
        NameForm(tokens[1:], tokens[:1], kind),
        # A double-barrelled surname typed without its hyphen: "Jayden Smith Jones".
        *([NameForm(tokens[:1], tokens[1:], kind)] if len(tokens) > 2 else []),
    ]


def probe_from_query(query: SearchQuery) -> Probe:
    names: list[NameForm] = []
    given, family = name_tokens(query.given_name), name_tokens(query.family_name)
    # Middle names follow the first given name, as on a record: the scorer compares the first
    # three given names on each side, so a child known by a middle name is still found.
    middle = name_tokens(query.middle_names)
    free_order = False
    if given or family:
        names.append(NameForm(given[:1] + middle + given[1:] if middle else given, family))
    elif query.name.strip():
        for form in _free_text_forms(query.name, "current"):
            names.append(NameForm(form.given[:1] + middle + form.given[1:], form.family, form.kind) if middle else form)
        free_order = True
    for other in _split_list(query.other_names.replace(",", ";")):
        for form in _free_text_forms(other, "alias"):
            names.append(form)
    parents: list[NameForm] = []
    for parent in _split_list(query.parent_names):
        parents.extend(_free_text_forms(parent, "parent"))
    postcode = parse_postcode(query.postcode) if query.postcode else None
    if postcode is None and query.address:
        # A postcode typed at the end of the address.
        tail = " ".join(query.address.replace(",", " ").split()[-2:])
        postcode = parse_postcode(tail)
    places = []
    if postcode or query.address:
        parts = address_parts(query.address) if query.address else None
        places.append(PlaceForm(postcode, parts.signature if parts else "", names=parts.names if parts else ()))
    sex = query.sex.strip().upper()[:1]
    return Probe(
        names=names,
        free_order=free_order,
        dob=query.partial_dob(),
        sex=sex if sex in ("F", "M") else "",
        nhs=digits(query.nhs_number),
        upns=(clean_upn(query.upn),) if query.upn.strip() else (),
        places=places,
        school=name_tokens(query.school) if query.school else (),
        parents=parents,
    )


def probe_from_profile(data: Mapping[str, Any]) -> Probe:
    """The record side: built from a PersonMatchProfile's data (see indexer.build_profile)."""
    names = [NameForm(tuple(g.split()), tuple(f.split()), kind, used_to) for g, f, kind, used_to in data["names"]]
    dob = dt.date.fromisoformat(data["dob"]) if data.get("dob") else None
    places = []
    for postcode, signature, current, lived_to, *rest in data.get("addr", ()):
        # Profiles made before street names were indexed have four items; index_persons renews them.
        place_names = tuple(rest[0]) if rest else ()
        places.append(
            PlaceForm(parse_postcode(postcode) if postcode else None, signature, current, lived_to, place_names)
        )
    return Probe(
        names=names,
        dob=PartialDate(dob.year, dob.month, dob.day) if dob else None,
        expected_dob=dt.date.fromisoformat(data["edd"]) if data.get("edd") else None,
        sex=data.get("sex", ""),
        nhs=data.get("nhs", ""),
        upns=tuple(data.get("upn", ())),
        former_upns=tuple(data.get("fupn", ())),
        places=places,
        school=tuple(data.get("school", "").split()),
    )


def school_tokens(text: str) -> tuple[str, ...]:
    return tuple(w for w in name_tokens(fold(text)) if w not in {"school", "primary", "academy", "the", "of"})
