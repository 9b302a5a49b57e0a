"""Function families with closed-form values and derivatives: convex, concave, monotone, smooth.

Convexity rules quantify over functions; these families make such claims testable. Each
member carries its gradient in closed form (a subgradient at kinks), and vector members
carry their strong-convexity modulus and gradient Lipschitz constant, which claims need.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.optimize
from hypothesis import strategies as st

from mlverify.domains._base import Dim, Domain, Drawn, Sizes, finite_floats, float_arrays
from mlverify.numerics.functions import sigmoid

Fn = Callable[[Any], Any]


@dataclass(frozen=True)
class Function:
    """A drawn function: what it is in words, its value and its gradient (derivative in 1-D)."""

    expression: str
    value: Fn = field(repr=False, compare=False)
    gradient: Fn = field(repr=False, compare=False)
    strong_convexity: float = 0.0
    gradient_lipschitz: float = math.inf

    def __call__(self, x: Any) -> Any:
        return self.value(x)

    def __repr__(self) -> str:
        return self.expression

    def __add__(self, other: Function) -> Function:
        return Function(
            f"{self.expression} + {other.expression}",
            lambda x: self.value(x) + other.value(x),
            lambda x: self.gradient(x) + other.gradient(x),
            self.strong_convexity + other.strong_convexity,
            self.gradient_lipschitz + other.gradient_lipschitz,
        )

    def __neg__(self) -> Function:
        return Function(f"-({self.expression})", lambda x: -self.value(x), lambda x: -self.gradient(x))


def _plus(c: float) -> str:
    """' + c', ' - |c|' or nothing, so expressions read as written by hand."""
    if c == 0:
        return ""
    return f" - {-c:g}" if c < 0 else f" + {c:g}"


def _times(a: float) -> str:
    """The coefficient prefix 'a*', or nothing for 1."""
    return "" if a == 1 else f"{a:g}*"


def _coefficient(lo: float, hi: float) -> st.SearchStrategy[float]:
    return finite_floats(lo, hi)


# Scalar atoms. Each is vectorised: applied to an array it acts elementwise.

def _quadratics(a_min: float = 0.0) -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b, c: Function(f"{_times(a)}(x{_plus(-b)})^2{_plus(c)}", lambda x: a * (x - b) ** 2 + c,
                                 lambda x: 2 * a * (x - b)),
        _coefficient(a_min, 3), _coefficient(-2, 2), _coefficient(-2, 2),
    )


def _exponentials(b_min: float = -2.0) -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b: Function(f"{_times(a)}exp({b:g}*x)", lambda x: a * np.exp(b * x), lambda x: a * b * np.exp(b * x)),
        _coefficient(0, 2), _coefficient(b_min, 2),
    )


def _softpluses(b_min: float = -2.0) -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b, c: Function(
            f"{_times(a)}softplus({b:g}*x{_plus(c)})", lambda x: a * np.logaddexp(0, b * x + c),
            lambda x: a * b * sigmoid(b * x + c),
        ),
        _coefficient(0, 2), _coefficient(b_min, 2), _coefficient(-2, 2),
    )


def _absolute_values() -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b: Function(f"{_times(a)}|x{_plus(-b)}|", lambda x: a * np.abs(x - b), lambda x: a * np.sign(x - b)),
        _coefficient(0, 2), _coefficient(-2, 2),
    )


def _max_affines() -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a1, b1, a2, b2: Function(
            f"max({a1:g}*x{_plus(b1)}, {a2:g}*x{_plus(b2)})",
            lambda x: np.maximum(a1 * x + b1, a2 * x + b2),
            lambda x: np.where(a1 * x + b1 >= a2 * x + b2, a1, a2) + 0.0 * x,
        ),
        _coefficient(-2, 2), _coefficient(-2, 2), _coefficient(-2, 2), _coefficient(-2, 2),
    )


def _quartics() -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b: Function(
            f"{_times(a)}(x{_plus(-b)})^4", lambda x: a * (x - b) ** 4, lambda x: 4 * a * (x - b) ** 3
        ),
        _coefficient(0, 1), _coefficient(-2, 2),
    )


def _affines(a_min: float = -2.0) -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b: Function(f"{_times(a)}x{_plus(b)}", lambda x: a * x + b, lambda x: a + 0.0 * x),
        _coefficient(a_min, 2), _coefficient(-2, 2),
    )


def _hinges(squared: bool) -> st.SearchStrategy[Function]:
    def build(a: float, b: float) -> Function:
        if squared:
            return Function(f"{_times(a)}max(0, x{_plus(-b)})^2", lambda x: a * np.maximum(0, x - b) ** 2,
                            lambda x: 2 * a * np.maximum(0, x - b))
        return Function(f"{_times(a)}max(0, x{_plus(-b)})", lambda x: a * np.maximum(0, x - b),
                        lambda x: a * (np.asarray(x) > b))

    return st.builds(build, _coefficient(0, 2), _coefficient(-2, 2))


def _sines() -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b: Function(f"sin({a:g}*x{_plus(b)})", lambda x: np.sin(a * x + b), lambda x: a * np.cos(a * x + b)),
        _coefficient(-2, 2), _coefficient(-2, 2),
    )


def _tanhs() -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b: Function(f"tanh({a:g}*x{_plus(b)})", lambda x: np.tanh(a * x + b),
                              lambda x: a * (1 - np.tanh(a * x + b) ** 2)),
        _coefficient(-2, 2), _coefficient(-2, 2),
    )


def _cubics() -> st.SearchStrategy[Function]:
    return st.builds(
        lambda a, b: Function(
            f"{_times(a)}x^3" + (f"{_plus(b)}*x" if b else ""), lambda x: a * x**3 + b * x, lambda x: 3 * a * x**2 + b
        ),
        _coefficient(-1, 1), _coefficient(-2, 2),
    )


def _sums(atoms: st.SearchStrategy[Function]) -> st.SearchStrategy[Function]:
    return st.one_of(atoms, st.builds(lambda f, g: f + g, atoms, atoms))


def _convex_atoms() -> st.SearchStrategy[Function]:
    return st.one_of(_quadratics(), _absolute_values(), _exponentials(), _softpluses(), _max_affines(), _quartics())


class FunctionFamily(Domain):
    """A domain whose values are ``Function`` objects (the notation layer calls them)."""


class _ScalarFamily(FunctionFamily):
    words = ""

    def describe(self) -> str:
        return f"a {self.words} function R -> R with its derivative"


class ConvexFunction(_ScalarFamily):
    """Convex f: R -> R: quadratics, |x - b|, exponentials, softplus, max of affines, quartics, sums."""

    words = "convex"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        return _sums(_convex_atoms())


class ConcaveFunction(_ScalarFamily):
    """Concave f: the negatives of the convex family."""

    words = "concave"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        return _sums(_convex_atoms()).map(lambda f: -f)


class ConvexNondecreasingFunction(_ScalarFamily):
    """Convex and non-decreasing f, the outer functions for which composition keeps convexity."""

    words = "convex non-decreasing"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        atoms = st.one_of(
            _affines(a_min=0), _exponentials(b_min=0), _softpluses(b_min=0), _hinges(False), _hinges(True)
        )
        return _sums(atoms)


class ConvexNonincreasingFunction(_ScalarFamily):
    """Convex and non-increasing f: the mirror images x -> h(-x) of the non-decreasing family."""

    words = "convex non-increasing"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        return ConvexNondecreasingFunction().strategy(sizes, drawn).map(_mirrored)


def _mirrored(f: Function) -> Function:
    return Function(f"({f.expression} at -x)", lambda x: f(-x), lambda x: -f.gradient(-x))


class SmoothFunction(_ScalarFamily):
    """Smooth f with no convexity: sines, tanh, cubics, quadratics of either sign."""

    words = "smooth"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        return _sums(st.one_of(_quadratics(a_min=-3), _sines(), _tanhs(), _cubics()))


# Functions on R^n.

def _vectors(n: int, lo: float, hi: float) -> st.SearchStrategy[Any]:
    return float_arrays((n,), lo, hi)


def _psd_quadratics(n: int) -> st.SearchStrategy[Function]:
    def build(factor: Any, b: Any) -> Function:
        a = factor @ factor.T
        eig = np.linalg.eigvalsh(a)
        return Function(
            f"0.5 x^T A x + b^T x, A={np.round(a, 4).tolist()}, b={np.round(b, 4).tolist()}",
            lambda x: 0.5 * x @ a @ x + b @ x, lambda x: a @ x + b,
            strong_convexity=max(float(eig[0]), 0.0), gradient_lipschitz=float(eig[-1]),
        )

    factors = st.integers(0, n).flatmap(lambda k: float_arrays((n, k), -2, 2))
    return st.builds(build, factors, _vectors(n, -2, 2))


def _log_sum_exps(n: int) -> st.SearchStrategy[Function]:
    def build(c: Any) -> Function:
        def value(x: Any) -> float:
            z = x + c
            return float(np.max(z) + np.log(np.sum(np.exp(z - np.max(z)))))

        def gradient(x: Any) -> Any:
            e = np.exp(x + c - np.max(x + c))
            return e / e.sum()

        # The Hessian diag(s) - s s^T has eigenvalues at most max_i 2 s_i (1 - s_i) <= 1/2.
        return Function(f"logsumexp(x + {np.round(c, 4).tolist()})", value, gradient, gradient_lipschitz=0.5)

    return st.builds(build, _vectors(n, -2, 2))


def _softplus_sums(n: int) -> st.SearchStrategy[Function]:
    def build(a: Any) -> Function:
        return Function(
            f"sum_i a_i softplus(x_i), a={np.round(a, 4).tolist()}",
            lambda x: float(a @ np.logaddexp(0, x)), lambda x: a * sigmoid(x),
            gradient_lipschitz=float(np.max(a)) / 4,
        )

    return st.builds(build, _vectors(n, 0, 2))


class VectorFunctionFamily(FunctionFamily):
    words = ""

    def __init__(self, dim: Dim) -> None:
        self.dim = dim

    def dims(self) -> tuple[Dim, ...]:
        return (self.dim,)

    def describe(self) -> str:
        return f"a {self.words} function R^{self.dim} -> R with its gradient"


class ConvexFunctionOn(VectorFunctionFamily):
    """Convex f: R^n -> R (PSD quadratics, log-sum-exp, softplus sums) with gradient and L."""

    words = "convex, L-smooth"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        n = sizes[self.dim.name]
        return st.one_of(_psd_quadratics(n), _log_sum_exps(n), _softplus_sums(n))


def _indefinite_quadratics(n: int) -> st.SearchStrategy[Function]:
    def build(a: Any, b: Any) -> Function:
        a = (a + a.T) / 2
        return Function(f"0.5 x^T A x + b^T x, A={np.round(a, 4).tolist()}, b={np.round(b, 4).tolist()}",
                        lambda x: 0.5 * x @ a @ x + b @ x, lambda x: a @ x + b,
                        gradient_lipschitz=float(np.max(np.abs(np.linalg.eigvalsh(a)))))

    return st.builds(build, float_arrays((n, n), -2, 2), _vectors(n, -2, 2))


def _sine_sums(n: int) -> st.SearchStrategy[Function]:
    def build(a: Any, c: Any, d: Any) -> Function:
        # The Hessian is diagonal with entries -a_i c_i^2 sin(c_i x_i + d_i): L = max |a_i| c_i^2.
        return Function(f"sum_i a_i sin(c_i x_i + d_i), a={np.round(a, 4).tolist()}, c={np.round(c, 4).tolist()}, "
                        f"d={np.round(d, 4).tolist()}", lambda x: float(a @ np.sin(c * x + d)),
                        lambda x: a * c * np.cos(c * x + d), gradient_lipschitz=float(np.max(np.abs(a) * c**2)))

    return st.builds(build, _vectors(n, -2, 2), _vectors(n, -2, 2), _vectors(n, -2, 2))


class SmoothFunctionOn(VectorFunctionFamily):
    """L-smooth f: R^n -> R, convex or not (the convex family, indefinite quadratics, sums of sines)."""

    words = "L-smooth"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        n = sizes[self.dim.name]
        return st.one_of(ConvexFunctionOn(self.dim).strategy(sizes, drawn), _indefinite_quadratics(n), _sine_sums(n))


def _ridge(mu: float) -> Function:
    return Function(f"{mu:g}/2 ||x||^2", lambda x: 0.5 * mu * np.sum(np.square(x)), lambda x: mu * x,
                    strong_convexity=mu, gradient_lipschitz=mu)


class StronglyConvexFunction(_ScalarFamily):
    """mu-strongly convex f: R -> R, g + (mu/2) x^2 with g from the convex family."""

    words = "strongly convex"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        return st.builds(lambda g, mu: g + _ridge(mu), ConvexFunction().strategy(sizes, drawn), finite_floats(0.1, 3))


class StronglyConvexFunctionOn(VectorFunctionFamily):
    """mu-strongly convex f = g + (mu/2)||x||^2 with g convex; ``strong_convexity`` holds mu."""

    words = "strongly convex"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        return st.builds(lambda g, mu: g + _ridge(mu), ConvexFunctionOn(self.dim).strategy(sizes, drawn),
                         finite_floats(0.1, 3))


class OnTheLine(_ScalarFamily):
    """A family of R^n -> R functions taken at n = 1, as functions R -> R with the same constants (an
    L-smooth, strongly convex f: R -> R)."""

    def __init__(self, family: VectorFunctionFamily) -> None:
        self.family, self.words = family, family.words

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Function]:
        return self.family.strategy({**sizes, self.family.dim.name: 1}, drawn).map(_on_the_line)


def _on_the_line(f: Function) -> Function:
    return Function(f.expression, lambda x: f(np.array([x])), lambda x: float(f.gradient(np.array([x]))[0]),
                    f.strong_convexity, f.gradient_lipschitz)


def minimizer(f: Function, n: int | None) -> Any:
    """The minimiser of a strongly convex f (it exists and is unique): on R the zero of its increasing
    (sub)gradient, on R^n BFGS with the gradient (the vector families are smooth). A float on R."""
    if n is None:
        reach = abs(float(f.gradient(0.0))) / max(f.strong_convexity, 1e-3) + 1.0  # |x* - 0| <= |f'(0)| / mu
        return float(scipy.optimize.brentq(f.gradient, -reach, reach, xtol=1e-15, maxiter=500))
    found = scipy.optimize.minimize(f, np.zeros(n), jac=f.gradient, method="BFGS",
                                    options={"gtol": 1e-11, "maxiter": 5000})
    return np.asarray(found.x, dtype=float)


class FunctionOptimum(Domain):
    """``x^\\star`` and ``f^\\star``: the minimiser and the minimum of a drawn strongly convex function."""

    def __init__(self, function: str, dim: Dim | None, *, value: bool) -> None:
        self.function, self.dim, self.value = function, dim, value

    def describe(self) -> str:
        return f"the {'minimum' if self.value else 'minimiser'} of {self.function}"

    def references(self) -> tuple[str, ...]:
        return (self.function,)

    def dims(self) -> tuple[Dim, ...]:
        return () if self.value or self.dim is None else (self.dim,)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Any]:
        f = drawn[self.function]
        x = minimizer(f, None if self.dim is None else sizes[self.dim.name])
        return st.just(float(f(x)) if self.value else x)


class FunctionConstant(Domain):
    """A constant of a drawn function (its strong-convexity modulus mu, its smoothness L), so that a
    formula can use it: ``0 < \\eta \\le 1/L`` with L the gradient's Lipschitz constant of f."""

    def __init__(self, function: str, attribute: str) -> None:
        self.function, self.attribute = function, attribute

    def describe(self) -> str:
        return f"the {self.attribute.replace('_', ' ')} constant of {self.function}"

    def references(self) -> tuple[str, ...]:
        return (self.function,)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[float]:
        return st.just(float(getattr(drawn[self.function], self.attribute)))
