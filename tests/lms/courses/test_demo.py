"""The courses part of the demo: a term of about twenty courses with their own texts, covers,
instructors, dates and sessions; approval, a prerequisite, a clash and a waiting list, all
through the services; plans each category can meet; last year closed; idempotent."""

import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from lms.core.models import TraineeCategory
from lms.courses import services
from lms.courses.demo import COURSES, TOPICS, moment, term_anchor
from lms.courses.models import (
    ClassSession,
    CoursePage,
    CourseRequirement,
    Enrolment,
    LecturePage,
    LectureProgress,
    TrainingYear,
    current_training_year,
)
from lms.courses.selectors import plan_for, seats_taken, year_summary
from lms.video import demo as video_demo

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the generated covers and the videos
    monkeypatch.setattr(video_demo, "CLIP_SECONDS", 3)  # processed while the demo loads


def load():
    call_command("load_demo_data", password="demo-pass-1")


def counts():
    return {
        "pages": Page.objects.count(),
        "lectures": LecturePage.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "sessions": ClassSession.objects.count(),
        "requirements": sorted(CourseRequirement.objects.values_list(
            "course_id", "category_id", "year", "kind")),
        "enrolments": sorted(Enrolment.objects.values_list(
            "user_id", "course_id", "year", "status", "source", "credited_hours")),
        "progress": LectureProgress.objects.count(),
        "users": get_user_model().objects.count(),
        "years": list(TrainingYear.objects.values_list("year", "closed_at")),
    }


def paragraphs(lecture):
    return [text for block in lecture.body if block.block_type == "rich_text"
            for text in re.findall(r"<p[^>]*>(.*?)</p>", block.value.source, re.S)]


def test_demo_loads_a_term_of_courses_once(client):
    load()
    first = counts()
    load()
    assert counts() == first
    courses = list(CoursePage.objects.order_by("code"))
    assert len(courses) == len(COURSES) and 18 <= len(courses) <= 24
    # Each course reads as itself: its own title, summary (two or three sentences) and
    # objectives (a short list).
    for field in ("title", "summary", "learning_objectives"):
        assert len({getattr(course, field) for course in courses}) == len(courses), field
    for course in courses:
        assert 2 <= course.summary.count("。") <= 4, course.code
        assert course.learning_objectives.count("<li>") >= 3, course.code
    # The topic menu shows names, not slugs; every format is there.
    assert set(Tag.objects.filter(lms_courses_coursetopic_items__isnull=False)
               .values_list("name", flat=True)) == set(TOPICS.values())
    assert {c.format for c in courses} == {"online", "offline", "blended"}
    # A generated cover each, one image per course (a second load made none).
    images = get_image_model().objects.filter(pk__in=[c.cover_image_id for c in courses])
    assert len({c.cover_image_id for c in courses}) == len(courses) == images.count()
    for image in images:
        assert (image.width, image.height) == (960, 360)
        assert image.file.storage.exists(image.file.name) and image.file_size > 0
    client.force_login(get_user_model().objects.get(username="trainee"))
    response = client.get(courses[0].url)
    assert response.status_code == 200 and b"course__cover" in response.content
    # Two to five lectures each, every one with at least two real paragraphs, none repeated.
    seen = set()
    for course in courses:
        lectures = list(LecturePage.objects.child_of(course).live().order_by("path"))
        assert 2 <= len(lectures) <= 5, course.code
        assert sum(lecture.credit_hours for lecture in lectures) == course.credit_hours
        for lecture in lectures:
            texts = paragraphs(lecture)
            assert len(texts) >= 2 and all(len(text) >= 40 for text in texts), lecture.title
            assert not seen & set(texts)
            seen.update(texts)
        if hasattr(LecturePage, "open_preview"):  # a taste of each course before choosing it
            assert [lecture.open_preview for lecture in lectures][:2] == [True, False]
    # Several instructors, with their titles; every course has one.
    instructors = get_user_model().objects.filter(taught_courses__isnull=False).distinct()
    assert instructors.count() >= 3
    assert all(re.search("教授|讲师", i.trainee_profile.position) for i in instructors)
    assert all(course.instructors.exists() for course in courses)
    # Dated courses run in this training year; the offline and blended ones meet in class
    # sessions.
    year, anchor = current_training_year(), term_anchor()
    dated = CoursePage.objects.filter(starts_on__isnull=False)
    assert dated.count() >= 8
    for course in dated:
        assert course.starts_on.year == course.ends_on.year == year
        assert course.starts_on <= course.ends_on
        assert course.enrolment_opens < course.enrolment_closes
    # Finished, running and starting in the coming weeks.
    assert dated.filter(ends_on__lt=anchor).exists()
    assert dated.filter(starts_on__lte=anchor, ends_on__gte=anchor).exists()
    assert dated.filter(starts_on__gt=anchor).exists()
    for course in CoursePage.objects.all():
        sessions = list(course.sessions.all())
        assert bool(sessions) == (course.format != "online"), course.code
        for session in sessions:
            assert timezone.localtime(session.starts_at).year == year and session.place
        # Sessions are in each course's published revision, so the editor's next publish
        # (which saves what the revision holds) keeps them.
        assert course.latest_revision.as_object().sessions.count() == len(sessions)
    assert ClassSession.objects.filter(place__startswith="江东省委党校").exists()


