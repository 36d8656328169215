"""The HLS ladder of a source and the ffmpeg calls that make it. Pure: nothing here runs a
process or touches a file, so every choice is tested without encoding anything.

One ffmpeg call writes the whole ladder: the source is decoded once, split, scaled to each rung
and encoded with capped bitrates; keyframes every LMS_VIDEO_KEYFRAME_SECONDS (never at scene cuts,
so every rung cuts its segments at the same instants) and segments of LMS_VIDEO_SEGMENT_SECONDS;
the sound is encoded once, as its own audio rendition that every rung refers to. The MP4
fallback is then the lowest rung and the sound copied, not encoded again, into one file.
"""

from dataclasses import dataclass

from lms.video import conf

AUDIO = "audio"  # the folder and name of the sound rendition
MASTER = "master.m3u8"
VARIANT = "index.m3u8"
FALLBACK = "fallback.mp4"
POSTER = "poster.jpg"
THUMBNAIL = "thumbnail.jpg"
THUMBNAIL_WIDTH = 320


@dataclass(frozen=True)
class Rung:
    name: str  # "720p": its folder and its name in the master playlist
    width: int
    height: int
    kbps: int

    def as_json(self):
        return {"name": self.name, "width": self.width, "height": self.height, "kbps": self.kbps}


def _even(value):
    return max(2, round(value / 2) * 2)


def plan_ladder(info, ladder=None):
    """The rungs for a source (probe.SourceInfo), largest first: each configured rung at or
    below the source's size, keeping its shape; a source smaller than the smallest rung gets one
    rung of its own size at a bitrate scaled down in proportion."""
    ladder = sorted(ladder or conf.get("LMS_VIDEO_LADDER"), reverse=True)
    chosen = [(lines, kbps) for lines, kbps in ladder if lines <= info.lines]
    if not chosen:
        lines, kbps = ladder[-1]
        chosen = [(_even(info.lines), max(100, round(kbps * info.lines / lines)))]
    rungs = []
    for lines, kbps in chosen:
        long_side = _even(lines * max(info.width, info.height) / info.lines)
        width, height = (lines, long_side) if info.portrait else (long_side, lines)
        rungs.append(Rung(name=f"{lines}p", width=width, height=height, kbps=kbps))
    return rungs


def hls_command(ffmpeg, source, out_dir, info, rungs):
    """The one ffmpeg call writing the ladder into `out_dir`: MASTER, and per rung (and for the
    sound) a folder with VARIANT and its segments. Progress goes to stdout (`-progress`)."""
    keyframe = conf.get("LMS_VIDEO_KEYFRAME_SECONDS")
    factor, buffer = conf.get("LMS_VIDEO_MAXRATE_FACTOR"), conf.get("LMS_VIDEO_BUFFER_SECONDS")
    splits = "".join(f"[s{n}]" for n in range(len(rungs)))
    graph = [f"[0:v:0]split={len(rungs)}{splits}"]
    graph += [f"[s{n}]scale={rung.width}:{rung.height}[v{n}]" for n, rung in enumerate(rungs)]
    command = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
               "-progress", "pipe:1", "-nostats", "-i", str(source),
               "-filter_complex", ";".join(graph)]
    for n, rung in enumerate(rungs):
        command += ["-map", f"[v{n}]", f"-b:v:{n}", f"{rung.kbps}k",
                    f"-maxrate:v:{n}", f"{round(rung.kbps * factor)}k",
                    f"-bufsize:v:{n}", f"{round(rung.kbps * factor * buffer)}k"]
    command += ["-c:v", "libx264", "-preset", conf.get("LMS_VIDEO_PRESET"), "-profile:v", "main",
                "-pix_fmt", "yuv420p", "-sc_threshold", "0",
                "-force_key_frames", f"expr:gte(t,n_forced*{keyframe})"]
    streams = [f"v:{n},name:{rung.name}" for n, rung in enumerate(rungs)]
    if info.has_audio:
        command += ["-map", "0:a:0", "-c:a", "aac", "-b:a", f"{conf.get('LMS_VIDEO_AUDIO_KBPS')}k",
                    "-ac", "2"]
        streams = [f"{stream},agroup:{AUDIO}" for stream in streams]
        streams.append(f"a:0,agroup:{AUDIO},name:{AUDIO},default:yes")
    command += ["-f", "hls", "-hls_time", str(conf.get("LMS_VIDEO_SEGMENT_SECONDS")),
                "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
                "-hls_segment_type", "mpegts",
                "-hls_segment_filename", f"{out_dir}/%v/segment_%05d.ts",
                "-master_pl_name", MASTER, "-var_stream_map", " ".join(streams),
                f"{out_dir}/%v/{VARIANT}"]
    return command


def fallback_command(ffmpeg, out_dir, rung, info):
    """The MP4 fallback: the lowest rung and the sound copied from their playlists into one
    file that starts playing before it has all arrived."""
    command = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
               "-i", f"{out_dir}/{rung.name}/{VARIANT}"]
    maps = ["-map", "0:v:0"]
    if info.has_audio:
        command += ["-i", f"{out_dir}/{AUDIO}/{VARIANT}"]
        maps += ["-map", "1:a:0"]
    return command + maps + ["-c", "copy", "-movflags", "+faststart", f"{out_dir}/{FALLBACK}"]


def still_command(ffmpeg, source, out_dir, info, rung):
    """The poster (the top rung's size) and the thumbnail (THUMBNAIL_WIDTH wide), both taken
    from one picture a tenth of the way in (at most 10 s in, so a title card is passed)."""
    at = min(info.duration * 0.1, 10.0)
    thumb_height = _even(THUMBNAIL_WIDTH * rung.height / rung.width)
    graph = (f"[0:v:0]split=2[a][b];[a]scale={rung.width}:{rung.height}[poster];"
             f"[b]scale={THUMBNAIL_WIDTH}:{thumb_height}[thumb]")
    return [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-ss", f"{at:.3f}", "-i", str(source), "-filter_complex", graph,
            "-map", "[poster]", "-frames:v", "1", "-q:v", "3", f"{out_dir}/{POSTER}",
            "-map", "[thumb]", "-frames:v", "1", "-q:v", "4", f"{out_dir}/{THUMBNAIL}"]
