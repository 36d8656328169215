"""Pure enrolment rules: seat decisions and timetable clashes (no Django imports)."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Slot:
    """One class session of a course: [starts, ends)."""

    course_id: int
    course_title: str
    starts: datetime
    ends: datetime


def overlaps(a: Slot, b: Slot) -> bool:
    return a.starts < b.ends and b.starts < a.ends


def first_clash(candidate: list[Slot], chosen: list[Slot]):
    """The first (candidate slot, chosen slot) pair that overlap in time, or None.

    Both lists are sorted by start so the scan is linear in their total length.
    """
    candidate = sorted(candidate, key=lambda s: s.starts)
    chosen = sorted(chosen, key=lambda s: s.starts)
    i = j = 0
    while i < len(candidate) and j < len(chosen):
        a, b = candidate[i], chosen[j]
        if overlaps(a, b):
            return a, b
        if a.ends <= b.ends:
            i += 1
        else:
            j += 1
    return None


def has_seat(capacity, seats_taken) -> bool:
    """A course with no capacity has no limit."""
    return capacity is None or seats_taken < capacity
