"""Spreadsheet uploads for the apps' imports: the upload check, reading with the row limit,
header matching and case-insensitive lookups of what the cells name."""

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.platform import conf
from lms.platform.tabular import TableError, read_table

TABLE_ERROR_MESSAGES = {
    "extension": gettext_lazy("Upload a .csv or .xlsx file."),
    "encoding": gettext_lazy("The CSV file is neither UTF-8 nor GB18030 text."),
    "unreadable": gettext_lazy("The file could not be read as a spreadsheet."),
    "empty": gettext_lazy("The file is empty."),
    "no_rows": gettext_lazy("The file has a header row but no data rows."),
    "too_many_rows": gettext_lazy("The file has more rows than one import may hold."),
}


def header_key(text):
    """A header or value compared without case or spaces."""
    return "".join(str(text).lower().split())


def find_columns(headers, columns):
    """{column: index of the first header that names it}; `columns` maps each column to the
    header spellings accepted, compared with header_key."""
    lookup = {header_key(alias): column for column, aliases in columns.items() for alias in aliases}
    found = {}
    for index, header in enumerate(headers):
        column = lookup.get(header_key(header))
        if column and column not in found:
            found[column] = index
    return found


def check_upload(*, file_name, content):
    """What every spreadsheet upload must pass before it is read: its type, size and contents."""
    if not file_name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    limit = conf.get("LMS_IMPORT_MAX_BYTES")
    if len(content) > limit:
        raise ValidationError(_("The file is larger than %(size)s MB.")
                              % {"size": max(limit // 2**20, 1)})
    if not content:
        raise ValidationError(_("The file is empty."))


def read_upload(content, file_name):
    """The upload as a table (row limit from LMS_IMPORT_MAX_ROWS); TableError if unreadable."""
    return read_table(content, file_name, max_rows=conf.get("LMS_IMPORT_MAX_ROWS"))


def table_error_message(error: TableError):
    return str(TABLE_ERROR_MESSAGES.get(error.code, TABLE_ERROR_MESSAGES["unreadable"]))


def by_key_ignoring_case(queryset, field_name, values):
    """{value.lower(): object} for the objects whose `field_name` is one of `values`, ignoring
    case (a spreadsheet says "WangMing" for the account "wangming"). Where several differ only
    by case, the one written exactly as in `values` wins."""
    values = set(values)
    found = {}
    for obj in queryset.annotate(_key=Lower(field_name)).filter(
            _key__in={value.lower() for value in values}):
        value = getattr(obj, field_name)
        if value.lower() not in found or value in values:
            found[value.lower()] = obj
    return found
