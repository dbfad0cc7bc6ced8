"""The demo council as an old system's export: a CSV file for `manage.py import_people`.

Every person the generator makes becomes one row (docs/import-format.md), with a share of
rows carrying one bad value each, as a real migration meets them: an NHS number failing its
check digit, a postcode that is only half there, a date of birth in the future or on a day
that does not exist, a date in another format, a UPN failing its check letter, a sex or an
ethnicity code the old system made up. `LegacyFile` says who is in the file and which value
of whom is bad, so a test or a benchmark can check that nobody was lost.

Synthetic people only (generator.py). Pure Python: no database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from jigsaw.core.spreadsheets import csv_writer
from jigsaw.people.import_reading import COLUMNS

from .generator import AddressSpec, Batch, CouncilGenerator, NameSpec, PersonSpec

# The file is the importer's own layout: one list of columns, kept by the importer.
HEADER = COLUMNS
BAD_KINDS = (
    "nhs_check_digit",
    "half_postcode",
    "future_birth",
    "impossible_date",
    "date_format",
    "upn_check_letter",
    "unknown_sex",
    "unknown_ethnicity",
)


@dataclass
class LegacyFile:
    path: Path
    rows: int = 0
    # source_id -> (given names, family name) as written in the file
    people: dict[str, tuple[str, str]] = field(default_factory=dict)
    # source_id -> (column, kind of slip) for the rows with one bad value
    bad: dict[str, tuple[str, str]] = field(default_factory=dict)


def _source_id(person: PersonSpec) -> str:
    return f"L{person.key:07d}"


def _date(day: date | None, rng: random.Random) -> str:
    if day is None:
        return ""
    # Old systems export both ways; the importer reads both.
    return day.isoformat() if rng.random() < 0.5 else f"{day:%d/%m/%Y}"


def _nhs(number: str, rng: random.Random) -> str:
    if number and rng.random() < 0.3:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number


def _other_names(names: list[NameSpec]) -> str:
    return "; ".join(f"{n.kind}: {' '.join(p for p in (n.given_names, n.family_name) if p)}" for n in names)


def _current(addresses: list[AddressSpec]) -> AddressSpec | None:
    if not addresses:
        return None
    current = [a for a in addresses if a.lived_to is None]
    return (current or addresses)[-1]


def _spoil(row: dict[str, str], person: PersonSpec, rng: random.Random, as_of: date) -> tuple[str, str] | None:
    """Give the row one bad value, of a kind that fits what the row holds."""
    kinds = [
        kind
        for kind in BAD_KINDS
        if (kind != "nhs_check_digit" or row["nhs_number"])
        and (kind != "half_postcode" or row["postcode"])
        and (kind not in ("future_birth", "impossible_date", "date_format") or row["date_of_birth"])
        and (kind != "upn_check_letter" or row["upn"])
    ]
    kind = rng.choice(kinds)
    if kind == "nhs_check_digit":
        digits = row["nhs_number"].replace(" ", "")
        row["nhs_number"] = digits[:9] + str((int(digits[9]) + 1 + rng.randrange(8)) % 10)
        return "nhs_number", kind
    if kind == "half_postcode":
        row["postcode"] = row["postcode"].split()[0]
        return "postcode", kind
    if kind == "future_birth":
        row["date_of_birth"] = f"{as_of + timedelta(days=rng.randrange(30, 800)):%d/%m/%Y}"
        return "date_of_birth", kind
    if kind == "impossible_date":
        year = person.date_of_birth.year if person.date_of_birth else 2015
        row["date_of_birth"] = f"{rng.choice((30, 31))}/02/{year}"
        return "date_of_birth", kind
    if kind == "date_format":
        dob = person.date_of_birth or date(2015, 3, 14)
        row["date_of_birth"] = f"{dob:%d.%m.%Y}"
        return "date_of_birth", kind
    if kind == "upn_check_letter":
        upn = row["upn"]
        letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
        row["upn"] = letters[(letters.index(upn[0]) + 1 + rng.randrange(20)) % 23] + upn[1:]
        return "upn", kind
    if kind == "unknown_sex":
        row["sex"] = rng.choice(("X", "?", "N/K"))
        return "sex", kind
    row["ethnicity"] = rng.choice(("ZZZZ", "Other (old code 17)", "W1"))
    return "ethnicity", kind


def _rows(batch: Batch, rng: random.Random, as_of: date, bad_share: float, out: LegacyFile) -> list[list[str]]:
    names: dict[int, list[NameSpec]] = {}
    for name in batch.names:
        names.setdefault(name.person, []).append(name)
    addresses: dict[int, list[AddressSpec]] = {}
    for address in batch.addresses:
        addresses.setdefault(address.person, []).append(address)
    rows = []
    for person in batch.persons:
        home = _current(addresses.get(person.key, []))
        row = {
            "source_id": _source_id(person),
            "given_name": person.given_names,
            "family_name": person.family_name,
            "preferred_name": person.preferred_name,
            "other_names": _other_names(names.get(person.key, [])),
            "date_of_birth": _date(person.date_of_birth, rng),
            "expected_date_of_birth": _date(person.expected_date_of_birth, rng),
            "sex": person.sex,
            "nhs_number": _nhs(person.nhs_number, rng),
            "upn": person.upn,
            "ethnicity": person.ethnicity,
            "school": person.school,
            "address": ", ".join(p for p in (home.line_1, home.line_2, home.town) if p) if home else "",
            "postcode": home.postcode if home else "",
        }
        out.people[row["source_id"]] = (person.given_names, person.family_name)
        if rng.random() < bad_share:
            spoilt = _spoil(row, person, rng, as_of)
            if spoilt:
                out.bad[row["source_id"]] = spoilt
        rows.append([row[column] for column in HEADER])
    return rows


def write_legacy_file(
    path: Path, *, people: int, seed: int = 1, as_of: date | None = None, bad_share: float = 0.02
) -> LegacyFile:
    """Write about `people` rows (whole families: a few more, never fewer) to `path`."""
    as_of = as_of or date.today()
    rng = random.Random(seed)
    out = LegacyFile(path=path)
    # About 2.3 people per child in the demo council; ask for enough children, stop at `people`.
    generator = CouncilGenerator(children=max(1, people // 2), seed=seed, as_of=as_of, batch_people=2000)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(HEADER)
        for batch in generator.batches():
            rows = _rows(batch, rng, as_of, bad_share, out)
            writer.writerows(rows)
            out.rows += len(rows)
            if out.rows >= people:
                break
    return out
