"""Wall time of the video pipeline (services.video_process: probe, the one-call HLS ladder, the MP4
fallback, poster and thumbnail, storing the outputs) on a generated 60 s 720p clip, as a ratio
of the same ladder made by one raw ffmpeg call in the same run (the baseline: nothing but
encoding). Aim: ≤ 1.10.

    .venv/bin/python bench/bench_video.py              # three rounds, about two minutes
    BENCH_QUICK=1 .venv/bin/python bench/bench_video.py  # a 10 s clip, one round
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_video.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

AIM = 1.10


def make_clip(path, seconds):
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=30:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                    "-c:v", "libx264", "-preset", "veryfast", "-b:v", "4M", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(path)], check=True)


def raw_ladder(source, out):
    """The baseline: the same ladder command run bare, no probe, no fallback, no stills, no
    storage, no database."""
    from lms.video import ffmpeg, ladder
    from lms.video.probe import probe

    info = probe(str(source))
    out.mkdir()
    command = ladder.hls_command(ffmpeg.executable(), source, out, info, ladder.plan_ladder(info))
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def pipeline(source):
    from django.core.files import File

    from lms.video import services
    from lms.video.models import Video

    with source.open("rb") as handle:
        video = Video(title="bench")
        video.original.save(source.name, File(handle), save=False)
        video.status = Video.Status.QUEUED
        video.save()
    started = time.perf_counter()
    services.video_process(video.pk)
    elapsed = time.perf_counter() - started
    video.refresh_from_db()
    if video.status != Video.Status.READY:
        raise harness.BenchError(f"the pipeline ended {video.status}: {video.error}")
    return elapsed


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    quick = harness.quick_mode()
    seconds, rounds = (10, 1) if quick else (60, args.rounds)
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        harness.prepare_database(tmpdir)
        source = Path(tmpdir) / "lecture-720p.mp4"
        harness.log(f"bench_video: a {seconds} s 1280×720 clip, {rounds} round(s)")
        make_clip(source, seconds)
        raws, runs = [], []
        for number in range(1, rounds + 1):
            # Alternate which goes first, so that neither always finds the source in the cache.
            if number % 2:
                raws.append(raw_ladder(source, Path(tmpdir) / f"raw-{number}"))
                runs.append(pipeline(source))
            else:
                runs.append(pipeline(source))
                raws.append(raw_ladder(source, Path(tmpdir) / f"raw-{number}"))
            harness.log(f"  round {number}/{rounds}  raw ffmpeg ladder {raws[-1]:.2f} s, "
                        f"pipeline {runs[-1]:.2f} s")
    ratio = harness.report("video pipeline", statistics.median(runs), statistics.median(raws),
                           baseline_name="raw ffmpeg ladder", unit="s",
                           round_ratios=[run / raw for run, raw in zip(runs, raws, strict=True)])
    print(f"aim ≤ {AIM}: {'pass' if ratio <= AIM else 'OVER'}")


if __name__ == "__main__":
    harness.run(main)
