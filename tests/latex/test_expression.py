"""Expressions at given values: what problem families compute their steps and keys with."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlverify.errors import LatexError
from mlverify.latex.expression import EvaluationError, compile_expression, symbol_key


@given(st.floats(-5, 5))
def test_a_derivative_is_computed_numerically(x):
    value = compile_expression(r"\sigma'(x)", {"x": ()}).value({"x": x})
    s = 1 / (1 + np.exp(-x))
    assert value == pytest.approx(s * (1 - s), rel=1e-7)


def test_a_gradient_follows_the_layout():
    shapes = {"a": (3,), "x": (3,)}
    values = {"a": np.array([1.0, 2.0, 3.0]), "x": np.zeros(3)}
    column = compile_expression(r"\frac{\partial\, a^\top x}{\partial x}", shapes).value(values)
    row = compile_expression(r"\frac{\partial\, a^\top x}{\partial x}", shapes, layout="numerator").value(values)
    assert np.shape(column) == (3,) and np.shape(row) == (1, 3)
    assert np.allclose(column, values["a"]) and np.allclose(row.ravel(), values["a"])


def test_laws_in_given_are_bound_only_where_used():
    law = (r"X \sim \operatorname{Bernoulli}(p)",)
    assert compile_expression(r"\mathbb{E}[X^2]", {"p": ()}, law).value({"p": 0.25}) == pytest.approx(0.25)
    assert compile_expression("3", {}, law).value({}) == 3  # p has no value, and need not


def test_no_value_outside_the_domain_and_a_clear_error_for_bad_latex():
    with pytest.raises(EvaluationError, match="has no value here"):
        compile_expression(r"\log x", {"x": ()}).value({"x": -1.0})
    with pytest.raises(LatexError):
        compile_expression(r"\frac{1}{", {})
    assert compile_expression("x > 0", {"x": ()}).holds({"x": 2.0})
    assert symbol_key(r"\mu") == "mu"


def test_an_integral_over_the_line_finds_a_narrow_peak_away_from_zero():
    density = r"\int_{-\infty}^{\infty} \frac{1}{\sqrt{2\pi\sigma^2}} e^{-(x-\mu)^2/(2\sigma^2)}\,dx"
    value = compile_expression(density, {"mu": (), "sigma": ()}).value({"mu": 2.0, "sigma": 0.015625})
    assert value == pytest.approx(1.0, rel=1e-8)
