"""Trainee list imports: the columns we accept and the validation of every row (pure reads; the
services apply the rows)."""

from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core import accounts
from lms.core.models import RankLevel, TraineeCategory, WorkUnit, phone_validator
from lms.platform.importing import find_columns, header_key

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


def _rank_lookup():
    lookup = {}
    for value, label in RankLevel.choices:
        lookup[header_key(value)] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[header_key(str(label))] = value
    return lookup


def validate_trainee_table(table, *, uploaded_by):
    """Check every row of a trainee table; rows come back resolved only if nothing is wrong.

    A row naming an existing account that `uploaded_by` may not manage (see lms.core.accounts)
    is an error: the import would overwrite that account's name and email.
    """
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
    beyond_reach = accounts.unmanageable_usernames(
        actor=uploaded_by, usernames=[cells[columns["username"]] for _number, cells in table.rows])
    seen_usernames = {}
    for number, cells in table.rows:
        values = {column: cells[index] for column, index in columns.items()}
        row = _validate_row(result, number, values, lookups, seen_usernames)
        username = values["username"]
        if username.lower() in beyond_reach:
            result.add_error(
                number,
                "username",
                _("“%(value)s” belongs to an account with more rights than a trainee; only an "
                  "administrator can update it by import.") % {"value": username},
            )
            row = None
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
