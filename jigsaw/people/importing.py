"""Importing people from a legacy system's CSV export (docs/import-format.md).

Nobody is lost for one bad value. Each row is checked on its own (`record_from_row`): a value
that cannot go on the record (an NHS number failing its check digit, a future date of birth,
a postcode that is not one, a value a spreadsheet would run as a formula...) is set aside
with its reason (`ImportSetAside`, worked through on the import review screen) and the
person is imported without it. Only a row with nothing to identify a person (no source_id,
no usable name, a source_id already in the file) or that cannot be read into columns is
rejected whole, with its reason, to the rejects file. The file itself is read by
`import_reading.RowReader`, which loses no line to a stray quote or a wrong byte.

A person is matched to an earlier import through their legacy id (PersonIdentifier kind
"legacy" + source), so a re-run updates and never duplicates; values already set aside are
not listed twice.

Speed (a million-person migration): rows are saved in batches of BATCH_SIZE, each in one
transaction. New people are inserted in bulk (with one audit entry each, written as a save
would write it: every value and a snapshot); people already imported are looked up for the
whole batch at once and updated through ordinary saves (audited by the signals). If the
database refuses anything in the bulk path, that batch is saved again row by row, each row
in its own savepoint, so one refused row is rejected alone. Each batch also records how far
the import got (`ImportRun.last_row`), so running the same file again after an interruption
carries on from there; PostgreSQL's planner statistics are refreshed as the tables grow.

The importer never sets or lifts a restriction (there is no restricted_area column): a
record restricted in Jigsaw stays restricted when a re-run updates it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditlog.cid import correlation_id
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.spreadsheets import csv_writer, looks_like_formula, unneutralise

from .choices import Ethnicity, IdentifierKind, NameKind, Sex
from .import_reading import (
    COLUMNS,
    EXTRA_COLUMN,
    REJECTS_COLUMNS,
    Header,
    ImportFileError,
    RowReader,
    SourceRow,
    shown,
    unreadable,
)
from .matching import index_persons
from .matching.models import PersonMatchProfile, PersonSearchKey
from .models import Address, ImportRun, ImportSetAside, Person, PersonIdentifier, PersonName
from .services import next_council_id
from .validators import nhs_number_is_valid, normalise_nhs_number, normalise_postcode, upn_is_valid, validate_postcode

DEFAULT_SOURCE = "legacy"
BATCH_SIZE = 500

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
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


class RowRejected(Exception):
    """A row that cannot be imported at all; the message says why, in plain English."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class BadValue(Exception):
    """One value that cannot go on the record; the message says why. The person is still imported."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ImportInterrupted(Exception):
    """The import was stopped (Ctrl-C): everything up to `last_row` is saved."""

    def __init__(self, last_row: int):
        super().__init__(f"stopped after row {last_row}")
        self.last_row = last_row


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
class SetAside:
    """A value not put on the record: the column, the value as it was in the file, and why."""

    field: str
    value: str
    reason: str


@dataclass(frozen=True)
class PersonRecord:
    """One row, checked and tidied, ready to save; `set_aside` holds the values left out."""

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
    set_aside: tuple[SetAside, ...] = ()

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
    extra: tuple[str, ...] = ()
    where: str = ""  # "Row 7 (line 9 of the file)": how the messages name it

    @property
    def message(self) -> str:
        return f"{self.where or f'Row {self.row_number}'}: {self.reason}"


@dataclass(frozen=True)
class SetAsideNote:
    row_number: int
    source_id: str
    item: SetAside
    already_listed: bool = False


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0  # rows holding something (blank lines are not rows of data)
    blank_rows: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    set_aside: list[SetAsideNote] = field(default_factory=list)  # found by this run, for the report
    set_aside_new: int = 0  # values added to the review list
    set_aside_listed: int = 0  # values found again that were already on the list
    warnings: list[str] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    rejects_file: Path | None = None
    dry_run: bool = False
    run_id: int | None = None
    resumed_after: int = 0  # row the run carried on after (0: from the start)

    @property
    def summary(self) -> str:
        would = "would be " if self.dry_run else ""
        text = (
            f"{self.created} {would}created, {self.updated} {would}updated, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected ({self.rows} rows)"
        )
        found = self.set_aside_new + self.set_aside_listed
        if found:
            text += f"; {found} {'value' if found == 1 else 'values'} {would}set aside for review"
            if self.set_aside_listed:
                text += f" ({self.set_aside_listed} already on the list)"
        return text


# --- reading and checking one row ----------------------------------------------------------


def _tidy(value: str | None) -> str:
    return " ".join((value or "").split())


def parse_date(value: str, column: str) -> dt.date | None:
    """YYYY-MM-DD or DD/MM/YYYY; blank is None; anything else raises BadValue with the reason."""
    text = _tidy(value)
    if not text:
        return None
    iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
        if len(uk.group(3)) != 4:
            raise BadValue(f"{column} '{text}' has a two-digit year: write the year in full, like 14/03/2015")
    else:
        raise BadValue(f"{column} '{text}' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(f"{column} '{text}' is not a real date (there is no such day)") from None


def parse_sex(value: str) -> str:
    text = _tidy(value).lower()
    if not text:
        return ""
    try:
        return _SEX_WORDS[text]
    except KeyError:
        raise BadValue(
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
        raise BadValue(
            f"ethnicity '{text}' is not a DfE ethnicity code or name (for example WBRI or White British)"
        ) from None


def parse_nhs_number(value: str) -> str:
    text = _tidy(value)
    digits = normalise_nhs_number(text)
    if not re.fullmatch(r"\d{10}", digits):
        raise BadValue(f"nhs_number '{text}' is not 10 digits")
    if not nhs_number_is_valid(digits):
        raise BadValue(f"nhs_number '{text}' fails its check digit: it is mistyped or not an NHS number")
    return digits


def parse_upn(value: str) -> str:
    upn = _tidy(value).upper().replace(" ", "")
    if not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", upn):
        raise BadValue(f"upn '{upn}' is not a unique pupil number (a letter, then 11 digits, then a digit or letter)")
    if not upn_is_valid(upn):
        raise BadValue(f"upn '{upn}' fails its check letter: it is mistyped or not a UPN")
    return upn


def parse_postcode(value: str) -> str:
    code = normalise_postcode(_tidy(value))
    try:
        validate_postcode(code)
    except ValidationError:
        raise BadValue(f"postcode '{_tidy(value)}' is not a UK postcode (like LS1 4AP)") from None
    return code


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
        if looks_like_formula(given) or looks_like_formula(family):
            raise BadValue(
                f"other_names has a name beginning with '{(given or family)[0]}', which a spreadsheet would run as "
                "a formula: check what it should be"
            )
        if max(len(given), len(family)) > 200:
            raise BadValue("other_names has a name longer than 200 characters")
        if given or family:
            names.append(OtherName(kind, given, family))
    return tuple(names)


def parse_address(address: str, postcode: str) -> AddressParts | None:
    """'12 Mill Road, Eastfield, Northbridge' + postcode -> line 1, line 2, town."""
    code = parse_postcode(postcode) if _tidy(postcode) else ""
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
        raise BadValue("address is too long: at most 200 characters a line, and 100 for the town")
    return AddressParts(line_1, line_2, town, code)


class _Cells:
    """One row's cells, read for checking; the values that cannot be used are set aside."""

    def __init__(self, cells: Mapping[str, str]):
        self.cells = cells
        self.set_aside: list[SetAside] = []

    def put_aside(self, column: str, reason: str) -> None:
        self.set_aside.append(SetAside(column, shown(self.cells.get(column) or ""), reason))

    def text(self, column: str, *, free_text: bool = False, max_length: int = 0) -> str:
        """The cell tidied, or "" when blank or set aside (unreadable, a formula, too long)."""
        raw = self.cells.get(column) or ""
        if not raw.strip():
            return ""
        problem = unreadable(raw)
        if problem:
            self.put_aside(column, f"{column} {problem}")
            return ""
        text = _tidy(unneutralise(raw.strip()))  # a rejects file read back: '=… was written by us
        if free_text and looks_like_formula(text):
            self.put_aside(
                column,
                f"{column} '{text[:40]}' begins with '{text[0]}', which a spreadsheet would run as a formula: "
                "check what it should be",
            )
            return ""
        if max_length and len(text) > max_length:
            self.put_aside(column, f"{column} is longer than {max_length} characters")
            return ""
        return text

    def parsed(self, column: str, parse: Callable[[str], Any], *, free_text: bool = False) -> Any:
        text = self.text(column, free_text=free_text)
        if not text:
            return None
        try:
            return parse(text)
        except BadValue as e:
            self.put_aside(column, e.reason)
            return None


