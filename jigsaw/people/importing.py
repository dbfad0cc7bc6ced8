"""Importing people from a legacy system's CSV export (docs/import-format.md).

Each row is checked on its own (`record_from_row`): a bad row is rejected with its row
number and a plain-English reason, and every good row is imported. A person is matched to
an earlier import through their legacy id (PersonIdentifier kind "legacy" + source), so a
re-run updates and never duplicates. Rows are saved with ordinary model saves, so the
audit log records each change; the rows of a batch share one transaction, and each row
has its own savepoint so one failure cannot undo its neighbours.

The importer never sets or lifts a restriction (there is no restricted_area column): a
record restricted in Jigsaw stays restricted when a re-run updates it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditlog.cid import correlation_id
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from jigsaw.audit.services import audit_record

from .choices import Ethnicity, IdentifierKind, NameKind, Sex
from .matching import index_persons
from .models import Address, Person, PersonIdentifier, PersonName
from .services import next_council_id
from .validators import nhs_number_is_valid, normalise_nhs_number, normalise_postcode, upn_is_valid, validate_postcode

COLUMNS = (
    "source_id",
    "given_name",
    "family_name",
    "preferred_name",
    "other_names",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "nhs_number",
    "upn",
    "ethnicity",
    "school",
    "address",
    "postcode",
)
REQUIRED_COLUMNS = ("source_id",)
DEFAULT_SOURCE = "legacy"
BATCH_SIZE = 200

_SEX_WORDS = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "girl": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "boy": Sex.MALE,
    "man": Sex.MALE,
    "u": Sex.UNKNOWN,
    "unknown": Sex.UNKNOWN,
    "not known": Sex.UNKNOWN,
    "not stated": Sex.UNKNOWN,
    "i": Sex.INDETERMINATE,
    "indeterminate": Sex.INDETERMINATE,
}
_ETHNICITY = {code.lower(): code for code in Ethnicity.values} | {
    label.lower(): code for code, label in Ethnicity.choices
}
_NAME_KINDS = {"previous": NameKind.PREVIOUS, "alias": NameKind.ALIAS, "aka": NameKind.ALIAS, "birth": NameKind.BIRTH}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$")


class RowRejected(Exception):
    """A row that cannot be imported; the message says why, in plain English."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OtherName:
    kind: str
    given_names: str
    family_name: str


@dataclass(frozen=True)
class AddressParts:
    line_1: str
    line_2: str
    town: str
    postcode: str


@dataclass(frozen=True)
class PersonRecord:
    """One good row, checked and tidied, ready to save."""

    row_number: int
    source_id: str
    given_names: str = ""
    family_name: str = ""
    preferred_name: str = ""
    other_names: tuple[OtherName, ...] = ()
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    sex: str = ""
    nhs_number: str = ""
    upn: str = ""
    ethnicity: str = ""
    school: str = ""
    address: AddressParts | None = None

    def person_fields(self) -> dict[str, Any]:
        """The Person fields this row gives a value for (a blank cell gives none)."""
        values = {
            "given_names": self.given_names,
            "family_name": self.family_name,
            "preferred_name": self.preferred_name,
            "date_of_birth": self.date_of_birth,
            "expected_date_of_birth": self.expected_date_of_birth,
            "sex": self.sex,
            "nhs_number": self.nhs_number,
            "upn": self.upn,
            "ethnicity": self.ethnicity,
            "school": self.school,
        }
        return {name: value for name, value in values.items() if value not in ("", None)}


@dataclass(frozen=True)
class Rejection:
    row_number: int
    source_id: str
    reason: str
    row: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    rejects_file: Path | None = None
    dry_run: bool = False
    error: str = ""  # the file could not be read to the end: this says where and why

    @property
    def summary(self) -> str:
        would = "would be " if self.dry_run else ""
        return (
            f"{self.created} {would}created, {self.updated} {would}updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected"
        )


class ImportFileError(Exception):
    """The file as a whole cannot be read (no source_id column, not a CSV file...)."""


# --- reading and checking one row ----------------------------------------------------------


def _tidy(value: str | None) -> str:
    return " ".join((value or "").split())


