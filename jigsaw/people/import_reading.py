"""Reading a legacy CSV file row by row so that nothing in it is lost or silently swallowed.

The csv module on its own reads a quote that is never closed to the end of the file, drops
the cells past the last column, and stops at the first byte that is not UTF-8. Here:

- Lines are numbered as they are read, so every message names the row (as a spreadsheet
  counts it, the header being row 1) and, where they differ, the lines of the file.
- Quotes are read strictly. A row whose quote is never closed (or is closed and then
  followed by more text) is set aside on its own, and the lines after it are read again
  as rows of their own: one stray quote costs one row, not the rest of the file. A quoted
  value spanning lines that look like whole rows is treated the same way.
- Bytes that are not UTF-8 are kept (surrogate escapes) rather than stopping the file; the
  importer sets that one value aside (see `shown`), as it does a value with a NUL byte.
- A row with more cells than the header has columns is not read into columns (a comma not in
  quotes has moved every value after it), and two short rows that add up to one whole row
  are recognised as one row broken by a line break not in quotes.
- The header is checked before any row: no name in a column, a column named twice, a column
  Jigsaw does not know (its values would be lost: the file is refused unless the column is
  ignored on purpose), no source_id, no name column, or a first row that is a person.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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
NAME_COLUMNS = ("given_name", "family_name", "preferred_name")
# The rejects file's own columns: importing a corrected rejects file ignores them.
REJECTS_COLUMNS = ("row", "reason")
# Cells past the last column, written back by the rejects file as extra_1, extra_2...
EXTRA_COLUMN = re.compile(r"extra_\d+")

# What other systems call the columns: suggested, never assumed.
_OTHER_NAMES_FOR = {
    "surname": "family_name",
    "last_name": "family_name",
    "lastname": "family_name",
    "forename": "given_name",
    "forenames": "given_name",
    "first_name": "given_name",
    "firstname": "given_name",
    "first_names": "given_name",
    "known_as": "preferred_name",
    "aliases": "other_names",
    "aka": "other_names",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "edd": "expected_date_of_birth",
    "due_date": "expected_date_of_birth",
    "gender": "sex",
    "nhs": "nhs_number",
    "nhs_no": "nhs_number",
    "id": "source_id",
    "legacy_id": "source_id",
    "person_id": "source_id",
    "post_code": "postcode",
    "address_line_1": "address",
}
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")
_SURROGATE = re.compile("[\udc80-\udcff]")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (no header, unknown columns, not a CSV file...)."""


def shown(value: str) -> str:
    """A cell as it can be stored and shown: bytes that are not UTF-8 and NUL bytes written as
    \\xNN (PostgreSQL refuses NUL in text, and SQLite would keep it: this way both keep the same)."""
    text = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text.replace("\x00", "\\x00")


def unreadable(value: str) -> str:
    """Why a cell cannot be used as it is, or "" if it can."""
    if "\x00" in value:
        return "has a NUL character (a zero byte) in it: the file may be damaged"
    if _SURROGATE.search(value):
        return (
            "has characters that are not UTF-8 (shown as \\x..): the file may have been saved as 'CSV' "
            "rather than 'CSV UTF-8'"
        )
    return ""


def column_name(text: str) -> str:
    """A header cell as a column name: 'Source ID' and 'source-id' are source_id."""
    name = " ".join(text.replace("\ufeff", "").split()).lower()
    return re.sub(r"[\s-]+", "_", name)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _preview(values: list[str], limit: int = 4) -> str:
    cells = [f"'{shown(v.strip())[:40]}'" for v in values if v.strip()]
    more = f" and {len(cells) - limit} more" if len(cells) > limit else ""
    return ", ".join(cells[:limit]) + more


@dataclass
class Header:
    columns: list[str]  # every named column, in the file's order
    row_number: int
    ignored: tuple[str, ...] = ()  # named, not imported: the rejects file's row and reason, --ignore-column
    extra_columns: tuple[int, ...] = ()  # positions of extra_N columns (a rejects file read back)

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def imported(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c in COLUMNS)


@dataclass
class SourceRow:
    """One row of the file as read: its cells by column, and anything odd about its shape."""

    number: int  # as a spreadsheet counts rows: the header is row 1
    first_line: int  # lines of the file (a value in quotes may span lines)
    last_line: int
    cells: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)  # cells past the named columns
    count: int = 0  # how many cells the row had
    problem: str = ""  # why it cannot be read into columns: then it is rejected whole
    warning: str = ""  # read, but something was assumed (missing cells read as blank)
    blank: bool = False

    @property
    def where(self) -> str:
        """'Row 7', or 'Row 7 (line 9 of the file)' when a text editor would count otherwise."""
        if self.first_line == self.last_line:
            if self.first_line == self.number:
                return f"Row {self.number}"
            return f"Row {self.number} (line {self.first_line} of the file)"
        return f"Row {self.number} (lines {self.first_line} to {self.last_line} of the file)"