def _with_also(reason: str, set_aside: list[SetAside]) -> str:
    if not set_aside:
        return reason
    return f"{reason}. Also: " + "; ".join(item.reason for item in set_aside)


def record_from_row(row: Mapping[str, str], row_number: int, *, today: dt.date | None = None) -> PersonRecord:
    """Check one row. A bad value is set aside with its reason (record.set_aside) and the rest
    kept; RowRejected only when nothing identifies the person (no source_id, no usable name)."""
    today = today or timezone.localdate()
    cells = _Cells(row)
    raw_id = row.get("source_id") or ""
    if unreadable(raw_id):
        raise RowRejected(f"source_id {unreadable(raw_id)}")
    source_id = _tidy(unneutralise(raw_id.strip()))
    if not source_id:
        raise RowRejected("no source_id: every row needs the id the person has in the old system")
    if len(source_id) > 100:
        raise RowRejected("source_id is longer than 100 characters")
    given, family, preferred = (
        cells.text(column, free_text=True, max_length=200) for column in ("given_name", "family_name", "preferred_name")
    )
    dob = cells.parsed("date_of_birth", lambda text: parse_date(text, "date_of_birth"))
    if dob and dob > today:
        cells.put_aside(
            "date_of_birth",
            f"date_of_birth {dob:%d/%m/%Y} is in the future (for an unborn baby, use expected_date_of_birth)",
        )
        dob = None
    if dob and dob < _EARLIEST_BIRTH:
        cells.put_aside("date_of_birth", f"date_of_birth {dob:%d/%m/%Y} is before 1900")
        dob = None
    edd = cells.parsed("expected_date_of_birth", lambda text: parse_date(text, "expected_date_of_birth"))
    if dob and edd:
        cells.put_aside(
            "expected_date_of_birth",
            "expected_date_of_birth is given as well as date_of_birth: the date of birth was kept",
        )
        edd = None
    nhs = cells.parsed("nhs_number", parse_nhs_number) or ""
    upn = cells.parsed("upn", parse_upn) or ""
    sex = cells.parsed("sex", parse_sex) or ""
    ethnicity = cells.parsed("ethnicity", parse_ethnicity) or ""
    school = cells.text("school", free_text=True, max_length=200)
    other_names = cells.parsed("other_names", parse_other_names, free_text=True) or ()
    postcode = cells.parsed("postcode", parse_postcode) or ""
    address = cells.parsed("address", lambda text: parse_address(text, postcode), free_text=True)
    if address is None and postcode:
        address = AddressParts("", "", "", postcode)
    if not (given or family or preferred):
        names_aside = [
            item for item in cells.set_aside if item.field in ("given_name", "family_name", "preferred_name")
        ]
        reason = (
            "no name that can be used"
            if names_aside
            else "no name: give a given_name, a family_name or a preferred_name"
        )
        raise RowRejected(_with_also(reason, cells.set_aside))
    return PersonRecord(
        row_number=row_number,
        source_id=source_id,
        given_names=given,
        family_name=family,
        preferred_name=preferred,
        other_names=other_names,
        date_of_birth=dob,
        expected_date_of_birth=edd,
        sex=sex,
        nhs_number=nhs,
        upn=upn,
        ethnicity=ethnicity,
        school=school,
        address=address,
        set_aside=tuple(cells.set_aside),
    )


