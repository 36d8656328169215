"""The interval arithmetic of watch credit: cleaning reports, merging, crediting within a budget."""

import math

import pytest

from lms.video import intervals


def test_clean_drops_nonsense_and_clips_to_the_video():
    reported = [[-5, 3], [8, 4], [2, 6], ["a", 9], [7, math.inf], [float("nan"), 1], [9, 70],
                [True, 4], [1], "x", [60, 61]]
    assert intervals.clean(reported, 60) == [[0.0, 6.0], [9.0, 60.0]]


def test_clean_refuses_what_is_not_a_list():
    with pytest.raises(ValueError):
        intervals.clean({"0": 5}, 60)


def test_merge_joins_overlapping_and_touching_but_keeps_gaps():
    assert intervals.merge([[5, 8], [0, 2], [2, 3], [7, 9], [9.5, 10]]) == [
        [0, 3], [5, 9], [9.5, 10]]


def test_subtract_leaves_what_was_not_watched():
    assert intervals.subtract([[0, 10], [20, 30]], [[2, 4], [8, 22], [25, 26]]) == [
        [0, 2], [4, 8], [22, 25], [26, 30]]
    assert intervals.subtract([[0, 10]], []) == [[0, 10]]
    assert intervals.subtract([[3, 5]], [[0, 10]]) == []


def test_credit_adds_only_what_is_new_and_within_the_budget():
    watched, credited = intervals.credit([[0, 10]], [[0, 18]], budget=5)
    assert (watched, credited) == ([[0, 15]], 5)
    # Sent again: nothing new.
    assert intervals.credit(watched, [[0, 15]], budget=100) == ([[0, 15]], 0.0)
    # No budget (paused, hidden, first beat): nothing, however much is claimed.
    assert intervals.credit([], [[0, 600]], budget=0) == ([], 0.0)


def test_credit_spends_the_budget_in_order_across_gaps():
    watched, credited = intervals.credit([[5, 10]], [[0, 20]], budget=8)
    assert watched == [[0, 13]] and credited == 8


def test_total_and_rounding():
    assert intervals.total([[0, 1.5], [3, 4]]) == 2.5
    assert intervals.rounded([[0.123, 4.567]]) == [[0.12, 4.57]]
