"""Quiz statistics: grade spread, facility and discrimination on hand-computed data, flags."""

import math
import random
import statistics
import time

import pytest

from lms.quizzes.statistics import quiz_statistics


def rows(*attempts):
    """Equal-weight attempts from item fractions: grade = their mean."""
    return [{"grade": sum(items.values()) / len(items), "items": items} for items in attempts]


# Four attempts on three questions, worked out by hand:
#   A = [1, 1, 0, 0], rest of A = (B + C)/3 ∝ [2, 1, 1, 0]: r = 1 / √2
#   B = [1, 1, 1, 0], rest ∝ A + C = [2, 1, 0, 0]:          r = 0.75 / √(0.75 × 2.75) = √(3/11)
#   C = [1, 0, 0, 0], rest ∝ A + B = [2, 2, 1, 0]:          r = √(3/11)
SMALL = rows({"A": 1.0, "B": 1.0, "C": 1.0}, {"A": 1.0, "B": 1.0, "C": 0.0},
             {"A": 0.0, "B": 1.0, "C": 0.0}, {"A": 0.0, "B": 0.0, "C": 0.0})


def test_grade_summary_of_a_small_quiz():
    result = quiz_statistics(SMALL)
    assert result["count"] == 4
    assert result["mean"] == pytest.approx(0.5)
    assert result["median"] == pytest.approx(0.5)
    # Sample sd (n - 1), as Moodle's report: squares 1/4 + 1/36 + 1/36 + 1/4 over 3.
    assert result["sd"] == pytest.approx(math.sqrt((0.5 + 1 / 18) / 3))
    assert [b["count"] for b in result["distribution"]] == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]


def test_facility_sd_and_discrimination_by_hand():
    items = quiz_statistics(SMALL)["items"]
    assert items["A"]["attempts"] == 4
    assert items["A"]["facility"] == pytest.approx(0.5)
    assert items["B"]["facility"] == pytest.approx(0.75)
    assert items["C"]["facility"] == pytest.approx(0.25)
    assert items["A"]["sd"] == pytest.approx(math.sqrt(1 / 3))
    assert items["C"]["sd"] == pytest.approx(0.5)
    assert items["A"]["discrimination"] == pytest.approx(1 / math.sqrt(2))
    assert items["B"]["discrimination"] == pytest.approx(math.sqrt(3 / 11))
    assert items["C"]["discrimination"] == pytest.approx(math.sqrt(3 / 11))
    assert all(item["flag"] is None for item in items.values())


def test_discrimination_is_against_the_rest_not_the_whole():
    # With the whole grade the item would correlate with itself; with the rest it is 0 here.
    data = rows({"A": 1.0, "B": 1.0}, {"A": 1.0, "B": 0.0}, {"A": 0.0, "B": 1.0}, {"A": 0.0, "B": 0.0})
    assert quiz_statistics(data)["items"]["A"]["discrimination"] == pytest.approx(0.0, abs=1e-12)


def test_weights_set_each_items_share_of_the_grade():
    weights = {"A": 1.0, "B": 3.0}
    fractions = [(1.0, 0.2), (0.5, 1.0), (0.0, 0.6), (1.0, 0.9), (0.25, 0.1)]
    data = [{"grade": (a * 1 + b * 3) / 4, "items": {"A": a, "B": b}, "weights": weights, "max": 4.0}
            for a, b in fractions]
    items = quiz_statistics(data)["items"]
    a = [f[0] for f in fractions]
    b = [f[1] for f in fractions]
    assert items["A"]["discrimination"] == pytest.approx(statistics.correlation(a, [3 * x for x in b]))
    assert items["B"]["discrimination"] == pytest.approx(statistics.correlation(b, a))
    # Without "max", the weights' sum is the total.
    for row in data:
        del row["max"]
    without_max = quiz_statistics(data)["items"]["A"]["discrimination"]
    assert without_max == pytest.approx(items["A"]["discrimination"])


def test_equal_weights_when_none_are_given_against_a_reference():
    rng = random.Random(4)
    data = []
    for _ in range(60):
        ability = rng.random()
        data.append({f"q{i}": float(rng.random() < ability) for i in range(5)})
    data = rows(*data)
    items = quiz_statistics(data)["items"]
    for key in ("q0", "q3"):
        x = [row["items"][key] for row in data]
        rest = [row["grade"] - row["items"][key] / 5 for row in data]
        assert items[key]["discrimination"] == pytest.approx(statistics.correlation(x, rest))
        assert items[key]["facility"] == pytest.approx(statistics.mean(x))
        assert items[key]["sd"] == pytest.approx(statistics.stdev(x))


def test_unseen_and_ungraded_items_are_left_out_of_that_item():
    data = [{"grade": 1.0, "items": {"A": 1.0, "E": None}}, {"grade": 0.5, "items": {"A": 0.5, "E": None}},
            {"grade": 0.0, "items": {"A": 0.0, "E": 0.0}}]
    items = quiz_statistics(data)["items"]
    assert items["A"]["attempts"] == 3
    assert items["E"]["attempts"] == 1
    assert items["E"]["facility"] == 0.0 and items["E"]["sd"] is None and items["E"]["discrimination"] is None
    never = quiz_statistics([{"grade": 0.5, "items": {"X": None}}])["items"]["X"]
    assert never == {"attempts": 0, "facility": None, "sd": None, "discrimination": None, "flag": None}


