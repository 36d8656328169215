"""The video capability's three figures in one run, each against its baseline measured in the
same run: the pipeline on a generated 60 s 720p clip ÷ the same ladder by one raw ffmpeg call
(aim ≤ 1.10), the worker's memory growth while receiving a 1 GB resumable upload (aim < 64 MB),
and credited heartbeats ÷ me/ (aim ≥ 1.0).

    .venv/bin/python bench/bench_video_all.py     # about four minutes
"""

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_video_all.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_video, bench_video_heartbeat, bench_video_upload, harness


def main(argv=None):
    for bench in (bench_video, bench_video_upload, bench_video_heartbeat):
        bench.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    harness.run(main)
