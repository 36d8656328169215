"""The courses part of the demo: twelve courses with lectures, plans per category, idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from taggit.models import Tag

from lms.courses.demo import TOPICS
from lms.courses.models import CoursePage, CourseRequirement, Enrolment, LecturePage
from lms.courses.selectors import plan_for

pytestmark = pytest.mark.django_db


def test_demo_courses_and_plans():
    call_command("load_demo_data", password="demo-pass-1")
    counts = (CoursePage.objects.count(), LecturePage.objects.count(),
              CourseRequirement.objects.count(), Enrolment.objects.count())
    call_command("load_demo_data", password="demo-pass-1")
    assert counts == (CoursePage.objects.count(), LecturePage.objects.count(),
                      CourseRequirement.objects.count(), Enrolment.objects.count())
    assert counts[0] == 12 and counts[1] >= 24
    # The topic menu shows names, not slugs.
    assert set(Tag.objects.filter(lms_courses_coursetopic_items__isnull=False)
               .values_list("name", flat=True)) == set(TOPICS.values())
    assert set(CoursePage.objects.values_list("format", flat=True)) == {"online", "offline",
                                                                       "blended"}
    for kind in ("required", "elective"):
        assert CourseRequirement.objects.filter(kind=kind).values("category").distinct().count() == 3
    plan = plan_for(get_user_model().objects.get(username="trainee"))
    assert plan.entries and all(entry.kind == "required" for entry in plan.entries)
    assert plan.elective_hours_to_choose == plan.min_elective_hours > 0
    # Class sessions are in each course's published revision, so the editor's next publish
    # (which saves what the revision holds) keeps them.
    offline = CoursePage.objects.filter(sessions__isnull=False).distinct()
    assert offline.exists()
    for course in offline:
        assert course.latest_revision.as_object().sessions.count() == course.sessions.count()


def test_demo_has_last_year_closed_with_its_completions():
    from lms.courses.models import TrainingYear, current_training_year
    from lms.courses.selectors import year_summary

    call_command("load_demo_data", password="demo-pass-1")
    last = current_training_year() - 1
    record = TrainingYear.objects.get(year=last)
    assert record.is_closed and record.closed_by.username == "curator"
    summary = year_summary(last)
    assert summary.completed > 0 and summary.in_progress > 0 and summary.credited_hours > 0
    trainee = get_user_model().objects.get(username="trainee")
    assert plan_for(trainee, last).closed
    # This year's plan starts afresh: nothing of last year's completions is done again.
    assert plan_for(trainee).done_hours == 0
    call_command("load_demo_data", password="demo-pass-1")  # a closed year is left alone
    assert year_summary(last) == summary
