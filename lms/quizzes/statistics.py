"""What a training office acts on after a quiz: the spread of grades and, per question, its
facility and discrimination as Moodle's quiz statistics report defines them (no Django imports)."""

import math
from statistics import median

# Below this a variance is rounding noise: everyone scored the same, nothing to correlate.
_FLAT = 1e-12
TOO_EASY = 0.9
TOO_HARD = 0.2
POOR_DISCRIMINATION = 0.2
# A correlation over fewer attempts says too little to call an item poorly discriminating.
POOR_DISCRIMINATION_ATTEMPTS = 10


def _sample_sd(count, total, squares):
    """Moodle's standard deviation (n - 1 in the denominator) from the sum and the sum of squares
    of the values' differences from a fixed one; None below two values."""
    if count < 2:
        return None
    return math.sqrt(max(squares - total * total / count, 0.0) / (count - 1))


def _bound(value):
    """A bin edge as a person would write it: 10, not 10.0; 33.33 for a third."""
    value = round(value, 2)
    return int(value) if value.is_integer() else value


def _distribution(grades, bins):
    width = 100 / bins
    counts = [0] * bins
    for grade in grades:
        # Rounded first so that 0.3 (30.000000000000004 %) falls in 30-40 and 0.7 in 70-80.
        index = int(round(min(max(grade, 0.0), 1.0) * 100, 9) // width)
        counts[min(index, bins - 1)] += 1  # 100 % belongs to the last bin
    return [{"from": _bound(i * width), "to": _bound((i + 1) * width), "count": count}
            for i, count in enumerate(counts)]


def _flag(facility, discrimination, attempts):
    # A miskeyed item first: the strong scored worse on it; then the extremes, whose low
    # discrimination they already explain; then what is left.
    if discrimination is not None and discrimination < 0:
        return "negative_discrimination"
    if facility > TOO_EASY:
        return "too_easy"
    if facility < TOO_HARD:
        return "too_hard"
    if (discrimination is not None and discrimination < POOR_DISCRIMINATION
            and attempts >= POOR_DISCRIMINATION_ATTEMPTS):
        return "poor_discrimination"
    return None


def _item(sums):
    """Facility, sd and discrimination of one item from its running sums."""
    n, x0, _, sx, sxx, sr, srr, sxr = sums
    if not n:
        return {"attempts": 0, "facility": None, "sd": None, "discrimination": None, "flag": None}
    facility = x0 + sx / n
    discrimination = None
    if n >= 2:
        var_x = sxx - sx * sx / n
        var_r = srr - sr * sr / n
        if var_x > _FLAT and var_r > _FLAT:
            discrimination = max(-1.0, min(1.0, (sxr - sx * sr / n) / math.sqrt(var_x * var_r)))
    return {"attempts": n, "facility": facility, "sd": _sample_sd(n, sx, sxx),
            "discrimination": discrimination, "flag": _flag(facility, discrimination, n)}


def quiz_statistics(attempts, bins=10):
    """Grade statistics of finished attempts and, per item key, its facility (mean fraction,
    0..1), sd and discrimination (Pearson correlation of the item's fraction with the rest of the
    attempt, -1..1), with a flag for items worth a look.

    Each row is {"grade": 0..1, "items": {key: fraction or None}}, optionally with "weights":
    {key: max mark} and "max" (the attempt's total max mark; the weights' sum when absent).
    Items without weights count equally. A None fraction (not seen, or not graded yet) leaves
    the row out of that item's figures. "mean", "median" and "sd" are on the 0..1 scale of
    "grade"; the distribution's bins are in percent.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    grades = [row["grade"] for row in attempts]
    count = len(grades)
    mean = math.fsum(grades) / count if count else None
    sums = {}
    for row, grade in zip(attempts, grades, strict=True):
        items = row["items"]
        weights = row.get("weights")
        if weights:
            maximum = row.get("max") or sum(weights.values())
            shares = {key: (weights.get(key, 0.0) / maximum if maximum else 0.0) for key in items}
        else:
            share = 1 / len(items) if items else 0.0
        for key, x in items.items():
            acc = sums.get(key)
            if x is None:
                if acc is None:  # listed with no attempts rather than missing from the report
                    sums[key] = [0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
                continue
            # The rest of the test: the attempt's grade without this item's part of it.
            rest = grade - x * (shares[key] if weights else share)
            if acc is None or not acc[0]:
                # Sums of differences from the first values: no cancellation when all are equal.
                sums[key] = [1, x, rest, 0.0, 0.0, 0.0, 0.0, 0.0]
                continue
            x -= acc[1]
            rest -= acc[2]
            acc[0] += 1
            acc[3] += x
            acc[4] += x * x
            acc[5] += rest
            acc[6] += rest * rest
            acc[7] += x * rest
    return {
        "count": count,
        "mean": mean,
        "median": median(grades) if count else None,
        "sd": _sample_sd(count, 0.0, math.fsum((g - mean) ** 2 for g in grades)) if count else None,
        "distribution": _distribution(grades, bins),
        "items": {key: _item(acc) for key, acc in sums.items()},
    }
