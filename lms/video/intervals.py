"""Watched time as intervals of seconds: cleaning what a player reports, merging it into what was
watched, and crediting no more new seconds than the wall clock allows. Pure logic, no Django."""

import math

# Pieces shorter than this are dropped from a report: no player plays in slivers, and slivers
# would only fill the record.
MIN_PIECE = 0.25
# A watch keeps at most this many separate stretches; a report that would make more adds none.
MAX_STRETCHES = 1000


def clean(ranges, duration):
    """The ranges a player reported, as sorted, merged [start, end] pairs within [0, duration].
    Anything that is not a pair of finite numbers with start < end is dropped; pairs are clipped
    to the video. Raises ValueError when `ranges` is not a list at all."""
    if not isinstance(ranges, list | tuple):
        raise ValueError("ranges must be a list of [start, end] pairs")
    kept = []
    for item in ranges:
        if not isinstance(item, list | tuple) or len(item) != 2:
            continue
        start, end = item
        if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in (start, end)):
            continue
        try:
            start, end = float(start), float(end)
        except OverflowError:  # an integer of hundreds of digits
            continue
        if not (math.isfinite(start) and math.isfinite(end)):
            continue
        start, end = max(0.0, start), min(float(duration), end)
        if end - start >= MIN_PIECE:
            kept.append([start, end])
    return merge(kept)


def merge(ranges):
    """Sorted, non-overlapping ranges covering the same seconds (touching ones joined; a gap,
    however small, is kept: it was not watched)."""
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def total(ranges):
    """How many seconds merged ranges cover."""
    return sum(end - start for start, end in ranges)


def subtract(ranges, taken):
    """The parts of `ranges` not covered by `taken` (both merged), in order."""
    left, i = [], 0
    for start, end in ranges:
        cursor = start
        while i < len(taken) and taken[i][1] <= cursor:
            i += 1
        j = i
        while j < len(taken) and taken[j][0] < end:
            if taken[j][0] > cursor:
                left.append([cursor, taken[j][0]])
            cursor = max(cursor, taken[j][1])
            j += 1
        if cursor < end:
            left.append([cursor, end])
    return left


def take(ranges, budget):
    """The first `budget` seconds of merged ranges, in order."""
    kept = []
    for start, end in ranges:
        if budget <= 0:
            break
        end = min(end, start + budget)
        kept.append([start, end])
        budget -= end - start
    return kept


def credit(watched, reported, *, budget):
    """Add to `watched` what `reported` shows that is new, up to `budget` seconds (the wall-clock
    time since the previous report times the fastest rate allowed). Returns (the new watched
    ranges, the seconds credited). Both lists are already cleaned and merged."""
    new = take(subtract(reported, watched), max(0.0, budget))
    if not new:
        return watched, 0.0
    merged = merge([*watched, *new])
    if len(merged) > MAX_STRETCHES:
        return watched, 0.0
    return merged, total(new)


def rounded(ranges, places=2):
    """Ranges with their ends rounded, for answers only: stored ranges keep their exact ends,
    so rounding can never make a sliver count for more than it is."""
    return [[round(start, places), round(end, places)] for start, end in ranges]
