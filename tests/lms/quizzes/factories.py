"""Builders of lms.quizzes test data: one question of every type (with a known key and known
feedback texts, so a test can look for them in what the API sends), quizzes, enrolments."""

from decimal import Decimal

from lms.courses.models import Enrolment, course_training_year
from lms.quizzes.models import QuestionCategory, Quiz, QuizSlot
from lms.quizzes.services import question_save

# Texts that may appear to a trainee only once review allows: a test searches every response
# for them.
SECRET_FEEDBACK = "SECRET-FEEDBACK"
SECRET_GENERAL = "SECRET-GENERAL"


def _fb(name):
    return f"{SECRET_FEEDBACK}-{name}"


QUESTIONS = {
    "single": {
        "qtype": "single", "name": "VAT kind", "text": "增值税属于哪一类税？",
        "general_feedback": f"{SECRET_GENERAL}-single",
        "options": [{"text": "流转税", "fraction": 1, "feedback": _fb("single-right")},
                    {"text": "所得税", "fraction": 0, "feedback": _fb("single-wrong")},
                    {"text": "财产税", "fraction": -0.5, "feedback": _fb("single-penalty")}]},
    "multiple": {
        "qtype": "multiple", "name": "Entombed", "text": "Who are entombed in the tomb?",
        "general_feedback": f"{SECRET_GENERAL}-multiple",
        "options": [{"text": "No one", "fraction": -0.5, "feedback": _fb("multiple-none")},
                    {"text": "Grant", "fraction": 0.5, "feedback": _fb("multiple-grant")},
                    {"text": "Grant's wife", "fraction": 0.5, "feedback": _fb("multiple-wife")},
                    {"text": "Grant's father", "fraction": -0.5,
                     "feedback": _fb("multiple-father")}]},
    "truefalse": {
        "qtype": "truefalse", "name": "Sun", "text": "The sun rises in the east.",
        "answer": True, "feedback_true": _fb("tf-true"), "feedback_false": _fb("tf-false"),
        "general_feedback": f"{SECRET_GENERAL}-truefalse"},
    "short": {
        "qtype": "short", "name": "Nobody", "text": "Who is buried in the tomb?",
        "general_feedback": f"{SECRET_GENERAL}-short",
        "answers": [{"text": "no one", "fraction": 1, "feedback": _fb("short-right")},
                    {"text": "nob*dy", "fraction": 0.75, "feedback": _fb("short-close")}]},
    "numerical": {
        "qtype": "numerical", "name": "Born", "text": "When was Grant born?",
        "general_feedback": f"{SECRET_GENERAL}-numerical",
        "answers": [{"value": 1822, "tolerance": 0, "fraction": 1,
                     "feedback": _fb("numerical-right")},
                    {"value": 1822, "tolerance": 2, "fraction": 0.5,
                     "feedback": _fb("numerical-close")}]},
    "matching": {
        "qtype": "matching", "name": "Capitals", "text": "Match the countries and capitals.",
        "general_feedback": f"{SECRET_GENERAL}-matching",
        "pairs": [{"text": "Canada", "answer": "Ottawa"}, {"text": "Italy", "answer": "Rome"},
                  {"text": "Japan", "answer": "Tokyo"}, {"text": "", "answer": "Sydney"}]},
    "ordering": {
        "qtype": "ordering", "name": "Steps", "text": "Put the steps of a budget in order.",
        "general_feedback": f"{SECRET_GENERAL}-ordering",
        "items": [{"text": "Draft"}, {"text": "Review"}, {"text": "Approve"},
                  {"text": "Publish"}]},
    "blanks": {
        "qtype": "blanks", "name": "Grant", "text": "Grant was born in [[1]] in [[2]].",
        "general_feedback": f"{SECRET_GENERAL}-blanks",
        "blanks": [{"id": "1", "answers": [{"text": "Ohio", "fraction": 1,
                                            "feedback": _fb("blank-ohio")}]},
                   {"id": "2", "answers": [{"text": "1822", "fraction": 1,
                                            "feedback": _fb("blank-1822")}]}]},
    "essay": {
        "qtype": "essay", "name": "Reflect", "text": "Reflect on the case.",
        "general_feedback": f"{SECRET_GENERAL}-essay", "grader_info": "SECRET-GRADER-INFO",
        "min_words": None, "max_words": 300, "response_template": ""},
    "description": {
        "qtype": "description", "name": "Read", "text": "Read the case before answering."},
}

# A right response per type, once the ids of the saved version are known.
RIGHT = {
    "single": lambda q: {"choice": q["options"][0]["id"]},
    "multiple": lambda q: {"choices": [q["options"][1]["id"], q["options"][2]["id"]]},
    "truefalse": lambda q: {"value": True},
    "short": lambda q: {"text": "ＮＯ　ＯＮＥ"},
    "numerical": lambda q: {"value": "1822"},
    "matching": lambda q: {"pairs": {pair["id"]: _choice(pair["answer"])
                                     for pair in q["pairs"] if pair["text"]}},
    "ordering": lambda q: {"order": [item["id"] for item in q["items"]]},
    "blanks": lambda q: {"blanks": {"1": "ohio", "2": "1822"}},
    "essay": lambda q: {"text": "A thoughtful answer."},
}
WRONG = {
    "single": lambda q: {"choice": q["options"][2]["id"]},
    "multiple": lambda q: {"choices": [option["id"] for option in q["options"]]},
    "truefalse": lambda q: {"value": False},
    "short": lambda q: {"text": "Grant"},
    "numerical": lambda q: {"value": "1900"},
    "matching": lambda q: {"pairs": {pair["id"]: _choice("Sydney")
                                     for pair in q["pairs"] if pair["text"]}},
    "ordering": lambda q: {"order": [item["id"] for item in reversed(q["items"])]},
    "blanks": lambda q: {"blanks": {"1": "Texas", "2": "1900"}},
    "essay": lambda q: {"text": "Short."},
}


def _choice(text):
    from lms.quizzes.questions import choice_id

    return choice_id(text)


def bank_category(name="Public finance"):
    return QuestionCategory.objects.get_or_create(name=name)[0]


def make_question(qtype="single", *, category=None, tags=None, **changes):
    return question_save(data={**QUESTIONS[qtype], **changes},
                         category=category or bank_category(), tags=tags)


def make_quiz(course, questions=(), *, draws=(), **rules):
    """A quiz of `course` with fixed questions (in order) and draws: (category, tag, count)."""
    quiz = Quiz.objects.create(course=course, title=rules.pop("title", "Check your understanding"),
                               **rules)
    position = 0
    for position, question in enumerate(questions, start=1):
        QuizSlot.objects.create(quiz=quiz, position=position, question=question)
    for offset, (category, tag, count) in enumerate(draws, start=position + 1):
        QuizSlot.objects.create(quiz=quiz, position=offset, draw_category=category,
                                draw_tag=tag or "", draw_count=count)
    return quiz


def enrol(user, course, status=Enrolment.Status.ENROLLED):
    return Enrolment.objects.create(user=user, course=course, status=status,
                                    year=course_training_year(course), source="elective")


def data_of(answer):
    """The question data an attempt's answer row shows."""
    return answer.version.data


MARK_ONE = Decimal("1.00")
