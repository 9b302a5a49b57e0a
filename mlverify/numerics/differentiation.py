"""Numerical derivatives, the independent side of every derivative claim.

Central differences with one Richardson step: with h ~ eps^(1/5) the truncation error is
O(h^4) and the rounding error O(eps / h), about 1e-11 relative for smooth functions,
far inside the derivative tolerance and far outside the size of any real mistake.

That step assumes the function varies on a scale of 1. Near a singularity (log|x| at
x = 0.008, log det of a nearly singular matrix) it does not, so the step is halved until
two successive extrapolations agree: a formula is never refuted by a careless difference.
Functions with kinks are only differentiated away from them (their domains say so).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

Layout = Literal["numerator", "denominator"]

_BASE_STEP = float(np.finfo(np.float64).eps) ** 0.2
_AGREEMENT = 1e-10  # relative agreement of successive extrapolations that ends the refinement
_SMOOTH_SCALE = 1e-6  # |D(h) - D(h/2)| below this (relative) means no refinement is needed: an O(h) error
# (a kink of f'', Huber at delta) stays below the derivative tolerance
_SMALL = 1e-3  # below this a derivative is compared relatively: x^2.5 near 0 needs a finer step
_MAX_HALVINGS = 10  # down to h ~ 7e-7, where rounding (eps / h ~ 3e-10) starts to dominate
_KINK_FLOOR = 1e-6  # a one-sided slope gap below this (relative) is rounding, not a kink


class UnsettledDerivativeError(ArithmeticError):
    """Halving the step never made the estimates agree: a kink or a singularity is too close."""


def jacobian(f: Callable[[Any], Any], x: Any, *, strict: bool = False, value: Any = None) -> np.ndarray[Any, Any]:
    """d f(x) / d x with shape f(x).shape + x.shape (numerator layout, generalised to tensors).

    ``strict=True`` raises UnsettledDerivativeError where the refinement does not settle, so a
    caller can skip the point instead of trusting a difference taken across a kink. ``value`` is
    f(x) when the caller has it already (evaluating a formula is the whole cost).
    """
    point = np.array(x, dtype=np.float64)
    centre = np.asarray(f(point.copy()) if value is None else value, dtype=np.float64)
    result = np.empty(centre.shape + point.shape)
    for index in np.ndindex(point.shape):
        h = _BASE_STEP * max(1.0, abs(float(point[index])))
        coarse = _Difference(f, point, index, h)
        fine = _Difference(f, point, index, h / 2)
        estimate = (4 * fine.slope - coarse.slope) / 3
        # The two central differences differ by O(h^2); when that is small, the extrapolation's
        # O(h^4) error is negligible and the usual step stands.
        settled = bool(np.all(np.abs(fine.slope - coarse.slope) <= _SMOOTH_SCALE * (_SMALL + np.abs(estimate))))
        halvings = 0
        while not settled and halvings < _MAX_HALVINGS:
            halvings += 1
            h /= 2
            coarse, fine = fine, _Difference(f, point, index, h / 2)
            refined = (4 * fine.slope - coarse.slope) / 3
            settled = bool(np.all(np.abs(refined - estimate) <= _AGREEMENT * (1 + np.abs(refined))))
            estimate = refined
        if strict and not settled:
            raise UnsettledDerivativeError(f"the derivative at {point[index]!r} does not settle")
        if strict and _kinked(centre, coarse, fine, estimate):
            raise UnsettledDerivativeError(f"the derivative at {point[index]!r} has a kink or a pole within the step")
        result[(Ellipsis, *index)] = estimate
    return result


class _Difference:
    """f one step ahead of and behind the point along one coordinate, and the central slope between them."""

    def __init__(self, f: Callable[[Any], Any], point: np.ndarray[Any, Any], index: tuple[int, ...], h: float) -> None:
        forward, backward = point.copy(), point.copy()
        forward[index] += h
        backward[index] -= h
        self.step = h
        self.ahead = np.asarray(f(forward), dtype=np.float64)
        self.behind = np.asarray(f(backward), dtype=np.float64)
        self.slope = (self.ahead - self.behind) / (forward[index] - backward[index])


def _kinked(centre: np.ndarray[Any, Any], wide: _Difference, narrow: _Difference, estimate: Any) -> bool:
    """Central differences are blind to a kink or a pole at the centre (|x| and log|x| at 0 give
    consistent, wrong answers). One-sided slopes are not: for a smooth f their gap shrinks with
    the step (it is h f''), across a kink or pole it does not. The gaps reuse the central
    differences' own evaluations."""

    def gap(d: _Difference) -> Any:
        return np.abs((d.ahead - centre) / d.step - (centre - d.behind) / d.step)

    wide_gap, narrow_gap = gap(wide), gap(narrow)
    if np.any((narrow_gap > 0.75 * wide_gap) & (narrow_gap > _KINK_FLOOR * (1 + np.abs(estimate)))):
        return True
    # A small jump hidden under a curved branch (ELU with alpha near 1 at 0): the gap shrinks like h
    # plus the jump, so extrapolate it to h = 0, where a smooth f leaves O(h^3) and a kink its jump.
    jump = 2 * narrow_gap - wide_gap
    return bool(np.any(jump > _KINK_FLOOR * (1 + np.abs(estimate))))


