"""lms.quizzes' part in course completion: the course's required quizzes passed within the
enrolment (its result by the quiz's grading method, kept by the services that grade)."""

from django.utils.translation import gettext_lazy

from lms.courses import completion
from lms.quizzes.models import Quiz, QuizResult


@completion.criterion("quizzes", label=gettext_lazy("Quizzes passed"))
def quizzes_passed(enrolment):
    """(required quizzes of the course passed in this enrolment, required quizzes)."""
    required = Quiz.objects.filter(course_id=enrolment.course_id, required_for_completion=True)
    total = required.count()
    if not total:
        return 0, 0
    done = QuizResult.objects.filter(enrolment=enrolment, passed=True,
                                     quiz__in=required).count()
    return done, total
