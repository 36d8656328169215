"""Training years: the check every write into a year runs, and closing and reopening a year."""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.courses.models import CourseRequirement, TrainingYear, current_training_year
from lms.courses.selectors import closed_years, year_is_closed
from lms.courses.services.common import refuse

# Sent inside the transaction when a year is closed or reopened: `year`, `by`, `closed` (True or
# False) and `log_entry` (Wagtail's history entry). lms.security records it in its audit trail.
training_year_changed = Signal()


def ensure_open(year):
    """Refuse (code year_closed) any change to a closed year: enrolment, withdrawal, completion,
    credit, requirements. Every later app that records progress calls this too."""
    if year_is_closed(year):
        refuse("year_closed", _("The %(year)s training year is closed: nothing in it can change "
                                "any more. Ask the training office if this is a mistake.")
               % {"year": year})


def open_plan_years():
    """The years whose plans still follow the requirements: this year and any later year the
    office has set requirements for, unless closed."""
    this_year = current_training_year()
    years = {this_year, *CourseRequirement.objects.filter(year__gt=this_year)
             .values_list("year", flat=True).distinct()}
    return sorted(years - closed_years(years))


def training_year_close(*, year, by, now=None):
    """The training office closes a year: from now on nothing in it changes. Closing a closed
    year changes nothing. Logged in Wagtail's history."""
    now = now or timezone.now()
    with transaction.atomic():
        record, _created = TrainingYear.objects.select_for_update().get_or_create(year=year)
        if record.is_closed:
            return record
        record.closed_at, record.closed_by = now, by
        record.save(update_fields=["closed_at", "closed_by"])
        entry = log(instance=record, action="lms_courses.close_year", user=by)
        training_year_changed.send(sender=TrainingYear, year=year, by=by, closed=True,
                                   log_entry=entry)
    return record


def training_year_reopen(*, year, by):
    """A superuser reopens a closed year (to correct a mistake); logged in Wagtail's history."""
    if not by.is_superuser:
        refuse("not_allowed", _("Only an administrator can reopen a training year."))
    with transaction.atomic():
        record = TrainingYear.objects.select_for_update().filter(year=year).first()
        if record is None or not record.is_closed:
            return record
        record.closed_at, record.closed_by = None, None
        record.save(update_fields=["closed_at", "closed_by"])
        entry = log(instance=record, action="lms_courses.reopen_year", user=by)
        training_year_changed.send(sender=TrainingYear, year=year, by=by, closed=False,
                                   log_entry=entry)
    return record
