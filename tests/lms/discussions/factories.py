"""Builders of lms.discussions test data: a course with a lecture, trainees on it, threads."""

from lms.courses.models import LecturePage
from lms.discussions import services
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.factories import enrol


def course_with_people(code="D1"):
    """A course with one lecture, two trainees on it and one instructor teaching it."""
    course = make_course(code, lectures=1)
    lecture = LecturePage.objects.child_of(course).get()
    ann = UserFactory(username=f"{code.lower()}-ann", first_name="Ann")
    bo = UserFactory(username=f"{code.lower()}-bo", first_name="Bo")
    teacher = UserFactory(username=f"{code.lower()}-teacher", first_name="Teacher",
                          roles=("instructor",))
    for trainee in (ann, bo):
        enrol(trainee, course)
    course.instructors.add(teacher)
    course.save()
    return {"course": course, "lecture": lecture, "ann": ann, "bo": bo, "teacher": teacher}


def start(people, user=None, **fields):
    return services.thread_start(course=people["course"], page=people["lecture"],
                                 user=user or people["ann"],
                                 title=fields.pop("title", "What is a budget for?"),
                                 body=fields.pop("body", "Let us *discuss*."), **fields)
