"""Parameter domains: what a declaration draws, exactly, and the one-line errors for declarations that draw nothing."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlverify.generate.parameters import ParameterError, as_float, parse_parameter


@given(lo=st.integers(-20, 20), width=st.integers(0, 10), seed=st.integers(0, 2**32 - 1))
def test_an_integer_range_draws_integers_inside_it(lo, width, seed):
    parameter = parse_parameter("x", {"integer": [lo, lo + width]})
    value = parameter.draw(np.random.default_rng(seed), {})
    assert isinstance(value, int) and lo <= value <= lo + width


@given(seed=st.integers(0, 2**32 - 1))
def test_fractions_are_in_lowest_terms_and_nonzero_when_asked(seed):
    parameter = parse_parameter("p", {"fraction": {"numerator": [-2, 2], "denominator": [2, 4]}, "nonzero": True})
    value = parameter.draw(np.random.default_rng(seed), {})
    assert value != 0
    assert isinstance(value, Fraction | int)


@given(seed=st.integers(0, 2**32 - 1))
def test_a_symmetric_matrix_is_symmetric_and_distinct_entries_differ(seed):
    rng = np.random.default_rng(seed)
    matrix = parse_parameter("A", {"matrix": [3, 3], "integer": [-3, 3], "symmetric": True}).draw(rng, {})
    assert matrix.shape == (3, 3) and (matrix == matrix.T).all()
    vector = parse_parameter("v", {"vector": 4, "integer": [0, 5], "distinct": True}).draw(rng, {})
    assert len(set(vector.tolist())) == 4


def test_a_size_may_be_an_earlier_integer_parameter():
    parameter = parse_parameter("w", {"vector": "n", "integer": [1, 2]})
    assert parameter.draw(np.random.default_rng(0), {"n": 5}).shape == (5,)


def test_decimals_and_choices_are_exact():
    rng = np.random.default_rng(1)
    decimal = parse_parameter("t", {"decimal": [0, 1], "step": 0.1}).draw(rng, {})
    assert Fraction(decimal) * 10 == int(Fraction(decimal) * 10)
    choice = parse_parameter("c", {"choice": ["1/3"]}).draw(rng, {})
    assert choice == Fraction(1, 3) and as_float(choice) == pytest.approx(1 / 3)


def test_a_choice_of_vectors_draws_one_of_them():
    parameter = parse_parameter("y", {"choice": [[1, 0], [0, 1]]})
    drawn = {tuple(parameter.draw(np.random.default_rng(s), {}).tolist()) for s in range(30)}
    assert drawn == {(1, 0), (0, 1)}


@pytest.mark.parametrize(("spec", "message"), [
    ({"integer": [3, 1]}, "is empty"),
    ({"integer": [0, 0], "nonzero": True}, "no values"),
    ({"choice": []}, "non-empty list"),
    ({"integer": [0, 1], "choice": [1]}, "exactly one of"),
    ({"fraction": {"numerator": [1, 2], "denominator": [0, 2]}}, "must not contain 0"),
    ({"choice": ["one half"]}, "is not a number"),
    ({"matrix": [2, 3], "integer": [0, 1], "symmetric": True}, "square"),
    ({"vector": 3, "integer": [0, 1], "distinct": True, "size": 2}, "unknown key 'size'"),
    ({"vector": 99, "integer": [0, 1]}, "a size is a number from 1 to 8"),
    ("3", "expected a mapping"),
])
def test_a_bad_declaration_says_what_is_wrong(spec, message):
    with pytest.raises(ParameterError, match=message) as error:
        parse_parameter("x", spec)
    assert str(error.value).startswith("parameter x:") and "\n" not in str(error.value)
