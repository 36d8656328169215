"""Spreadsheet exports of Wagtail listings as a training office reads them: times in the site's
time zone (as the screens show them) and CSV files that Excel opens in Chinese."""

import datetime

from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

BOM = "\ufeff".encode()  # Wagtail's CSV writer yields UTF-8 bytes


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


class LocalSpreadsheetExport:
    """Mix into a Wagtail index view with `list_export`. Wagtail writes aware times as UTC
    (XLSX) or with their offset (CSV); offices compare them with the screens, which show local
    time. Excel reads a CSV as the system's ANSI code page unless it starts with a BOM."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: _local(value).strftime(
                "%Y-%m-%d %H:%M"),
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(
                _local(value)) if timezone.is_aware(value) else value,
        },
    }

    def stream_csv(self, queryset):
        lines = super().stream_csv(queryset)
        yield BOM + next(lines)
        yield from lines

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
