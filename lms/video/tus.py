"""The tus 1.0.0 resumable-upload protocol's wire format (headers, metadata, dates), without
Django: what lms.video.api.tus reads from requests and writes on responses."""

import base64
import binascii
import re

VERSION = "1.0.0"
EXTENSIONS = ("creation", "termination", "expiration")
# The PATCH body's media type; anything else is refused (415).
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"

# What the site adds on its answers: the video an upload became, and where to follow it.
VIDEO_ID_HEADER = "Lms-Video-Id"
VIDEO_URL_HEADER = "Lms-Video-Url"
# Headers a page's script may read on a cross-origin answer (same-origin scripts read them all).
EXPOSED_HEADERS = ("Location", "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size",
                   "Upload-Offset", "Upload-Length", "Upload-Expires", "Upload-Metadata",
                   VIDEO_ID_HEADER, VIDEO_URL_HEADER)

# A key is printable ASCII but the space and the comma (the spec forbids those two; a database
# stores no NUL); a value is base64, possibly absent ("is_confidential" alone means "present").
_KEY = re.compile(r"^[\x21-\x2b\x2d-\x7e]+$")
# Text values carry no control characters (a title with a NUL could not even be stored).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")


class MetadataError(ValueError):
    """The Upload-Metadata header cannot be read (a malformed pair, bad base64, a key twice)."""


def parse_metadata(header):
    """{key: bytes or None} from an Upload-Metadata header ("filename ZGVtby5tcDQ=,title …").
    An empty or missing header is no metadata."""
    metadata = {}
    for pair in (header or "").split(","):
        pair = pair.strip()
        if not pair:
            continue
        parts = pair.split(" ")
        if len(parts) > 2 or not _KEY.match(parts[0]):
            raise MetadataError(f"malformed pair {pair[:40]!r}")
        key = parts[0]
        if key in metadata:
            raise MetadataError(f"{key!r} is given twice")
        if len(parts) == 1:
            metadata[key] = None
            continue
        value = parts[1]
        if not _BASE64.match(value) or len(value) % 4:
            raise MetadataError(f"the value of {key!r} is not base64")
        try:
            metadata[key] = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as error:
            raise MetadataError(f"the value of {key!r} is not base64") from error
    return metadata


def metadata_text(metadata, key):
    """A metadata value as text (UTF-8, as tus clients send strings), "" when absent."""
    value = metadata.get(key)
    if value is None:
        return ""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MetadataError(f"the value of {key!r} is not UTF-8 text") from error
    if _CONTROL.search(text):
        raise MetadataError(f"the value of {key!r} holds control characters")
    return text


def encode_metadata(metadata):
    """The Upload-Metadata header for {key: text or None}, as the client sent it."""
    pairs = []
    for key, value in metadata.items():
        if value is None:
            pairs.append(key)
        else:
            pairs.append(f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}")
    return ",".join(pairs)


def parse_size(value):
    """A non-negative byte count from Upload-Length or Upload-Offset; None when missing,
    negative or not a plain decimal number (" 12", "1e3", "+5", "٣" are all refused)."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    return int(value)


