"""Peak memory growth of the web process receiving a 1 GB resumable (tus) upload, as a ratio of
the aim: the gunicorn worker's resident memory may grow by 64 MB at most, whatever the size.

The site runs under gunicorn (one gthread worker); the tuspy client, in this process, sends the
file in PATCHes of 64 MB. The file is a small real MP4 followed by zeros, so the server takes it
at the end (the content check passes) and makes the video: completion is measured too. Memory
is the worker's from /proc: VmHWM (the kernel's peak, reset before each upload) and VmRSS
sampled every 10 ms. Linux only.

    .venv/bin/python bench/bench_video_upload.py                 # 1 GB, three rounds
    BENCH_QUICK=1 .venv/bin/python bench/bench_video_upload.py   # 128 MB, one round
"""

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_video_upload.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

AIM_MB = 64
SIZE = 1024 ** 3
QUICK_SIZE = 128 * 1024 ** 2
CHUNK = 64 * 1024 ** 2
UPLOADS = "/api/v1/videos/uploads/"


def make_source(path, size):
    """A 1-second real MP4 (so the content check at the end passes), then zeros up to `size`
    (a sparse file: nothing to write, nothing to read from disk)."""
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-f", "mp4", str(path)], check=True)
    with path.open("r+b") as handle:
        handle.truncate(size)


def instructor_token():
    from rest_framework.authtoken.models import Token

    from lms.core import services
    from lms.core.roles import roles_sync

    # The role groups' permissions, as `migrate` grants them (its post_migrate receiver in
    # lms.core.apps is a weakly connected local function, not always alive here).
    roles_sync()
    user = services.trainee_create(username="bench-instructor", full_name="Chen Bench",
                                   password="bench-password-4f1c", roles=("instructor",))
    key = Token.objects.create(user=user).key
    harness.close_db_connections()
    return key


def worker_pid(arbiter_pid):
    """The gunicorn worker: the arbiter's child."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                data = stat.read()
        except OSError:
            continue
        if int(data[data.rindex(b")") + 2:].split()[1]) == arbiter_pid:
            return int(entry.name)
    raise harness.BenchError(f"gunicorn {arbiter_pid} has no worker")


def memory_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise harness.BenchError(f"/proc/{pid}/status has no {field}")


class RssSampler(threading.Thread):
    """The largest VmRSS seen while running, sampled every 10 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stopped = pid, 0, threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.peak = max(self.peak, memory_kb(self.pid, "VmRSS"))
            time.sleep(0.01)


def upload(base_url, headers, source, name):
    from tusclient.client import TusClient

    client = TusClient(f"{base_url}{UPLOADS}", headers=headers)
    uploader = client.uploader(file_path=str(source), chunk_size=CHUNK,
                               metadata={"filename": name, "title": name})
    uploader.upload()
    video_id = uploader.request.response_headers.get("lms-video-id")
    if not video_id:
        raise harness.BenchError(f"the upload ended without a video: "
                                 f"{uploader.request.response_headers}")
    return video_id


def measure(base_url, headers, worker, source, name):
    """(RSS before in MB, peak in MB, seconds) of one upload."""
    before = memory_kb(worker, "VmRSS")
    reset = True
    try:  # start VmHWM afresh (Linux ≥ 4.0, our own process)
        with open(f"/proc/{worker}/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        reset = False
    sampler = RssSampler(worker)
    sampler.start()
    started = time.perf_counter()
    upload(base_url, headers, source, name)
    elapsed = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    peak = max(sampler.peak, memory_kb(worker, "VmHWM") if reset else 0)
    return before / 1024, peak / 1024, elapsed


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    size = QUICK_SIZE if args.quick else SIZE
    rounds = args.rounds
    if not os.path.isdir("/proc"):
        raise harness.BenchError("this bench reads memory from /proc: Linux only")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        tmp = Path(tmpdir)
        for folder in ("celery/queue", "celery/control", "uploads"):
            (tmp / folder).mkdir(parents=True)
        # Processing is queued into this run's broker folder and never runs: receiving is measured.
        env = harness.prepare_database(tmpdir, overrides={
            "LMS_VIDEO_UPLOAD_DIR": str(tmp / "uploads"), "CELERY_TASK_ALWAYS_EAGER": "false"})
        headers = {"Authorization": f"Token {instructor_token()}"}
        source = tmp / "lecture.mp4"
        make_source(source, size)
        harness.log(f"bench_video_upload: {size / 1024 ** 2:.0f} MB in PATCHes of "
                    f"{CHUNK / 1024 ** 2:.0f} MB through tus, gunicorn gthread 1 worker x "
                    f"{args.threads} thread(s), {rounds} round(s)")
        with harness.wsgi_server(env, workers=1, threads=args.threads) as base_url:
            worker = worker_pid(base_url.pid)
            # Warm up: the first upload loads every module on its path (views, ORM, storage).
            warm = tmp / "warm.mp4"
            make_source(warm, 2 * 1024 ** 2)
            upload(base_url, headers, warm, "warm-up.mp4")
            results = []
            for number in range(1, rounds + 1):
                before, peak, elapsed = measure(base_url, headers, worker, source,
                                                f"lecture-{number}.mp4")
                results.append((peak - before, before, peak))
                harness.log(f"  round {number}/{rounds}  RSS before {before:.1f} MB, peak "
                            f"{peak:.1f} MB, growth {peak - before:.1f} MB; "
                            f"{size / 1024 ** 2 / elapsed:.0f} MB/s ({elapsed:.1f} s)")
    growth, before, peak = max(results)  # the worst round: memory is a ceiling, not an average
    print(f"worker RSS before {before:.1f} MB, peak {peak:.1f} MB while receiving "
          f"{size / 1024 ** 2:.0f} MB")
    ratio = harness.report(f"peak RSS growth, {size / 1024 ** 2:.0f} MB tus upload", growth,
                           AIM_MB, baseline_name="aim", unit="MB",
                           round_ratios=[result[0] / AIM_MB for result in results])
    print(f"aim < {AIM_MB} MB (ratio < 1): {'pass' if ratio < 1 else 'OVER'}")


if __name__ == "__main__":
    harness.run(main)
