"""The ladder chosen for a source and the one ffmpeg call that makes it (pure: nothing runs)."""

import pytest

from lms.video.ladder import hls_command, plan_ladder
from lms.video.probe import SourceInfo


def source(width, height, *, audio=True, rotation=0):
    return SourceInfo(duration=60.0, width=width, height=height, rotation=rotation,
                      frame_rate=25.0, has_audio=audio)


@pytest.mark.parametrize("width, height, expected", [
    (1920, 1080, [("1080p", 1920, 1080), ("720p", 1280, 720), ("480p", 854, 480),
                  ("360p", 640, 360)]),
    (1280, 720, [("720p", 1280, 720), ("480p", 854, 480), ("360p", 640, 360)]),
    # Above 1080p: the top rung is 1080p, never the source's own size.
    (3840, 2160, [("1080p", 1920, 1080), ("720p", 1280, 720), ("480p", 854, 480),
                  ("360p", 640, 360)]),
    # Portrait (a phone held upright): rungs by the shorter side, the shape kept.
    (720, 1280, [("720p", 720, 1280), ("480p", 480, 854), ("360p", 360, 640)]),
    # 4:3 lecture-hall camera.
    (640, 480, [("480p", 640, 480), ("360p", 480, 360)]),
])
def test_rungs_at_or_below_the_source(width, height, expected):
    rungs = plan_ladder(source(width, height))
    assert [(rung.name, rung.width, rung.height) for rung in rungs] == expected
    assert [rung.kbps for rung in rungs] == sorted((rung.kbps for rung in rungs), reverse=True)


def test_a_source_below_the_last_rung_gets_one_rung_of_its_own_size():
    (rung,) = plan_ladder(source(320, 180))
    assert (rung.name, rung.width, rung.height) == ("180p", 320, 180)
    assert 100 <= rung.kbps < 800  # scaled down from the 360p rung's 800


def test_one_call_decodes_once_and_encodes_the_sound_once():
    rungs = plan_ladder(source(1280, 720))
    command = hls_command("ffmpeg", "in.mp4", "/out", source(1280, 720), rungs)
    assert command.count("-i") == 1
    graph = command[command.index("-filter_complex") + 1]
    assert graph.startswith("[0:v:0]split=3[s0][s1][s2]")
    assert "scale=1280:720[v0]" in graph and "scale=640:360[v2]" in graph
    streams = command[command.index("-var_stream_map") + 1].split()
    assert streams == ["v:0,name:720p,agroup:audio", "v:1,name:480p,agroup:audio",
                       "v:2,name:360p,agroup:audio", "a:0,agroup:audio,name:audio,default:yes"]
    assert command.count("0:a:0") == 1  # the sound mapped (and so encoded) once
    # Capped bitrates, keyframes every 2 s and never at scene cuts, 6 s segments.
    assert command[command.index("-maxrate:v:0") + 1] == "2996k"
    assert command[command.index("-force_key_frames") + 1] == "expr:gte(t,n_forced*2)"
    assert command[command.index("-sc_threshold") + 1] == "0"
    assert command[command.index("-hls_time") + 1] == "6"
    assert command[-1] == "/out/%v/index.m3u8"


def test_without_sound_there_is_no_audio_rendition():
    info = source(640, 360, audio=False)
    command = hls_command("ffmpeg", "in.mp4", "/out", info, plan_ladder(info))
    assert command[command.index("-var_stream_map") + 1] == "v:0,name:360p"
    assert "0:a:0" not in command and "-c:a" not in command


def test_the_ladder_is_a_setting(settings):
    settings.LMS_VIDEO_LADDER = [(540, 2000), (270, 500)]
    assert [rung.name for rung in plan_ladder(source(1920, 1080))] == ["540p", "270p"]
