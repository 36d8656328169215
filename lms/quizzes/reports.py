"""Reads behind the marking and results screens: who oversees quizzes, a quiz's attempts, the
spread of its grades and its per-question statistics (read as plain rows, a few queries
whatever the number of attempts), the questions a regrade could move, and past regrades."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from lms.courses.models import Enrolment
from lms.courses.selectors import may_see_progress
from lms.quizzes import statistics
from lms.quizzes.models import Attempt, AttemptAnswer, Question, QuestionType
from lms.quizzes.selectors import quizzes_overseen

GRADED = Attempt.Status.GRADED
SUBMITTED = Attempt.Status.SUBMITTED
# Trainees' attempts: previews by instructors and staff (no enrolment) never count.
TRAINEES = Q(enrolment__isnull=False)
# What the statistics count: trainees' attempts with a final grade.
COUNTED = Q(enrolment__isnull=False, status=GRADED)

FLAGS = {
    "too_easy": _("Too easy — nearly everyone gets it right."),
    "too_hard": _("Too hard — few trainees get it right."),
    "poor_discrimination": _("Discriminates poorly — stronger and weaker trainees score "
                             "alike on it."),
    "negative_discrimination": _("Negative discrimination: check the key — weaker trainees "
                                 "do better on it than stronger ones."),
}


def may_change_quiz(user, quiz):
    """Who may regrade a quiz: those who may change quizzes and oversee its course (the
    training office, the course's own instructors)."""
    return (user.is_authenticated and user.has_perm("lms_quizzes.change_quiz")
            and may_see_progress(user, quiz.course_id))


def quizzes_with_counts(user):
    """The quizzes the user oversees, each with its trainees' graded attempts and the attempts
    waiting for a grader (one query)."""
    return (quizzes_overseen(user)
            .annotate(graded_count=Count("attempts", filter=Q(attempts__status=GRADED,
                                                               attempts__enrolment__isnull=False)),
                      waiting_count=Count("attempts", filter=Q(attempts__status=SUBMITTED)))
            .order_by("course__title", "title", "pk"))


def attempt_years(quiz):
    """The training years of the enrolments trainees attempted the quiz in, latest first."""
    return list(Enrolment.objects.filter(quiz_attempts__quiz=quiz).values_list("year", flat=True)
                .distinct().order_by("-year"))


ORDERINGS = {
    "newest": ("-started_at", "-pk"),
    "oldest": ("started_at", "pk"),
    "highest": (F("grade").desc(nulls_last=True), "-pk"),
    "lowest": (F("grade").asc(nulls_last=True), "pk"),
    "trainee": ("user__first_name", "user__username", "number"),
}


def quiz_attempts(quiz, *, status=None, passed=None, year=None, ordering="newest"):
    """The trainees' attempts at a quiz (previews left out), with the trainee and their work
    unit, filtered by status, passed (True/False) and training year."""
    attempts = (Attempt.objects.filter(TRAINEES, quiz=quiz)
                .select_related("user", "user__trainee_profile__work_unit", "enrolment"))
    if status:
        attempts = attempts.filter(status=status)
    if passed is not None:
        attempts = attempts.filter(status=GRADED, passed=passed)
    if year is not None:
        attempts = attempts.filter(enrolment__year=year)
    return attempts.order_by(*ORDERINGS.get(ordering, ORDERINGS["newest"]))


def status_counts(quiz, *, year=None):
    """{status: number} of the trainees' attempts at the quiz."""
    attempts = Attempt.objects.filter(TRAINEES, quiz=quiz)
    if year is not None:
        attempts = attempts.filter(enrolment__year=year)
    return dict(attempts.values_list("status").annotate(n=Count("pk")).order_by())


def _percent(value):
    return None if value is None else value * 100


def quiz_report(quiz, *, year=None):
    """The quiz's grade statistics and per-question statistics over its trainees' graded
    attempts (of one training year if given), in three queries: the attempts' grades, the
    answers' credits, the questions' names. Questions are keyed by question id; a drawn
    question counts the attempts that drew it."""
    attempts = Attempt.objects.filter(COUNTED, quiz=quiz)
    if year is not None:
        attempts = attempts.filter(enrolment__year=year)
    rows, passed = {}, 0
    for pk, grade, max_score, has_passed in attempts.values_list(
            "pk", "grade", "max_score", "passed").order_by():
        rows[pk] = {"grade": float(grade or 0) / 100, "items": {}, "weights": {},
                    "max": float(max_score)}
        passed += bool(has_passed)
    answers = AttemptAnswer.objects.filter(attempt__in=attempts).exclude(
        version__qtype=QuestionType.DESCRIPTION)
    for attempt_id, question_id, fraction, max_mark in answers.values_list(
            "attempt_id", "version__question_id", "fraction", "max_mark").order_by():
        row = rows.get(attempt_id)
        if row is not None:
            row["items"][question_id] = fraction
            row["weights"][question_id] = float(max_mark)
    figures = statistics.quiz_statistics(list(rows.values()))
    tallest = max((band["count"] for band in figures["distribution"]), default=0)
    distribution = [{**band, "share": round(band["count"] * 100 / tallest) if tallest else 0}
                    for band in figures["distribution"]]
    return {
        "count": figures["count"], "passed": passed,
        "pass_rate": passed * 100 / figures["count"] if figures["count"] else None,
        "mean": _percent(figures["mean"]), "median": _percent(figures["median"]),
        "sd": _percent(figures["sd"]), "distribution": distribution,
        "items": figures["items"],
    }


def outdated_answers(quiz):
    """{question id: number of answers} given to an older version than the question's current
    one: what a regrade with the current version could move (one query)."""
    return dict(AttemptAnswer.objects.filter(attempt__quiz=quiz)
                .exclude(version_id=F("version__question__current_version_id"))
                .values_list("version__question_id").annotate(n=Count("pk")).order_by())


def question_rows(quiz, report, outdated):
    """One row per question of the quiz — its fixed questions in the quiz's order, then those
    drawn or answered, by name — with its statistics, the flag in words and the answers a
    regrade could move (two queries: the fixed places, the questions' names)."""
    fixed = list(quiz.slots.filter(question__isnull=False).order_by("position", "pk")
                 .values_list("question_id", flat=True))
    wanted = set(fixed) | set(report["items"]) | set(outdated)
    questions = {question.pk: question for question in
                 Question.objects.filter(pk__in=wanted).exclude(qtype=QuestionType.DESCRIPTION)
                 .only("pk", "name", "qtype")}
    order = list(dict.fromkeys(pk for pk in fixed if pk in questions))
    order += sorted(set(questions) - set(order),
                    key=lambda pk: (questions[pk].name.casefold(), pk))
    empty = {"attempts": 0, "facility": None, "sd": None, "discrimination": None, "flag": None}
    rows = []
    for number, pk in enumerate(order, start=1):
        question = questions[pk]
        item = report["items"].get(pk, empty)
        rows.append({
            "number": number, "question_id": pk, "name": question.name,
            "qtype": question.get_qtype_display(), "drawn": pk not in fixed,
            "attempts": item["attempts"], "facility": _percent(item["facility"]),
            "sd": _percent(item["sd"]), "discrimination": item["discrimination"],
            "flag": item["flag"], "flag_text": FLAGS.get(item["flag"], ""),
            "outdated": outdated.get(pk, 0),
        })
    return rows


def regrades_of(quiz):
    """The quiz's past regrades, latest first."""
    return quiz.regrades.select_related("question", "version", "done_by").order_by(
        "-done_at", "-pk")