def derivative(f: Callable[[Any], Any], x: Any, *, layout: Layout = "numerator", strict: bool = False,
               value: Any = None) -> Any:
    """The derivative as a matrix in the given layout; a plain number or array for scalar x.

    Numerator layout: d(scalar)/d(vector) is a 1 x n row, d(m-vector)/d(n-vector) is m x n,
    d(scalar)/d(m x n matrix) is n x m. Denominator layout is the transpose of each, so
    d(scalar)/d(X) has the shape of X. Vectors are 1-D arrays and are read as columns.
    """
    j = jacobian(f, x, strict=strict, value=value)
    in_ndim = np.ndim(x)
    out_ndim = j.ndim - in_ndim
    if in_ndim == 0:
        return float(j) if j.ndim == 0 else j
    if in_ndim == 1 and out_ndim == 0:
        numerator = j.reshape(1, -1)
    elif in_ndim == 1 and out_ndim == 1:
        numerator = j
    elif in_ndim == 2 and out_ndim == 0:
        numerator = j.T
    else:
        raise ValueError(f"no matrix layout for d(output of rank {out_ndim}) / d(input of rank {in_ndim})")
    return numerator if layout == "numerator" else numerator.T


def gradient(f: Callable[[Any], Any], x: Any) -> Any:
    """The gradient of a scalar function, shaped like x (denominator layout with vectors 1-D)."""
    return jacobian(f, x)


def hessian(f: Callable[[Any], Any], x: Any) -> np.ndarray[Any, Any]:
    """Second derivatives of a scalar f of a vector, by central mixed differences with one
    Richardson step; nesting first differences instead would lose about three more digits.
    The step eps^(1/6) balances the O(h^4) truncation against the O(eps / h^2) rounding; it is
    halved while the estimates still converge (a logistic loss at x^T w = -9 was off by 1e-6)."""
    point = np.asarray(x, dtype=np.float64)
    size = point.size
    steps = float(np.finfo(np.float64).eps) ** (1 / 6) * np.maximum(1.0, np.abs(point))

    @functools.cache
    def mixed(i: int, j: int, scale: float) -> float:  # each Richardson estimate shares a step with the next
        hi, hj = steps[i] * scale, steps[j] * scale
        ei, ej = np.eye(size)[i] * hi, np.eye(size)[j] * hj
        total = f(point + ei + ej) - f(point + ei - ej) - f(point - ei + ej) + f(point - ei - ej)
        return float(total / (4 * hi * hj))

    def entry(i: int, j: int) -> float:
        return _converged(lambda scale: (4 * mixed(i, j, scale / 2) - mixed(i, j, scale)) / 3)

    upper = {(i, j): entry(i, j) for i in range(size) for j in range(i, size)}  # second derivatives commute
    return np.array([[upper[min(i, j), max(i, j)] for j in range(size)] for i in range(size)], dtype=np.float64)


def _converged(estimate: Callable[[float], float]) -> float:
    """Richardson estimates at steps 1, 1/2, 1/4, ... (relative): the last one before the gaps between
    successive estimates stop shrinking as the O(h^4) error predicts (from there on, noise dominates)."""
    estimates = [estimate(1.0), estimate(0.5)]
    gaps = [abs(estimates[1] - estimates[0])]
    for k in range(2, 6):
        estimates.append(estimate(0.5**k))
        gaps.append(abs(estimates[-1] - estimates[-2]))
        if gaps[-1] > gaps[-2] / 4:
            return estimates[-3]
    return estimates[-1]


def second_derivative(f: Callable[[float], float], x: float) -> float:
    """f''(x) for scalar f: Richardson-extrapolated central second differences, halving the step while the
    estimates still converge as the O(h^4) error predicts. One fixed step is off by 1e-5 near a pole (the
    binary entropy's h''(a) at a = 0.97); once the gaps stop shrinking, rounding or quadrature noise
    dominates and the estimate before that point is kept."""
    point = float(x)
    centre = f(point)
    h = 2 * float(np.finfo(np.float64).eps) ** (1 / 6) * max(1.0, abs(point))

    def estimate(scale: float) -> float:
        def second(s: float) -> float:
            return (f(point + s) - 2 * centre + f(point - s)) / (s * s)

        return (4 * second(h * scale / 2) - second(h * scale)) / 3

    return float(_converged(estimate))