@dataclass
class _Record:
    first_line: int
    last_line: int
    values: list[str]
    problem: str = ""


class _LineFeed:
    """The file's lines for csv.reader, numbered, keeping the lines of the record being read
    so that a broken record can be put back and its lines read again one by one."""

    def __init__(self, stream: IO[str]):
        self._stream = stream
        self._pushed: list[tuple[int, str]] = []
        self._count = 0
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self._pushed:
            item = self._pushed.pop()
        else:
            text = self._stream.readline()
            if not text:
                raise StopIteration
            self._count += 1
            item = (self._count, text)
        self.taken.append(item)
        return item[1]

    def push_back(self, items: list[tuple[int, str]]) -> None:
        self._pushed.extend(reversed(items))


def _cells_of_line(text: str) -> list[str]:
    """The cells of one broken line, as best they can be read, for the rejects file."""
    try:
        return next(csv.reader([text], strict=False), [])
    except csv.Error:
        return [text.rstrip("\r\n")]


def _quote_problem(error: csv.Error | None, lines: int) -> str:
    message = str(error or "")
    if lines > 1 or error is None or "end of data" in message or "field larger" in message:
        return (
            'a quote (") opened in this row is not closed where its value ends, so the lines after it would have '
            "been read as part of one value: this row was not imported, and the lines after it were read as rows "
            "of their own. Close the quote, or take it out"
        )
    if "expected after" in message:
        return (
            'a quote (") in this row is closed and then followed by more text, like "Mill Road"X: this row was '
            'not imported. Put the whole value in quotes, and write a quote inside a value as two quotes ("")'
        )
    return f"cannot be read as CSV ({message}): this row was not imported"


