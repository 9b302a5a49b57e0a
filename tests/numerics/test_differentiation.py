"""Numerical derivatives: accurate on smooth functions, shaped by the requested layout."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlverify.numerics import derivative, gradient, hessian, jacobian, second_derivative

vectors = hnp.arrays(np.float64, st.integers(1, 4), elements=st.floats(-3, 3))


@given(st.floats(-5, 5))
def test_scalar_derivative_of_exp_is_accurate(x):
    assert derivative(np.exp, x) == pytest.approx(np.exp(x), rel=1e-9)


@given(vectors)
def test_gradient_of_a_quadratic(x):
    np.testing.assert_allclose(gradient(lambda v: v @ v, x), 2 * x, rtol=1e-9, atol=1e-9)


def test_layouts_of_scalar_by_vector():
    x = np.array([1.0, 2.0, 3.0])
    assert derivative(lambda v: v.sum(), x, layout="numerator").shape == (1, 3)
    assert derivative(lambda v: v.sum(), x, layout="denominator").shape == (3, 1)


def test_layouts_of_vector_by_vector_and_scalar_by_matrix():
    a = np.arange(6.0).reshape(2, 3)
    x = np.ones(3)
    np.testing.assert_allclose(derivative(lambda v: a @ v, x, layout="numerator"), a, atol=1e-9)
    np.testing.assert_allclose(derivative(lambda v: a @ v, x, layout="denominator"), a.T, atol=1e-9)
    b = np.arange(6.0).reshape(3, 2)
    grad = derivative(lambda m: np.trace(b @ m), np.ones((2, 3)), layout="denominator")
    np.testing.assert_allclose(grad, b.T, atol=1e-9)


def test_jacobian_has_output_then_input_axes():
    assert jacobian(lambda m: m @ np.ones(3), np.ones((2, 3))).shape == (2, 2, 3)


def test_no_layout_for_higher_order_tensors():
    with pytest.raises(ValueError, match="no matrix layout"):
        derivative(lambda m: m, np.ones((2, 2)))


def test_second_derivative():
    assert second_derivative(np.sin, 0.7) == pytest.approx(-np.sin(0.7), rel=1e-5)


@given(vectors)
def test_hessian_of_a_cubic_is_accurate(x):
    a = np.arange(1.0, x.size + 1)
    expected = np.diag(6 * a * x)
    np.testing.assert_allclose(hessian(lambda v: float(a @ v**3), x), expected, rtol=1e-6, atol=1e-6)


@given(st.floats(1e-3, 1e-1))
def test_steps_shrink_near_a_singularity(x):
    assert derivative(lambda t: np.log(abs(t)), x) == pytest.approx(1 / x, rel=1e-8)
    assert derivative(lambda t: 1 / t, x) == pytest.approx(-1 / x**2, rel=1e-8)


def test_strict_derivatives_refuse_to_guess_across_a_pole():
    from mlverify.numerics import UnsettledDerivativeError

    with pytest.raises(UnsettledDerivativeError, match="does not settle"):
        derivative(lambda t: np.log(abs(t - 1e-9)), 0.0, strict=True)


@pytest.mark.parametrize("f", [np.abs, lambda t: np.log(np.abs(t)), lambda t: np.maximum(t, 0.0)])
def test_strict_derivatives_see_a_kink_or_pole_at_the_centre(f):
    from mlverify.numerics import UnsettledDerivativeError

    with pytest.raises(UnsettledDerivativeError):
        derivative(f, 1e-150, strict=True)


@given(st.floats(-5, 5))
def test_strict_derivatives_accept_smooth_functions(x):
    assert derivative(np.sin, x, strict=True) == pytest.approx(np.cos(x), rel=1e-8, abs=1e-10)


def test_a_small_jump_under_a_curved_branch_is_a_kink():
    """ELU with alpha near 1 at 0: the one-sided slopes differ by 1e-5 under the exponential's curvature."""
    import numpy as np
    import pytest

    from mlverify.numerics import UnsettledDerivativeError, derivative

    alpha = 1 - 1e-5

    def elu(x):
        return np.where(x >= 0, x, alpha * (np.exp(x) - 1))

    with pytest.raises(UnsettledDerivativeError):
        derivative(elu, 0.0, strict=True)
    assert abs(derivative(elu, 0.5, strict=True) - 1.0) < 1e-9
