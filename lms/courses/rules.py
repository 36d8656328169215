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


# Why a trainee may not drop a course, as stable codes (the services word them).
WITHDRAWAL_REFUSALS = ("year_closed", "not_enrolled", "already_completed", "required_course",
                       "assigned_by_office", "withdrawal_closed")
HELD = ("enrolled", "pending", "waitlisted")


def withdrawal_refusal(*, status, source, kind, closes_at, now, year_closed):
    """The one rule for "may this trainee drop this course": None when they may, else the code
    of the first reason they may not.

    `kind` is what the requirements say for the trainee's category now (required, elective or
    None), not what a plan sync last wrote into the enrolment's `source`: the answer is the same
    before and after the sync, on the page, in the catalogue, in the API and in the service.
    A place the training office assigned is theirs to take back; a waiting-list place can always
    be given up, as it holds no seat.
    """
    if year_closed:
        return "year_closed"
    if status == "completed":
        return "already_completed"
    if status not in HELD:
        return "not_enrolled"
    if kind == "required":
        return "required_course"
    if source == "staff":
        return "assigned_by_office"
    if closes_at is not None and now >= closes_at and status != "waitlisted":
        return "withdrawal_closed"
    return None