# --- saving ------------------------------------------------------------------------------


def _find(source: str, source_id: str) -> Person | None:
    identifier = (
        PersonIdentifier.objects.select_related("person")
        .filter(kind=IdentifierKind.LEGACY, source=source, value=source_id)
        .first()
    )
    if identifier is None:
        return None
    return _kept(identifier.person)


def _kept(person: Person) -> Person:
    while person.merged_into_id:  # a merged record's id leads to the record that was kept
        person = person.merged_into
    return person


def _name_key(given: str, family: str) -> tuple[str, str]:
    return given.lower(), family.lower()


def _address_key(line_1: str, postcode: str) -> tuple[str, str]:
    return line_1.lower(), postcode


@dataclass
class _Known:
    """What a person already has, so that nothing is added twice."""

    names: set[tuple[str, str]] = field(default_factory=set)
    addresses: set[tuple[str, str]] = field(default_factory=set)
    former_upns: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, person: Person) -> _Known:
        return cls(
            names={_name_key(n.given_names, n.family_name) for n in person.other_names.all()},
            addresses={_address_key(a.line_1, a.postcode) for a in person.addresses.all()},
            former_upns=set(person.identifiers.filter(kind=IdentifierKind.FORMER_UPN).values_list("value", flat=True)),
        )


def _new_names(person: Person, record: PersonRecord, known: _Known) -> list[PersonName]:
    names = []
    for name in record.other_names:
        key = _name_key(name.given_names, name.family_name)
        if key not in known.names:
            known.names.add(key)
            names.append(
                PersonName(person=person, kind=name.kind, given_names=name.given_names, family_name=name.family_name)
            )
    return names


