"""Spreadsheet exports of Wagtail listings as a training office reads them: times in the site's
time zone (as the screens show them), dates written the way the screens write them in the
exporting user's language, and CSV files that Excel opens in Chinese."""

import datetime
import functools
import re

from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.formats import get_format
from django.utils.translation import get_language
from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin

BOM = "\ufeff".encode()  # Wagtail's CSV writer yields UTF-8 bytes

# Sent for every file of data a member of staff downloads, before it is written, with
# `request`, `what` (a short name of the listing), `file_format` and `rows` (how many, or None).
# lms.security records each in its audit trail.
exported = Signal()

# A CSV cell is text that whoever opens the file parses again. "2026-12-02 08:30" is the one
# spelling that Excel (in any language), LibreOffice, pandas and a plain text sort all read as the
# same moment and order correctly, so CSV keeps it in both languages: "2026年12月2日 08:30" or
# "2 Dec 2026, 08:30" would arrive as text that sorts wrongly ("2026年12月10日" before "…2日").
CSV_DATETIME = "%Y-%m-%d %H:%M"
# What a spreadsheet takes for the start of a formula in a CSV cell. Wagtail's XLSX cells are
# typed as text, so only CSV needs this.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Literal text that Excel shows as is inside a number format; anything else (年, 月, 日) is quoted.
_EXCEL_PLAIN = re.compile(r"[ ,.:/\-]*")


class _ExcelNumberFormat(ExcelDateFormatter):
    """Wagtail's translation of a Django date format into an Excel number format, with literal
    text quoted: 'yyyy"年"m"月"d"日" hh:mm', which every Excel reads."""

    def format(self, formatstr):
        pieces = []
        for i, piece in enumerate(re_formatchars.split(str(formatstr))):
            if i % 2:
                pieces.append(str(getattr(self, piece)()))
            elif piece:
                text = re_escaped.sub(r"\1", piece)
                if not _EXCEL_PLAIN.fullmatch(text):
                    text = '"' + text.replace('"', "") + '"'
                pieces.append(text)
        return "".join(pieces)


@functools.lru_cache(maxsize=16)
def _excel_number_format(django_format):
    return _ExcelNumberFormat().format(django_format)


def excel_number_format(format_type, lang=None):
    """The Excel number format of a named Django format (SHORT_DATETIME_FORMAT…) in the active
    language: the cell keeps a real, sortable date and shows it the way the screens write it."""
    return _excel_number_format(get_format(format_type, lang or get_language()))


def _row_count(rows):
    if isinstance(rows, QuerySet):
        return rows.count()
    return len(rows) if hasattr(rows, "__len__") else None


def csv_text(value):
    """A CSV cell a spreadsheet will not run: text that opens like a formula gets a leading
    apostrophe (OWASP's advice on CSV injection), so a username typed at the sign-in form as
    =HYPERLINK(…) reaches the office as text. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


class LocalSpreadsheetExport:
    """Mix into a Wagtail index view with `list_export`. Wagtail writes aware times as UTC
    (XLSX) or with their offset (CSV); offices compare them with the screens, which show local
    time. Excel reads a CSV as the system's ANSI code page unless it starts with a BOM.

    XLSX cells hold real dates and times (sortable, usable in formulas) shown in the language's
    short format ("2 Dec 2026, 08:30", "2026年12月2日 08:30"); CSV cells hold CSV_DATETIME."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: _local(value).strftime(CSV_DATETIME),
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(
                _local(value)) if timezone.is_aware(value) else value,
        },
    }

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        datetime_format = excel_number_format("SHORT_DATETIME_FORMAT")
        date_only_format = excel_number_format("SHORT_DATE_FORMAT")
        cells = super().generate_xlsx_row(worksheet, row_dict, date_format=datetime_format)
        for cell, value in zip(cells, row_dict.values(), strict=True):
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                cell.number_format = date_only_format
            yield cell

    def as_spreadsheet(self, queryset, spreadsheet_format):
        title = self.get_page_title() if hasattr(self, "get_page_title") else ""
        exported.send(sender=type(self), request=self.request,
                      what=f"{title} · {self.get_filename()}" if title else self.get_filename(),
                      file_format=spreadsheet_format, rows=_row_count(queryset))
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({field: csv_text(self.preprocess_field_value(
            field, value, self.FORMAT_CSV)) for field, value in row_dict.items()})

    def stream_csv(self, queryset):
        lines = super().stream_csv(queryset)
        yield BOM + next(lines)
        yield from lines

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
