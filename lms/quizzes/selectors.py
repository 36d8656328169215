"""Reads of lms.quizzes: who may take a quiz and how, an attempt as its viewer may see it, a
trainee's attempts and results, and the grading queue."""

from dataclasses import dataclass, fields
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from lms.courses.selectors import CourseStanding, course_ids_taught_by, course_standing, may_see_progress
from lms.quizzes.models import Attempt, AttemptAnswer, Quiz, QuizOverride


@dataclass
class QuizAccess(CourseStanding):
    """A user's CourseStanding towards the quiz's course, with what they were given on the quiz
    (extra time, extra attempts): trainees' attempts count in their enrolment; those who
    oversee the course take previews, never counted."""

    quiz: Quiz = None

    @cached_property
    def override(self):
        """(extra minutes, extra attempts) given to this user on this quiz."""
        found = (QuizOverride.objects.filter(quiz=self.quiz, user=self.user)
                 .values_list("extra_minutes", "extra_attempts").first())
        return found or (0, 0)

    @property
    def attempts_allowed(self):
        if not self.quiz.attempts_allowed or not self.records_progress:
            return None
        return self.quiz.attempts_allowed + self.override[1]

    @property
    def time_limit_seconds(self):
        if not self.quiz.time_limit_minutes:
            return None
        return (self.quiz.time_limit_minutes + self.override[0]) * 60


def quiz_access(quiz, user):
    """The QuizAccess of a user to a quiz: course_standing's (the enrolment, then whether its
    year is closed when that is asked), with the quiz."""
    standing = course_standing(quiz.course, user)
    # The standing's fields only: what its cached properties may have read is asked again.
    return QuizAccess(quiz=quiz, **{field.name: getattr(standing, field.name)
                                    for field in fields(CourseStanding)})


def attempts_of(access):
    """The user's own attempts at the quiz within the enrolment in view (previews for those who
    oversee the course), oldest first."""
    attempts = Attempt.objects.filter(quiz=access.quiz, user=access.user)
    if access.records_progress or access.enrolment is not None:
        return attempts.filter(enrolment=access.enrolment).order_by("number")
    return attempts.filter(enrolment__isnull=True).order_by("number")


def review_moment(attempt, quiz, now=None):
    """When an attempt is looked at, in the terms of the review options: "during", "after"
    (submitted, the quiz still open) or "closed"."""
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return "during"
    now = now or timezone.now()
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return "closed"
    return "after"


REVIEW_PARTS = ("score", "correctness", "feedback", "answers")


def review_shows(attempt, quiz, *, full=False, now=None):
    """{part: bool} of what the review of an attempt shows its viewer now: the quiz's review
    options for the trainee; everything for those who oversee the course (`full`), and for a
    preview once it is submitted."""
    moment = review_moment(attempt, quiz, now)
    if full or (attempt.is_preview and moment != "during"):
        return dict.fromkeys(REVIEW_PARTS, True)
    return {part: getattr(quiz, f"review_{moment}_{part}") for part in REVIEW_PARTS}


def may_oversee_attempt(user, attempt):
    """Instructors of the quiz's course and staff who see its progress read every attempt."""
    return user.is_authenticated and may_see_progress(user, attempt.quiz.course_id)


def grading_queue(user):
    """Answers waiting for a grader (essays of submitted attempts) on the courses this user
    oversees, oldest submission first."""
    answers = (AttemptAnswer.objects.filter(state="needs_grading",
                                            attempt__status=Attempt.Status.SUBMITTED)
               .select_related("attempt__quiz__course", "attempt__user", "version")
               .order_by("attempt__submitted_at", "attempt_id", "position"))
    if not user.has_perm("lms_courses.view_enrolment"):
        answers = answers.filter(attempt__quiz__course_id__in=course_ids_taught_by(user))
    return answers


def quizzes_overseen(user):
    """The quizzes whose results and statistics this user may see."""
    quizzes = Quiz.objects.select_related("course")
    if user.has_perm("lms_courses.view_enrolment"):
        return quizzes
    return quizzes.filter(Q(course_id__in=course_ids_taught_by(user)))


def attempt_history(user, year=None):
    """The trainee's own attempts at every quiz, in the enrolments they were made in (previews
    left out), with quiz, course and enrolment; newest first, of one training year if given."""
    attempts = (Attempt.objects.filter(user=user, enrolment__isnull=False)
                .select_related("quiz__course", "enrolment"))
    if year is not None:
        attempts = attempts.filter(enrolment__year=year)
    return attempts.order_by("-started_at", "-pk")


def history_years(user):
    """The training years the trainee has attempts in, latest first."""
    return list(Attempt.objects.filter(user=user, enrolment__isnull=False)
                .values_list("enrolment__year", flat=True).distinct()
                .order_by("-enrolment__year"))
