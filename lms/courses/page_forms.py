"""Admin forms of the course and lecture pages: on top of Wagtail's page form, a quiz placed in
the page must be one of the page's own course (a trainee takes a quiz within their enrolment on
the quiz's course, so another course's quiz would refuse them)."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from lms.quizzes.blocks import quizzes_of_other_courses


class CourseContentForm(WagtailAdminPageForm):
    """Refuses quizzes of another course in `stream_field`."""

    stream_field = ""

    def course_id(self):
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        stream = cleaned_data.get(self.stream_field)
        for quiz in quizzes_of_other_courses(stream, self.course_id()):
            self.add_error(self.stream_field, _(
                "“%(quiz)s” is a quiz of another course (%(course)s): trainees of this course "
                "could not take it. Choose a quiz of this course, or make one for it.") % {
                    "quiz": quiz.title, "course": quiz.course.title})
        return cleaned_data


class CoursePageForm(CourseContentForm):
    stream_field = "materials"

    def course_id(self):
        return self.instance.pk


class LecturePageForm(CourseContentForm):
    stream_field = "body"

    def course_id(self):
        # A new lecture is not in the tree yet: its course is the page it is added under.
        if self.instance.pk is None:
            return self.parent_page.pk if self.parent_page is not None else None
        return self.instance.get_parent().pk
