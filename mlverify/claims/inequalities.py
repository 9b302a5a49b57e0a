"""Classical inequalities: Cauchy-Schwarz, the triangle inequality, AM-GM, tangent-line bounds, tail bounds.

Claims are stated in LaTeX and compiled: both sides are evaluated at every example and the relation is judged
with the engine's tolerance. The tail bounds read their probability from the law exactly: Chebyshev's from the
cdf of a stated family, Hoeffding's by summing over every sample of ``n`` Bernoulli trials (``n <= 6``).
"""

from __future__ import annotations

from mlverify.claims import Reference, stated, wrong
from mlverify.domains import Dim, Distribution, Integer, Probability, Real, Vector

n = Dim("n", 1, 6)
VECTORS = {"x": Vector(n, min=-5, max=5), "y": Vector(n, min=-5, max=5)}
BOYD = "Boyd & Vandenberghe, Convex Optimization (2004)"
WASSERMAN = "Wasserman, All of Statistics (2004)"
NONNEGATIVE = Real(0, 20)
NEGATIVE = Real(-20, -0.1)
# Finite variance, with the cheaper exact cdfs.
MOMENTS = Distribution(["normal", "bernoulli", "binomial", "poisson", "geometric", "exponential", "uniform"])

stated(
    "inequalities.cauchy_schwarz",
    title="Cauchy-Schwarz inequality",
    statement=r"(x^\top y)^2 \le \|x\|^2 \, \|y\|^2",
    variables=VECTORS,
    references=(Reference(BOYD, "Appendix A.1.4"),),
    wrong=[
        wrong("reversed", r"(x^\top y)^2 \ge \|x\|^2 \, \|y\|^2",
              mistake="inequality direction reversed: equality holds only for parallel vectors"),
        wrong("norms_not_squared", r"(x^\top y)^2 \le \|x\| \, \|y\|",
              mistake="squared the inner product but not the norms (the unsquared form is |x^T y| <= ||x|| ||y||)"),
    ],
)

stated(
    "inequalities.triangle",
    title="Triangle inequality for the Euclidean norm",
    statement=r"\|x + y\| \le \|x\| + \|y\|",
    variables=VECTORS,
    references=(Reference(BOYD, "Appendix A.1.2"),),
    wrong=[
        wrong("reversed", r"\|x + y\| \ge \|x\| + \|y\|",
              mistake="inequality direction reversed: equality holds only when one vector is a non-negative "
                      "multiple of the other"),
        wrong("squares_add", r"\|x + y\|^2 \le \|x\|^2 + \|y\|^2",
              mistake="squared both sides term by term, dropping the cross term 2 x^T y, which can be positive"),
    ],
)

stated(
    "inequalities.am_gm",
    title="Arithmetic-geometric mean inequality for two numbers",
    statement=r"\sqrt{ab} \le \frac{a + b}{2} \quad (a, b \ge 0)",
    variables={"a": NONNEGATIVE, "b": NONNEGATIVE},
    references=(Reference("Hardy, Littlewood & Polya, Inequalities, 2nd ed. (1952)", "Theorem 9"),),
    wrong=[
        wrong("reversed", r"\sqrt{ab} \ge \frac{a + b}{2} \quad (a, b \ge 0)",
              mistake="inequality direction reversed: the geometric mean is the smaller one"),
        wrong("no_square_root", r"ab \le \frac{a + b}{2} \quad (a, b \ge 0)",
              mistake="dropped the square root of the geometric mean (ab <= ((a + b)/2)^2 is the squared form)"),
        wrong("signs_dropped", r"\sqrt{ab} \le \frac{a + b}{2}", variables={"a": NEGATIVE, "b": NEGATIVE},
              mistake="applied AM-GM to negative numbers, whose product is positive but whose mean is negative"),
    ],
)

stated(
    "inequalities.log_one_plus",
    title="The logarithm lies below its tangent at 1: log(1 + x) <= x",
    statement=r"\log(1 + x) \le x \quad (x > -1)",
    variables={"x": Real(-1, 20, open_min=True)},
    wrong=[
        wrong("reversed", r"\log(1 + x) \ge x \quad (x > -1)",
              mistake="inequality direction reversed: log is concave, so it lies below its tangent lines"),
        wrong("second_order", r"\log(1 + x) \le x - \frac{x^2}{2} \quad (x > 0)", variables={"x": Real(0.01, 20)},
              mistake="kept the second-order Taylor polynomial as an upper bound; for x > 0 it is a lower bound"),
    ],
)

stated(
    "inequalities.exp_tangent",
    title="The exponential lies above its tangent at 0: 1 + x <= e^x",
    statement=r"1 + x \le e^{x}",
    variables={"x": Real(-20, 20)},
    wrong=[
        wrong("reversed", r"e^{x} \le 1 + x",
              mistake="inequality direction reversed: exp is convex, so it lies above its tangent lines"),
        wrong("second_order", r"1 + x + \frac{x^2}{2} \le e^{x}", variables={"x": Real(-20, -0.01)},
              mistake="took the second-order Taylor polynomial as a lower bound everywhere; it is one only for x >= 0"),
    ],
)

stated(
    "inequalities.chebyshev_variance",
    title="Chebyshev's inequality with the variance",
    statement=r"\Pr\bigl(|X - \mu| \ge c\bigr) \le \frac{\operatorname{Var}(X)}{c^2} \quad (c > 0)",
    variables={"X": MOMENTS, "c": Real(0.05, 20)},
    given=(r"\mu = \mathbb{E}[X]",),
    references=(Reference(WASSERMAN, "Theorem 4.2"),),
    wrong=[
        wrong("not_squared", r"\Pr\bigl(|X - \mu| \ge c\bigr) \le \frac{\operatorname{Var}(X)}{c}",
              mistake="divided by c instead of c^2 (Markov's form, applied to |X - E X| rather than its square)"),
    ],
)

stated(
    "inequalities.hoeffding_bernoulli",
    title="Hoeffding's inequality for the mean of Bernoulli trials",
    statement=r"\Pr\bigl(\bar X - p \ge t\bigr) \le e^{-2 n t^2} \quad (t > 0)",
    variables={"n": Integer(1, 6), "p": Probability(margin=0.01), "t": Real(0.01, 1)},
    given=(r"X_i \sim \mathrm{Bernoulli}(p)", r"\bar X = \frac{1}{n} \sum_{i=1}^{n} X_i"),
    references=(Reference(WASSERMAN, "Theorem 4.5"),),
    wrong=[
        wrong("n_squared", r"\Pr\bigl(\bar X - p \ge t\bigr) \le e^{-2 n^2 t^2}",
              mistake="wrote n^2 in the exponent: that is the bound for the sum deviating by n t, divided "
                      "by n instead of n^2"),
    ],
)
