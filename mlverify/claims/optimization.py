"""Optimization: step-size conditions and the basic guarantees of gradient descent.

Convergence of step-size series is decided exactly by the integral test of
mlverify.numerics.series, with exponents kept as fractions so that the boundaries
p = 1/2 and p = 1 are hit exactly, never approximated. Gradient steps are run on
closed-form functions whose smoothness and strong-convexity constants are known.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from mlverify.claims import Evidence, Kind, Reference, Said, claim, holds, stated, wrong
from mlverify.domains import Dim, Rational, Real, SPDMatrix, StepSchedule, Vector
from mlverify.numerics import GeometricSchedule, PowerSchedule, satisfies_robbins_monro, series_of_powers
from mlverify.numerics.series import Term

n = Dim("n", 1, 5)
SCHEDULE = StepSchedule()
HALF = Fraction(1, 2)
EXPONENT = Rational(0, 2, critical=(0, HALF, 1, Fraction(3, 2), 2))
SCALE = Real(0.01, 10)
ROBBINS_MONRO = Reference("Robbins & Monro, A Stochastic Approximation Method, Ann. Math. Statist. 22(3) (1951)")
NESTEROV = "Nesterov, Introductory Lectures on Convex Optimization (2004)"


def _robbins_monro(c: float, p: Fraction, condition: bool) -> Evidence:
    """The integral test's verdict on c t^-p against a claimed condition on p."""
    schedule = PowerSchedule(c, p)
    verdict = satisfies_robbins_monro(schedule)
    return holds(verdict == condition, "the integral test disagrees with the condition on p",
                 schedule=schedule, robbins_monro=verdict, condition=condition)


def _schedule_satisfies_both(schedule: Callable[[int], float]) -> bool | None:
    """Whether a step-size sequence read from a sheet (c t^-p, or geometric c r^t) satisfies both
    Robbins-Monro conditions; None for any other shape (nothing the claims decide)."""
    values = [schedule(t) for t in (1, 2, 4, 8, 16)]
    if any(v <= 0 for v in values):
        return None
    ratios = [b / a for a, b in itertools.pairwise(values)]
    if max(ratios) - min(ratios) < 1e-9 * max(ratios):  # c t^-p: a constant ratio at doublings
        p = Fraction(-math.log2(ratios[0])).limit_denominator(64)
        if abs(float(p) + math.log2(ratios[0])) > 1e-9 or p <= 0:
            return None
        return satisfies_robbins_monro(PowerSchedule(values[0], p))
    steps = [schedule(t + 1) / schedule(t) for t in (1, 2, 3)]
    if max(steps) - min(steps) < 1e-9 and 0 < steps[0] < 1:  # c r^t never satisfies them
        return False
    return None


# "$\eta_t = 1/t$ satisfies both Robbins-Monro conditions", "... does not satisfy the conditions"
_SATISFIES_ROBBINS_MONRO = Said(
    r"\$(?P<schedule>[^$]{1,200})\$[^.$]{0,120}?\b(?P<negation>does not |do not |doesn't |never |fails to )?"
    r"(?:satisf(?:y|ies)|meets?|fulfil+s?) (?:both |the |two |of )*(?:Robbins[- ]Monro )?(?:step[- ]size )?conditions",
    holds=lambda schedule, **_: _schedule_satisfies_both(schedule))


@claim(
    "optimization.robbins_monro_power",
    title="Robbins-Monro conditions for polynomially decaying step sizes",
    said=(_SATISFIES_ROBBINS_MONRO,),
    statement=r"\alpha_t = c\, t^{-p}:\ \sum_t \alpha_t = \infty \text{ and } \sum_t \alpha_t^2 < \infty"
    r"\iff \tfrac{1}{2} < p \le 1",
    variables={"c": SCALE, "p": EXPONENT},
    kind=Kind.CONVERGENCE,
    assumptions=(r"c > 0",),
    references=(ROBBINS_MONRO,),
    wrong=[
        wrong("any_decay_up_to_one", r"\text{Robbins-Monro} \iff 0 < p \le 1",
              lambda c, p: _robbins_monro(c, p, 0 < p <= 1),
              mistake="forgot that the squares must be summable: p = 1/2 gives sum 1/t = infinity"),
        wrong("closed_at_half", r"\text{Robbins-Monro} \iff \tfrac{1}{2} \le p \le 1",
              lambda c, p: _robbins_monro(c, p, HALF <= p <= 1),
              mistake="included the boundary p = 1/2, where sum alpha_t^2 is the harmonic series"),
        wrong("open_at_one", r"\text{Robbins-Monro} \iff \tfrac{1}{2} < p < 1",
              lambda c, p: _robbins_monro(c, p, HALF < p < 1),
              mistake="excluded p = 1, the classic 1/t schedule, which does satisfy both conditions"),
        wrong("faster_than_one", r"\text{Robbins-Monro} \iff p > 1",
              lambda c, p: _robbins_monro(c, p, p > 1),
              mistake="p > 1 makes sum alpha_t finite, so the steps cannot reach a distant optimum"),
    ],
)
def robbins_monro_power(c: float, p: Fraction) -> Evidence:
    """Integral test: sum t^-q diverges iff q <= 1; apply it with q = p (must diverge) and q = 2p (must converge)."""
    return _robbins_monro(c, p, HALF < p <= 1)


def _vanishes(schedule: Term) -> bool:
    """Whether alpha_t -> 0, read off the family's parameters (not from the series)."""
    if isinstance(schedule, PowerSchedule):
        return schedule.p > 0
    if isinstance(schedule, GeometricSchedule):
        return schedule.gamma < 1
    raise TypeError(f"unknown schedule {schedule!r}")


