"""Demo data of lms.quizzes: a question bank on the demo courses' topics in Chinese and English
(read from GIFT through the importer a teacher uses), a graded quiz at the end of four online
courses, and attempts by the demo trainees on those courses — some strong, some weak — so the
results and item statistics have something to show, with essays left for the teacher to grade.

Runs after lms.courses' and lms.video's demos (INSTALLED_APPS order), through the services.
Keyed on category, question and quiz names; running it again changes nothing. The demo account
`trainee` takes no quiz: it is left for whoever tries the demo.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from lms.courses import demo as courses_demo
from lms.courses.models import CoursePage, Enrolment, LecturePage, current_training_year
from lms.quizzes import grading, services
from lms.quizzes.demo_content import DATA, GIFT, QUIZZES
from lms.quizzes.importing import import_file
from lms.quizzes.models import Attempt, AttemptAnswer, Question, QuestionCategory, Quiz, QuizSlot

# Each demo trainee's chance of answering a question right; a second attempt is a little better.
ABILITY = {"dept01": 0.9, "dept02": 0.75, "dept03": 0.55, "young01": 0.85, "young02": 0.6,
           "young03": 0.7, "rural01": 0.5, "rural02": 0.65, "rural03": 0.4}
# Days before the term's anchor when the attempts were made, by course.
WHEN = {"TH-101": -20, "LAW-201": -15, "DG-501": -10, "EM-402": -6}


def load(*, password, stdout):
    _bank()
    quizzes = [quiz for quiz in (_quiz(spec) for spec in QUIZZES) if quiz is not None]
    attempts = _attempts(quizzes)
    stdout.write(f"  quizzes: {Question.objects.count()} questions in "
                 f"{QuestionCategory.objects.count()} categories, {len(quizzes)} quizzes, "
                 f"{attempts} new attempts")


def _bank():
    for name, text in GIFT.items():
        if not Question.objects.filter(category__name=name).exists():
            import_file(data=text, fmt="gift", category_name=name)
    for name, data in DATA:
        category = QuestionCategory.objects.get_or_create(name=name)[0]
        if not Question.objects.filter(category=category, name=data["name"]).exists():
            services.question_save(data=data, category=category)


def _quiz(spec):
    code, lecture_number, settings, fixed, draws = spec
    course = CoursePage.objects.filter(code=code).first()
    if course is None:
        return None
    quiz = Quiz.objects.filter(course=course, title=settings["title"]).first()
    if quiz is None:
        quiz = Quiz.objects.create(course=course, **settings)
        position = 0
        for position, name in enumerate(fixed, start=1):
            QuizSlot.objects.create(quiz=quiz, position=position,
                                    question=Question.objects.filter(name=name).first())
        for offset, (category, tag, count) in enumerate(draws, start=position + 1):
            QuizSlot.objects.create(
                quiz=quiz, position=offset, draw_tag=tag, draw_count=count,
                draw_category=QuestionCategory.objects.get(name=category))
    if lecture_number is None:
        _place(quiz, course, "materials", course, "结业测验")
    else:
        lectures = list(LecturePage.objects.child_of(course).live().order_by("path"))
        if len(lectures) >= lecture_number:
            _place(quiz, lectures[lecture_number - 1].specific, "body", course, "课后测验")
    return quiz


def _place(quiz, page, field, course, heading):
    """Put the quiz at the end of a lecture's body or a course's materials and publish that as
    the course's instructor would; a page with a draft of someone's is left alone."""
    stream = getattr(page, field)
    if any(block.block_type == "quiz" and block.value["quiz"] and block.value["quiz"].pk == quiz.pk
           for block in stream) or page.has_unpublished_changes:
        return
    setattr(page, field, [*[(block.block_type, block.value) for block in stream],
                          ("quiz", {"quiz": quiz, "heading": heading})])
    author = course.instructors.order_by("username").first()
    page.save_revision(user=author).publish(user=author)


def _attempts(quizzes):
    users = {user.username: user for user in
             get_user_model().objects.filter(username__in=ABILITY)}
    anchor = courses_demo.term_anchor()
    made = 0
    for quiz in quizzes:
        learners = (Enrolment.objects.filter(
            course=quiz.course, year=current_training_year(),
            status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED),
            user__username__in=ABILITY).select_related("user").order_by("user__username"))
        for n, enrolment in enumerate(learners):
            user = users[enrolment.user.username]
            if Attempt.objects.filter(quiz=quiz, user=user).exists():
                continue
            rng = random.Random(f"{quiz.title}/{user.username}")
            at = courses_demo.moment(WHEN.get(quiz.course.code, -5), 19, 5 * n, anchor=anchor)
            tries = 2 if ABILITY[user.username] < 0.6 and quiz.attempts_allowed != 1 else 1
            for attempt_number in range(tries):
                ability = min(ABILITY[user.username] + 0.15 * attempt_number, 0.95)
                made += _take(quiz, user, rng, ability, at + timedelta(days=attempt_number))
    _grade_some_essays(quizzes)
    return made


def _take(quiz, user, rng, ability, at):
    try:
        attempt, _created = services.attempt_start(quiz=quiz, user=user, now=at)
    except services.QuizRefused:
        return 0
    answers = []
    for answer in AttemptAnswer.objects.filter(attempt=attempt).select_related("version"):
        response = _response(answer.version.data, answer.layout, rng, ability)
        if response is not None:
            answers.append({"slot": answer.pk, "response": response})
    services.attempt_submit(attempt_id=attempt.pk, user=user, answers=answers,
                            now=at + timedelta(minutes=rng.randint(6, 14)))
    return 1


def _response(data, layout, rng, ability):
    """A response as a trainee of this ability would give: the right one, or a plausible
    wrong one."""
    qtype = data["qtype"]
    if qtype == "description":
        return None
    if qtype == "essay":
        return {"text": "本单位在制定农村人居环境整治方案时，先后开展了公众参与和专家论证，"
                        "但风险评估不够充分，下一步将委托第三方开展社会稳定风险评估。"}
    right, _summary = grading.right_answer(data)
    if rng.random() < ability:
        return right
    if qtype == "single":
        wrong = [o["id"] for o in data["options"] if o["id"] != right["choice"]]
        return {"choice": rng.choice(wrong)}
    if qtype == "multiple":
        ids = [o["id"] for o in data["options"]]
        return {"choices": rng.sample(ids, rng.randint(1, len(ids)))}
    if qtype == "truefalse":
        return {"value": not right["value"]}
    if qtype == "short":
        return {"text": "不清楚"}
    if qtype == "numerical":
        return {"value": str(rng.randint(1, 12))}
    if qtype == "matching":
        choices = list(layout["choices"])
        return {"pairs": {stem: rng.choice(choices) for stem in layout["stems"]}}
    if qtype == "ordering":
        order = list(layout["items"])
        rng.shuffle(order)
        return {"order": order}
    if qtype == "blanks":
        return {"blanks": {blank["id"]: "不知道" for blank in data["blanks"]}}
    return None


def _grade_some_essays(quizzes):
    """The teacher has graded the essays of the first few; the rest wait in the queue (once:
    a later load finds essays graded and leaves the queue as it is)."""
    if AttemptAnswer.objects.filter(attempt__quiz__in=quizzes, graded_by__isnull=False).exists():
        return
    waiting = (AttemptAnswer.objects.filter(attempt__quiz__in=quizzes, state="needs_grading",
                                            attempt__status=Attempt.Status.SUBMITTED)
               .select_related("attempt__quiz__course").order_by("attempt__submitted_at"))
    for n, answer in enumerate(waiting[:2]):
        grader = answer.attempt.quiz.course.instructors.order_by("username").first()
        services.answer_grade(answer_id=answer.pk, mark=answer.max_mark * (8 - n) / 10,
                              comment="程序梳理清楚，改进措施具体可行。", by=grader)
