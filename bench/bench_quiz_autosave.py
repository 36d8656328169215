"""Requests per second of quiz autosaves (POST attempts/{id}/answers/) as a ratio of GET me/ in
the same run, via gunicorn. Aim: ≥ 1.0 (saving an answer costs no more than the simplest
signed-in read).

Each client connection answers its own 50-question attempt (one quiz each, one trainee), and
every request changes the answers it sends (the next option, a new text), so every request is
checked against the question and written: the measured path is the real one, lock included.

    .venv/bin/python bench/bench_quiz_autosave.py
    BENCH_QUICK=1 .venv/bin/python bench/bench_quiz_autosave.py   # a smoke run
"""

import itertools
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_quiz_autosave.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

AIM = 1.0
USERNAME = "bench-quizzer"
PASSWORD = "bench-password-5c1a"
QUESTIONS = 50


def build_attempts(count):
    """A trainee on a course with `count` quizzes of 50 questions (choice and short answer in
    turn), an attempt started at each; returns [(attempt id, [(slot, qtype, option ids)])]."""
    from lms.quizzes import services
    from lms.quizzes.models import AttemptAnswer, QuestionCategory, Quiz, QuizSlot

    user, course = harness.enrolled_trainee(USERNAME, PASSWORD)
    bank = QuestionCategory.objects.create(name="Bench")
    questions = []
    for n in range(QUESTIONS):
        if n % 2:
            data = {"qtype": "short", "text": f"Which body adopts the budget? ({n})",
                    "answers": [{"text": "the legislature", "fraction": 1, "feedback": ""}]}
        else:
            data = {"qtype": "single", "text": f"Which tax is a turnover tax? ({n})",
                    "options": [{"text": text, "fraction": fraction, "feedback": ""}
                                for text, fraction in (("VAT", 1), ("Income tax", 0),
                                                       ("Property tax", 0))]}
        questions.append(services.question_save(data=data, category=bank))
    attempts = []
    for n in range(count):
        quiz = Quiz.objects.create(course=course, title=f"Quiz {n}")
        QuizSlot.objects.bulk_create([QuizSlot(quiz=quiz, position=p, question=q)
                                      for p, q in enumerate(questions, start=1)])
        attempt, _created = services.attempt_start(quiz=quiz, user=user)
        slots = [(row.pk, row.version.qtype,
                  [o["id"] for o in row.version.data.get("options", [])])
                 for row in AttemptAnswer.objects.filter(attempt=attempt)
                 .select_related("version").order_by("position")]
        attempts.append((attempt.pk, slots))
    harness.close_db_connections()
    return attempts


def autosave_bodies(attempts):
    """bodies(connection) for the load driver: connection i saves, in its own attempt, the
    next two questions each time with a response that differs from the last one sent."""

    def bodies(index):
        _attempt_id, slots = attempts[index]
        counter = itertools.count()

        def body():
            n = next(counter)
            answers = []
            for slot, qtype, options in (slots[(2 * n) % QUESTIONS],
                                         slots[(2 * n + 1) % QUESTIONS]):
                if qtype == "single":
                    answers.append({"slot": slot, "response": {"choice": options[n % 3]}})
                else:
                    answers.append({"slot": slot, "response": {"text": f"draft {n}"}})
            return json.dumps({"answers": answers}).encode()
        return body
    return bodies


def _saved_answers():
    from lms.quizzes.models import AttemptAnswer

    saved = AttemptAnswer.objects.filter(response__isnull=False).count()
    harness.close_db_connections()
    if not saved:
        raise harness.BenchError("the autosaves saved nothing")
    return saved


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    harness.log(f"bench_quiz_autosave: {harness.describe_setup(args)}")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        env = harness.prepare_database(tmpdir)
        attempts = build_attempts(args.concurrency)
        with harness.wsgi_server(env, workers=args.workers, threads=args.threads) as base_url:
            auth = harness.token_headers(base_url, USERNAME, PASSWORD)
            posting = {**auth, "Content-Type": "application/json"}
            check = autosave_bodies(attempts)(0)
            url = f"/api/v1/attempts/{attempts[0][0]}/answers/"
            status, _headers, answer = harness.fetch(base_url, url, posting, method="POST",
                                                     body=check())
            if status != 200 or json.loads(answer).get("saved") != 2:
                raise harness.BenchError(f"an autosave answered {status}: {answer[:200]}")
            cases = [harness.Case("me/", harness.ME_PATH, auth)]
            comparisons = harness.compare(
                base_url, cases[0],
                [harness.Case("autosave", url, posting, method="POST",
                              bodies=autosave_bodies(attempts),
                              paths=lambda i: f"/api/v1/attempts/{attempts[i][0]}/answers/")],
                rounds=args.rounds, duration=args.duration, concurrency=args.concurrency,
                warmup=args.warmup)
            saved = _saved_answers()
    (comparison,) = comparisons
    harness.report_comparison(comparison)
    print(f"aim ≥ {AIM}: {'pass' if comparison.ratio >= AIM else 'UNDER'}")
    print(f"answers holding a saved response after the run: {saved}")


if __name__ == "__main__":
    harness.run(main)
