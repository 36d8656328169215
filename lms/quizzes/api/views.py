"""API views of lms.quizzes: a quiz, starting and listing attempts, an attempt with autosave and
submit, the grading queue and a grader's mark. The services decide; these views translate."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.courses.models import plausible_training_year
from lms.courses.selectors import oversees_any
from lms.platform.api.errors import RefusedError
from lms.platform.api.serializers import ApiErrorSerializer
from lms.platform.pages import behind_refused_restriction
from lms.quizzes import presenting, reports, selectors, services
from lms.quizzes.api.serializers import (
    AnswersSerializer,
    AttemptSerializer,
    AttemptSummarySerializer,
    GradeSerializer,
    GradingItemSerializer,
    HistoryAttemptSerializer,
    QuizSerializer,
    QuizStatisticsSerializer,
    SavedSerializer,
    SubmitSerializer,
)
from lms.quizzes.models import Attempt, AttemptAnswer, Quiz

ERRORS = {400: ApiErrorSerializer, 403: ApiErrorSerializer, 404: ApiErrorSerializer,
          409: ApiErrorSerializer}


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except services.QuizRefused as refused:
        raise RefusedError(refused) from refused
    except services.ResponsesInvalid as invalid:
        raise ValidationError({"answers": invalid.errors}) from invalid


def _visible_quiz(request, pk):
    """The quiz, unless its course's page is behind a view restriction the request does not
    pass (then a 404, as for the page itself)."""
    quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=pk)
    if behind_refused_restriction(request, quiz.course):
        raise NotFound()
    return quiz


def _quiz_and_access(request, pk):
    quiz = _visible_quiz(request, pk)
    access = selectors.quiz_access(quiz, request.user)
    if not access.may_read:
        raise PermissionDenied(
            code="not_enrolled",
            detail=services.start_refusal(quiz, access).message)
    return quiz, access


class QuizDetailView(APIView):
    """A quiz as the signed-in user sees it: its rules (time limit and attempts including any
    extra they were given), whether they may start an attempt and why not, their attempts and
    their result. For trainees on the course, and for its instructors and staff (previews)."""

    @extend_schema(responses={200: QuizSerializer, **ERRORS})
    def get(self, request, pk):
        quiz, access = _quiz_and_access(request, pk)
        return Response(presenting.quiz_summary(quiz, access))


class QuizAttemptsView(generics.GenericAPIView):
    """GET: the user's own attempts at the quiz (paginated). POST: start an attempt, or get the
    one in progress (200 instead of 201): the questions as drawn and laid out for it, without
    any answer, credit or feedback."""

    serializer_class = AttemptSummarySerializer
    queryset = Attempt.objects.none()  # scoped per request in get(); for the schema only

    @extend_schema(responses={200: AttemptSummarySerializer(many=True), **ERRORS})
    def get(self, request, pk):
        quiz, access = _quiz_and_access(request, pk)
        now = timezone.now()
        full = access.oversees and not access.records_progress
        page = self.paginate_queryset(selectors.attempts_of(access))
        rows = [presenting.attempt_summary(
            attempt, selectors.review_shows(attempt, quiz, full=full, now=now))
            for attempt in page]
        return self.get_paginated_response(rows)

    @extend_schema(request=None, responses={200: AttemptSerializer, 201: AttemptSerializer,
                                            **ERRORS})
    def post(self, request, pk):
        quiz = _visible_quiz(request, pk)
        attempt, created = _call(services.attempt_start, quiz=quiz, user=request.user)
        attempt.quiz = quiz
        return Response(presenting.attempt_detail(attempt),
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _attempt_for(request, pk):
    """The attempt if the requester took it or oversees its course; (attempt, full review)."""
    attempt = Attempt.objects.select_related("quiz__course").filter(pk=pk).first()
    if attempt is None:
        raise NotFound()
    if attempt.user_id == request.user.pk:
        return attempt, False
    if selectors.may_oversee_attempt(request.user, attempt):
        return attempt, True
    raise NotFound()


class AttemptDetailView(APIView):
    """An attempt: its questions, the saved responses and, as the quiz's review options allow
    now (everything for the course's instructors and staff), marks, right or wrong, feedback
    and the right answers. Anyone else's attempt is a 404."""

    @extend_schema(responses={200: AttemptSerializer, **ERRORS})
    def get(self, request, pk):
        attempt, full = _attempt_for(request, pk)
        return Response(presenting.attempt_detail(attempt, full=full))


class AttemptAnswersView(APIView):
    """Autosave: `{"answers": [{"slot": id, "response": {...}}]}` into one's attempt in
    progress. All or nothing (a 400 names each wrong slot); sending the same again is harmless.
    409 `attempt_finished` once submitted, 409 `deadline_passed` once time is up (the attempt is
    then closed by the server)."""

    @extend_schema(request=AnswersSerializer, responses={200: SavedSerializer, **ERRORS})
    def post(self, request, pk):
        body = AnswersSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        now = timezone.now()
        attempt, saved = _call(services.answers_save, attempt_id=pk, user=request.user,
                               answers=body.validated_data["answers"], now=now)
        return Response({"saved": saved, "saved_at": now, "deadline": attempt.deadline,
                         "server_now": now})


class AttemptSubmitView(APIView):
    """Submit one's attempt with its last answers; it is graded at once (an essay waits for
    its grader) and the answer is the attempt with what the review options show. A second
    submit is a 409 `attempt_finished`; one after the deadline a 409 `deadline_passed`, or the
    attempt as closed at the deadline when the quiz submits late attempts itself."""

    @extend_schema(request=SubmitSerializer, responses={200: AttemptSerializer, **ERRORS})
    def post(self, request, pk):
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attempt = _call(services.attempt_submit, attempt_id=pk, user=request.user,
                        answers=body.validated_data["answers"])
        return Response(presenting.attempt_detail(attempt))


class AnswerGradeView(APIView):
    """A grader's mark and comment on an answer (an essay): for the course's instructors and
    staff. The attempt's grade follows once nothing is left to grade."""

    @extend_schema(request=GradeSerializer, responses={200: AttemptSerializer, **ERRORS})
    def post(self, request, pk):
        answer = (AttemptAnswer.objects.select_related("attempt__quiz__course")
                  .filter(pk=pk).first())
        if answer is None or not selectors.may_oversee_attempt(request.user, answer.attempt):
            raise NotFound()
        body = GradeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attempt = _call(services.answer_grade, answer_id=answer.pk, by=request.user,
                        **body.validated_data)
        return Response(presenting.attempt_detail(attempt, full=True))


YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="A training year.")