def test_demo_term_can_be_met_and_has_approval_prerequisite_clash_and_waiting_list():
    load()
    # What each category must earn, it can: required courses within the year's hours,
    # electives above the minimum.
    year = current_training_year()
    for category in TraineeCategory.objects.all():
        hours = defaultdict(Decimal)
        for kind, credit in CourseRequirement.objects.filter(
                category=category, year=year).values_list("kind", "course__credit_hours"):
            hours[kind] += credit
        assert 0 < hours["required"] < category.annual_required_hours, category.slug
        assert hours["elective"] >= category.min_elective_hours, category.slug
        assert hours["required"] + hours["elective"] >= category.annual_required_hours
    # The demo trainee's plan is theirs to fill: only the required courses, nothing done yet.
    plan = plan_for(get_user_model().objects.get(username="trainee"))
    assert plan.entries and all(entry.kind == "required" for entry in plan.entries)
    assert plan.elective_hours_to_choose == plan.min_elective_hours > 0
    assert plan.done_hours == 0
    users = {u.username: u for u in get_user_model().objects.all()}
    # Approval: one choice approved, others still waiting for the office.
    approval = CoursePage.objects.get(requires_approval=True)
    statuses = set(Enrolment.objects.filter(course=approval).values_list("status", flat=True))
    assert {Status.PENDING, Status.ENROLLED} <= statuses
    # A waiting list: a small course full, someone waiting.
    waiting = Enrolment.objects.get(status=Status.WAITLISTED).course
    assert waiting.capacity and seats_taken(waiting, year) == waiting.capacity
    # A prerequisite: taken by someone who completed it last year, refused to the demo trainee.
    course = CoursePage.objects.filter(prerequisites__isnull=False).distinct().get()
    first = course.prerequisites.get()
    holders = Enrolment.objects.filter(course=course, status=Status.ENROLLED)
    assert holders.exists()
    assert Enrolment.objects.filter(course=first, user__in=holders.values("user"),
                                    status=Status.COMPLETED, year=year - 1).exists()
    inside = moment(0, 9) if course.enrolment_opens <= moment(0, 9) else course.enrolment_opens
    check = services.choice_check(user_ids=[users["trainee"].pk], course=course, year=year,
                                  now=inside)
    assert check.refusals[users["trainee"].pk].code == "prerequisites_missing"
    # A clash: two electives of one category meet at the same time, so whoever holds one is
    # refused the other.
    sessions = list(ClassSession.objects.all())
    clashes = [(a, b) for a in sessions for b in sessions if a.course_id < b.course_id
               and a.starts_at < b.ends_at and b.starts_at < a.ends_at]
    assert clashes
    pairs = {(a.course_id, b.course_id) for a, b in clashes}
    electives = defaultdict(set)
    for course_id, category_id in CourseRequirement.objects.filter(
            year=year, kind="elective").values_list("course_id", "category_id"):
        electives[category_id].add(course_id)
    assert any({a, b} <= offered for a, b in pairs for offered in electives.values())
    held = Enrolment.objects.filter(course_id__in={c for pair in pairs for c in pair},
                                    status=Status.ENROLLED, source="elective").first()
    other = next(b if a == held.course_id else a for a, b in pairs if held.course_id in (a, b))
    other = CoursePage.objects.get(pk=other)
    check = services.choice_check(user_ids=[held.user_id], course=other, year=year,
                                  now=other.enrolment_opens)
    assert check.refusals[held.user_id].code == "timetable_clash"
    # The term so far: completions recorded by instructors and earned by studying.
    summary = year_summary(year)
    assert summary.completed > 0 and summary.credited_hours > 0
    assert Enrolment.objects.filter(year=year, status=Status.COMPLETED,
                                    completed_by__isnull=False).exists()
    assert Enrolment.objects.filter(year=year, status=Status.COMPLETED,
                                    completed_by__isnull=True).exists()


def test_demo_has_last_year_closed_with_its_completions():
    load()
    last = current_training_year() - 1
    record = TrainingYear.objects.get(year=last)
    assert record.is_closed and record.closed_by.username == "curator"
    # Last year's term could only hold the courses without dates (a dated one belongs to the
    # year it starts).
    assert not CourseRequirement.objects.filter(year=last, course__starts_on__isnull=False).exists()
    summary = year_summary(last)
    assert summary.completed > 0 and summary.in_progress > 0 and summary.credited_hours > 0
    trainee = get_user_model().objects.get(username="trainee")
    assert plan_for(trainee, last).closed
    # This year's plan starts afresh: nothing of last year's completions is done again.
    assert plan_for(trainee).done_hours == 0
    load()  # a closed year is left alone
    assert year_summary(last) == summary
