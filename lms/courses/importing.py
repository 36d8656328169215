"""Enrolment imports: a list of (username, course code) rows, checked whole, applied whole,
under the rules of a trainee's own choice unless the office overrides them knowingly."""

from collections import Counter, defaultdict

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


class _Rollback(Exception):
    """Some row is refused: undo what the rows before it wrote."""


def enrolments_import(*, content, file_name, by, override_rules=False, reenrol=False,
                      plan_year=None):
    """Returns (counts, errors). With any error nothing is enrolled; errors name their row.

    A row the rules of the trainee's own choice refuse is an error unless `override_rules`; a
    row naming someone who withdrew from the course is an error unless `reenrol`.
    """
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
                wanted[course].append((user, number))
    if errors:
        return None, errors
    totals, errors = Counter(), []
    try:
        with transaction.atomic():
            for course, entries in wanted.items():
                result = services.staff_enrol(
                    user_ids=[user.pk for user, _n in entries], course=course, by=by,
                    override_rules=override_rules, reenrol=reenrol, plan_year=plan_year)
                errors.extend(_left_out(course, entries, result))
                totals.update(enrolled=result.enrolled, waitlisted=result.waitlisted,
                              unchanged=result.unchanged, reenrolled=result.reenrolled,
                              overridden=result.overridden)
            if errors:
                raise _Rollback
    except _Rollback:
        return None, sorted(errors, key=lambda error: error["row"])
    except services.EnrolmentRefused as refusal:
        return None, [{"row": 0, "message": " ".join(refusal.messages)}]
    return {name: totals[name] for name in (
        "enrolled", "waitlisted", "unchanged", "reenrolled", "overridden")}, []


def _left_out(course, entries, result):
    """An error per row the bulk enrolment left out, in the words staff read."""
    row_of = {user.pk: number for user, number in entries}
    errors = [{"row": row_of[user_id], "message": refusal.message(course, for_trainee=False)}
              for user_id, refusal in result.refused.items()]
    errors += [{"row": row_of[user_id],
                "message": _("Withdrew from “%(course)s”; tick “re-enrol” to put them back.")
                % {"course": course.title}} for user_id in result.withdrawn_left]
    return errors