def _implication(premise: bool, conclusion: bool, schedule: Term, **shown: Any) -> Evidence:
    return holds(not premise or conclusion, "the premise holds but the conclusion fails", schedule=schedule, **shown)


@claim(
    "optimization.square_summable_steps_vanish",
    title="Square-summable step sizes tend to zero",
    statement=r"\sum_t \alpha_t^2 < \infty \implies \alpha_t \to 0",
    variables={"alpha": SCHEDULE},
    kind=Kind.IMPLICATION,
    wrong=[
        wrong("divergent_sum_implies_vanishing", r"\sum_t \alpha_t = \infty \implies \alpha_t \to 0",
              lambda alpha: _implication(not series_of_powers(alpha, 1).converges, _vanishes(alpha), alpha,
                                         vanishes=_vanishes(alpha)),
              mistake="a divergent sum says nothing about the terms: a constant step diverges and never decays"),
        wrong("vanishing_implies_robbins_monro", r"\alpha_t \to 0 \implies \text{Robbins-Monro}",
              lambda alpha: _implication(_vanishes(alpha), satisfies_robbins_monro(alpha), alpha,
                                         vanishes=_vanishes(alpha)),
              mistake="decaying steps need not satisfy Robbins-Monro: geometric decay is summable"),
    ],
)
def square_summable_steps_vanish(alpha: Term) -> Evidence:
    """The terms of a convergent series tend to zero, and alpha_t^2 -> 0 gives alpha_t -> 0."""
    square_summable = series_of_powers(alpha, 2).converges
    return _implication(square_summable, _vanishes(alpha), alpha, square_summable=square_summable,
                        vanishes=_vanishes(alpha))


@claim(
    "optimization.geometric_schedule_not_robbins_monro",
    title="Geometrically decaying step sizes never satisfy Robbins-Monro",
    statement=r"\alpha_t = c \gamma^t,\ 0 < \gamma < 1 \implies \sum_t \alpha_t < \infty",
    variables={"c": SCALE, "gamma": Real(0.1, 1, open_max=True)},
    kind=Kind.CONVERGENCE,
    wrong=[
        wrong("satisfies_robbins_monro", r"\alpha_t = c \gamma^t,\ 0 < \gamma < 1 \implies \text{Robbins-Monro}",
              lambda c, gamma: holds(satisfies_robbins_monro(GeometricSchedule(c, gamma)),
                                     "the schedule fails Robbins-Monro", schedule=GeometricSchedule(c, gamma)),
              mistake="exponential decay is too fast: the total step length c gamma / (1 - gamma) is finite"),
    ],
)
def geometric_schedule_not_robbins_monro(c: float, gamma: float) -> Evidence:
    """sum c gamma^t = c gamma / (1 - gamma) < infinity, so the first condition fails."""
    schedule = GeometricSchedule(c, gamma)
    total = series_of_powers(schedule, 1)
    return holds(total.converges and not satisfies_robbins_monro(schedule), "the steps do not sum to a finite value",
                 schedule=schedule, sum_upper_bound=total.upper)


stated(
    "optimization.descent_lemma",
    title="A gradient step of size at most 1/L decreases an L-smooth function",
    statement=r"0 < \eta \le \tfrac{1}{L} \implies"
    r" f\bigl(x - \eta \nabla f(x)\bigr) \le f(x) - \tfrac{\eta}{2} \|\nabla f(x)\|^2",
    variables={"x": Vector(n, min=-3, max=3)},
    given=(r"f \text{ is } L\text{-smooth}",),
    references=(Reference(NESTEROV, "Lemma 1.2.3"),),
    wrong=[
        wrong("step_up_to_two_over_l", r"0 < \eta \le \tfrac{2}{L} \implies"
              r" f\bigl(x - \eta \nabla f(x)\bigr) \le f(x) - \tfrac{\eta}{2} \|\nabla f(x)\|^2",
              mistake="up to 2/L the smoothness bound only says f does not increase; the eta/2 decrease needs"
              " eta <= 1/L (quadratics, where the bound is sharp, show it)"),
    ],
)

QUADRATIC = (r"f(x) = \tfrac{1}{2} x^\top A x - b^\top x", r"A \succ 0", r"x^\star = A^{-1} b",
             r"\mu = \lambda_{\min}(A)", r"L = \lambda_{\max}(A)")

stated(
    "optimization.gradient_descent_quadratic",
    title="Gradient descent with step 1/L contracts on a strongly convex quadratic",
    statement=r"\bigl\|x - \tfrac{1}{L}\nabla f(x) - x^\star\bigr\| \le \bigl(1 - \tfrac{\mu}{L}\bigr)\|x - x^\star\|"
    r" \text{ and } f\bigl(x - \tfrac{1}{L}\nabla f(x)\bigr) \le f(x)",
    variables={"A": SPDMatrix(n), "b": Vector(n, min=-3, max=3), "x": Vector(n, min=-3, max=3)},
    given=QUADRATIC,
    wrong=[
        wrong("step_two_over_l",
              r"\bigl\|x - \tfrac{2}{L}\nabla f(x) - x^\star\bigr\| \le \bigl(1 - \tfrac{\mu}{L}\bigr)\|x - x^\star\|",
              mistake="step 2/L sits at the stability edge: the top eigendirection flips sign without shrinking"),
        wrong("rate_squared",
              r"\bigl\|x - \tfrac{1}{L}\nabla f(x) - x^\star\bigr\| \le \bigl(1 - \tfrac{\mu}{L}\bigr)^2 \|x - x^\star\|",
              mistake="squared the rate: (1 - mu/L)^2 bounds the squared distance, not the distance"),
    ],
)
