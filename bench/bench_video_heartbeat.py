"""Requests per second of credited heartbeats (POST videos/{id}/progress/) as a ratio of GET me/
in the same run, via gunicorn. Aim: ≥ 1.0 (a credited heartbeat costs no more than the
simplest signed-in read).

Each client connection watches its own video (its own watch row), and every heartbeat reports
the seconds played since that connection started, so each one credits new seconds (within the
wall clock, at 2× at most): the measured path is the real one, lock, credit and write included.

    .venv/bin/python bench/bench_video_heartbeat.py
    BENCH_QUICK=1 .venv/bin/python bench/bench_video_heartbeat.py   # a smoke run
"""

import json
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_video_heartbeat.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

AIM = 1.0
USERNAME = "bench-watcher"
PASSWORD = "bench-password-9e2d"
HOURS = 3600.0  # the videos' length: long enough that no run reaches the end


def build_watch(count):
    """A trainee enrolled on a course of `count` lectures, each showing a video of its own
    (ready, an hour long); returns [(video id, lecture id)]. Each client connection watches one
    of them: its own row, as each trainee's watch is."""
    from lms.courses.models import LecturePage
    from lms.video.models import Video

    _user, course = harness.enrolled_trainee(USERNAME, PASSWORD)
    shown = []
    for n in range(count):
        video = Video.objects.create(title=f"Lecture video {n}", original="videos/x.mp4",
                                     status=Video.Status.READY, output_dir=f"videos/{n}/ready",
                                     duration=HOURS, max_playback_rate=2)
        lecture = course.add_child(instance=LecturePage(title=f"Lecture {n}", slug=f"l{n}"))
        lecture.body = [("video", {"video": video, "heading": ""})]
        lecture.save_revision().publish()
        shown.append((video.pk, lecture.pk))
    harness.close_db_connections()
    return shown


def heartbeat_bodies(tokens):
    """bodies(connection) for the load driver: connection i reports, on each heartbeat, the
    seconds played since it started (playing), in its own trainee's watch."""

    def bodies(index):
        token, started = tokens[index], time.perf_counter()

        def body():
            played = round(time.perf_counter() - started, 2)
            return json.dumps({"token": token, "position": played, "played": [[0, played]],
                               "state": "playing", "rate": 1}).encode()
        return body
    return bodies


def _credited_seconds():
    """What the heartbeats credited in all (each connection's watch grows with the wall clock:
    proof that the measured requests credited, not only answered)."""
    from django.db.models import Sum

    from lms.video.models import VideoWatch

    total = VideoWatch.objects.aggregate(total=Sum("watched_seconds"))["total"] or 0
    harness.close_db_connections()
    if total <= 1:
        raise harness.BenchError(f"the heartbeats credited {total:.2f} s in all")
    return total


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    harness.log(f"bench_video_heartbeat: {harness.describe_setup(args)}")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        env = harness.prepare_database(tmpdir)
        shown = build_watch(args.concurrency)
        with harness.wsgi_server(env, workers=args.workers, threads=args.threads) as base_url:
            auth = harness.token_headers(base_url, USERNAME, PASSWORD)
            tokens = []
            for video_id, lecture_id in shown:
                played = harness.fetch_json(
                    base_url, f"/api/v1/videos/{video_id}/?lecture={lecture_id}", auth)
                if not played.get("watch"):
                    raise harness.BenchError(f"video {video_id} gave no watch: {played}")
                tokens.append(played["watch"]["heartbeat"]["token"])
            progress = f"/api/v1/videos/{shown[0][0]}/progress/"
            posting = {**auth, "Content-Type": "application/json"}
            check = heartbeat_bodies(tokens)(0)
            harness.fetch(base_url, progress, posting, method="POST", body=check())
            time.sleep(0.5)
            status, _headers, answer = harness.fetch(base_url, progress, posting,
                                                     method="POST", body=check())
            credited = json.loads(answer).get("credited", 0) if status == 200 else 0
            if not credited > 0:
                raise harness.BenchError("a heartbeat 0.5 s after the previous one credited "
                                         "nothing: the bench would not measure crediting")
            (comparison,) = harness.compare(
                base_url,
                harness.Case("me/", harness.ME_PATH, auth),
                [harness.Case("credited heartbeat", progress, posting, method="POST",
                              bodies=heartbeat_bodies(tokens))],
                rounds=args.rounds, duration=args.duration, concurrency=args.concurrency,
                warmup=args.warmup)
            credited = _credited_seconds()
    harness.report_comparison(comparison)
    print(f"aim ≥ {AIM}: {'pass' if comparison.ratio >= AIM else 'UNDER'}")
    print(f"seconds credited over the run, all connections: {credited:.1f}")


if __name__ == "__main__":
    harness.run(main)
