"""Writing iCalendar (RFC 5545) files of class sessions: plain text, no Django inside."""

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Event:
    uid: str
    starts: datetime  # aware
    ends: datetime  # aware
    summary: str
    location: str = ""
    description: str = ""


def _text(value):
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space (3.1), never
    splitting a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def calendar(events, *, name, prodid, stamp):
    """The text of a VCALENDAR holding `events`, with CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_text(name)}"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_utc(stamp)}",
                  f"DTSTART:{_utc(event.starts)}", f"DTEND:{_utc(event.ends)}",
                  f"SUMMARY:{_text(event.summary)}"]
        if event.location:
            lines.append(f"LOCATION:{_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