class RowReader:
    """The header and then the rows of a legacy file. Use as a context manager, iterate once."""

    def __init__(self, path: Path, *, ignore_columns: tuple[str, ...] = ()):
        self._handle = path.open("rb")
        try:
            start = self._handle.read(4)
            if start[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(start) == 4 and b"\x00" in start[:2]):
                raise ImportFileError(
                    "The file is saved as UTF-16 ('Unicode text'), not UTF-8. Open it in a spreadsheet and save it "
                    "as 'CSV UTF-8 (comma delimited)', then import that file"
                )
            self._handle.seek(0)
            # utf-8-sig: a spreadsheet's "CSV UTF-8" starts with a byte-order mark, which is not a cell.
            stream = io.TextIOWrapper(self._handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
            self._feed = _LineFeed(stream)
            self._width = 0
            self._number = 0
            self._records = self._read_records()
            self.header = self._read_header(tuple(column_name(c) for c in ignore_columns))
        except BaseException:
            self._handle.close()
            raise

    def __enter__(self) -> RowReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._handle.close()

    # --- records: csv rows with their lines, quotes checked -------------------------------------

    def _read_records(self) -> Iterator[_Record]:
        feed = self._feed
        reader = csv.reader(feed, strict=True)
        while True:
            feed.taken = []
            error: csv.Error | None = None
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                error, values = e, []
            taken = feed.taken
            if not taken:
                return
            first, last = taken[0][0], taken[-1][0]
            if error is not None or (last > first and self._swallowed(values)):
                # Only the row the quote opened in is lost; the lines after it are read again.
                feed.push_back(taken[1:])
                reader = csv.reader(feed, strict=True)
                yield _Record(first, first, _cells_of_line(taken[0][1]), _quote_problem(error, len(taken)))
                continue
            yield _Record(first, last, values)

    def _swallowed(self, values: list[str]) -> bool:
        """A value in quotes spanning lines: is it really lines that are rows of their own?"""
        if not self._width:
            return True  # a header does not span lines
        if len(values) > self._width:
            return True
        commas = max(3, self._width - 1)
        return any(line.count(",") >= commas for value in values for line in value.splitlines()[1:])

    # --- the header ----------------------------------------------------------------------------

    def _read_header(self, ignore: tuple[str, ...]) -> Header:
        for record in self._records:
            self._number += 1
            if not any(v.strip() for v in record.values):
                continue  # blank lines before the header
            if record.problem:
                raise ImportFileError(f"The header row (row {self._number}) cannot be read: {record.problem}")
            header = self._check_header(record.values, ignore)
            self._width = header.width
            return header
        raise ImportFileError(
            "The file is empty: it needs a first row naming the columns (source_id, given_name, family_name...) "
            "and a row for each person"
        )

    def _check_header(self, values: list[str], ignore: tuple[str, ...]) -> Header:
        names = [column_name(v) for v in values]
        while names and not names[-1]:
            names.pop()  # empty columns after the last one: a spreadsheet leaves those
        blank = [i + 1 for i, name in enumerate(names) if not name]
        if blank:
            raise ImportFileError(
                f"Column {blank[0]} of the header row (the first row) has no name. Name it (the columns are "
                f"listed in docs/import-format.md), or delete the column if it holds nothing"
            )
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            name = repeated[0]
            places = " and ".join(str(i + 1) for i, n in enumerate(names) if n == name)
            raise ImportFileError(
                f"The header row names the column {name} twice (columns {places}): which one to import is not "
                "clear, so nothing was imported. Rename or delete one of them"
            )
        if "source_id" not in names:
            if any(_DATE_LIKE.match(v.strip()) for v in values) or (values and values[0].strip().isdigit()):
                raise ImportFileError(
                    f"The first row should name the columns, but it looks like a person ({_preview(values)}). "
                    "Add a first row naming the columns: " + ", ".join(COLUMNS)
                )
            raise ImportFileError(
                "The file has no source_id column. The first row must name the columns: " + ", ".join(COLUMNS)
            )
        unknown = [
            n
            for n in names
            if n not in COLUMNS and n not in REJECTS_COLUMNS and n not in ignore and not EXTRA_COLUMN.fullmatch(n)
        ]
        if unknown:
            described = []
            for name in unknown:
                close = _OTHER_NAMES_FOR.get(name) or next(
                    iter(difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)), ""
                )
                described.append(f"{name} (did you mean {close}?)" if close else name)
            raise ImportFileError(
                f"The header row names {_plural(len(unknown), 'column')} that Jigsaw does not import: "
                f"{', '.join(described)}. Their values would be lost, so nothing was imported. Rename "
                f"each to a column listed in docs/import-format.md, or, to leave a column out on purpose, run "
                f"the import again with --ignore-column {unknown[0]}"
            )
        if not any(n in names for n in NAME_COLUMNS):
            raise ImportFileError(
                "The file has no name column: every person needs a given_name, family_name or preferred_name"
            )
        return Header(
            columns=names,
            row_number=self._number,
            ignored=tuple(n for n in names if n in REJECTS_COLUMNS or n in ignore),
            extra_columns=tuple(i for i, n in enumerate(names) if EXTRA_COLUMN.fullmatch(n)),
        )

    # --- rows ------------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[SourceRow]:
        pending: SourceRow | None = None  # a short row, until the next shows whether it is half a row
        after_quote: SourceRow | None = None
        for record in self._records:
            self._number += 1
            row = self._row(record)
            if row.blank:
                if pending is not None:
                    yield pending
                    pending = None
                yield row
                continue
            if after_quote is not None and not row.problem and row.count < self._width:
                row.problem = (
                    f"comes straight after row {after_quote.number}, whose quote was not closed, and has fewer "
                    f"cells than the header: it is probably the rest of row {after_quote.number}, so it was not "
                    "imported"
                )
                row.warning = ""
            after_quote = row if record.problem else None
            if pending is not None:
                if row.warning and not row.problem and pending.count + row.count - 1 == self._width:
                    both = (
                        f"rows {pending.number} and {row.number} look like one row broken in two by a line break "
                        "inside a value that is not in quotes, so neither was imported: join them into one row "
                        "(or put the value with the line break in quotes)"
                    )
                    pending.problem = row.problem = both
                    pending.warning = row.warning = ""
                    yield pending
                    pending = None
                    yield row
                    continue
                yield pending
                pending = None
            if row.warning:
                pending = row
                continue
            yield row
        if pending is not None:
            yield pending

    def _row(self, record: _Record) -> SourceRow:
        header = self.header
        values = record.values
        row = SourceRow(number=self._number, first_line=record.first_line, last_line=record.last_line)
        row.cells = dict(zip(header.columns, values, strict=False))
        positional_extra = [values[i] for i in header.extra_columns if i < len(values)]
        row.extra = positional_extra + values[header.width :]
        row.count = len(values)
        row.problem = record.problem
        if row.problem:
            return row
        if not any(v.strip() for v in values):
            row.blank = True
            return row
        if [column_name(v) for v in values[: header.width]] == header.columns:
            row.problem = "repeats the header row (were two files joined together?): it is not a person"
            return row
        extra = [v for v in row.extra if v.strip()]
        if extra:
            row.problem = (
                f"has {_plural(len(extra), 'cell')} more than the header has columns ({_preview(extra)}). A comma "
                "inside a value that is not in quotes moves every value after it into the wrong column, so this "
                "row was not imported: put quotes round the value with the comma, or delete the extra cells"
            )
            return row
        if len(values) < header.width:
            missing = [c for c in header.columns[len(values) :] if c in COLUMNS]
            if missing:
                row.warning = (
                    f"has {len(values)} cells but the header has {header.width} columns: "
                    f"{', '.join(missing)} {'was' if len(missing) == 1 else 'were'} read as blank"
                )
        return row


__all__ = [
    "COLUMNS",
    "NAME_COLUMNS",
    "Header",
    "ImportFileError",
    "RowReader",
    "SourceRow",
    "column_name",
    "shown",
    "unreadable",
]
