"""Moments of the common laws: variances in closed form, affine maps, sums of independent variables, MGF derivatives.

Claims are stated in LaTeX and compiled. Their left sides (``\\operatorname{Var}(X)``, ``\\mathbb{E}[aX + b]``,
``M_X''(0)``) are read from the law stated with ``X \\sim ...`` by scipy's exact moments, summation over the
support or quadrature, never from the closed form on the right, so a closed form is checked against the law
itself. Claims about a law's parameters (``n``, ``p``, ``\\lambda``, ``a``, ``b``) take them as their variables,
which lets a problem family check the claim at its drawn values.
"""

from __future__ import annotations

from mlverify.claims import Reference, stated, wrong
from mlverify.domains import Distribution, Integer, Probability, Real, Ref, SharedSpace

WASSERMAN = "Wasserman, All of Statistics (2004)"
# Finite variance and cheap moments (scipy's closed forms or short sums).
MOMENTS = Distribution(["normal", "bernoulli", "binomial", "poisson", "geometric", "exponential", "uniform"])
FINITE = Distribution(["bernoulli", "binomial"], ranges={"binomial": {"n": (1, 8)}})
COEFFICIENT = Real(-4, 4, min_abs=0.25)
SHIFT = Real(-4, 4, min_abs=0.25)

stated(
    "moments.binomial_variance",
    title="Variance of a binomial variable",
    statement=r"\operatorname{Var}(X) = n p (1 - p)",
    variables={"n": Integer(1, 20), "p": Probability(margin=0.01)},
    given=(r"X \sim \mathrm{Bin}(n, p)",),
    references=(Reference(WASSERMAN, "Section 3.4, Table 3.1"),),
    wrong=[
        wrong("mean_instead", r"\operatorname{Var}(X) = n p",
              mistake="gave the mean np: the variance carries the factor 1 - p"),
        wrong("n_squared", r"\operatorname{Var}(X) = n^2 p (1 - p)", variables={"n": Integer(2, 20)},
              mistake="took Var(nY) = n^2 Var(Y) for a sum of n independent trials, whose variances add"),
        wrong("p_squared", r"\operatorname{Var}(X) = n p^2",
              mistake="squared the mean of one trial instead of subtracting it from E[Y^2] = p"),
    ],
)

stated(
    "moments.poisson_variance",
    title="Variance of a Poisson variable",
    statement=r"\operatorname{Var}(X) = \lambda",
    variables={"lambda": Real(0.1, 10)},
    given=(r"X \sim \mathrm{Poisson}(\lambda)",),
    references=(Reference(WASSERMAN, "Section 3.4, Table 3.1"),),
    wrong=[
        wrong("squared_rate", r"\operatorname{Var}(X) = \lambda^2", variables={"lambda": Real(1.2, 10)},
              mistake="squared the mean, as for an exponential variable's variance 1/lambda^2"),
        wrong("standard_deviation", r"\operatorname{Var}(X) = \sqrt{\lambda}", variables={"lambda": Real(1.2, 10)},
              mistake="gave the standard deviation sqrt(lambda) instead of the variance"),
    ],
)

stated(
    "moments.exponential_variance",
    title="Variance of an exponential variable (rate lambda)",
    statement=r"\operatorname{Var}(X) = \frac{1}{\lambda^2}",
    variables={"lambda": Real(0.2, 5)},
    given=(r"X \sim \mathrm{Exponential}(\lambda)",),
    references=(Reference(WASSERMAN, "Section 3.4, Table 3.1"),),
    wrong=[
        wrong("mean_instead", r"\operatorname{Var}(X) = \frac{1}{\lambda}", variables={"lambda": Real(1.2, 5)},
              mistake="gave the mean 1/lambda (the standard deviation equals the mean, not the variance)"),
        wrong("scale_for_rate", r"\operatorname{Var}(X) = \lambda^2", variables={"lambda": Real(1.2, 5)},
              mistake="read the rate lambda as the scale 1/lambda"),
    ],
)

