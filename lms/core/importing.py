"""Trainee list imports: the columns we accept, per-row validation and the all-or-nothing apply."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.models import RankLevel, TraineeCategory, WorkUnit, phone_validator
from lms.core.tabular import TableError

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


def _key(text):
    return "".join(str(text).lower().split())


_HEADER_LOOKUP = {_key(alias): column for column, aliases in COLUMNS.items() for alias in aliases}


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


def table_error_message(error: TableError):
    return str(TABLE_ERROR_MESSAGES.get(error.code, TABLE_ERROR_MESSAGES["unreadable"]))


def _rank_lookup():
    lookup = {}
    for value, label in RankLevel.choices:
        lookup[_key(value)] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[_key(str(label))] = value
    return lookup


def validate_trainee_table(table):
    """Check every row of a trainee table; rows come back resolved only if nothing is wrong."""
    result = ValidationResult()
    columns = {}
    for index, header in enumerate(table.headers):
        column = _HEADER_LOOKUP.get(_key(header))
        if column and column not in columns:
            columns[column] = index
    missing = [COLUMN_LABELS[c] for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        result.add_error(
            1,
            "",
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(str(m) for m in missing)},
        )
        return result

    units = {_key(u.code): u for u in WorkUnit.objects.all()}
    categories = {}
    for category in TraineeCategory.objects.all():
        categories[_key(category.slug)] = category
        categories[_key(category.name)] = category
    ranks = _rank_lookup()
    username_validator = UnicodeUsernameValidator()
    seen_usernames = {}

    for number, cells in table.rows:
        values = {column: cells[index] for column, index in columns.items()}
        get = values.get
        errors_before = len(result.errors)

        username = get("username", "")
        if not username:
            result.add_error(number, "username", _("Username is required."))
        else:
            try:
                username_validator(username)
            except ValidationError:
                result.add_error(
                    number,
                    "username",
                    _("“%(value)s” is not a valid username (letters, digits and @/./+/-/_ only).")
                    % {"value": username},
                )
            if len(username) > 150:
                result.add_error(number, "username", _("Username is longer than 150 characters."))
            if username.lower() in seen_usernames:
                result.add_error(
                    number,
                    "username",
                    _("Username “%(value)s” already appears in row %(row)s.")
                    % {"value": username, "row": seen_usernames[username.lower()]},
                )
            else:
                seen_usernames[username.lower()] = number

        full_name = get("full_name", "")
        if not full_name:
            result.add_error(number, "full_name", _("Full name is required."))
        elif len(full_name) > 150:
            result.add_error(number, "full_name", _("Full name is longer than 150 characters."))

        email = get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                result.add_error(
                    number, "email", _("“%(value)s” is not a valid email address.") % {"value": email}
                )

        unit_code = get("work_unit", "")
        unit = units.get(_key(unit_code))
        if not unit_code:
            result.add_error(number, "work_unit", _("Work unit code is required."))
        elif unit is None:
            result.add_error(
                number, "work_unit", _("No work unit has the code “%(value)s”.") % {"value": unit_code}
            )

        category_key = get("category", "")
        category = categories.get(_key(category_key))
        if not category_key:
            result.add_error(number, "category", _("Trainee category is required."))
        elif category is None:
            result.add_error(
                number,
                "category",
                _("No trainee category is named “%(value)s”.") % {"value": category_key},
            )

        rank_text = get("rank_level", "")
        rank = ranks.get(_key(rank_text), "") if rank_text else ""
        if rank_text and not rank:
            result.add_error(
                number, "rank_level", _("“%(value)s” is not a rank level.") % {"value": rank_text}
            )

        position = get("position", "")
        if len(position) > 120:
            result.add_error(number, "position", _("Position is longer than 120 characters."))

        phone = get("phone", "")
        if phone:
            try:
                phone_validator(phone)
            except ValidationError:
                result.add_error(
                    number, "phone", _("“%(value)s” is not a phone number.") % {"value": phone}
                )

        if len(result.errors) == errors_before:
            result.rows.append(
                TraineeRow(
                    row_number=number,
                    username=username,
                    full_name=full_name,
                    email=email,
                    work_unit=unit,
                    category=category,
                    position=position,
                    rank_level=rank,
                    phone=phone,
                )
            )
    return result


def apply_trainee_rows(rows, *, password_hash=""):
    """Create or update one account and profile per row; returns (created, updated).

    The caller holds the transaction: either every row lands or none does.
    """
    from lms.core.services import user_add_role

    user_model = get_user_model()
    existing = {
        u.username.lower(): u
        for u in user_model.objects.filter(
            username__in=[r.username for r in rows]
        ).select_related("trainee_profile")
    }
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
        user.first_name = row.full_name
        user.last_name = ""
        if row.email:
            user.email = row.email
        user.save()
        profile = user.trainee_profile if hasattr(user, "trainee_profile") else None
        if profile is None:
            from lms.core.models import TraineeProfile

            profile, _created = TraineeProfile.objects.get_or_create(user=user)
        profile.work_unit = row.work_unit
        profile.category = row.category
        profile.position = row.position
        if row.rank_level:
            profile.rank_level = row.rank_level
        if row.phone:
            profile.phone = row.phone
        profile.save()
        user_add_role(user=user, role_slug="trainee")
    return created, updated
