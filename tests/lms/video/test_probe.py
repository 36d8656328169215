"""What probe reads from a source, and the reasons it gives for files that are not videos."""

import pytest

from lms.video.probe import ProbeError, probe


def test_a_video_with_sound(make_clip):
    info = probe(make_clip(seconds=2, size="640x360"))
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert (info.width, info.height, info.rotation) == (640, 360, 0)
    assert info.frame_rate == pytest.approx(25.0) and info.has_audio
    assert info.lines == 360 and not info.portrait


def test_a_video_without_sound(make_clip):
    assert probe(make_clip(audio=False)).has_audio is False


def test_a_phone_video_turned_upright(make_clip):
    info = probe(make_clip(size="640x360", rotate=90))
    assert (info.width, info.height) == (360, 640) and info.rotation in (90, 270)
    assert info.portrait and info.lines == 360


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"These are the minutes of the meeting, not a video.\n" * 20, "not a video"),
])
def test_files_that_are_not_videos(tmp_path, content, reason):
    path = tmp_path / "lecture.mp4"
    path.write_bytes(content)
    with pytest.raises(ProbeError) as refused:
        probe(str(path))
    assert reason in str(refused.value.reason)


def test_a_sound_file(sound_only):
    with pytest.raises(ProbeError) as refused:
        probe(str(sound_only))
    assert "no picture" in str(refused.value.reason)


def test_a_truncated_file(make_clip, tmp_path):
    whole = make_clip(seconds=2).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: len(whole) // 3])  # an upload stopped a third of the way
    with pytest.raises(ProbeError):
        probe(str(cut))
