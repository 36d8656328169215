"""The course page's cached parts (lms.courses.parts) and the cached main menu (lms.core.menus):
read once, served from the cache after, and read afresh after each change that shows on them —
a publish, an instructor renamed or retitled (by hand or by an import), a prerequisite
retitled, a topic renamed, a class session written outside a publish, a page added to or taken
off the menu. What is the trainee's own (progress, status) is never cached.

The first test of each kind proves the cache is really used (a write that sends no signal is
not seen), so that the tests of invalidation cannot pass by reading the database every time.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from lms.core.menus import main_menu
from lms.core.models import TraineeProfile
from lms.core.signals import trainees_imported
from lms.courses import parts, services
from lms.courses.models import ClassSession, CoursePage, LecturePage
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import at, catalogue_page, make_course, require

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(category, instructor):
    course = make_course("GOV-1", title="Modern governance", lectures=3,
                         sessions=[(at(7), 3)], topics=["governance"])
    course.instructors.add(instructor)
    course.save()
    return require(course, category, "required").course


@pytest.fixture
def reader(client, trainee):
    client.force_login(trainee)

    def read(course):
        response = client.get(CoursePage.objects.get(pk=course.pk).url)
        assert response.status_code == 200
        return response.content.decode()
    return read


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the cache is dropped on commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_parts_are_read_once_then_served_from_the_cache(course, instructor):
    fresh = CoursePage.objects.get(pk=course.pk)
    Site.get_site_root_paths()  # Wagtail's own cached read, which the lectures' URLs need
    with CaptureQueriesContext(connection) as first:
        read = parts.course_parts(fresh)
    with CaptureQueriesContext(connection) as second:
        again = parts.course_parts(fresh)
    assert len(first.captured_queries) == 5 and len(second.captured_queries) == 0
    assert again == read
    assert [person.name for person in read.instructors] == ["Chen Lixin"]
    assert [topic.name for topic in read.topics] == ["governance"]
    assert len(read.sessions) == 1
    assert [lecture.title for lecture in read.lectures] == [
        "GOV-1 lecture 1", "GOV-1 lecture 2", "GOV-1 lecture 3"]
    assert read.lectures[0].url == "/courses/gov-1/gov-1-l1/"


def test_a_write_that_sends_no_signal_is_not_seen_until_the_parts_are_forgotten(
        course, reader, commit):
    assert "Room 101" not in reader(course)
    ClassSession.objects.filter(course=course).update(place="Room 101")  # no signal
    assert "Room 101" not in reader(course)  # the page came from the cache
    with commit():
        parts.forget([course.pk])
    assert "Room 101" in reader(course)


def test_publishing_the_course_shows_its_new_sessions_and_title(course, reader, commit):
    reader(course)
    page = CoursePage.objects.get(pk=course.pk)
    page.title = "Modern governance, revised"
    page.sessions.add(ClassSession(starts_at=at(9), ends_at=at(9, hour=12), place="Hall B"))
    with commit():
        page.save_revision().publish()
    html = reader(course)
    assert "Modern governance, revised" in html and "Hall B" in html


def test_a_session_written_outside_a_publish_shows_and_goes(course, reader, commit):
    reader(course)
    with commit():
        session = ClassSession.objects.create(course=course, starts_at=at(20),
                                              ends_at=at(20, hour=12), place="Hall C")
    assert "Hall C" in reader(course)
    with commit():
        session.delete()
    assert "Hall C" not in reader(course)


def test_an_instructor_renamed_or_retitled_shows_on_their_course(course, instructor, reader,
                                                                 commit):
    reader(course)
    instructor.first_name = "Chen Lixin (Prof.)"
    with commit():
        instructor.save()
    assert "Chen Lixin (Prof.)" in reader(course)
    profile = TraineeProfile.objects.get(user=instructor)
    profile.position = "Professor of public administration"
    with commit():
        profile.save()
    assert "Professor of public administration" in reader(course)


def test_signing_in_does_not_drop_the_parts(course, instructor, client, commit):
    fresh = CoursePage.objects.get(pk=course.pk)
    parts.course_parts(fresh)
    with commit():
        client.force_login(instructor)  # writes last_login only
    with CaptureQueriesContext(connection) as reads:
        parts.course_parts(fresh)
    assert len(reads.captured_queries) == 0


def test_an_import_that_rewrites_an_instructor_drops_their_courses_parts(course, instructor,
                                                                         reader, commit):
    reader(course)
    # A trainee import writes names and positions in bulk (no post_save) and announces them.
    TraineeProfile.objects.filter(user=instructor).update(position="Dean of studies")
    assert "Dean of studies" not in reader(course)
    with commit():
        trainees_imported.send(sender=TraineeProfile, user_ids=[],
                               updated_user_ids=[instructor.pk])
    assert "Dean of studies" in reader(course)


def test_a_prerequisite_retitled_shows_on_the_courses_that_require_it(course, reader, commit):
    basics = make_course("GOV-0", title="Governance basics")
    page = CoursePage.objects.get(pk=course.pk)
    page.prerequisites.add(basics)
    with commit():
        page.save_revision().publish()
    assert "Governance basics" in reader(course)
    basics.title = "Foundations of governance"
    with commit():
        basics.save_revision().publish()
    assert "Foundations of governance" in reader(course)


def test_a_topic_renamed_shows_on_its_courses(course, reader, commit):
    assert ">governance</a>" in reader(course)
    tag = CoursePage.objects.get(pk=course.pk).topics.get()
    tag.name = "Governance reform"
    with commit():
        tag.save()
    assert ">Governance reform</a>" in reader(course)


def test_the_catalogue_renamed_changes_the_topic_links(course, reader, commit):
    assert 'href="/courses/?topic=governance"' in reader(course)
    catalogue = catalogue_page()
    catalogue.slug = "catalogue"
    with commit():
        catalogue.save_revision().publish()
    assert 'href="/catalogue/?topic=governance"' in reader(course)


def test_lectures_published_unpublished_moved_and_deleted_show_in_the_outline(
        course, reader, commit):
    assert "GOV-1 lecture 2" in reader(course)
    lecture = LecturePage.objects.child_of(course).order_by("path")[1]
    lecture.title = "Budget oversight in practice"
    with commit():
        lecture.save_revision().publish()
    assert "Budget oversight in practice" in reader(course)
    with commit():
        LecturePage.objects.get(pk=lecture.pk).unpublish()
    assert "Budget oversight in practice" not in reader(course)
    with commit():
        course.add_child(instance=LecturePage(title="Audit and accountability", slug="audit"))
    assert "Audit and accountability" in reader(course)
    other = make_course("GOV-2", title="Public budgets")
    with commit():
        LecturePage.objects.get(slug="audit").move(other, pos="last-child")
    assert "Audit and accountability" not in reader(course)
    assert "Audit and accountability" in reader(other)
    with commit():
        LecturePage.objects.child_of(course).order_by("path").first().delete()
    assert "GOV-1 lecture 1" not in reader(course)


def test_the_outline_is_rendered_once_per_state_of_progress(course, trainee, reader):
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key
    from django.test import RequestFactory

    from lms.courses.outline import course_outline

    services.plan_sync_required(user=trainee)
    reader(course)
    request = RequestFactory().get("/")
    request.user = trainee

    def fragment_key():
        outline = course_outline(CoursePage.objects.get(pk=course.pk), request)
        return make_template_fragment_key("lms-outline", [outline.render_key, "", False, "en"])

    before = fragment_key()
    assert cache.get(before) is not None  # the page's outline came from / went to the cache
    first = LecturePage.objects.child_of(course).order_by("path").first()
    services.lecture_mark_done(user=trainee, lecture=first)
    after = fragment_key()
    assert after != before and cache.get(after) is None  # progress: rendered afresh
    assert "1 of 3 lectures done" in reader(course)
    assert cache.get(after) is not None


def test_the_trainees_own_progress_shows_at_once(course, trainee, reader):
    services.plan_sync_required(user=trainee)
    assert "0 of 3 lectures done" in reader(course)
    first = LecturePage.objects.child_of(course).order_by("path").first()
    services.lecture_mark_done(user=trainee, lecture=first)
    assert "1 of 3 lectures done" in reader(course)


def test_the_cached_fragments_follow_the_language(course, reader, client):
    assert "Key dates" in reader(course)
    client.cookies["django_language"] = "zh-hans"
    assert "重要日期" in reader(course)


# --- The main menu --------------------------------------------------------------------------


def test_the_menu_is_read_once_and_follows_publishing(rf, commit, trainee, client):
    catalogue = catalogue_page()
    catalogue.show_in_menus = True
    with commit():
        catalogue.save_revision().publish()
    request = rf.get("/")
    assert [item.title for item in main_menu(request)] == [catalogue.title]
    with CaptureQueriesContext(connection) as reads:
        main_menu(rf.get("/"))
    assert len(reads.captured_queries) <= 1  # Wagtail's site lookup only

    home = Page.objects.get(pk=catalogue.get_parent().pk)
    about = home.add_child(instance=Page(title="About the school", slug="about",
                                         show_in_menus=True, live=False))
    with commit():
        about.save_revision().publish()
    assert "About the school" in [item.title for item in main_menu(rf.get("/"))]
    about.title = "About the academy"
    with commit():
        about.save_revision().publish()
    assert "About the academy" in [item.title for item in main_menu(rf.get("/"))]
    with commit():
        Page.objects.get(pk=about.pk).unpublish()
    assert "About the academy" not in [item.title for item in main_menu(rf.get("/"))]
    with commit():
        catalogue.delete()
    assert main_menu(rf.get("/")) == []


def test_the_menu_marks_the_page_in_view(commit, trainee, client):
    catalogue = catalogue_page()
    catalogue.show_in_menus = True
    with commit():
        catalogue.save_revision().publish()
    client.force_login(trainee)
    html = client.get(catalogue.url).content.decode()
    assert f'<a href="{catalogue.url}" aria-current="page">{catalogue.title}</a>' in html


def test_a_user_not_teaching_saved_keeps_every_course_part(course, commit):
    someone = UserFactory(username="someone")
    fresh = CoursePage.objects.get(pk=course.pk)
    parts.course_parts(fresh)
    someone.first_name = "Someone else"
    with commit():
        someone.save()
    with CaptureQueriesContext(connection) as reads:
        parts.course_parts(fresh)
    assert len(reads.captured_queries) == 0


def test_a_view_restriction_hides_a_cached_lecture_at_once(course, client, trainee):
    from wagtail.models import PageViewRestriction

    url = CoursePage.objects.get(pk=course.pk).url
    assert "GOV-1 lecture 2" in client.get(url).content.decode()  # anonymous; parts cached
    second = LecturePage.objects.child_of(course).order_by("path")[1]
    PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(url).content.decode()
    assert "GOV-1 lecture 2" not in html and "GOV-1 lecture 3" in html
    client.force_login(trainee)
    assert "GOV-1 lecture 2" in client.get(url).content.decode()
