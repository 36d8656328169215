"""Builders of lms.discussions test data: a course with a lecture, trainees on it, threads."""

from datetime import timedelta

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


def debate_setup(first_opens, *, side_mode="chosen", hours=24):
    """A debate's setup: three rounds (opening, rebuttal, closing) of `hours` each, one after
    the other from `first_opens`."""
    rounds = [{"kind": kind, "opens_at": first_opens + timedelta(hours=hours * n),
               "closes_at": first_opens + timedelta(hours=hours * (n + 1))}
              for n, kind in enumerate(("opening", "rebuttal", "closing"))]
    return {"motion": "Village committees should publish every budget line online",
            "side_mode": side_mode, "rounds": rounds}
