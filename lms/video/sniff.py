"""What kind of file an upload is, from its first bytes, whatever its name says."""

# (label, test on the first bytes) for the containers ffmpeg reads that lecture recordings come in.
_SIGNATURES = (
    ("mp4", lambda head: head[4:8] == b"ftyp"),  # MP4, MOV, M4V, 3GP
    ("mov", lambda head: head[4:8] in (b"moov", b"mdat", b"wide", b"free")),  # older QuickTime
    ("matroska", lambda head: head[:4] == b"\x1a\x45\xdf\xa3"),  # MKV, WebM
    ("avi", lambda head: head[:4] == b"RIFF" and head[8:12] == b"AVI "),
    ("mpegts", lambda head: len(head) > 376 and head[0] == head[188] == head[376] == 0x47),
    ("flv", lambda head: head[:3] == b"FLV"),
    ("mpeg", lambda head: head[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")),
)
HEAD_BYTES = 512


def video_container(file):
    """The container of an uploaded file ("mp4", "matroska"…) read from its first bytes, or
    None when it is not one of the video containers accepted. Leaves the file at its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return next((label for label, matches in _SIGNATURES if matches(head)), None)
