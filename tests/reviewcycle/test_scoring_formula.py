"""The proposed-rating and overall-rating formulas at their edges."""

from fractions import Fraction

import pytest

from reviewcycle.scoring import (
    ScalePoint,
    indicator_fraction,
    map_reference_point,
    needs_justification,
    overall_value,
    proposed_rating,
    proposed_reference_point,
    round_half_up,
)

FIVE = [
    ScalePoint(1, "onvoldoende", False),
    ScalePoint(2, "matig", False),
    ScalePoint(3, "goed", True),
    ScalePoint(4, "zeer goed", True),
    ScalePoint(5, "uitstekend", True),
]
WATER = [
    ScalePoint(1, "onvoldoende", False),
    ScalePoint(2, "nog te ontwikkelen", False),
    ScalePoint(3, "goed", True),
]
GOVERNMENT = [
    ScalePoint(1, "−", False),
    ScalePoint(2, "+/-", False),
    ScalePoint(3, "+", True),
    ScalePoint(4, "++", True),
]
F, P, N = "fully", "partly", "not"


@pytest.mark.parametrize(
    ("expected", "next_level", "label"),
    [
        ([N, N, N], [], "onvoldoende"),
        ([P, N, N], [], "onvoldoende"),  # f = 1/6
        ([F, N, N], [], "matig"),  # f = 1/3 exactly: not below 1/3
        ([P, P, N], [], "matig"),  # f = 1/3
        ([F, P, N], [], "matig"),  # f = 1/2
        ([F, F, N], [], "goed"),  # f = 2/3 exactly: not below 2/3
        ([F, F, P], [F, F, F], "goed"),  # f = 5/6 < 1: next level does not count
        ([F, F, F], [], "goed"),  # top level: no next level
        ([F, F, F], [N, N, N], "goed"),
        ([F, F, F], [F, N, N], "goed"),  # 1 of 3 shown: less than half
        ([F, F, F], [F, F, N], "zeer goed"),  # 2 of 3
        ([F, F], [F, N], "zeer goed"),  # exactly half
        ([F, F, F], [F, F, F], "uitstekend"),
        ([F, F], [F], "uitstekend"),
    ],
)
def test_proposed_rating_on_the_five_point_scale(expected, next_level, label):
    assert proposed_rating(expected, next_level, FIVE).label == label


def test_no_indicators_no_proposal():
    assert proposed_reference_point([], [F]) is None
    assert proposed_rating([], [], FIVE) is None


def test_unmarked_indicators_count_as_not_shown():
    assert indicator_fraction([F, "", P]) == Fraction(1, 2)


@pytest.mark.parametrize(
    ("point", "water", "government"),
    [
        (1, "onvoldoende", "−"),
        (2, "nog te ontwikkelen", "+/-"),
        (3, "goed", "+"),
        (4, "goed", "++"),
        (5, "goed", "++"),
    ],
)
def test_other_scales_map_proportionally_within_below_and_at_or_above_the_norm(point, water, government):
    assert map_reference_point(point, WATER).label == water
    assert map_reference_point(point, GOVERNMENT).label == government
    assert map_reference_point(point, FIVE).value == point


@pytest.mark.parametrize(
    ("goals", "competencies", "weights", "expected"),
    [
        ([(3, None), (4, None)], [3, 3, 3], (50, 50), 3),  # (3.5 + 3) / 2 = 3.25
        ([(4, None), (5, None)], [3, 4], (50, 50), 4),  # (4.5 + 3.5) / 2 = 4
        ([(5, 50), (3, 50)], [2, 3], (50, 50), 3),  # (4 + 2.5)/2 = 3.25
        ([(5, 80), (1, 20)], [3], (50, 50), 4),  # 4.2*.5 + 3*.5 = 3.6 -> 4
        ([(3, None)], [2], (50, 50), 3),  # 2.5 rounds half up
        ([(2, None)], [2, 3], (50, 50), 2),  # 2.25
        ([], [4, 5], (50, 50), 5),  # competencies only: 4.5 -> 5
        ([(1, None)], [], (30, 70), 1),  # goals only
        ([(5, None)], [1], (0, 100), 1),  # goals weigh nothing
        ([], [], (50, 50), None),
    ],
)
def test_overall_rating_is_the_weighted_mean_rounded_half_up(goals, competencies, weights, expected):
    assert (
        overall_value(
            goals=goals,
            competencies=competencies,
            goal_weight=weights[0],
            competency_weight=weights[1],
            scale_size=5,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(5, 2), 3),
        (Fraction(7, 2), 4),
        (Fraction(249, 100), 2),
        (Fraction(1, 2), 1),
        (Fraction(3), 3),
    ],
)
def test_round_half_up(value, rounded):
    assert round_half_up(value) == rounded


def test_justification_needed_below_the_norm_or_away_from_the_proposal():
    goed, matig, zeer_goed = FIVE[2], FIVE[1], FIVE[3]
    assert not needs_justification(rating=goed, proposed=goed)
    assert needs_justification(rating=zeer_goed, proposed=goed)
    assert needs_justification(rating=matig, proposed=matig)
    assert not needs_justification(rating=goed, proposed=None)