def test_no_discrimination_below_two_attempts_or_without_variance():
    assert quiz_statistics(rows({"A": 1.0, "B": 0.0}))["items"]["A"]["discrimination"] is None
    everyone_right = rows(*({"A": 1.0, "B": b} for b in (0.0, 0.5, 1.0)))
    assert quiz_statistics(everyone_right)["items"]["A"]["discrimination"] is None
    rest_flat = rows(*({"A": a, "B": 1.0} for a in (0.0, 0.5, 1.0)))
    assert quiz_statistics(rest_flat)["items"]["A"]["discrimination"] is None


def test_flags():
    def item(facility_rows, key="X"):
        return quiz_statistics(rows(*facility_rows))["items"][key]

    # Too easy: 19 of 20 right.
    easy = [{"X": 1.0, "Y": float(i % 2)} for i in range(19)] + [{"X": 0.0, "Y": 0.0}]
    assert item(easy)["facility"] == pytest.approx(0.95)
    assert item(easy)["flag"] == "too_easy"
    # Too hard: 1 of 10 right, by the strongest.
    hard = [{"X": 0.0, "Y": i / 10} for i in range(9)] + [{"X": 1.0, "Y": 1.0}]
    assert item(hard)["flag"] == "too_hard"
    # Negative: the strong get it wrong, whatever the facility.
    negative = [{"X": 1.0 - y, "Y": y, "Z": y} for y in (0.0, 0.3, 0.6, 1.0)]
    assert item(negative)["discrimination"] < 0
    assert item(negative)["flag"] == "negative_discrimination"


def test_poor_discrimination_needs_ten_attempts():
    # X barely follows the rest: Y and Z carry the grade, X is right for half, mostly at random.
    pattern = [(1.0, 1.0, 1.0), (0.0, 1.0, 1.0), (1.0, 0.0, 0.0), (0.0, 0.0, 0.0), (1.0, 1.0, 0.0),
               (0.0, 0.0, 1.0), (1.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 1.0, 1.0), (0.0, 1.0, 1.0)]
    data = rows(*({"X": x, "Y": y, "Z": z} for x, y, z in pattern))
    ten = quiz_statistics(data)["items"]["X"]
    assert 0 <= ten["discrimination"] < 0.2
    assert ten["flag"] == "poor_discrimination"
    nine = quiz_statistics(data[:9])["items"]["X"]
    assert nine["discrimination"] is not None and nine["discrimination"] >= 0
    assert nine["flag"] is None


def test_distribution_edges():
    data = [{"grade": g, "items": {}} for g in (0.0, 0.1, 0.3, 0.7, 0.999, 1.0, 1.0, 0.0999)]
    result = quiz_statistics(data)
    bins = result["distribution"]
    assert [(b["from"], b["to"]) for b in bins] == [(i * 10, i * 10 + 10) for i in range(10)]
    assert [b["count"] for b in bins] == [2, 1, 0, 1, 0, 0, 0, 1, 0, 3]
    assert sum(b["count"] for b in bins) == result["count"]
    four = quiz_statistics(data, bins=4)["distribution"]
    assert [(b["from"], b["to"], b["count"]) for b in four] == [(0, 25, 3), (25, 50, 1), (50, 75, 1),
                                                               (75, 100, 3)]
    thirds = quiz_statistics(data, bins=3)["distribution"]
    assert [(b["from"], b["to"]) for b in thirds] == [(0, 33.33), (33.33, 66.67), (66.67, 100)]
    assert quiz_statistics(data, bins=1)["distribution"] == [{"from": 0, "to": 100, "count": 8}]
    with pytest.raises(ValueError):
        quiz_statistics(data, bins=0)


def test_no_attempts():
    result = quiz_statistics([])
    assert result["count"] == 0
    assert result["mean"] is None and result["median"] is None and result["sd"] is None
    assert [b["count"] for b in result["distribution"]] == [0] * 10
    assert result["items"] == {}
    one = quiz_statistics([{"grade": 0.4, "items": {"A": 0.4}}])
    assert one["mean"] == 0.4 and one["median"] == 0.4 and one["sd"] is None


def test_equal_grades_have_no_spread_at_all():
    result = quiz_statistics([{"grade": 0.7, "items": {"A": 0.7}} for _ in range(10_000)])
    assert result["sd"] == 0.0
    assert result["items"]["A"]["sd"] == 0.0
    assert result["items"]["A"]["discrimination"] is None


def test_ten_thousand_attempts_of_fifty_questions_quickly():
    rng = random.Random(1)
    data = []
    for _ in range(10_000):
        ability = rng.random()
        data.append({f"q{i}": float(rng.random() < ability) for i in range(50)})
    data = rows(*data)
    started = time.perf_counter()
    result = quiz_statistics(data)
    assert time.perf_counter() - started < 3.0  # about 0.1 s on a laptop
    assert result["count"] == 10_000 and len(result["items"]) == 50
    assert all(0.4 < item["discrimination"] < 0.7 for item in result["items"].values())
