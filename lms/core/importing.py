"""Trainee list imports: the columns we accept, per-row validation and the all-or-nothing apply."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core import conf
from lms.core.models import RankLevel, TraineeCategory, TraineeProfile, WorkUnit, phone_validator
from lms.core.tabular import TableError, read_table

# Canonical column → the header spellings accepted (compared case- and space-insensitively).
COLUMNS = {
    "username": ("username", "user name", "login", "用户名", "账号"),
    "full_name": ("full name", "name", "姓名"),
    "email": ("email", "e-mail", "邮箱", "电子邮箱"),
    "work_unit": ("work unit", "work unit code", "unit", "unit code", "单位", "单位代码"),
    "category": ("category", "trainee category", "类别", "学员类别"),
    "position": ("position", "title", "职务"),
    "rank_level": ("rank level", "rank", "职级"),
    "phone": ("phone", "mobile", "电话", "手机"),
}
REQUIRED_COLUMNS = ("username", "full_name", "work_unit", "category")
COLUMN_LABELS = {
    "username": gettext_lazy("Username"),
    "full_name": gettext_lazy("Full name"),
    "email": gettext_lazy("Email"),
    "work_unit": gettext_lazy("Work unit code"),
    "category": gettext_lazy("Trainee category"),
    "position": gettext_lazy("Position"),
    "rank_level": gettext_lazy("Rank level"),
    "phone": gettext_lazy("Phone"),
}

TABLE_ERROR_MESSAGES = {
    "extension": gettext_lazy("Upload a .csv or .xlsx file."),
    "encoding": gettext_lazy("The CSV file is neither UTF-8 nor GB18030 text."),
    "unreadable": gettext_lazy("The file could not be read as a spreadsheet."),
    "empty": gettext_lazy("The file is empty."),
    "no_rows": gettext_lazy("The file has a header row but no trainees."),
    "too_many_rows": gettext_lazy("The file has more rows than one import may hold."),
}


def header_key(text):
    """A header or value compared without case or spaces."""
    return "".join(str(text).lower().split())


def find_columns(headers, columns):
    """{column: index of the first header that names it}; `columns` maps each column to the
    header spellings accepted (like COLUMNS), compared with header_key."""
    lookup = {header_key(alias): column for column, aliases in columns.items() for alias in aliases}
    found = {}
    for index, header in enumerate(headers):
        column = lookup.get(header_key(header))
        if column and column not in found:
            found[column] = index
    return found


@dataclass
class TraineeRow:
    row_number: int
    username: str
    full_name: str
    email: str
    work_unit: WorkUnit
    category: TraineeCategory
    position: str
    rank_level: str
    phone: str


@dataclass
class ValidationResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # {"row", "column", "message"}

    def add_error(self, row, column, message):
        self.errors.append({"row": row, "column": column, "message": str(message)})


def check_upload(*, file_name, content):
    """What every spreadsheet upload must pass before it is read: its type, size and contents."""
    if not file_name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    limit = conf.get("LMS_CORE_IMPORT_MAX_BYTES")
    if len(content) > limit:
        raise ValidationError(_("The file is larger than %(size)s MB.") % {"size": limit // 2**20})
    if not content:
        raise ValidationError(_("The file is empty."))


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


def read_upload(content, file_name):
    """The upload as a table (row limit from LMS_CORE_IMPORT_MAX_ROWS); TableError if unreadable."""
    return read_table(content, file_name, max_rows=conf.get("LMS_CORE_IMPORT_MAX_ROWS"))


def table_error_message(error: TableError):
    return str(TABLE_ERROR_MESSAGES.get(error.code, TABLE_ERROR_MESSAGES["unreadable"]))


def _rank_lookup():
    lookup = {}
    for value, label in RankLevel.choices:
        lookup[header_key(value)] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[header_key(str(label))] = value
    return lookup


def validate_trainee_table(table):
    """Check every row of a trainee table; rows come back resolved only if nothing is wrong."""
    result = ValidationResult()
    columns = find_columns(table.headers, COLUMNS)
    missing = [COLUMN_LABELS[c] for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        result.add_error(
            1,
            "",
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(str(m) for m in missing)},
        )
        return result

    lookups = {
        "work_unit": {header_key(u.code): u for u in WorkUnit.objects.all()},
        "category": {},
        "rank_level": _rank_lookup(),
    }
    for category in TraineeCategory.objects.all():
        lookups["category"][header_key(category.slug)] = category
        lookups["category"][header_key(category.name)] = category
    seen_usernames = {}
    for number, cells in table.rows:
        values = {column: cells[index] for column, index in columns.items()}
        row = _validate_row(result, number, values, lookups, seen_usernames)
        if row is not None:
            result.rows.append(row)
    return result


def _check(result, number, column, value, validator, message):
    """Run a Django validator on a non-empty cell; record `message` if it fails."""
    if value:
        try:
            validator(value)
        except ValidationError:
            result.add_error(number, column, message % {"value": value})


def _check_length(result, number, column, value, limit):
    if len(value) > limit:
        result.add_error(
            number,
            column,
            _("%(column)s is longer than %(limit)s characters.")
            % {"column": COLUMN_LABELS[column], "limit": limit},
        )


def _required(result, number, column, value):
    if not value:
        result.add_error(
            number, column, _("%(column)s is required.") % {"column": COLUMN_LABELS[column]}
        )
    return bool(value)


def _resolve(result, number, column, value, lookup, missing_message, *, required=True):
    """Find the object a cell names; record an error when it is required and empty, or unknown."""
    if not value:
        if required:
            _required(result, number, column, value)
        return None
    found = lookup.get(header_key(value))
    if found is None:
        result.add_error(number, column, missing_message % {"value": value})
    return found


def _validate_row(result, number, values, lookups, seen_usernames):
    errors_before = len(result.errors)
    get = values.get

    username = get("username", "")
    if _required(result, number, "username", username):
        _check(result, number, "username", username, UnicodeUsernameValidator(),
               _("“%(value)s” is not a valid username (letters, digits and @/./+/-/_ only)."))
        _check_length(result, number, "username", username, 150)
        first_row = seen_usernames.setdefault(username.lower(), number)
        if first_row != number:
            result.add_error(
                number,
                "username",
                _("Username “%(value)s” already appears in row %(row)s.")
                % {"value": username, "row": first_row},
            )

    full_name = get("full_name", "")
    _required(result, number, "full_name", full_name)
    _check_length(result, number, "full_name", full_name, 150)
    email = get("email", "")
    _check(result, number, "email", email, validate_email,
           _("“%(value)s” is not a valid email address."))
    unit = _resolve(result, number, "work_unit", get("work_unit", ""), lookups["work_unit"],
                    _("No work unit has the code “%(value)s”."))
    category = _resolve(result, number, "category", get("category", ""), lookups["category"],
                        _("No trainee category is named “%(value)s”."))
    rank = _resolve(result, number, "rank_level", get("rank_level", ""), lookups["rank_level"],
                    _("“%(value)s” is not a rank level."), required=False)
    position = get("position", "")
    _check_length(result, number, "position", position, 120)
    phone = get("phone", "")
    _check(result, number, "phone", phone, phone_validator, _("“%(value)s” is not a phone number."))

    if len(result.errors) > errors_before:
        return None
    return TraineeRow(
        row_number=number,
        username=username,
        full_name=full_name,
        email=email,
        work_unit=unit,
        category=category,
        position=position,
        rank_level=rank or "",
        phone=phone,
    )


def apply_trainee_rows(rows, *, password_hash=""):
    """Create or update one account and profile per row; returns (created, updated).

    The caller holds the transaction: either every row lands or none does. Passwords of existing
    accounts are never touched.
    """
    from lms.core.services import user_add_role

    user_model = get_user_model()
    existing = by_key_ignoring_case(user_model.objects.all(), "username",
                                    [r.username for r in rows])
    created = updated = 0
    for row in rows:
        user = existing.get(row.username.lower())
        if user is None:
            user = user_model(username=row.username)
            if password_hash:
                user.password = password_hash
            else:
                user.set_unusable_password()
            created += 1
        else:
            updated += 1
        user.first_name, user.last_name = row.full_name, ""
        user.email = row.email or user.email
        user.save()
        profile, _created = TraineeProfile.objects.get_or_create(user=user)
        profile.work_unit, profile.category, profile.position = (
            row.work_unit, row.category, row.position)
        profile.rank_level = row.rank_level or profile.rank_level
        profile.phone = row.phone or profile.phone
        profile.save()
        user_add_role(user=user, role_slug="trainee")
    return created, updated
