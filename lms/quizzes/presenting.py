"""What the API shows of a quiz and of an attempt: the quiz's facts and the user's standing, and
each question as drawn for the attempt, with its review only as far as the review options allow
at that moment. Nothing here ever hands a trainee a key, a credit or a feedback text early."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.quizzes import grading, questions
from lms.quizzes.models import Attempt, QuizResult
from lms.quizzes.selectors import attempts_of, review_shows
from lms.quizzes.services import start_refusal
from lms.quizzes.services.common import grader_for


def _number(value):
    return None if value is None else float(value)


def attempt_summary(attempt, shows):
    """One line of an attempt list: its grade only when the review shows the score."""
    graded = attempt.status == Attempt.Status.GRADED and shows["score"]
    return {"id": attempt.pk, "number": attempt.number, "status": attempt.status,
            "started_at": attempt.started_at, "submitted_at": attempt.submitted_at,
            "grade": _number(attempt.grade) if graded else None,
            "passed": attempt.passed if graded else None,
            "url": reverse("api-quiz-attempt", args=[attempt.pk])}


def quiz_summary(quiz, access, now=None):
    """The quiz as its user sees it (GET quizzes/{id}/): facts, rules, whether and why not
    they may start, their attempts and their result."""
    now = now or timezone.now()
    attempts = list(attempts_of(access))
    in_progress = next((attempt.pk for attempt in attempts
                        if attempt.status == Attempt.Status.IN_PROGRESS), None)
    allowed = access.attempts_allowed
    refusal = start_refusal(quiz, access, now)
    if refusal is None and in_progress is None and allowed is not None and len(
            attempts) >= allowed:
        refusal_text = _("You have used all %(count)d attempts at this quiz.") % {
            "count": allowed}
    else:
        refusal_text = None if refusal is None else refusal.message
    full = access.oversees and not access.records_progress
    summaries, shown_grades = [], []
    for attempt in attempts:
        shows = review_shows(attempt, quiz, full=full, now=now)
        summaries.append(attempt_summary(attempt, shows))
        if summaries[-1]["grade"] is not None:
            shown_grades.append(summaries[-1])
    result = None
    if access.enrolment is not None and shown_grades:
        stored = quiz.results.filter(enrolment=access.enrolment).first()
        if stored is not None:
            result = {"grade": float(stored.grade), "passed": stored.passed}
    return {
        "id": quiz.pk, "title": quiz.title, "intro": questions.render(quiz.intro, "markdown"),
        "course": {"id": quiz.course_id, "title": quiz.course.title,
                   "url": quiz.course.url},
        "opens_at": quiz.opens_at, "closes_at": quiz.closes_at,
        "time_limit": access.time_limit_seconds,
        "attempts_allowed": allowed, "attempts_used": len(attempts),
        "pass_mark": float(quiz.pass_mark), "grading_method": quiz.grading_method,
        **_shape(quiz),
        "can_start": refusal_text is None, "refusal": refusal_text,
        "records_progress": access.records_progress,
        "in_progress": in_progress, "result": result, "attempts": summaries,
    }


def _shape(quiz):
    """How many questions an attempt holds (text-only items are not questions) and its maximum
    score (None when a drawing place without its own mark makes it depend on the draw)."""
    count, total = 0, 0
    for slot in quiz.slots.select_related("question__current_version"):
        if slot.question_id:
            version = slot.question.current_version
            if version is None:
                continue
            count += version.qtype != "description"
            mark = slot.mark if slot.mark is not None else version.default_mark
        else:
            count += slot.draw_count
            mark = None if slot.mark is None else slot.mark * slot.draw_count
        total = None if total is None or mark is None else total + mark
    return {"question_count": count, "max_score": _number(total)}


def _review(answer, data, shows, live):
    grader = grader_for(answer.version)
    outcome = grader(answer.response)
    if live:
        fraction, state = outcome.fraction, outcome.state
        mark = None if fraction is None else round(fraction * float(answer.max_mark), 2)
    else:
        state, mark = answer.state or outcome.state, _number(answer.mark)
    review = {"mark": mark if shows["score"] else None,
              "state": state if shows["correctness"] else None,
              "feedback": [], "right_answer": None, "correct": None, "comment": None}
    if shows["feedback"]:
        general = data.get("general_feedback")
        review["feedback"] = [*outcome.feedback,
                              *([questions.render(general, data["format"])] if general else [])]
        review["comment"] = answer.comment or None
    if shows["answers"]:
        review["correct"], review["right_answer"] = grading.right_answer(data)
        review["right_answer"] = review["right_answer"] or None
    return review


def attempt_detail(attempt, *, full=False, now=None):
    """An attempt as its viewer sees it (GET attempts/{id}/): the questions as drawn, the saved
    responses and, as far as the review options allow now (everything for those who oversee
    the course: `full`), marks, right or wrong, feedback and right answers."""
    now = now or timezone.now()
    quiz = attempt.quiz
    shows = review_shows(attempt, quiz, full=full, now=now)
    live = attempt.status == Attempt.Status.IN_PROGRESS
    reviewing = any(shows.values())
    items = []
    for number, answer in enumerate(attempt.answers.select_related("version")
                                    .order_by("position"), start=1):
        data = answer.version.data
        item = {**questions.present(data, answer.layout), "slot": answer.pk, "number": number,
                "mark": float(answer.max_mark), "response": answer.response, "review": None}
        if reviewing:
            item["review"] = _review(answer, data, shows, live)
        items.append(item)
    review = None
    if not live:
        graded = attempt.status == Attempt.Status.GRADED and shows["score"]
        review = {"score": _number(attempt.score) if graded else None,
                  "max_score": float(attempt.max_score),
                  "grade": _number(attempt.grade) if graded else None,
                  "passed": attempt.passed if graded else None}
    return {"id": attempt.pk, "url": reverse("api-quiz-attempt", args=[attempt.pk]),
            "quiz": quiz.pk, "number": attempt.number,
            "status": attempt.status, "preview": attempt.is_preview,
            "started_at": attempt.started_at, "deadline": attempt.deadline, "server_now": now,
            "submitted_at": attempt.submitted_at, "overdue": attempt.overdue,
            "questions": items, "review": review}


def history(attempts, *, request=None, now=None):
    """A trainee's attempts across quizzes (from selectors.attempt_history), each as its line in
    an attempt list with its quiz, course and training year; grades only where the quiz's
    review options show the score now. Evaluates `attempts` (one query with its quiz, course and
    enrolment)."""
    now = now or timezone.now()
    rows, courses = [], {}
    for attempt in attempts:
        quiz = attempt.quiz
        if quiz.course_id not in courses:
            courses[quiz.course_id] = {"id": quiz.course_id, "title": quiz.course.title,
                                       "url": quiz.course.get_url(request)}
        rows.append({**attempt_summary(attempt, review_shows(attempt, quiz, now=now)),
                     "quiz": {"id": quiz.pk, "title": quiz.title,
                              "url": reverse("quiz-page", args=[quiz.pk])},
                     "status_label": Attempt.Status(attempt.status).label,
                     "course": courses[quiz.course_id], "year": attempt.enrolment.year,
                     "enrolment": attempt.enrolment_id})
    return rows


def history_groups(rows):
    """The history's lines grouped by quiz and enrolment, most recent first, each with the
    trainee's result on it (by the quiz's grading method) once a grade of theirs shows (one
    query for the results)."""
    groups = {}
    for row in rows:
        key = (row["quiz"]["id"], row["enrolment"])
        group = groups.setdefault(key, {"quiz": row["quiz"], "course": row["course"],
                                        "year": row["year"], "attempts": [], "result": None})
        group["attempts"].append(row)
    shown = {key for key, group in groups.items()
             if any(row["grade"] is not None for row in group["attempts"])}
    if shown:
        results = QuizResult.objects.filter(quiz_id__in={pair[0] for pair in shown},
                                            enrolment_id__in={pair[1] for pair in shown})
        for result in results:
            key = (result.quiz_id, result.enrolment_id)
            if key in shown:
                groups[key]["result"] = {"grade": float(result.grade), "passed": result.passed}
    return list(groups.values())


def grading_item(answer, *, request=None):
    """An answer in the grading queue (from selectors.grading_queue) as GET grading/ lists it."""
    attempt = answer.attempt
    quiz, user = attempt.quiz, attempt.user
    return {"answer": answer.pk, "question": answer.version.data.get("name", ""),
            "max_mark": float(answer.max_mark), "attempt": attempt.pk,
            "attempt_url": reverse("api-quiz-attempt", args=[attempt.pk]),
            "submitted_at": attempt.submitted_at,
            "trainee": {"id": user.pk, "username": user.get_username(),
                        "name": user.get_full_name() or user.get_username()},
            "quiz": {"id": quiz.pk, "title": quiz.title,
                     "url": reverse("quiz-page", args=[quiz.pk])},
            "course": {"id": quiz.course_id, "title": quiz.course.title,
                       "url": quiz.course.get_url(request)}}