def _year(request):
    """The `year` query parameter: a plausible training year, or None when absent; anything
    else is a 400 rather than a silent "every year"."""
    raw = request.query_params.get("year", "")
    if not raw:
        return None
    year = plausible_training_year(raw)
    if year is None:
        raise ValidationError({"year": [_("Give a training year such as 2026.")]},
                              code="invalid_year")
    return year


class MyQuizAttemptsView(generics.GenericAPIView):
    """My attempts at every quiz, newest first (previews left out), each with its quiz, course
    and training year; grades only where the quiz's review options show the score now."""

    serializer_class = HistoryAttemptSerializer
    queryset = Attempt.objects.none()  # scoped per request in get(); for the schema only

    @extend_schema(parameters=[YEAR], responses={200: HistoryAttemptSerializer(many=True),
                                                 **ERRORS})
    def get(self, request):
        page = self.paginate_queryset(selectors.attempt_history(request.user,
                                                                year=_year(request)))
        return self.get_paginated_response(presenting.history(page, request=request))


class GradingQueueView(generics.GenericAPIView):
    """Answers waiting for a grader (essays of submitted attempts) on the courses the user
    teaches, or every course for the training office; oldest submission first. Grade one with
    POST answers/{answer}/grade/."""

    serializer_class = GradingItemSerializer
    queryset = AttemptAnswer.objects.none()  # scoped per request in get(); for the schema only

    @extend_schema(responses={200: GradingItemSerializer(many=True), **ERRORS})
    def get(self, request):
        if not oversees_any(request.user):
            raise PermissionDenied(_("Only the training office and instructors grade answers."))
        page = self.paginate_queryset(selectors.grading_queue(request.user))
        return self.get_paginated_response(
            [presenting.grading_item(answer, request=request) for answer in page])


class QuizStatisticsView(APIView):
    """A quiz's results over its trainees' graded attempts (of one training year if asked):
    grade spread, pass rate and each question's facility and discrimination, with a flag for
    questions worth a look. For the course's instructors and the training office."""

    @extend_schema(parameters=[YEAR], responses={200: QuizStatisticsSerializer, **ERRORS})
    def get(self, request, pk):
        quiz = selectors.quizzes_overseen(request.user).filter(pk=pk).first()
        if quiz is None:
            raise NotFound()
        year = _year(request)
        report = reports.quiz_report(quiz, year=year)
        rows = reports.question_rows(quiz, report, reports.outdated_answers(quiz))
        return Response({
            "quiz": quiz.pk, "year": year, "years": reports.attempt_years(quiz),
            **{key: report[key] for key in ("count", "passed", "pass_rate", "mean", "median",
                                            "sd", "distribution")},
            "questions": [{**row, "flag_text": str(row["flag_text"])} for row in rows]})
