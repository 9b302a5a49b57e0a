"""The integral test decides step-size series exactly, and its bracket contains the sum."""

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlverify.numerics import GeometricSchedule, PowerSchedule, satisfies_robbins_monro, series_of_powers


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (Fraction(0), False),
        (Fraction(1, 2), False),
        (Fraction(3, 4), True),
        (Fraction(1), True),
        (Fraction(6, 5), False),
    ],
)
def test_robbins_monro_boundaries(p, expected):
    assert satisfies_robbins_monro(PowerSchedule(1.0, p)) is expected


def test_harmonic_series_diverges_and_basel_converges():
    assert not series_of_powers(PowerSchedule(1.0, Fraction(1)), 1).converges
    basel = series_of_powers(PowerSchedule(1.0, Fraction(1)), 2)
    assert basel.converges and basel.lower <= math.pi**2 / 6 <= basel.upper


@given(st.floats(0.1, 5), st.fractions(Fraction(11, 10), 3, max_denominator=10), st.sampled_from([0.0, 1.0, 5.0]))
def test_bracket_contains_a_long_partial_sum_plus_its_tail_bound(c, p, shift):
    schedule = PowerSchedule(c, p, shift)
    verdict = series_of_powers(schedule, 1)
    partial = sum(schedule(t) for t in range(1, 2001))
    assert verdict.converges
    assert partial <= verdict.upper * (1 + 1e-12)


def test_geometric_and_constant_schedules():
    assert series_of_powers(GeometricSchedule(1.0, 0.5), 1).converges
    assert not satisfies_robbins_monro(GeometricSchedule(1.0, 0.5))
    assert not satisfies_robbins_monro(GeometricSchedule(0.1, 1.0))


def test_increasing_terms_diverge_by_the_term_test():
    assert not series_of_powers(GeometricSchedule(1.0, 1.5), 2).converges
