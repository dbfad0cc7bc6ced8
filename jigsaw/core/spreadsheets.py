"""Writing spreadsheets safely: every CSV or XLSX cell Jigsaw writes goes through `safe_cell`.

A cell that begins with `=`, `+`, `-` or `@` is run as a formula when the file is opened in
Excel, LibreOffice or Google Sheets, and a formula can fetch web pages, run commands (DDE)
or send the sheet's contents elsewhere ("CSV injection", OWASP). Some spreadsheets skip a
leading tab, carriage return, line feed or space before looking, and some read the
full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) too. `safe_cell` puts a single quote `'` before such a value:
spreadsheets show the rest as text and run nothing (OWASP's advice).

Numbers are not mangled. A value that is a number in Python (int, float, Decimal) is
written as it is, and so is a text that is exactly a plain number (`-12`, `+3.5`,
`-1,250.00`): a spreadsheet reads those as numbers, and no formula can be made of digits
alone. So a column of amounts or counts with negative values comes out as numbers, while
`-2+3+cmd|...`, `-Smith` or `=SUM(A1)` come out quoted. Writers of numeric columns should
pass numbers, not text; either way works.

Jigsaw's own readers undo the quote (`unneutralise`), so a file Jigsaw wrote can be
corrected in a spreadsheet and read back (the people importer's rejects file).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from django.http import HttpResponse

from jigsaw.records.disclosures import DisclosureRoute, disclosures_record, downloaded_by

# What a spreadsheet may take as the start of a formula (OWASP), with the full-width forms.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet take this text as a formula? (Plain numbers are not formulas.)"""
    stripped = text.lstrip(" ")
    if not stripped.startswith(FORMULA_STARTS):
        return False
    return not _PLAIN_NUMBER.fullmatch(stripped)


def safe_cell(value: Any) -> Any:
    """The value to write in a spreadsheet cell: formula-like text gets a leading `'`.

    None becomes an empty cell; numbers, dates and booleans are written as they are (an
    XLSX writer keeps their types; the csv module writes them as text, which is safe).
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return value
    text = str(value)
    return QUOTE + text if looks_like_formula(text) else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unneutralise(text: str) -> str:
    """Undo `safe_cell` on a cell read back from a file Jigsaw wrote (or a spreadsheet saved):
    `'=SUM(A1)` -> `=SUM(A1)`. Any other text is returned as it is."""
    if text.startswith(QUOTE) and looks_like_formula(text[1:]):
        return text[1:]
    return text


class SafeCsvWriter:
    """csv.writer whose every cell goes through safe_cell."""

    def __init__(self, handle: IO[str], **fmtparams: Any) -> None:
        self._writer = csv.writer(handle, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str], **fmtparams: Any) -> SafeCsvWriter:
    """Use instead of csv.writer for any file a person may open in a spreadsheet."""
    return SafeCsvWriter(handle, **fmtparams)


def write_csv_rows(handle: IO[str], header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> None:
    """A header and rows, every cell neutralised."""
    writer = csv_writer(handle)
    writer.writerow(header)
    writer.writerows(rows)


def export_disclosed(*, user: Any, about: Iterable[int], what: str) -> None:
    """An export of people's records leaves Jigsaw: one disclosure log line per person in it
    (one INSERT). Every CSV or XLSX of named people calls this (csv_response does, given `about`)."""
    disclosures_record(person_ids=about, route=DisclosureRoute.EXPORT, what=what, **downloaded_by(user))


def csv_response(
    filename: str,
    header: Iterable[Any],
    rows: Iterable[Iterable[Any]],
    *,
    user: Any = None,
    about: Iterable[int] = (),
) -> HttpResponse:
    """A CSV download (UTF-8 with a byte-order mark, so Excel reads the accents), every cell
    neutralised. Audit the export before returning it (audit_record, kind "export"). `about`:
    the ids of the people it names, for the disclosure log (with the `user` who took it)."""
    about = list(about)
    if about:
        export_disclosed(user=user, about=about, what=f"Spreadsheet {filename}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    write_csv_rows(response, header, rows)
    return response
