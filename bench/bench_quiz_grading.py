"""Grading throughput: 10,000 submitted 50-question attempts scored by lms.quizzes.grading (each
question version compiled once, as services.grader_for keeps them), as attempts per second and
as a ratio to a plain-Python loop doing the same scoring in the same run. Both must arrive at
the same total to the cent, or the bench fails.

The 50 questions are of every auto-graded type (single, multiple with negative weights,
true/false, short answer with a wildcard and Chinese full-width input, numerical with
tolerance, matching, ordering, fill in the blanks); the responses are those of trainees of
differing ability: right, partly right, typical wrong answers, full-width or oddly spaced text,
some questions left blank.

Then, for a sense of the whole path, submitting attempts through the service on SQLite
(services.attempt_submit: lock, grade, marks, totals, the trainee's result) — attempts/s only.

    .venv/bin/python bench/bench_quiz_grading.py
    BENCH_QUICK=1 .venv/bin/python bench/bench_quiz_grading.py   # 1,000 attempts, a smoke run
"""

import itertools
import random
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_quiz_grading.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

QUESTIONS = 50
CENT = Decimal("0.01")


def question_bank():
    """50 normalised questions, the types in turn."""
    from lms.quizzes.questions import normalise_question

    makers = [
        lambda n: {"qtype": "single", "text": f"Which tax is a turnover tax? ({n})",
                   "options": [{"text": "VAT", "fraction": 1, "feedback": "Yes."},
                               {"text": "Income tax", "fraction": 0, "feedback": "No."},
                               {"text": "Property tax", "fraction": -0.25, "feedback": ""},
                               {"text": "Stamp duty", "fraction": 0.5, "feedback": ""}]},
        lambda n: {"qtype": "multiple", "text": f"Which are levels of government? ({n})",
                   "options": [{"text": "province", "fraction": 0.5, "feedback": ""},
                               {"text": "county", "fraction": 0.5, "feedback": ""},
                               {"text": "canton", "fraction": -0.5, "feedback": ""},
                               {"text": "state", "fraction": -0.5, "feedback": ""}]},
        lambda n: {"qtype": "truefalse", "text": f"A ministry is a legal person. ({n})",
                   "answer": True, "feedback_true": "", "feedback_false": "Look again."},
        lambda n: {"qtype": "short", "text": f"Which body adopts the budget? ({n})",
                   "answers": [{"text": "人民代表大会", "fraction": 1, "feedback": ""},
                               {"text": "the legislature", "fraction": 1, "feedback": ""},
                               {"text": "parl*", "fraction": 0.5, "feedback": "Close."}]},
        lambda n: {"qtype": "numerical", "text": f"In which year was the law adopted? ({n})",
                   "answers": [{"value": 1994, "tolerance": 0, "fraction": 1, "feedback": ""},
                               {"value": 1994, "tolerance": 2, "fraction": 0.5,
                                "feedback": ""}]},
        lambda n: {"qtype": "matching", "text": f"Match the bodies. ({n})",
                   "pairs": [{"text": "Ombudsman", "answer": "complaints"},
                             {"text": "Court of audit", "answer": "accounts"},
                             {"text": "Tax office", "answer": "taxes"},
                             {"text": "", "answer": "currency"}]},
        lambda n: {"qtype": "ordering", "text": f"Order the budget steps. ({n})",
                   "items": [{"text": "Draft"}, {"text": "Review"}, {"text": "Approve"},
                             {"text": "Publish"}, {"text": "Audit"}]},
        lambda n: {"qtype": "blanks", "text": f"Grant was born in [[1]] in [[2]]. ({n})",
                   "blanks": [{"id": "1", "answers": [{"text": "Ohio", "fraction": 1,
                                                       "feedback": ""}]},
                              {"id": "2", "answers": [{"text": "1822", "fraction": 1,
                                                       "feedback": ""},
                                                      {"text": "182*", "fraction": 0.5,
                                                       "feedback": ""}]}]},
    ]
    return [normalise_question(makers[n % len(makers)](n)) for n in range(QUESTIONS)]