def parse_date(value: str, column: str) -> dt.date | None:
    """YYYY-MM-DD or DD/MM/YYYY; blank is None; anything else is refused with the reason."""
    text = _tidy(value)
    if not text:
        return None
    iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
        if len(uk.group(3)) != 4:
            raise RowRejected(f"{column} '{text}' has a two-digit year: write the year in full, like 14/03/2015")
    else:
        raise RowRejected(f"{column} '{text}' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise RowRejected(f"{column} '{text}' is not a real date (there is no such day)") from None


def parse_sex(value: str) -> str:
    text = _tidy(value).lower()
    if not text:
        return ""
    try:
        return _SEX_WORDS[text]
    except KeyError:
        raise RowRejected(
            f"sex '{_tidy(value)}' is not one we know: use F, M, U (not known) or I (indeterminate), "
            "or the words female, male, unknown, indeterminate"
        ) from None


def parse_ethnicity(value: str) -> str:
    text = _tidy(value)
    if not text:
        return ""
    try:
        return _ETHNICITY[text.lower()]
    except KeyError:
        raise RowRejected(
            f"ethnicity '{text}' is not a DfE ethnicity code or name (for example WBRI or White British)"
        ) from None


def parse_other_names(value: str) -> tuple[OtherName, ...]:
    """'Jo Smith; previous: Jo Brown; Brown, Joanne' -> names. Last word is the family name;
    'Family, Given' puts the family name first; a single word is a family name."""
    names = []
    for part in (value or "").split(";"):
        text = _tidy(part)
        if not text:
            continue
        kind = NameKind.ALIAS
        prefix, colon, rest = text.partition(":")
        if colon and prefix.strip().lower() in _NAME_KINDS:
            kind, text = _NAME_KINDS[prefix.strip().lower()], _tidy(rest)
        if "," in text:
            family, _, given = text.partition(",")
        elif " " in text:
            given, _, family = text.rpartition(" ")
        else:
            given, family = "", text
        given, family = _tidy(given), _tidy(family)
        if given or family:
            names.append(OtherName(kind, given, family))
    return tuple(names)


def parse_address(address: str, postcode: str) -> AddressParts | None:
    """'12 Mill Road, Eastfield, Northbridge' + postcode -> line 1, line 2, town."""
    code = ""
    if _tidy(postcode):
        code = normalise_postcode(postcode)
        try:
            validate_postcode(code)
        except ValidationError:
            raise RowRejected(f"postcode '{_tidy(postcode)}' is not a UK postcode (like LS1 4AP)") from None
    parts = [_tidy(p) for p in (address or "").split(",") if _tidy(p)]
    if parts and code and normalise_postcode(parts[-1]) == code:
        parts.pop()  # the postcode written again at the end of the address
    if not parts and not code:
        return None
    if not parts:
        return AddressParts("", "", "", code)
    line_1 = parts[0]
    town = parts[-1] if len(parts) > 1 else ""
    line_2 = ", ".join(parts[1:-1])
    if max(len(line_1), len(line_2)) > 200 or len(town) > 100:
        raise RowRejected("address is too long: at most 200 characters a line, and 100 for the town")
    return AddressParts(line_1, line_2, town, code)


def record_from_row(row: Mapping[str, str], row_number: int, *, today: dt.date | None = None) -> PersonRecord:
    """Check one row; raise RowRejected with the first problem found."""
    today = today or timezone.localdate()
    source_id = _tidy(row.get("source_id"))
    if not source_id:
        raise RowRejected("no source_id: every row needs the id the person has in the old system")
    if len(source_id) > 100:
        raise RowRejected("source_id is longer than 100 characters")
    given, family, preferred = (_tidy(row.get(c)) for c in ("given_name", "family_name", "preferred_name"))
    if not (given or family or preferred):
        raise RowRejected("no name: give a given_name, a family_name or a preferred_name")
    for column, value in (("given_name", given), ("family_name", family), ("preferred_name", preferred)):
        if len(value) > 200:
            raise RowRejected(f"{column} is longer than 200 characters")
    dob = parse_date(row.get("date_of_birth", ""), "date_of_birth")
    edd = parse_date(row.get("expected_date_of_birth", ""), "expected_date_of_birth")
    if dob and dob > today:
        raise RowRejected(
            f"date_of_birth {dob:%d/%m/%Y} is in the future (for an unborn baby, use expected_date_of_birth)"
        )
    if dob and dob < dt.date(1900, 1, 1):
        raise RowRejected(f"date_of_birth {dob:%d/%m/%Y} is before 1900")
    if dob and edd:
        raise RowRejected("give date_of_birth or expected_date_of_birth, not both")
    nhs = _tidy(row.get("nhs_number"))
    if nhs:
        digits = normalise_nhs_number(nhs)
        if not re.fullmatch(r"\d{10}", digits):
            raise RowRejected(f"nhs_number '{nhs}' is not 10 digits")
        if not nhs_number_is_valid(digits):
            raise RowRejected(f"nhs_number '{nhs}' fails its check digit: it is mistyped or not an NHS number")
        nhs = digits
    upn = _tidy(row.get("upn")).upper().replace(" ", "")
    if upn:
        if not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", upn):
            raise RowRejected(
                f"upn '{upn}' is not a unique pupil number (a letter, then 11 digits, then a digit or letter)"
            )
        if not upn_is_valid(upn):
            raise RowRejected(f"upn '{upn}' fails its check letter: it is mistyped or not a UPN")
    school = _tidy(row.get("school"))
    if len(school) > 200:
        raise RowRejected("school is longer than 200 characters")
    return PersonRecord(
        row_number=row_number,
        source_id=source_id,
        given_names=given,
        family_name=family,
        preferred_name=preferred,
        other_names=parse_other_names(row.get("other_names", "")),
        date_of_birth=dob,
        expected_date_of_birth=edd,
        sex=parse_sex(row.get("sex", "")),
        nhs_number=nhs,
        upn=upn,
        ethnicity=parse_ethnicity(row.get("ethnicity", "")),
        school=school,
        address=parse_address(row.get("address", ""), row.get("postcode", "")),
    )


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (tidied, lower case) and the rows with their spreadsheet row numbers (header = 1)."""
    handle = path.open(newline="", encoding="utf-8-sig")  # utf-8-sig: spreadsheets add a BOM
    reader = csv.reader(handle)
    try:
        header = [_tidy(h).lower() for h in next(reader)]
    except StopIteration:
        handle.close()
        raise ImportFileError("The file is empty") from None
    except (csv.Error, UnicodeDecodeError) as e:
        handle.close()
        raise ImportFileError(f"The file cannot be read as CSV in UTF-8: {e}") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        handle.close()
        raise ImportFileError(
            f"The file has no {', '.join(missing)} column. The first row must name the columns: " + ", ".join(COLUMNS)
        )

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 1
        with handle:
            try:
                for number, values in enumerate(reader, start=2):
                    if not any(v.strip() for v in values):
                        continue  # a blank line is not a person
                    yield number, dict(zip(header, values, strict=False))
            except (csv.Error, UnicodeDecodeError) as e:
                raise ImportFileError(
                    f"The file cannot be read after row {number}: {e}. Save it as CSV UTF-8 and run the "
                    "import again: people already imported will be updated, not duplicated"
                ) from None

    return header, rows()


# --- saving ------------------------------------------------------------------------------


def _find(source: str, source_id: str) -> Person | None:
    identifier = (
        PersonIdentifier.objects.select_related("person")
        .filter(kind=IdentifierKind.LEGACY, source=source, value=source_id)
        .first()
    )
    if identifier is None:
        return None
    person = identifier.person
    while person.merged_into_id:  # a merged record's id leads to the record that was kept
        person = person.merged_into
    return person


def person_import_record(record: PersonRecord, *, source: str) -> tuple[Person, str]:
    """Create or update one person from a checked row. Returns the person and
    "created", "updated" or "unchanged"."""
    person = _find(source, record.source_id)
    values = record.person_fields()
    if person is None:
        person = Person(council_id=next_council_id(), **values)
        person.save()
        PersonIdentifier.objects.create(
            person=person, kind=IdentifierKind.LEGACY, value=record.source_id, source=source
        )
        outcome = "created"
    else:
        if values.get("date_of_birth"):
            values["expected_date_of_birth"] = None  # born since the last import
        elif person.date_of_birth:
            values.pop("expected_date_of_birth", None)  # already born: an old expected date is history
        former_upn = person.upn if values.get("upn") and person.upn and person.upn != values["upn"] else ""
        changed = {name: value for name, value in values.items() if getattr(person, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(person, name, value)
            person.version += 1
            person.save()
        if former_upn and not person.identifiers.filter(kind=IdentifierKind.FORMER_UPN, value=former_upn).exists():
            PersonIdentifier.objects.create(
                person=person, kind=IdentifierKind.FORMER_UPN, value=former_upn, source=source
            )
        outcome = "updated" if changed else "unchanged"

    added = False
    known = {(n.given_names.lower(), n.family_name.lower()) for n in person.other_names.all()}
    for name in record.other_names:
        if (name.given_names.lower(), name.family_name.lower()) not in known:
            PersonName.objects.create(
                person=person, kind=name.kind, given_names=name.given_names, family_name=name.family_name
            )
            known.add((name.given_names.lower(), name.family_name.lower()))
            added = True
    if record.address is not None:
        a = record.address
        same = person.addresses.filter(line_1__iexact=a.line_1, postcode=a.postcode).exists()
        if not same:
            Address.objects.create(person=person, line_1=a.line_1, line_2=a.line_2, town=a.town, postcode=a.postcode)
            added = True
    if added and outcome == "unchanged":
        outcome = "updated"
    return person, outcome


def people_import(
    *,
    path: Path,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    today: dt.date | None = None,
) -> ImportResult:
    """Import a legacy CSV file. Writes FILE.rejects.csv beside it when rows are rejected."""
    header, rows = read_rows(path)
    result = ImportResult(dry_run=dry_run, ignored_columns=tuple(c for c in header if c and c not in COLUMNS))
    seen: dict[str, int] = {}
    batch: list[tuple[PersonRecord, dict[str, str]]] = []
    token = correlation_id.set(f"import-{uuid.uuid4()}")  # ties every change of this import together
    try:
        while True:
            try:
                row_number, row = next(rows)
            except StopIteration:
                break
            except ImportFileError as e:
                # Keep what was read before the unreadable part; the caller reports the error.
                result.error = str(e)
                break
            try:
                record = record_from_row(row, row_number, today=today)
                if record.source_id in seen:
                    raise RowRejected(
                        f"source_id {record.source_id} is in the file twice (first on row {seen[record.source_id]}): "
                        "this row was not imported"
                    )
                seen[record.source_id] = row_number
            except RowRejected as e:
                result.rejected.append(Rejection(row_number, _tidy(row.get("source_id")), e.reason, row))
                continue
            batch.append((record, row))
            if len(batch) >= batch_size:
                _save_batch(batch, source, result)
                batch = []
        _save_batch(batch, source, result)
        if not dry_run and (result.created or result.updated):
            index_persons(result.person_ids)
        if not dry_run:
            audit_record(
                actor=None,
                kind="import",
                model=Person,
                purpose=f"people imported from {source}",
                details={
                    "file": path.name,
                    "source": source,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "rejected": len(result.rejected),
                    "error": result.error,
                },
            )
    finally:
        correlation_id.reset(token)
    if result.rejected:
        result.rejects_file = rejects_path(path)
        write_rejects(result.rejects_file, result.rejected, header)
    return result


class _DryRun(Exception):
    pass


def _save_batch(batch: list[tuple[PersonRecord, dict[str, str]]], source: str, result: ImportResult) -> None:
    if not batch:
        return
    try:
        with transaction.atomic():
            for record, row in batch:
                try:
                    with transaction.atomic():  # a savepoint: one row's failure leaves the others
                        person, outcome = person_import_record(record, source=source)
                except DatabaseError as e:
                    result.rejected.append(
                        Rejection(record.row_number, record.source_id, f"could not be saved: {e}".strip(), row)
                    )
                    continue
                setattr(result, outcome, getattr(result, outcome) + 1)
                if outcome != "unchanged":
                    result.person_ids.append(person.pk)
            if result.dry_run:
                raise _DryRun
    except _DryRun:
        pass  # everything the batch did is rolled back: a dry run changes nothing


def rejects_path(path: Path) -> Path:
    """FILE.csv -> FILE.rejects.csv, beside it."""
    return path.with_name(f"{path.stem}.rejects.csv")


def write_rejects(path: Path, rejected: list[Rejection], header: list[str]) -> None:
    """row, reason, then the row as it was: fix it in a spreadsheet and import the rejects file."""
    columns = [c for c in header if c and c not in ("row", "reason")]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "reason", *columns])
        for rejection in sorted(rejected, key=lambda r: r.row_number):
            row = dict(rejection.row) or {"source_id": rejection.source_id}
            writer.writerow([rejection.row_number, rejection.reason, *(row.get(c, "") for c in columns)])


__all__ = [
    "COLUMNS",
    "DEFAULT_SOURCE",
    "ImportFileError",
    "ImportResult",
    "PersonRecord",
    "Rejection",
    "RowRejected",
    "parse_address",
    "parse_date",
    "people_import",
    "person_import_record",
    "read_rows",
    "record_from_row",
    "rejects_path",
]
