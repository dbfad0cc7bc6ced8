"""CSV and XLSX of a table, every cell through core/spreadsheets.safe_cell."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import HttpResponse

from jigsaw.core.spreadsheets import csv_response, safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, sheet: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    buffer = io.BytesIO()
    # No string is ever read as a formula or a link, whatever safe_cell lets through.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "d mmmm yyyy"})
    for c, value in enumerate(header):
        ws.write_string(0, c, str(safe_cell(value)), bold)
    for r, row in enumerate(rows, start=1):
        for c, raw in enumerate(row):
            value = safe_cell(raw)
            if isinstance(value, bool):
                ws.write_string(r, c, "Yes" if value else "No")
            elif isinstance(value, int | float | Decimal):
                ws.write_number(r, c, float(value))
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), dates)
            else:
                ws.write_string(r, c, str(value))
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(fmt: str, name: str, sheet: str, header: Sequence[Any], rows: list[Sequence[Any]]) -> HttpResponse:
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", sheet, header, rows)
    return csv_response(f"{name}.csv", header, rows)
