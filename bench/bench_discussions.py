"""Requests per second of the first page of a 5,000-post thread (GET threads/{id}/posts/, top
first: 20 replies with the replies below them, votes and anonymity applied) as a ratio of GET
me/ in the same run, via gunicorn. Aim: ≥ 0.7.

The thread has 2,500 replies to its opening and 2,500 replies to those, by twenty trainees, a
tenth of them anonymous, with votes; the reader is a trainee on the course. What every trainee
sees alike of the page is kept in the cache under the thread's version (lms.discussions.caching),
so from the second request on the trainee's page reads the thread, the reader's standing and
their votes, not the posts. For comparison, in the same rounds, the course's instructor reads the
same page: moderators always read it afresh (count, page, replies, votes).

    .venv/bin/python bench/bench_discussions.py
    BENCH_QUICK=1 .venv/bin/python bench/bench_discussions.py   # a smoke run
"""

import json
import random
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_discussions.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

AIM = 0.7
USERNAME = "bench-reader"
PASSWORD = "bench-password-7d3f"
MODERATOR = "bench-instructor"
TOP = 2500


def build_thread():
    """The course, its trainees and the long thread; returns the thread's id."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from lms.courses.models import Enrolment, course_training_year
    from lms.discussions import services
    from lms.discussions.models import Post, PostVote, Thread

    reader, course = harness.enrolled_trainee(USERNAME, PASSWORD)
    teacher = get_user_model().objects.create_user(MODERATOR, password=PASSWORD,
                                                   first_name="Bench Instructor")
    course.instructors.add(teacher)
    course.save()
    writers = []
    for n in range(20):
        writer = get_user_model().objects.create(username=f"bench-writer-{n}",
                                                 first_name=f"Writer {n}")
        Enrolment.objects.create(user=writer, course=course, year=course_training_year(course),
                                 status=Enrolment.Status.ENROLLED, source="elective")
        writers.append(writer)
    thread = services.thread_start(course=course, user=writers[0], title="The budget law",
                                   body="What does the budget law change for a county?")
    opening = thread.posts.get()
    rng, now = random.Random(5), timezone.now()
    tops = Post.objects.bulk_create([
        Post(thread=thread, parent=opening, depth=1, author=rng.choice(writers),
             anonymous=rng.random() < 0.1, body=f"Point {n}", html=f"<p>Point {n} on the law.</p>",
             created_at=now - timezone.timedelta(minutes=n), score=rng.randint(0, 30))
        for n in range(TOP)])
    Post.objects.bulk_create([
        Post(thread=thread, parent=top, depth=2, author=rng.choice(writers),
             anonymous=rng.random() < 0.1, body="Agreed", html="<p>Agreed, and more.</p>",
             created_at=now) for top in tops])
    PostVote.objects.bulk_create([PostVote(post=top, user=reader, value=1, created_at=now)
                                  for top in tops[:200]])
    Thread.objects.filter(pk=thread.pk).update(reply_count=2 * TOP)
    harness.close_db_connections()
    return thread.pk


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    harness.log(f"bench_discussions: {harness.describe_setup(args)}")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        env = harness.prepare_database(tmpdir)
        thread_id = build_thread()
        with harness.wsgi_server(env, workers=args.workers, threads=args.threads) as base_url:
            auth = harness.token_headers(base_url, USERNAME, PASSWORD)
            moderator = harness.token_headers(base_url, MODERATOR, PASSWORD)
            url = f"/api/v1/threads/{thread_id}/posts/?order=top"
            for headers, moderation in ((auth, False), (moderator, True)):
                page = harness.fetch_json(base_url, url, headers)
                results = page.get("results", [])
                if (page.get("count") != TOP or len(results) != 20
                        or ("moderation" in results[0]) != moderation):
                    raise harness.BenchError(f"the thread's first page is wrong: "
                                             f"{json.dumps(page)[:300]}")
            comparison, afresh = harness.compare(
                base_url, harness.Case("me/", harness.ME_PATH, auth),
                [harness.Case("thread page (5,000 posts)", url, auth),
                 harness.Case("same page, moderator (afresh)", url, moderator)],
                rounds=args.rounds, duration=args.duration, concurrency=args.concurrency,
                warmup=args.warmup)
    harness.report_comparison(comparison)
    harness.report_comparison(afresh)
    print(f"aim ≥ {AIM} (the trainee's page): {'pass' if comparison.ratio >= AIM else 'UNDER'}")


if __name__ == "__main__":
    harness.run(main)
