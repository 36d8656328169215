"""Writes of lms.courses, one module per concern; the public services are importable from here.

- years: closing a training year, and the check every write into a year runs
- choice: the rules of a trainee's own choice, for one trainee or thousands
- enrolment: choosing, withdrawing, approval, the waiting list
- staff: bulk enrolment by the training office, within the rules or knowingly over them
- plans: the requirements grid and the set-based plan sync
- progress: lectures done, completion and credit, recorded on the enrolment
"""

from lms.courses.services.choice import Refusal, choice_check
from lms.courses.services.common import EnrolmentRefused
from lms.courses.services.enrolment import (
    enrolment_decide,
    enrolment_request,
    enrolment_withdraw,
    waitlist_fill,
)
from lms.courses.services.plans import (
    plan_sync_required,
    plans_sync,
    plans_sync_for_categories,
    requirements_set,
)
from lms.courses.services.progress import (
    completion_check,
    completions_record,
    completions_revert,
    lecture_mark_done,
    lectures_record_done,
)
from lms.courses.services.staff import (
    StaffEnrolment,
    StaffEnrolmentRefused,
    staff_enrol,
    staff_withdraw,
)
from lms.courses.services.years import (
    closed_years,
    ensure_open,
    open_plan_years,
    training_year_close,
    training_year_reopen,
    year_is_closed,
)

__all__ = [
    "EnrolmentRefused", "Refusal", "StaffEnrolment", "StaffEnrolmentRefused", "choice_check",
    "closed_years", "completion_check", "completions_record", "completions_revert", "enrolment_decide",
    "enrolment_request", "enrolment_withdraw", "ensure_open", "lecture_mark_done",
    "lectures_record_done",
    "open_plan_years", "plan_sync_required", "plans_sync", "plans_sync_for_categories",
    "requirements_set", "staff_enrol", "staff_withdraw", "training_year_close", "training_year_reopen",
    "waitlist_fill", "year_is_closed",
]