def responses_for(question, rng, ability):
    """What a trainee of this ability answers: right, a typical wrong answer, or nothing."""
    roll = rng.random()
    if roll > 0.97:
        return None
    right = roll < ability
    qtype = question["qtype"]
    if qtype in ("single", "multiple"):
        ids = [option["id"] for option in question["options"]]
        if qtype == "single":
            return {"choice": ids[0] if right else rng.choice(ids[1:])}
        return {"choices": ids[:2] if right else rng.sample(ids, rng.randint(1, 3))}
    if qtype == "truefalse":
        return {"value": right}
    if qtype == "short":
        return {"text": rng.choice(["人民代表大会", "The  Legislature", "ＴＨＥ　ＬＥＧＩＳＬＡＴＵＲＥ"])
                if right else rng.choice(["parliament", "cabinet", "the court", "国务院"])}
    if qtype == "numerical":
        return {"value": "1994" if right else rng.choice(["1995", "1990", "１９９３", "n/a"])}
    if qtype == "matching":
        from lms.quizzes.questions import choice_id

        stems = [pair for pair in question["pairs"] if pair["text"]]
        answers = [choice_id(pair["answer"]) for pair in question["pairs"]]
        return {"pairs": {pair["id"]: choice_id(pair["answer"]) if right or rng.random() < 0.5
                          else rng.choice(answers) for pair in stems}}
    if qtype == "ordering":
        order = [item["id"] for item in question["items"]]
        if not right:
            index = rng.randrange(len(order) - 1)
            order[index], order[index + 1] = order[index + 1], order[index]
        return {"order": order}
    return {"blanks": {"1": "ohio" if right else "Texas",
                       "2": rng.choice(["1822", "1823"]) if right else "1900"}}


def attempts_of(bank, count, seed=2026):
    rng = random.Random(seed)
    return [[responses_for(question, rng, ability) for question in bank]
            for ability in (rng.uniform(0.3, 0.95) for _ in range(count))]


def mark(fraction, max_mark):
    return (Decimal(repr(fraction)) * max_mark).quantize(CENT, ROUND_HALF_UP)


def score_with_graders(bank, attempts):
    """The engine's way: each question compiled once, then each response graded."""
    from lms.quizzes import grading

    graders = [grading.compile(question) for question in bank]
    marks = [Decimal(str(question["default_mark"])) for question in bank]
    total = Decimal(0)
    for responses in attempts:
        score = Decimal(0)
        for grader, max_mark, response in zip(graders, marks, responses, strict=True):
            score += mark(grader(response).fraction, max_mark)
        total += score
    return total


def _plain_text(text, case_sensitive):
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return text if case_sensitive else text.casefold()


def _plain_match(answers, typed, case_sensitive):
    typed = _plain_text(typed, case_sensitive)
    best = 0.0
    for answer in answers:
        pattern = _plain_text(answer["text"], case_sensitive)
        regex = ".*".join(re.escape(bit) for bit in pattern.split("*"))
        if re.fullmatch(regex, typed, re.DOTALL):
            best = max(best, answer["fraction"])
    return best


def plain_fraction(question, response):
    """The same scoring written as a plain loop over the question's data, per response."""
    if response is None:
        return 0.0
    qtype = question["qtype"]
    if qtype == "single":
        return next((o["fraction"] for o in question["options"]
                     if o["id"] == response["choice"]), 0.0)
    if qtype == "multiple":
        chosen = set(response["choices"])
        total = sum(o["fraction"] for o in question["options"] if o["id"] in chosen)
        return min(max(total, 0.0), 1.0)
    if qtype == "truefalse":
        return 1.0 if response["value"] == question["answer"] else 0.0
    if qtype == "short":
        return _plain_match(question["answers"], response["text"], question["case_sensitive"])
    if qtype == "numerical":
        text = unicodedata.normalize("NFKC", response["value"]).strip()
        try:
            value = float(text)
        except ValueError:
            return 0.0
        return max((a["fraction"] for a in question["answers"] if a["value"] is not None
                    and abs(value - a["value"]) <= a["tolerance"] + 1e-9), default=0.0)
    if qtype == "matching":
        from lms.quizzes.questions import choice_id

        stems = [pair for pair in question["pairs"] if pair["text"]]
        right = sum(1 for pair in stems
                    if response["pairs"].get(pair["id"]) == choice_id(pair["answer"]))
        return right / len(stems)
    if qtype == "ordering":
        order = [item["id"] for item in question["items"]]
        following = dict(itertools.pairwise(order))
        given = response["order"]
        return sum(1 for a, b in itertools.pairwise(given) if following.get(a) == b) / (
            len(order) - 1)
    fractions = [_plain_match(blank["answers"], response["blanks"].get(blank["id"], ""),
                              blank["case_sensitive"]) for blank in question["blanks"]]
    return sum(fractions) / len(fractions)


