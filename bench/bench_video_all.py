"""The video capability's three figures in one run, each against its baseline measured in the
same run: the pipeline on a generated 60 s 720p clip ÷ the same ladder by one raw ffmpeg call
(aim ≤ 1.10), the worker's memory growth while receiving a 1 GB resumable upload (aim < 64 MB),
and credited heartbeats ÷ me/ (aim ≥ 1.0). Each bench runs in a process of its own (each sets
Django up on a database of its own); the options given are passed to each.

    .venv/bin/python bench/bench_video_all.py     # about four minutes
"""

import subprocess
import sys
from pathlib import Path

BENCHES = ("bench_video.py", "bench_video_upload.py", "bench_video_heartbeat.py")


def main():
    here = Path(__file__).resolve().parent
    failed = [name for name in BENCHES
              if subprocess.run([sys.executable, str(here / name), *sys.argv[1:]]).returncode]
    if failed:
        print(f"bench failed: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
