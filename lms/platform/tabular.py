"""Reading CSV and XLSX uploads into rows of named cells (no Django: plain parsing only)."""

import csv
import io
import zipfile
from dataclasses import dataclass

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class TableError(ValueError):
    """The file cannot be read as a table; `code` says why in a stable word."""

    def __init__(self, code, message=""):
        super().__init__(message or code)
        self.code = code


@dataclass(frozen=True)
class Table:
    headers: list  # the header cells as written in the file
    rows: list  # (row_number, [cells]) with row_number as a spreadsheet shows it (header = 1)


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into Excel comes back as 1.3812345678e10
    return str(value).strip()


def _decode_csv(content):
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("encoding")


def _read_csv(content):
    text = _decode_csv(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[_clean(cell) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError("unreadable", str(exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_clean(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(content, file_name, *, max_rows):
    """Parse a .csv or .xlsx file: the first non-empty row is the header; empty rows are skipped."""
    lower = file_name.lower()
    if lower.endswith(".csv"):
        raw_rows = _read_csv(content)
    elif lower.endswith(".xlsx"):
        raw_rows = _read_xlsx(content)
    else:
        raise TableError("extension")

    numbered = [(number, row) for number, row in enumerate(raw_rows, start=1) if any(row)]
    if not numbered:
        raise TableError("empty")
    (_header_number, headers), data = numbered[0], numbered[1:]
    if not data:
        raise TableError("no_rows")
    if len(data) > max_rows:
        raise TableError("too_many_rows")
    width = len(headers)
    rows = [(number, (row + [""] * width)[:width]) for number, row in data]
    return Table(headers=headers, rows=rows)