def _new_address(person: Person, record: PersonRecord, known: _Known) -> Address | None:
    a = record.address
    if a is None or _address_key(a.line_1, a.postcode) in known.addresses:
        return None
    known.addresses.add(_address_key(a.line_1, a.postcode))
    return Address(person=person, line_1=a.line_1, line_2=a.line_2, town=a.town, postcode=a.postcode)


def _update_person(person: Person, record: PersonRecord, *, source: str, known: _Known) -> str:
    """Bring an imported person up to date with an ordinary save (audited by the signals).
    A blank cell or a value set aside leaves what Jigsaw holds. Returns "updated" or "unchanged"."""
    values = record.person_fields()
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
    if former_upn and former_upn not in known.former_upns:
        known.former_upns.add(former_upn)
        PersonIdentifier.objects.create(person=person, kind=IdentifierKind.FORMER_UPN, value=former_upn, source=source)
    added = False
    for name in _new_names(person, record, known):
        name.save()
        added = True
    address = _new_address(person, record, known)
    if address is not None:
        address.save()
        added = True
    return "updated" if changed or added else "unchanged"


def person_import_record(record: PersonRecord, *, source: str) -> tuple[Person, str]:
    """Create or update one person from a checked row, with ordinary saves (the row-by-row
    path). Returns the person and "created", "updated" or "unchanged"."""
    person = _find(source, record.source_id)
    if person is not None:
        return person, _update_person(person, record, source=source, known=_Known.of(person))
    person = Person(council_id=next_council_id(), **record.person_fields())
    person.save()
    PersonIdentifier.objects.create(person=person, kind=IdentifierKind.LEGACY, value=record.source_id, source=source)
    known = _Known()
    for name in _new_names(person, record, known):
        name.save()
    address = _new_address(person, record, known)
    if address is not None:
        address.save()
    return person, "created"


class _CouncilIds:
    """Council ids for new people, in order, without a query each. If someone adds a person
    meanwhile, the bulk insert meets the unique id and the batch is saved row by row instead."""

    def __init__(self) -> None:
        self._next: int | None = None

    def take(self) -> str:
        if self._next is None:
            self._next = int(next_council_id()[2:])
        value = f"NB{self._next:07d}"
        self._next += 1
        return value

    def forget(self) -> None:
        self._next = None


@dataclass
class _Ready:
    record: PersonRecord
    row: SourceRow


