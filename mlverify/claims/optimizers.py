"""Optimizers: the update rules of gradient descent, heavy-ball momentum, Polyak steps and Adam's averages.

Update rules on the quadratic f(x) = 1/2 x^T A x - b^T x are stated with the gradient written as
notation (nabla_x of the quadratic), so the compiler differentiates numerically and the closed form
on the other side is not trusted. Exponential moving averages are checked by running the recursion
in Python against their unrolled sums. The Polyak-step bound holds for every convex f with a minimiser;
it is tested on strongly convex functions, whose x^star and f^star the function families know.
"""

from __future__ import annotations

import numpy as np

from mlverify.claims import Evidence, Reference, claim, equal, stated, wrong
from mlverify.domains import Dim, Integer, Real, SPDMatrix, SymmetricMatrix, Vector

n = Dim("n", 1, 5)
k = Dim("k", 1, 12)
STEP = Real(0.001, 1)
DECAY = Real(0.01, 0.99)
POINT = Vector(n, min=-3, max=3)
NESTEROV = "Nesterov, Introductory Lectures on Convex Optimization (2004)"
HEAVY_BALL = Reference("Polyak, Some methods of speeding up the convergence of iteration methods,"
                       " USSR Comput. Math. Math. Phys. 4(5) (1964)")
POLYAK_STEP = Reference("Polyak, Introduction to Optimization (1987)")
ADAM = Reference("Kingma & Ba, Adam: A Method for Stochastic Optimization, ICLR (2015)", "Section 3")
QUADRATIC = r"\tfrac{1}{2} x^\top A x - b^\top x"
GRADIENT = rf"\nabla_x \Bigl({QUADRATIC}\Bigr)"

stated(
    "optimizers.gd_step_quadratic",
    title="One gradient-descent step on a quadratic",
    statement=rf"x - \eta\, {GRADIENT} = x - \eta\,(A x - b)",
    variables={"A": SymmetricMatrix(n), "b": POINT, "x": POINT, "eta": STEP},
    given=(r"A \text{ symmetric}",),
    references=(Reference(NESTEROV, "Section 1.2.3"),),
    wrong=[
        wrong("ascent", rf"x - \eta\, {GRADIENT} = x + \eta\,(A x - b)",
              mistake="stepped along the gradient (ascent) instead of against it"),
        wrong("sign_of_b", rf"x - \eta\, {GRADIENT} = x - \eta\,(A x + b)",
              mistake="differentiated -b^T x as +b"),
        wrong("half_dropped", rf"x - \eta\, {GRADIENT} = x - \eta\,(2 A x - b)",
              mistake="differentiated x^T A x to 2Ax and forgot the factor 1/2 in front"),
    ],
)

stated(
    "optimizers.heavy_ball_quadratic",
    title="One heavy-ball (Polyak momentum) step on a quadratic",
    statement=rf"x - \eta\, {GRADIENT} + \beta\,(x - y) = x - \eta\,(A x - b) + \beta\,(x - y)",
    variables={"A": SymmetricMatrix(n), "b": POINT, "x": POINT, "y": POINT, "eta": STEP, "beta": Real(0, 0.99)},
    given=(r"A \text{ symmetric}",),
    references=(HEAVY_BALL,),
    wrong=[
        wrong("momentum_backwards", rf"x - \eta\, {GRADIENT} + \beta\,(x - y) = x - \eta\,(A x - b) - \beta\,(x - y)",
              mistake="the momentum term points backwards, towards the previous iterate"),
        wrong("gradient_at_previous", rf"x - \eta\, {GRADIENT} + \beta\,(x - y) = x - \eta\,(A y - b) + \beta\,(x - y)",
              mistake="evaluated the gradient at the previous iterate instead of the current one"),
        wrong("nesterov_lookahead", rf"x - \eta\, {GRADIENT} + \beta\,(x - y) = "
              r"x - \eta\,\bigl(A (x + \beta (x - y)) - b\bigr) + \beta\,(x - y)",
              mistake="took the gradient at the look-ahead point x_t + beta (x_t - x_{t-1}),"
              " which is Nesterov's method"),
    ],
)


def _ema(beta: float, g: np.ndarray) -> float:
    """m_0 = 0, m_t = beta m_{t-1} + (1 - beta) g_t, run for t = 1..len(g)."""
    m = 0.0
    for gradient in g:
        m = beta * m + (1 - beta) * gradient
    return m


def _newest_first(beta: float, t: int) -> np.ndarray:
    """The weights beta^{t-i} for i = 1..t: the newest gradient g_t gets beta^0 = 1."""
    return beta ** np.arange(t - 1, -1, -1, dtype=np.float64)


