"""Convexity: the operations that preserve it, first-order and strong convexity, Jensen.

Convexity of a combined function is tested through its definition, at drawn points x, y
and weight theta: f(theta x + (1 - theta) y) <= theta f(x) + (1 - theta) f(y), at up to
eight triples (x_j, y_j, theta_j) per drawn function, since a non-convex combination is
often convex on most segments. The
functions come from closed-form families (mlverify.domains.functions), so a rule that
needs an assumption (a monotone outer function, non-negative weights) is refuted as soon
as the search combines members that break it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from mlverify.claims import Evidence, Kind, Reference, at_most, claim, stated, wrong
from mlverify.domains import (
    AnyOf,
    ConcaveFunction,
    ConvexFunction,
    ConvexNondecreasingFunction,
    ConvexNonincreasingFunction,
    Dim,
    Function,
    Real,
    SimplexPoint,
    SmoothFunction,
    Vector,
)

n = Dim("n", 1, 5)
k = Dim("k", 1, 6)
m = Dim("m", 1, 8)  # chord tests per drawn function: a non-convex combination is caught by one of them
CONVEX = ConvexFunction()
CONCAVE = ConcaveFunction()
NONDECREASING = ConvexNondecreasingFunction()
SMOOTH = SmoothFunction()
# Non-increasing outer functions break the composition rule most often.
ANY_CONVEX_OUTER = AnyOf(ConvexFunction(), ConvexNonincreasingFunction())
POINT = Real(-3, 3)
POINTS = Vector(m, min=-3, max=3)
MID = Vector(m, min=-2, max=2)
NEAR = Vector(m, min=-1.5, max=1.5)  # compositions stay far from overflow: inner values <= 300, e^(2 * 300) is finite
WEIGHTS = Vector(m, min=0, max=1)
# how sheets state the rules in words ("the pointwise maximum of two convex functions is again convex")
CONVEX_FNS = r"(?:two |several |finitely many |any (?:family|collection|number) of )?convex functions"
IS_CONVEX = r"(?:is|are) (?:also |again |still |always )?convex"
BOYD = "Boyd & Vandenberghe, Convex Optimization (2004)"

Scalar = Callable[[Any], Any]


def _chord(h: Scalar, x: Any, y: Any, theta: Any) -> Evidence:
    """The definition of convexity for h at each triple x_j, y_j, theta_j: the graph lies below the chord."""
    return at_most(h(theta * x + (1 - theta) * y), theta * h(x) + (1 - theta) * h(y), "below the chord")


def _weighted(f: Function, g: Function, a: float, b: float) -> Scalar:
    return lambda t: a * f(t) + b * g(t)


def _maximum(f: Function, g: Function) -> Scalar:
    return lambda t: np.maximum(f(t), g(t))


def _minimum(f: Function, g: Function) -> Scalar:
    return lambda t: np.minimum(f(t), g(t))


def _composed(outer: Function, inner: Function) -> Scalar:
    return lambda t: outer(inner(t))


def _affine(f: Function, a: float, b: float) -> Scalar:
    return lambda t: f(a * t + b)


@claim(
    "convexity.nonnegative_weighted_sum",
    title="Non-negative weighted sums of convex functions are convex",
    said=(rf"(?:sum|non-?negative (?:weighted )?(?:sum|combination)) of {CONVEX_FNS} {IS_CONVEX}",),
    statement=r"f, g \text{ convex},\ a, b \ge 0 \implies a f + b g \text{ convex}",
    variables={"f": CONVEX, "g": CONVEX, "a": Real(0, 3), "b": Real(0, 3),
               "x": POINTS, "y": POINTS, "theta": WEIGHTS},
    kind=Kind.PROPERTY,
    assumptions=(r"a, b \ge 0",),
    references=(Reference(BOYD, "Section 3.2.1"),),
    wrong=[
        wrong("negative_weight", r"f, g \text{ convex},\ a \ge 0,\ b \in \mathbb{R} \implies a f + b g \text{ convex}",
              lambda f, g, a, b, x, y, theta: _chord(_weighted(f, g, a, b), x, y, theta),
              variables={"f": CONVEX, "g": CONVEX, "a": Real(0, 3), "b": Real(-3, 3),
                         "x": POINTS, "y": POINTS, "theta": WEIGHTS},
              mistake="allowed a negative weight, which turns a convex term concave",
              said=(rf"(?:difference|(?:any )?(?:linear|weighted) combination) of {CONVEX_FNS} {IS_CONVEX}",)),
    ],
)
def nonnegative_weighted_sum(f: Function, g: Function, a: float, b: float, x: Any, y: Any, theta: Any) -> Evidence:
    """Add the chord inequalities of f and g, multiplied by a >= 0 and b >= 0 (which keeps their direction)."""
    return _chord(_weighted(f, g, a, b), x, y, theta)


@claim(
    "convexity.pointwise_max",
    title="The pointwise maximum of convex functions is convex",
    said=(rf"(?:pointwise )?(?:max(?:imum)?|supremum) of {CONVEX_FNS} {IS_CONVEX}",),
    statement=r"f, g \text{ convex} \implies \max(f, g) \text{ convex}",
    variables={"f": CONVEX, "g": CONVEX, "x": POINTS, "y": POINTS, "theta": WEIGHTS},
    kind=Kind.PROPERTY,
    references=(Reference(BOYD, "Section 3.2.3"),),
    wrong=[
        wrong("pointwise_min", r"f, g \text{ convex} \implies \min(f, g) \text{ convex}",
              lambda f, g, x, y, theta: _chord(_minimum(f, g), x, y, theta),
              mistake="min instead of max: two crossing convex functions make a concave kink",
              said=(rf"(?:pointwise )?(?:min(?:imum)?|infimum) of {CONVEX_FNS} {IS_CONVEX}",)),
    ],
)
def pointwise_max(f: Function, g: Function, x: Any, y: Any, theta: Any) -> Evidence:
    """Each of f, g lies below its own chord, which lies below the chord of max(f, g)."""
    return _chord(_maximum(f, g), x, y, theta)


@claim(
    "convexity.composition",
    title="Convex non-decreasing of convex is convex",
    said=(r"composition of a (?:convex,? (?:and )?non-?decreasing|non-?decreasing,? (?:and )?convex) function "
          rf"with a convex function {IS_CONVEX}",),
    statement=r"h \text{ convex and non-decreasing},\ g \text{ convex} \implies h \circ g \text{ convex}",
    variables={"h": NONDECREASING, "g": CONVEX, "x": NEAR, "y": NEAR, "theta": WEIGHTS},
    kind=Kind.PROPERTY,
    assumptions=(r"h \text{ non-decreasing}",),
    references=(Reference(BOYD, "Section 3.2.4"),),
    wrong=[
        wrong("outer_not_monotone", r"h, g \text{ convex} \implies h \circ g \text{ convex}",
              lambda h, g, x, y, theta: _chord(_composed(h, g), x, y, theta),
              variables={"h": ANY_CONVEX_OUTER, "g": CONVEX, "x": NEAR, "y": NEAR, "theta": WEIGHTS},
              mistake="dropped the monotonicity of the outer function: (|x| - 1)^2 and e^{-x^2} are not convex",
              said=(rf"composition of (?:two )?convex functions {IS_CONVEX}",)),
        wrong("concave_inner", r"h \text{ convex and non-decreasing},\ g \text{ concave} \implies h \circ g \text{ convex}",
              lambda h, g, x, y, theta: _chord(_composed(h, g), x, y, theta),
              variables={"h": NONDECREASING, "g": CONCAVE, "x": NEAR, "y": NEAR, "theta": WEIGHTS},
              mistake="a concave inner function needs a non-increasing outer one"),
    ],
)
def composition(h: Function, g: Function, x: Any, y: Any, theta: Any) -> Evidence:
    """g(theta x + (1-theta) y) <= theta g(x) + (1-theta) g(y); h non-decreasing keeps it, then h convex."""
    return _chord(_composed(h, g), x, y, theta)


@claim(
    "convexity.affine_precomposition",
    title="Convexity survives an affine change of variable",
    statement=r"f \text{ convex} \implies x \mapsto f(a x + b) \text{ convex}",
    variables={"f": CONVEX, "a": Real(-2, 2), "b": Real(-2, 2), "x": MID, "y": MID, "theta": WEIGHTS},
    kind=Kind.PROPERTY,
    references=(Reference(BOYD, "Section 3.2.2"),),
    wrong=[
        wrong("smooth_inner", r"f \text{ convex},\ g \text{ smooth} \implies f \circ g \text{ convex}",
              lambda f, g, x, y, theta: _chord(_composed(f, g), x, y, theta),
              variables={"f": CONVEX, "g": SMOOTH, "x": MID, "y": MID, "theta": WEIGHTS},
              mistake="only affine inner maps preserve convexity in general; |sin x| is not convex"),
    ],
)
def affine_precomposition(f: Function, a: float, b: float, x: Any, y: Any, theta: Any) -> Evidence:
    """An affine map sends the convex combination of x, y to the same combination of ax + b, ay + b."""
    return _chord(_affine(f, a, b), x, y, theta)


stated(
    "convexity.first_order_condition",
    title="A convex function lies above its tangents (on R)",
    statement=r"f \text{ convex} \implies f(y) \ge f(x) + f'(x)\,(y - x)",
    variables={"x": POINT, "y": POINT},
    references=(Reference(BOYD, "Section 3.1.3"),),
    wrong=[
        wrong("flipped", r"f \text{ convex} \implies f(y) \le f(x) + f'(x)\,(y - x)",
              mistake="inequality flipped: that is the condition for concave f"),
        wrong("any_smooth_function", r"f \text{ differentiable} \implies f(y) \ge f(x) + f'(x)\,(y - x)",
              mistake="dropped convexity: sin lies below some of its tangents"),
    ],
)

stated(
    "convexity.first_order_condition_vector",
    title="A convex function on R^n lies above its tangent planes",
    statement=r"f \text{ convex},\ x, y \in \mathbb{R}^n \implies f(y) \ge f(x) + \nabla f(x)^\top (y - x)",
    variables={"x": Vector(n, min=-2, max=2), "y": Vector(n, min=-2, max=2)},
    references=(Reference(BOYD, "Section 3.1.3"),),
    wrong=[
        wrong("flipped", r"f \text{ convex},\ x, y \in \mathbb{R}^n \implies f(y) \le f(x) + \nabla f(x)^\top (y - x)",
              mistake="inequality flipped"),
        wrong("gradient_at_y", r"f \text{ convex},\ x, y \in \mathbb{R}^n \implies f(y) \ge f(x) + \nabla f(y)^\top (y - x)",
              mistake="gradient taken at the wrong point: with grad f(y) the inequality is reversed"),
    ],
)

stated(
    "convexity.strong_convexity",
    title="A mu-strongly convex function lies above a quadratic at each point",
    statement=r"f\ \mu\text{-strongly convex},\ x, y \in \mathbb{R}^n \implies"
    r" f(y) \ge f(x) + \nabla f(x)^\top (y - x) + \frac{\mu}{2} \|y - x\|^2",
    variables={"x": Vector(n, min=-2, max=2), "y": Vector(n, min=-2, max=2)},
    references=(Reference(BOYD, "Section 9.1.2"),),
    wrong=[
        wrong("mu_not_halved", r"f\ \mu\text{-strongly convex},\ x, y \in \mathbb{R}^n \implies"
              r" f(y) \ge f(x) + \nabla f(x)^\top (y - x) + \mu \|y - x\|^2",
              mistake="dropped the 1/2: the ridge (mu/2)||x||^2 meets the correct bound with equality"),
    ],
)

stated(
    "convexity.jensen_finite",
    title="Jensen's inequality for finite convex combinations",
    statement=r"f \text{ convex},\ w \in \Delta^{k-1} \implies f\Bigl(\sum_i w_i x_i\Bigr) \le \sum_i w_i f(x_i)",
    variables={"w": SimplexPoint(k), "x": Vector(k, min=-3, max=3)},
    references=(Reference(BOYD, "Section 3.1.8"),),
    wrong=[
        wrong("flipped", r"f \text{ convex},\ w \in \Delta^{k-1} \implies f\Bigl(\sum_i w_i x_i\Bigr) \ge \sum_i w_i f(x_i)",
              mistake="inequality flipped"),
    ],
)

stated(
    "convexity.jensen_concave",
    title="Jensen's inequality for concave functions",
    statement=r"f \text{ concave},\ w \in \Delta^{k-1} \implies f\Bigl(\sum_i w_i x_i\Bigr) \ge \sum_i w_i f(x_i)",
    variables={"w": SimplexPoint(k), "x": Vector(k, min=-3, max=3)},
    references=(Reference(BOYD, "Section 3.1.8"),),
    wrong=[
        wrong("convex_direction",
              r"f \text{ concave},\ w \in \Delta^{k-1} \implies f\Bigl(\sum_i w_i x_i\Bigr) \le \sum_i w_i f(x_i)",
              mistake="used the convex direction for a concave function (e.g. log)"),
    ],
)