@dataclass
class _Outcome:
    """What one batch did; added to the result only once the batch is committed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    person_ids: list[int] = field(default_factory=list)
    notes: list[SetAsideNote] = field(default_factory=list)
    set_aside_new: int = 0
    set_aside_listed: int = 0
    refused: list[Rejection] = field(default_factory=list)

    def count(self, person: Person, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome != "unchanged":
            self.person_ids.append(person.pk)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Importer:
    """One pass over the rows: checks each, saves them in batches, keeps count."""

    def __init__(
        self,
        *,
        path: Path,
        source: str,
        run: ImportRun | None,
        result: ImportResult,
        batch_size: int,
        today: dt.date | None,
        progress: Callable[[str], None] | None,
    ):
        self.path = path
        self.source = source
        self.run = run
        self.result = result
        self.batch_size = batch_size
        self.today = today
        self.progress = progress
        self.ids = _CouncilIds()
        self.seen: dict[str, int] = {}
        self.batch: list[_Ready] = []
        # Progress since the last batch was saved, saved with the next one.
        self.last_row = run.last_row if run else 1
        self.rows_pending = 0
        self.rejected_pending = 0
        self.written_since_analyse = 0
        self.analysed_at = 0

    # --- reading -------------------------------------------------------------------------------

    def take(self, row: SourceRow, *, replay: bool) -> None:
        """One row of the file. `replay`: saved by an earlier, interrupted run of this file; it is
        checked again (for the report and the rejects file) but not saved again."""
        result = self.result
        if not replay:
            self.last_row = row.number
        if row.blank:
            result.blank_rows += 1
            return
        if not replay:
            self.rows_pending += 1
        if row.warning:
            result.warnings.append(f"{row.where}: {row.warning}")
        try:
            if row.problem:
                raise RowRejected(row.problem)
            record = record_from_row(row.cells, row.number, today=self.today)
            if record.source_id in self.seen:
                raise RowRejected(
                    f"source_id {record.source_id} is in the file twice (first on row {self.seen[record.source_id]}): "
                    "this row was not imported"
                )
            self.seen[record.source_id] = row.number
        except RowRejected as e:
            result.rejected.append(
                Rejection(
                    row.number,
                    _tidy(shown(row.cells.get("source_id") or "")),
                    e.reason,
                    dict(row.cells),
                    tuple(row.extra),
                    row.where,
                )
            )
            if not replay:
                self.rejected_pending += 1
            return
        if replay:
            return
        self.batch.append(_Ready(record, row))
        if len(self.batch) >= self.batch_size:
            self.save_batch()

    # --- saving --------------------------------------------------------------------------------

    def save_batch(self) -> None:
        """Save the rows read since the last batch, and how far the import got, in one transaction."""
        batch, self.batch = self.batch, []
        if not batch and not self.rows_pending:
            return
        outcome = _Outcome()
        try:
            with transaction.atomic():
                if batch:
                    try:
                        with transaction.atomic():
                            self._save_in_bulk(batch, outcome)
                    except DatabaseError:
                        # Something in the batch was refused: save it again row by row, so only
                        # the refused row is lost to the batch (and kept in the rejects file).
                        outcome = _Outcome()
                        self.ids.forget()
                        self._save_row_by_row(batch, outcome)
                        self.ids.forget()
                    if outcome.person_ids and not self.result.dry_run:
                        index_persons(outcome.person_ids)
                if self.run is not None:
                    self._save_progress(outcome)
                if self.result.dry_run:
                    raise _DryRun
        except _DryRun:
            pass  # everything the batch did is rolled back: a dry run changes nothing
        self._add(outcome)
        self.rows_pending = self.rejected_pending = 0
        self.written_since_analyse += outcome.created + outcome.updated
        if self.written_since_analyse >= max(10_000, self.analysed_at) and not self.result.dry_run:
            analyse_people_tables()
            self.analysed_at += self.written_since_analyse
            self.written_since_analyse = 0
        if self.progress:
            r = self.result
            self.progress(
                f"row {self.last_row:,}: {r.created:,} created, {r.updated:,} updated, {len(r.rejected):,} rejected"
            )

    def _add(self, outcome: _Outcome) -> None:
        result = self.result
        result.created += outcome.created
        result.updated += outcome.updated
        result.unchanged += outcome.unchanged
        result.set_aside.extend(outcome.notes)
        result.set_aside_new += outcome.set_aside_new
        result.set_aside_listed += outcome.set_aside_listed
        result.rejected.extend(outcome.refused)
        result.rows += self.rows_pending

    def _save_progress(self, outcome: _Outcome) -> None:
        assert self.run is not None
        ImportRun.objects.filter(pk=self.run.pk).update(
            last_row=self.last_row,
            rows=F("rows") + self.rows_pending,
            created=F("created") + outcome.created,
            updated=F("updated") + outcome.updated,
            unchanged=F("unchanged") + outcome.unchanged,
            rejected=F("rejected") + self.rejected_pending + len(outcome.refused),
            set_aside=F("set_aside") + outcome.set_aside_new,
            updated_at=timezone.now(),
        )
        if outcome.refused:
            self.run.refresh_from_db(fields=["refused"])
            self.run.refused = [*self.run.refused, *(_refused_json(r) for r in outcome.refused)]
            self.run.save(update_fields=["refused"])

    def _save_in_bulk(self, batch: list[_Ready], outcome: _Outcome) -> None:
        source = self.source
        links = dict(
            PersonIdentifier.objects.filter(
                kind=IdentifierKind.LEGACY, source=source, value__in=[r.record.source_id for r in batch]
            ).values_list("value", "person_id")
        )
        # One object per kept record, even when two legacy ids lead to it (records merged since).
        kept_by_pk: dict[int, Person] = {}
        found = {}
        for pk, person in Person.objects.in_bulk(set(links.values())).items():
            kept = _kept(person)
            found[pk] = kept_by_pk.setdefault(kept.pk, kept)
        new = [r for r in batch if r.record.source_id not in links]
        old = [r for r in batch if r.record.source_id in links]
        placed: list[tuple[_Ready, Person]] = []

        people = [Person(council_id=self.ids.take(), **r.record.person_fields()) for r in new]
        Person.objects.bulk_create(people)
        identifiers, names, addresses = [], [], []
        for ready, person in zip(new, people, strict=True):
            identifiers.append(
                PersonIdentifier(person=person, kind=IdentifierKind.LEGACY, value=ready.record.source_id, source=source)
            )
            known = _Known()
            names.extend(_new_names(person, ready.record, known))
            address = _new_address(person, ready.record, known)
            if address is not None:
                addresses.append(address)
        PersonIdentifier.objects.bulk_create(identifiers)
        PersonName.objects.bulk_create(names)
        Address.objects.bulk_create(addresses)
        if people:
            # One entry for the batch, naming every person and what was recorded for them, and
            # linked to each (AuditSubject), so each person's audit log shows their creation.
            # One entry a person would cost more than the rest of the import together.
            audit_record(
                actor=None,
                kind=AuditKind.CREATE,
                model=Person,
                purpose=f"{len(people)} people imported from {source}",
                details={
                    "file": self.path.name,
                    "people": {str(p.pk): self._details(r, p) for r, p in zip(new, people, strict=True)},
                },
                also_about=[person.pk for person in people],
            )
        for ready, person in zip(new, people, strict=True):
            outcome.count(person, "created")
            placed.append((ready, person))

        if old:
            kept_ids = {found[links[r.record.source_id]].pk for r in old}
            known_of: dict[int, _Known] = defaultdict(_Known)
            for pk, given, family in PersonName.objects.filter(person_id__in=kept_ids).values_list(
                "person_id", "given_names", "family_name"
            ):
                known_of[pk].names.add(_name_key(given, family))
            for pk, line_1, postcode in Address.objects.filter(person_id__in=kept_ids).values_list(
                "person_id", "line_1", "postcode"
            ):
                known_of[pk].addresses.add(_address_key(line_1, postcode))
            for pk, value in PersonIdentifier.objects.filter(
                person_id__in=kept_ids, kind=IdentifierKind.FORMER_UPN
            ).values_list("person_id", "value"):
                known_of[pk].former_upns.add(value)
            for ready in old:
                person = found[links[ready.record.source_id]]
                outcome.count(person, _update_person(person, ready.record, source=source, known=known_of[person.pk]))
                placed.append((ready, person))
        self._set_aside(placed, outcome)

    def _save_row_by_row(self, batch: list[_Ready], outcome: _Outcome) -> None:
        for ready in batch:
            try:
                with transaction.atomic():  # a savepoint: one row's failure leaves the others
                    person, kind = person_import_record(ready.record, source=self.source)
                    self._set_aside([(ready, person)], outcome)
            except DatabaseError as e:
                row = ready.row
                outcome.refused.append(
                    Rejection(
                        row.number,
                        ready.record.source_id,
                        f"could not be saved: {e}".strip(),
                        dict(row.cells),
                        tuple(row.extra),
                        row.where,
                    )
                )
                continue
            outcome.count(person, kind)

    def _set_aside(self, placed: list[tuple[_Ready, Person]], outcome: _Outcome) -> None:
        """List the values each person's row could not give, once each (a re-run adds none)."""
        wanted = [(ready, person, item) for ready, person in placed for item in ready.record.set_aside]
        if not wanted:
            return
        listed = set(
            ImportSetAside.objects.filter(
                source=self.source, source_id__in={ready.record.source_id for ready, _, _ in wanted}
            ).values_list("source_id", "field", "value_sha256")
        )
        new = []
        for ready, person, item in wanted:
            key = (ready.record.source_id, item.field, _sha256(item.value))
            already = key in listed
            listed.add(key)
            outcome.notes.append(SetAsideNote(ready.record.row_number, ready.record.source_id, item, already))
            if already:
                outcome.set_aside_listed += 1
                continue
            outcome.set_aside_new += 1
            if self.run is not None:
                new.append(
                    ImportSetAside(
                        run=self.run,
                        person=person,
                        source=self.source,
                        source_id=ready.record.source_id,
                        row_number=ready.record.row_number,
                        field=item.field,
                        value=item.value,
                        value_sha256=key[2],
                        reason=item.reason,
                    )
                )
        if new:
            ImportSetAside.objects.bulk_create(new)
            audit_record(
                actor=None,
                kind=AuditKind.IMPORT,
                model=ImportSetAside,
                purpose=f"values from {self.source} set aside for review",
                details={"file": self.path.name, "values": [[i.person_id, i.field] for i in new]},
                also_about=[i.person_id for i in new],
            )

    def _details(self, ready: _Ready, person: Person) -> dict[str, Any]:
        """What was recorded for a new person, for the audit log."""
        record = ready.record
        details: dict[str, Any] = {
            "council id": person.council_id,
            "row": record.row_number,
            "legacy id": f"{self.source} {record.source_id}",
            **{name: str(value) for name, value in record.person_fields().items()},
        }
        if record.other_names:
            details["other names"] = [
                f"{n.kind}: {' '.join(p for p in (n.given_names, n.family_name) if p)}" for n in record.other_names
            ]
        if record.address is not None:
            a = record.address
            details["address"] = ", ".join(p for p in (a.line_1, a.line_2, a.town, a.postcode) if p)
        if record.set_aside:
            details["set aside"] = [item.field for item in record.set_aside]
        return details


