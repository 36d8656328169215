"""Running the bundled ffmpeg (imageio-ffmpeg's build): one call at a time, its `-progress`
output read as it comes to report a percentage, a time limit, and its complaint kept short."""

import ctypes
import signal
import subprocess
import sys
import tempfile
import threading

import imageio_ffmpeg


class FFmpegError(Exception):
    """ffmpeg failed or ran out of time; `detail` is the end of what it said."""

    def __init__(self, detail, *, timed_out=False):
        super().__init__(detail)
        self.detail = detail
        self.timed_out = timed_out


def executable():
    return imageio_ffmpeg.get_ffmpeg_exe()


def _die_with_parent():
    """In the child, before ffmpeg starts (Linux): be killed when the worker dies, so a worker
    killed mid-transcode leaves no ffmpeg running on for nothing."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


PR_SET_PDEATHSIG = 1


def run(command, *, duration=None, timeout=None, on_progress=None):
    """Run an ffmpeg command. With `duration` (seconds of media) and `on_progress`, calls
    on_progress(percent) as ffmpeg's `-progress pipe:1` reports the time it has reached.
    Raises FFmpegError when ffmpeg fails or runs past `timeout` seconds (it is killed)."""
    killed = threading.Event()
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None)

        def kill():
            killed.set()
            process.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer is not None:
            timer.start()
        try:
            for line in process.stdout:
                if on_progress and duration and line.startswith("out_time_us="):
                    value = line.partition("=")[2].strip()
                    if value.isdigit():
                        on_progress(min(99, int(int(value) / 1e6 / duration * 100)))
            returncode = process.wait()
        finally:
            if timer is not None:
                timer.cancel()
            if process.poll() is None:  # an exception in between: never leave it running
                process.kill()
                process.wait()
        if returncode != 0:
            errors.seek(0)
            said = errors.read().strip().splitlines()
            raise FFmpegError(" ".join(said[-3:])[-500:] or f"exit status {returncode}",
                              timed_out=killed.is_set())