stated(
    "moments.uniform_variance",
    title="Variance of a uniform variable between a and b",
    statement=r"\operatorname{Var}(X) = \frac{(b - a)^2}{12}",
    variables={"a": Real(-3, 3), "b": Real(Ref("a", offset=0.1), Ref("a", offset=6))},
    given=(r"X \sim \mathcal{U}(a, b)",),
    references=(Reference(WASSERMAN, "Section 3.4, Table 3.1"),),
    wrong=[
        wrong("over_four", r"\operatorname{Var}(X) = \frac{(b - a)^2}{4}",
              mistake="used the squared half-width, the largest deviation from the mean, instead of its average"),
        wrong("width_not_squared", r"\operatorname{Var}(X) = \frac{b - a}{12}",
              variables={"b": Real(Ref("a", offset=1.5), Ref("a", offset=6))},
              mistake="forgot to square the width b - a"),
    ],
)

stated(
    "moments.affine_mean",
    title="Expectation of an affine function of a random variable",
    statement=r"\mathbb{E}[aX + b] = a\,\mathbb{E}[X] + b",
    variables={"X": MOMENTS, "a": COEFFICIENT, "b": SHIFT},
    references=(Reference(WASSERMAN, "Theorem 3.11"),),
    wrong=[
        wrong("shift_dropped", r"\mathbb{E}[aX + b] = a\,\mathbb{E}[X]", variables={"X": FINITE},
              mistake="dropped the constant b, as one rightly does for the variance"),
    ],
)

stated(
    "moments.affine_variance",
    title="Variance of an affine function of a random variable",
    statement=r"\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X)",
    variables={"X": MOMENTS, "a": COEFFICIENT, "b": SHIFT},
    references=(Reference(WASSERMAN, "Theorem 3.15"),),
    wrong=[
        wrong("not_squared", r"\operatorname{Var}(aX + b) = a \operatorname{Var}(X)", variables={"X": FINITE},
              mistake="pulled the factor a out of the variance without squaring it"),
        wrong("shift_kept", r"\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X) + b", variables={"X": FINITE},
              mistake="kept the shift b, which moves the mean but not the spread"),
        wrong("shift_squared", r"\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X) + b^2",
              variables={"X": FINITE},
              mistake="treated the constant b as if it had variance b^2"),
    ],
)

stated(
    "moments.independent_difference_variance",
    title="The variance of a difference of independent variables is the sum of their variances",
    statement=r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) + \operatorname{Var}(Y)",
    variables={"X": FINITE, "Y": FINITE},
    given=(r"X \perp Y",),
    references=(Reference(WASSERMAN, "Theorem 3.15"),),
    wrong=[
        wrong("subtracted", r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) - \operatorname{Var}(Y)",
              mistake="subtracted the variances: Var(-Y) = (-1)^2 Var(Y) = Var(Y)"),
    ],
)

stated(
    "moments.difference_variance",
    title="The variance of a difference, for any joint law",
    statement=r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) + \operatorname{Var}(Y) - 2\operatorname{Cov}(X, Y)",
    variables={"X": SharedSpace(), "Y": SharedSpace("X")},
    references=(Reference(WASSERMAN, "Section 3.3"),),
    wrong=[
        wrong("covariance_added",
              r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) + \operatorname{Var}(Y) + 2\operatorname{Cov}(X, Y)",
              mistake="kept the sign of the sum's cross term: Cov(X, -Y) = -Cov(X, Y)"),
        wrong("independence_assumed", r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) + \operatorname{Var}(Y)",
              mistake="dropped the covariance, which vanishes only for uncorrelated variables"),
    ],
)

stated(
    "moments.normal_second_moment",
    title="The second derivative at 0 of a normal variable's MGF",
    statement=r"M_X''(0) = \mu^2 + \sigma^2",
    variables={"mu": Real(-3, 3), "sigma": Real(0.1, 3)},
    given=(r"X \sim \mathcal{N}(\mu, \sigma^2)", r"M_X(t) = \mathbb{E}\bigl[e^{tX}\bigr]"),
    references=(Reference(WASSERMAN, "Section 3.6"),),
    wrong=[
        wrong("variance_only", r"M_X''(0) = \sigma^2", variables={"mu": Real(0.5, 3)},
              mistake="took M''(0) for the variance; that is the cumulant generating function's K''(0)"),
        wrong("mean_squared", r"M_X''(0) = \mu^2",
              mistake="squared M'(0) = mu instead of differentiating twice"),
    ],
)
