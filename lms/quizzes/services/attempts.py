"""Writes of attempts: starting one (questions drawn and laid out for it), saving answers,
submitting, and closing those whose time ran out. The server's clock and rules decide: a late
answer is refused, an attempt past its deadline is closed as the quiz says, never graded as if
in time."""

import random
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.quizzes import conf, questions
from lms.quizzes.models import Attempt, AttemptAnswer, Question, QuestionType, Quiz
from lms.quizzes.selectors import quiz_access
from lms.quizzes.services.common import QuizRefused, ResponsesInvalid
from lms.quizzes.services.marking import attempt_finish, counts_in

Status = Attempt.Status


def _start_refusal(quiz, access, now):
    if not access.may_take:
        if access.enrolment is not None and access.year_closed:
            return QuizRefused("year_closed", _(
                "This training year is closed: its quizzes can no longer be taken."))
        return QuizRefused("not_enrolled", _(
            "Only trainees on this course take its quiz. Choose the course first."))
    if not access.records_progress:
        return None  # a preview by an instructor or staff: any time, any number
    if quiz.opens_at is not None and now < quiz.opens_at:
        return QuizRefused("quiz_not_open", _("This quiz opens on %(date)s.") % {
            "date": timezone.localtime(quiz.opens_at).strftime("%Y-%m-%d %H:%M")})
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return QuizRefused("quiz_closed", _("This quiz closed on %(date)s.") % {
            "date": timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M")})
    return None


def start_refusal(quiz, access, now=None):
    """Why this user cannot start an attempt now (a QuizRefused), or None; attempts left are
    checked by attempt_start under the lock."""
    return _start_refusal(quiz, access, now or timezone.now())


def attempt_start(*, quiz, user, now=None):
    """Start an attempt, or return the one in progress: (attempt, created). The questions are
    drawn (fixed ones at their current version, random ones from their category or tag),
    ordered and laid out once, for this attempt. Raises QuizRefused."""
    now = now or timezone.now()
    access = quiz_access(quiz, user)
    refusal = _start_refusal(quiz, access, now)
    if refusal is not None:
        raise refusal
    enrolment = access.enrolment if access.records_progress else None
    with transaction.atomic():
        if enrolment is not None:
            # One start at a time per trainee and course: the count of attempts below holds.
            type(enrolment).objects.select_for_update().filter(pk=enrolment.pk).first()
        current = Attempt.objects.filter(quiz=quiz, user=user, status=Status.IN_PROGRESS).first()
        if current is not None:
            if not _is_overdue(current, now):
                return current, False
            close_overdue(current, quiz, now)
        used = Attempt.objects.filter(quiz=quiz, user=user, enrolment=enrolment).count()
        allowed = access.attempts_allowed
        if allowed is not None and used >= allowed:
            raise QuizRefused("no_attempts_left", _(
                "You have used all %(count)d attempts at this quiz.") % {"count": allowed})
        try:
            with transaction.atomic():
                attempt = _create(quiz, user, enrolment, used + 1, access, now)
        except IntegrityError:
            # Another request started it a moment ago (a double click): that one it is.
            attempt = Attempt.objects.filter(quiz=quiz, user=user,
                                             status=Status.IN_PROGRESS).first()
            if attempt is None:
                raise
            return attempt, False
    return attempt, True


def _create(quiz, user, enrolment, number, access, now):
    seed = secrets.randbits(48)
    rng = random.Random(seed)
    drawn = draw(quiz, rng)
    if not drawn:
        raise QuizRefused("quiz_empty", _("This quiz has no questions yet."))
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    deadline = None
    if access.time_limit_seconds:
        deadline = now + timedelta(seconds=access.time_limit_seconds)
    if quiz.closes_at is not None and access.records_progress:
        deadline = min(deadline, quiz.closes_at) if deadline else quiz.closes_at
    answers = [AttemptAnswer(position=position, version=version, max_mark=mark,
                             layout=questions.layout(version.data, rng, quiz.shuffle_options))
               for position, (version, mark) in enumerate(drawn, start=1)]
    attempt = Attempt.objects.create(
        quiz=quiz, user=user, enrolment=enrolment, number=number, started_at=now,
        deadline=deadline, seed=seed, max_score=sum(mark for _version, mark in drawn))
    for answer in answers:
        answer.attempt = attempt
    AttemptAnswer.objects.bulk_create(answers)
    return attempt


def draw(quiz, rng):
    """[(question version, mark)] of a new attempt, in the quiz's order: fixed questions at
    their current version, and for each drawing place its count of questions picked at random
    from its category and/or tag, never one already in the attempt (a pool too small gives
    what it has). One query per drawing place, plus one."""
    slots = list(quiz.slots.select_related("question__current_version").order_by("position",
                                                                                     "pk"))
    taken = {slot.question_id for slot in slots if slot.question_id}
    plan = []
    for slot in slots:
        if slot.question_id:
            if slot.question.current_version is not None:
                plan.append(([slot.question_id], slot.mark))
            continue
        pool = Question.objects.filter(current_version__isnull=False).exclude(
            qtype=QuestionType.DESCRIPTION)
        if slot.draw_category_id:
            pool = pool.filter(category_id=slot.draw_category_id)
        if slot.draw_tag:
            pool = pool.filter(tags__name=slot.draw_tag)
        ids = sorted(set(pool.values_list("pk", flat=True)) - taken)
        picked = rng.sample(ids, min(slot.draw_count, len(ids)))
        taken.update(picked)
        plan.append((picked, slot.mark))
    wanted = [pk for ids, _mark in plan for pk in ids]
    versions = {question.pk: question.current_version for question in
                Question.objects.filter(pk__in=wanted).select_related("current_version")}
    return [(versions[pk], mark if mark is not None else versions[pk].default_mark)
            for ids, mark in plan for pk in ids if pk in versions]


def _is_overdue(attempt, now):
    grace = timedelta(seconds=conf.get("LMS_QUIZ_GRACE_SECONDS"))
    return attempt.deadline is not None and now > attempt.deadline + grace


def close_overdue(attempt, quiz, now):
    """Close an attempt whose time ran out, as the quiz says: submitted with the answers saved
    by the deadline, or not counted. Call it with the attempt locked."""
    if quiz.overdue_handling == Quiz.Overdue.AUTOSUBMIT:
        attempt_finish(attempt, quiz, at=attempt.deadline, overdue=True, now=now)
    else:
        attempt.status = Status.ABANDONED
        attempt.overdue = True
        attempt.save(update_fields=["status", "overdue"])
    return attempt


def _locked(attempt_id, user):
    """The user's attempt, its row locked until the transaction ends (its quiz is read only
    when needed: an autosave in time never needs it)."""
    try:
        return Attempt.objects.select_for_update().get(pk=attempt_id, user=user)
    except Attempt.DoesNotExist:
        raise Http404 from None


def _deadline_refusal():
    return QuizRefused("deadline_passed", _(
        "Time is up for this attempt: answers can no longer be changed."), status=409)


def _finished_refusal():
    return QuizRefused("attempt_finished", _("This attempt has already been submitted."),
                       status=409)


def _save(attempt, answers, now):
    """Check every answer first (nothing is saved when one is wrong), then save those that
    changed. Returns how many were saved."""
    if not answers:
        return 0
    slots = [item["slot"] for item in answers]
    rows = {row.pk: row for row in AttemptAnswer.objects.filter(attempt=attempt, pk__in=slots)
            .select_related("version").only("pk", "layout", "response", "version__data")
            .order_by()}
    errors, cleaned = {}, {}
    for item in answers:
        row = rows.get(item["slot"])
        if row is None:
            errors[str(item["slot"])] = [_("This question is not in this attempt.")]
            continue
        try:
            cleaned[row.pk] = questions.validate_response(row.version.data, row.layout,
                                                          item.get("response"))
        except questions.ResponseError as refused:
            errors[str(item["slot"])] = [str(refused.message)]
    if errors:
        raise ResponsesInvalid(errors)
    changed = []
    for pk, response in cleaned.items():
        row = rows[pk]
        if row.response != response:
            row.response, row.saved_at = response, now
            changed.append(row)
    if len(changed) <= 3:
        # An autosave carries the question or two just changed: plain UPDATEs cost less to
        # build than bulk_update's CASE over every row.
        for row in changed:
            AttemptAnswer.objects.filter(pk=row.pk).update(response=row.response, saved_at=now)
    else:
        AttemptAnswer.objects.bulk_update(changed, ["response", "saved_at"])
    return len(changed)


def answers_save(*, attempt_id, user, answers, now=None):
    """Autosave: [{"slot": answer id, "response": {...} | None}] into the user's attempt in
    progress. All or nothing; sending the same again changes nothing. Raises Http404 (not the
    user's), QuizRefused (submitted, or past the deadline: the attempt is then closed) or
    ResponsesInvalid."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt_id, user)
        if attempt.status != Status.IN_PROGRESS:
            raise _finished_refusal()
        if _is_overdue(attempt, now):
            close_overdue(attempt, attempt.quiz, now)
            refusal = _deadline_refusal()
        else:
            return attempt, _save(attempt, answers, now)
    raise refusal


def attempt_submit(*, attempt_id, user, answers=(), now=None):
    """Submit the user's attempt with its last answers, grade it and record the result. A
    second submit is refused; one after the deadline closes the attempt as the quiz says
    (submitted at the deadline without the late answers, or not counted: then refused)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt_id, user)
        if attempt.status != Status.IN_PROGRESS:
            raise _finished_refusal()
        quiz = attempt.quiz
        if _is_overdue(attempt, now):
            close_overdue(attempt, quiz, now)
            if attempt.status == Status.ABANDONED:
                refusal = _deadline_refusal()
            else:
                return attempt
        else:
            if attempt.enrolment_id and not counts_in(attempt.enrolment):
                raise QuizRefused("year_closed", _(
                    "This attempt's enrolment no longer counts (the training year is closed, "
                    "or you left the course): it cannot be submitted."), status=409)
            _save(attempt, answers, now)
            return attempt_finish(attempt, quiz, at=now, now=now)
    raise refusal


def attempts_close_overdue(*, now=None):
    """Close every attempt whose time ran out (the periodic job). Returns how many."""
    now = now or timezone.now()
    grace = timedelta(seconds=conf.get("LMS_QUIZ_GRACE_SECONDS"))
    closed = 0
    ids = list(Attempt.objects.filter(status=Status.IN_PROGRESS, deadline__lt=now - grace)
               .values_list("pk", flat=True)[:1000])
    for pk in ids:
        with transaction.atomic():
            attempt = (Attempt.objects.select_for_update(of=("self",)).select_related("quiz")
                       .filter(pk=pk, status=Status.IN_PROGRESS).first())
            if attempt is not None and _is_overdue(attempt, now):
                close_overdue(attempt, attempt.quiz, now)
                closed += 1
    return closed
