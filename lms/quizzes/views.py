"""Site views of lms.quizzes for trainees: their quiz results across courses, and a quiz on a
page of its own (where the results link to, to reopen an attempt's review)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from lms.courses.models import plausible_training_year
from lms.platform.pages import behind_refused_restriction
from lms.quizzes import presenting, selectors
from lms.quizzes.models import Quiz
from lms.quizzes.services import start_refusal

HISTORY_PAGE_SIZE = 50


@login_required
def my_quizzes(request):
    """My attempts at every quiz, by training year (the latest with attempts by default),
    grouped by quiz with my result on it, grades as far as each quiz's review options allow."""
    years = selectors.history_years(request.user)
    asked = plausible_training_year(request.GET.get("year", ""))
    year = asked if asked in years else (years[0] if years else None)
    page = Paginator(selectors.attempt_history(request.user, year=year),
                     HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    groups = presenting.history_groups(presenting.history(page, request=request))
    return render(request, "lms_quizzes/site/my_quizzes.html", {
        "years": years, "year": year, "page": page, "groups": groups})


@login_required
def quiz_page(request, pk):
    """A quiz on its own page, taken and reviewed through <lms-quiz>: for those who may read it
    (trainees on its course, its instructors and staff)."""
    quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=pk)
    if behind_refused_restriction(request, quiz.course):
        raise Http404
    access = selectors.quiz_access(quiz, request.user)
    if not access.may_read:
        raise PermissionDenied(start_refusal(quiz, access).message)
    return render(request, "lms_quizzes/site/quiz_page.html", {
        "quiz": quiz, "course_url": quiz.course.get_url(request)})