def _weighted(weights: np.ndarray, g: np.ndarray) -> float:
    return float(np.dot(weights, g))


@claim(
    "optimizers.ema_unrolled",
    title="An exponential moving average started at zero, unrolled",
    statement=r"m_0 = 0,\ m_t = \beta m_{t-1} + (1 - \beta) g_t \implies m_t = (1 - \beta) \sum_{i=1}^{t} \beta^{t-i} g_i",
    variables={"beta": DECAY, "g": Vector(k, min=-5, max=5)},
    references=(ADAM,),
    wrong=[
        wrong("reversed_weights", r"m_t = (1 - \beta) \sum_{i=1}^{t} \beta^{i-1} g_i",
              lambda beta, g: equal(_ema(beta, g), (1 - beta) * _weighted(_newest_first(beta, len(g))[::-1], g)),
              mistake="gave the oldest gradient the largest weight: the newest one, g_t, has weight 1 - beta"),
        wrong("no_one_minus_beta", r"m_t = \sum_{i=1}^{t} \beta^{t-i} g_i",
              lambda beta, g: equal(_ema(beta, g), _weighted(_newest_first(beta, len(g)), g)),
              mistake="dropped the factor 1 - beta on each new gradient"),
    ],
)
def ema_unrolled(beta: float, g: np.ndarray) -> Evidence:
    """Induction on t: beta (1 - beta) sum_{i<t} beta^{t-1-i} g_i + (1 - beta) g_t is the sum up to t."""
    return equal(_ema(beta, g), (1 - beta) * _weighted(_newest_first(beta, len(g)), g))


stated(
    "optimizers.adam_bias_correction",
    title="Adam's bias correction makes the moving-average weights sum to one",
    statement=r"\frac{1 - \beta}{1 - \beta^{t}} \sum_{i=1}^{t} \beta^{t-i} = 1",
    variables={"beta": DECAY, "t": Integer(1, 40)},
    references=(ADAM,),
    wrong=[
        wrong("divide_by_power", r"\frac{1 - \beta}{\beta^{t}} \sum_{i=1}^{t} \beta^{t-i} = 1",
              mistake="divided by beta^t instead of 1 - beta^t"),
        wrong("divide_by_one_minus_beta", r"\frac{1 - \beta}{1 - \beta} \sum_{i=1}^{t} \beta^{t-i} = 1",
              mistake="divided by 1 - beta instead of 1 - beta^t"),
        wrong("uncorrected", r"(1 - \beta) \sum_{i=1}^{t} \beta^{t-i} = 1",
              mistake="no bias correction: the weights sum to 1 - beta^t, so m_t is biased towards 0"),
    ],
)

stated(
    "optimizers.smoothness_quadratic",
    title="The gradient of a quadratic is Lipschitz with constant the largest eigenvalue",
    statement=r"\|A x - A y\| \le \lambda_{\max}(A)\, \|x - y\|",
    variables={"A": SPDMatrix(n), "x": POINT, "y": POINT},
    given=(r"A \succ 0",),
    references=(Reference(NESTEROV, "Section 1.2.2"),),
    wrong=[
        wrong("smallest_eigenvalue", r"\|A x - A y\| \le \lambda_{\min}(A)\, \|x - y\|",
              mistake="used the smallest eigenvalue, which is the strong-convexity constant mu, not L"),
    ],
)

stated(
    "optimizers.polyak_step",
    title="The Polyak step brings the iterate closer to the minimiser",
    statement=r"\Bigl\|x - \frac{f(x) - f^\star}{\|\nabla f(x)\|^2} \nabla f(x) - x^\star\Bigr\|^2"
    r" \le \|x - x^\star\|^2 - \frac{(f(x) - f^\star)^2}{\|\nabla f(x)\|^2}",
    variables={"x": POINT},
    given=(r"f \text{ strongly convex}",),
    references=(POLYAK_STEP,),
    wrong=[
        wrong("ascent", r"\Bigl\|x + \frac{f(x) - f^\star}{\|\nabla f(x)\|^2} \nabla f(x) - x^\star\Bigr\|^2"
              r" \le \|x - x^\star\|^2 - \frac{(f(x) - f^\star)^2}{\|\nabla f(x)\|^2}",
              mistake="stepped along the gradient: a convex function's gradient points away from the minimiser"),
        wrong("unsquared_norm", r"\Bigl\|x - \frac{f(x) - f^\star}{\|\nabla f(x)\|} \nabla f(x) - x^\star\Bigr\|^2"
              r" \le \|x - x^\star\|^2 - \frac{(f(x) - f^\star)^2}{\|\nabla f(x)\|^2}",
              mistake="divided by the gradient's norm, not its square: the step no longer scales like 1/L"),
    ],
)
