"""Enrolment imports: a list of (username, course code) rows, checked whole, applied whole."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.core.importing import COLUMNS as TRAINEE_COLUMNS
from lms.core.selectors import active_trainees
from lms.courses import services
from lms.courses.models import CoursePage
from lms.platform.importing import (
    by_key_ignoring_case,
    check_upload,
    find_columns,
    read_upload,
    table_error_message,
)
from lms.platform.tabular import TableError

COLUMNS = {
    "username": TRAINEE_COLUMNS["username"],
    "course": ("course", "course code", "code", "课程代码", "课程编号"),
}


def enrolments_import(*, content, file_name, year=None):
    """Returns (counts, errors). With any error nothing is enrolled; errors name their row."""
    try:
        check_upload(file_name=file_name, content=content)
    except ValidationError as error:
        return None, [{"row": 0, "message": message} for message in error.messages]
    try:
        table = read_upload(content, file_name)
    except TableError as error:
        return None, [{"row": 0, "message": table_error_message(error)}]
    columns = find_columns(table.headers, COLUMNS)
    user_col, course_col = columns.get("username"), columns.get("course")
    if user_col is None or course_col is None:
        return None, [{"row": 1, "message": _("The file needs a “username” and a “course code” "
                                              "column.")}]
    usernames = {cells[user_col] for _n, cells in table.rows}
    codes = {cells[course_col] for _n, cells in table.rows}
    users = by_key_ignoring_case(active_trainees(), "username", usernames)
    courses = by_key_ignoring_case(CoursePage.objects.live(), "code", codes)
    errors, wanted, seen = [], defaultdict(list), {}
    for number, cells in table.rows:
        username, code = cells[user_col], cells[course_col]
        user, course = users.get(username.lower()), courses.get(code.lower())
        if user is None:
            errors.append({"row": number, "message": _("No active trainee has the username "
                                                       "“%(value)s”.") % {"value": username}})
        if course is None:
            errors.append({"row": number, "message": _("No published course has the code "
                                                       "“%(value)s”.") % {"value": code}})
        if user and course:
            key = (user.pk, course.pk)
            if key in seen:
                errors.append({"row": number, "message": _("Same trainee and course as row "
                                                           "%(row)s.") % {"row": seen[key]}})
            else:
                seen[key] = number
                wanted[course].append(user)
    if errors:
        return None, errors
    totals = {"enrolled": 0, "waitlisted": 0, "unchanged": 0}
    with transaction.atomic():
        for course, course_users in wanted.items():
            for name, count in services.staff_enrol(users=course_users, course=course,
                                                    year=year).items():
                totals[name] += count
    return totals, []
