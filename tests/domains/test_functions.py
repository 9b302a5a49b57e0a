"""Function families: closed-form gradients are right, and each family has its shape property."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlverify.domains import (
    AnyOf,
    ConcaveFunction,
    ConvexFunction,
    ConvexFunctionOn,
    ConvexNondecreasingFunction,
    ConvexNonincreasingFunction,
    Dim,
    FunctionOptimum,
    OnTheLine,
    SmoothFunction,
    StronglyConvexFunction,
    StronglyConvexFunctionOn,
    Vector,
    examples,
)
from mlverify.numerics import gradient

points = st.floats(-3, 3)
thetas = st.floats(0, 1)
n = Dim("n", 1, 4)


def _kink_free(f, x):
    """Closed-form derivatives are compared only where the function is differentiable."""
    left, right = gradient(f.value, x - 1e-4), gradient(f.value, x + 1e-4)
    return abs(left - right) < 1e-2 * max(1.0, abs(left))


@given(examples({"f": ConvexFunction()}), points)
def test_scalar_gradients_match_numerical_derivatives(ex, x):
    f = ex.values["f"]
    if _kink_free(f, x):
        assert f.gradient(x) == pytest.approx(gradient(f.value, x), rel=1e-5, abs=1e-6)


@given(examples({"f": SmoothFunction()}), points)
def test_smooth_gradients_match_numerical_derivatives(ex, x):
    f = ex.values["f"]
    assert f.gradient(x) == pytest.approx(gradient(f.value, x), rel=1e-5, abs=1e-6)


@given(examples({"f": ConvexFunction(), "g": ConcaveFunction()}), points, points, thetas)
def test_convex_and_concave_families_satisfy_the_definition(ex, x, y, theta):
    f, g = ex.values["f"], ex.values["g"]
    z = theta * x + (1 - theta) * y
    slack = 1e-9 * (1 + abs(f(x)) + abs(f(y)) + abs(g(x)) + abs(g(y)))
    assert f(z) <= theta * f(x) + (1 - theta) * f(y) + slack
    assert g(z) >= theta * g(x) + (1 - theta) * g(y) - slack


@given(examples({"h": ConvexNondecreasingFunction(), "g": ConvexNonincreasingFunction()}), points, points)
def test_monotone_families_are_monotone(ex, x, y):
    h, g = ex.values["h"], ex.values["g"]
    lo, hi = min(x, y), max(x, y)
    assert h(lo) <= h(hi) + 1e-12 * (1 + abs(h(hi)))
    assert g(lo) >= g(hi) - 1e-12 * (1 + abs(g(lo)))


@given(examples({"f": AnyOf(ConvexNonincreasingFunction(), SmoothFunction())}), points)
def test_any_of_draws_from_its_members_with_their_gradients(ex, x):
    f = ex.values["f"]
    if _kink_free(f, x):
        assert f.gradient(x) == pytest.approx(gradient(f.value, x), rel=1e-5, abs=1e-6)


@given(examples({"f": StronglyConvexFunctionOn(n), "x": Vector(n, min=-2, max=2), "y": Vector(n, min=-2, max=2)}))
def test_strongly_convex_family_has_its_modulus(ex):
    f, x, y = ex.values["f"], ex.values["x"], ex.values["y"]
    np.testing.assert_allclose(f.gradient(x), gradient(f.value, x), rtol=1e-5, atol=1e-6)
    lower = f(x) + f.gradient(x) @ (y - x) + f.strong_convexity / 2 * (y - x) @ (y - x)
    assert f(y) >= lower - 1e-9 * (1 + abs(f(y)))


@given(examples({"f": StronglyConvexFunctionOn(n), "x*": FunctionOptimum("f", n, value=False),
                  "f*": FunctionOptimum("f", n, value=True), "x": Vector(n, min=-2, max=2)}))
def test_the_optimum_of_a_strongly_convex_function_is_its_minimiser_and_minimum(ex):
    f, best, least, x = ex.values["f"], ex.values["x*"], ex.values["f*"], ex.values["x"]
    assert np.linalg.norm(f.gradient(best)) <= 1e-8 * (1 + np.linalg.norm(f.gradient(x)))
    assert least == pytest.approx(f(best)) and least <= f(x) + 1e-12


@given(examples({"f": StronglyConvexFunction(), "x*": FunctionOptimum("f", None, value=False)}), points)
def test_the_minimiser_of_a_strongly_convex_function_on_the_line_is_where_its_subgradient_changes_sign(ex, x):
    f, best = ex.values["f"], ex.values["x*"]
    assert f(best) <= min(f(best - 1e-6), f(best + 1e-6), f(x)) + 1e-12


@given(examples({"f": OnTheLine(StronglyConvexFunctionOn(Dim("_1", 1, 1)))}), points, points)
def test_a_vector_family_on_the_line_acts_on_floats_and_keeps_its_constants(ex, x, y):
    f = ex.values["f"]
    assert isinstance(f(x), float) and isinstance(f.gradient(x), float)
    assert f(y) >= f(x) + f.gradient(x) * (y - x) + f.strong_convexity / 2 * (y - x) ** 2 - 1e-9 * (1 + abs(f(y)))


@given(examples({"f": ConvexFunctionOn(n), "x": Vector(n, min=-2, max=2), "y": Vector(n, min=-2, max=2)}))
def test_gradient_lipschitz_constants_are_upper_bounds(ex):
    f, x, y = ex.values["f"], ex.values["x"], ex.values["y"]
    gap = np.linalg.norm(f.gradient(x) - f.gradient(y))
    assert gap <= f.gradient_lipschitz * np.linalg.norm(x - y) + 1e-9