class _DryRun(Exception):
    pass


def _refused_json(rejection: Rejection) -> dict[str, Any]:
    return {
        "row": rejection.row_number,
        "source_id": rejection.source_id,
        "reason": rejection.reason,
        "cells": {k: shown(v) for k, v in rejection.row.items()},
        "extra": [shown(v) for v in rejection.extra],
        "where": rejection.where,
    }


def _refused_from_json(data: dict[str, Any]) -> Rejection:
    return Rejection(
        data["row"], data["source_id"], data["reason"], data["cells"], tuple(data["extra"]), data.get("where", "")
    )


def analyse_people_tables() -> None:
    """Fresh planner statistics after a bulk load: until autovacuum catches up PostgreSQL plans
    the legacy id look-ups as if the tables were still empty. Not inside a test's transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = (Person, PersonIdentifier, PersonName, Address, ImportSetAside, PersonSearchKey, PersonMatchProfile)
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _start_run(path: Path, source: str, *, restart: bool) -> tuple[ImportRun, int]:
    """This file's unfinished run, to carry on from (unless `restart`), or a new one."""
    digest = _file_sha256(path)
    unfinished = ImportRun.objects.filter(source=source, file_sha256=digest, finished_at__isnull=True).first()
    if unfinished is not None and not restart:
        return unfinished, unfinished.last_row if unfinished.last_row > 1 else 0
    if unfinished is not None:
        ImportRun.objects.filter(source=source, file_sha256=digest, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
    return ImportRun.objects.create(source=source, file_name=path.name[:255], file_sha256=digest), 0


def people_import(
    *,
    path: Path,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    today: dt.date | None = None,
    ignore_columns: Iterable[str] = (),
    restart: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import a legacy CSV file. Writes FILE.rejects.csv beside it when rows are rejected.
    Carries on after the last saved row if an earlier run of the same file was interrupted."""
    with RowReader(path, ignore_columns=tuple(ignore_columns)) as reader:
        header = reader.header
        result = ImportResult(dry_run=dry_run, ignored_columns=header.ignored)
        run, resume_after = (None, 0) if dry_run else _start_run(path, source, restart=restart)
        if run is not None:
            result.run_id = run.pk
        if resume_after:
            result.resumed_after = resume_after
            result.created, result.updated, result.unchanged = run.created, run.updated, run.unchanged
            result.rows, result.set_aside_new = run.rows, run.set_aside
            result.rejected.extend(_refused_from_json(item) for item in run.refused)
        importer = _Importer(
            path=path, source=source, run=run, result=result, batch_size=batch_size, today=today, progress=progress
        )
        token = correlation_id.set(f"import-{uuid.uuid4()}")  # ties every change of this import together
        try:
            for row in reader:
                importer.take(row, replay=row.number <= resume_after)
            importer.save_batch()
        except KeyboardInterrupt:
            raise ImportInterrupted(ImportRun.objects.get(pk=run.pk).last_row if run else 1) from None
        finally:
            correlation_id.reset(token)
    result.rejected.sort(key=lambda r: r.row_number)
    if run is not None:
        ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
        audit_record(
            actor=None,
            kind=AuditKind.IMPORT,
            model=Person,
            purpose=f"people imported from {source}",
            details={
                "file": path.name,
                "source": source,
                "run": run.pk,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": len(result.rejected),
                "set_aside": result.set_aside_new,
                "resumed_after_row": resume_after,
            },
        )
        if result.created or result.updated:
            analyse_people_tables()
    if result.rejected:
        result.rejects_file = rejects_path(path)
        write_rejects(result.rejects_file, result.rejected, header)
    return result


def rejects_path(path: Path) -> Path:
    """FILE.csv -> FILE.rejects.csv, beside it."""
    return path.with_name(f"{path.stem}.rejects.csv")


def write_rejects(path: Path, rejected: list[Rejection], header: Header | list[str]) -> None:
    """row, reason, then the row as it was (cells past the last column as extra_1, extra_2...):
    fix it in a spreadsheet and import the rejects file. Every cell is neutralised for
    spreadsheets (core.spreadsheets), and bytes that were not UTF-8 are written as \\xNN."""
    names = header.columns if isinstance(header, Header) else list(header)
    columns = [c for c in names if c and c not in REJECTS_COLUMNS and not EXTRA_COLUMN.fullmatch(c)]
    extra = max((len(r.extra) for r in rejected), default=0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["row", "reason", *columns, *(f"extra_{n + 1}" for n in range(extra))])
        for rejection in sorted(rejected, key=lambda r: r.row_number):
            row = dict(rejection.row) or {"source_id": rejection.source_id}
            where = rejection.where.partition(" (")[2].rstrip(")")
            reason = f"{rejection.reason} ({where})" if where else rejection.reason
            cells = [shown(row.get(c) or "") for c in columns]
            extras = [shown(v) for v in rejection.extra] + [""] * (extra - len(rejection.extra))
            writer.writerow([rejection.row_number, reason, *cells, *extras])


__all__ = [
    "COLUMNS",
    "DEFAULT_SOURCE",
    "BadValue",
    "ImportFileError",
    "ImportInterrupted",
    "ImportResult",
    "PersonRecord",
    "Rejection",
    "RowRejected",
    "SetAside",
    "analyse_people_tables",
    "parse_address",
    "parse_date",
    "people_import",
    "person_import_record",
    "record_from_row",
    "rejects_path",
    "write_rejects",
]
