"""Test videos made with the bundled ffmpeg from its `lavfi` sources: no file of ours, no network."""

import subprocess

import imageio_ffmpeg
import pytest


@pytest.fixture
def make_clip(tmp_path):
    """make_clip(name, seconds=2, size="640x360", audio=True, rotate=None) -> path of a new MP4
    (H.264 test pattern, a 440 Hz tone)."""

    def make(name="clip.mp4", *, seconds=2, size="640x360", audio=True, rotate=None, rate=25):
        path = tmp_path / name
        command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                   "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
        if audio:
            command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
        command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        command += ["-c:a", "aac", "-shortest"] if audio else []
        subprocess.run([*command, str(path)], check=True)
        if rotate is not None:
            turned = tmp_path / f"turned-{name}"
            subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
                            "-y", "-display_rotation", str(rotate), "-i", str(path), "-c", "copy",
                            str(turned)], check=True)
            return turned
        return path

    return make


@pytest.fixture
def sound_only(tmp_path):
    path = tmp_path / "talk.m4a"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "sine=frequency=300:duration=2", "-c:a", "aac",
                    str(path)], check=True)
    return path