def score_plainly(bank, attempts):
    marks = [Decimal(str(question["default_mark"])) for question in bank]
    total = Decimal(0)
    for responses in attempts:
        score = Decimal(0)
        for question, max_mark, response in zip(bank, marks, responses, strict=True):
            score += mark(plain_fraction(question, response), max_mark)
        total += score
    return total


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def through_the_service(bank, count):
    """attempts/s of services.attempt_submit on SQLite: `count` attempts at one 50-question
    quiz by as many trainees, answers sent with the submit."""
    from django.contrib.auth import get_user_model

    from lms.core.services import home_page_ensure
    from lms.courses.models import CourseIndexPage, CoursePage, Enrolment, course_training_year
    from lms.quizzes import services
    from lms.quizzes.models import AttemptAnswer, QuestionCategory, Quiz, QuizSlot

    category = QuestionCategory.objects.create(name="Bench")
    questions = [services.question_save(data=question, category=category) for question in bank]
    catalogue = home_page_ensure().add_child(instance=CourseIndexPage(title="Courses",
                                                                      slug="courses"))
    course = catalogue.add_child(instance=CoursePage(title="Budget law", slug="budget-law",
                                                     summary="-", code="BUD-1"))
    quiz = Quiz.objects.create(course=course, title="Bench quiz", shuffle_options=False)
    QuizSlot.objects.bulk_create([QuizSlot(quiz=quiz, position=n, question=question)
                                  for n, question in enumerate(questions, start=1)])
    rng = random.Random(7)
    ready = []
    for n in range(count):
        user = get_user_model().objects.create(username=f"bench-{n}")
        Enrolment.objects.create(user=user, course=course, year=course_training_year(course),
                                 status=Enrolment.Status.ENROLLED, source="elective")
        attempt, _created = services.attempt_start(quiz=quiz, user=user)
        rows = AttemptAnswer.objects.filter(attempt=attempt).select_related("version")
        answers = [{"slot": row.pk, "response": responses_for(row.version.data, rng, 0.7)}
                   for row in rows.order_by("position")]
        ready.append((attempt.pk, user, answers))
    started = time.perf_counter()
    for attempt_id, user, answers in ready:
        services.attempt_submit(attempt_id=attempt_id, user=user, answers=answers)
    return count / (time.perf_counter() - started)


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    count = 1000 if args.quick else 10_000
    harness.log(f"bench_quiz_grading: {count:,} attempts of {QUESTIONS} questions, "
                f"{args.rounds} round(s), alternating which goes first")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        harness.prepare_database(tmpdir)
        bank = question_bank()
        attempts = attempts_of(bank, count)
        engine, plain = [], []
        for round_number in range(args.rounds):
            order = [("engine", score_with_graders), ("plain", score_plainly)]
            if round_number % 2:
                order.reverse()
            totals = {}
            for name, scorer in order:
                seconds, totals[name] = timed(scorer, bank, attempts)
                (engine if name == "engine" else plain).append(seconds)
            if totals["engine"] != totals["plain"]:
                raise harness.BenchError(f"the scorers disagree: {totals}")
            harness.log(f"round {round_number + 1}: engine {engine[-1]:.3f} s, "
                        f"plain loop {plain[-1]:.3f} s, total marks {totals['engine']}")
        engine_rate = count / statistics.median(engine)
        plain_rate = count / statistics.median(plain)
        service_count = 20 if args.quick else 200
        service_rate = through_the_service(bank, service_count)
    print(f"grading {count:,} attempts × {QUESTIONS} questions: "
          f"{engine_rate:,.0f} attempts/s ({engine_rate * QUESTIONS:,.0f} answers/s)")
    print(f"plain-Python loop doing the same scoring: {plain_rate:,.0f} attempts/s")
    print(f"ratio (engine / plain loop): {engine_rate / plain_rate:.2f}")
    print(f"submitted through services.attempt_submit on SQLite ({service_count} attempts, "
          f"database included): {service_rate:,.1f} attempts/s")


if __name__ == "__main__":
    harness.run(main)
