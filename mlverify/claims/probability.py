"""Probability: tail bounds, Jensen's inequality, moments and moment generating functions.

Tail probabilities come from scipy's exact cdfs and survival functions, and expectations
from quadrature or summation over the support (``DistributionCase.expect``), never from
sampling. Most claims are stated in LaTeX and compiled: ``E``, ``Var`` and ``P`` of a
variable drawn from a declared or stated family. An MGF's closed form is therefore checked
against E[e^{tX}] integrated against the density, not against itself. Sums of independent
variables and MGF derivatives are Python properties.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlverify.claims import Accuracy, Evidence, claim, equal, stated, wrong
from mlverify.domains import Distribution, DistributionCase, Integer, Probability, Real, Ref

NONNEGATIVE = Distribution(nonnegative=True)
SIGNED = Distribution(["normal", "uniform", "laplace", "student_t"])
THRESHOLD = Real(0.01, 30)
K = Real(0.05, 6)
T_NEAR_ZERO = Real(-1, 1)


def _mgf(X: DistributionCase, t: Any) -> float:
    """E[e^{tX}] by quadrature or summation against the density, with no closed form involved."""
    return X.expect(lambda x: np.exp(t * x))


# E[e^{bX}] finite for |b| <= 2, as the exponentials of the function families need. Each
# continuous expectation costs tens of milliseconds of scipy quadrature, so the families
# with singular densities or kinks (gamma, beta, laplace) are left out.
MGF_ON_TWO = Distribution(
    ["normal", "bernoulli", "binomial", "poisson", "geometric", "exponential", "uniform"],
    ranges={"normal": {"mu": (-2, 2), "sigma": (0.1, 1.5)}, "poisson": {"lam": (0.1, 5)},
            "geometric": {"p": (0.9, 0.95)}, "exponential": {"rate": (2.5, 5)}},
)

# The discrete members of MGF_ON_TWO: a wrong variant is refuted on them as surely, and
# Hypothesis's shrinking, which replays a failure a hundred times, stays cheap.
DISCRETE_ON_TWO = Distribution(
    ["bernoulli", "binomial", "poisson", "geometric"],
    ranges={"poisson": {"lam": (0.1, 5)}, "geometric": {"p": (0.9, 0.95)}},
)

# Finite variance, with the cheaper quadratures (student_t, lognormal, beta and laplace cost
# 50-100 ms per expectation).
MOMENTS = Distribution(["normal", "bernoulli", "binomial", "poisson", "geometric", "exponential", "gamma", "uniform"])
DISCRETE = Distribution(["bernoulli", "binomial", "poisson", "geometric"])

# Families whose E[e^{tX}] is a sum: the MGF is evaluated 4 (first derivative) or 16 (second
# derivative) times per example when it is differentiated numerically.
DISCRETE_MGF = DISCRETE
# Finite MGF at every t (so also around t = 1).
MGF_EVERYWHERE = Distribution(["bernoulli", "binomial", "poisson"])
# scipy stops summing a tail once a block of terms adds less than ~3e-9; for a geometric
# tail with p < 0.3 the rest varies with t enough to blur a second difference with step 1e-3.
LIGHT_TAILED_MGF = Distribution(
    ["bernoulli", "binomial", "poisson", "geometric"], ranges={"geometric": {"p": (0.3, 0.95)}}
)

# Finite supports for the outer variable and small ones for the inner keep the nested
# expectation E_X[E_Y[...]] to a few hundred terms.
FINITE_SUPPORT = Distribution(["bernoulli", "binomial"], ranges={"binomial": {"n": (1, 10)}})
SMALL_DISCRETE = Distribution(
    ["bernoulli", "binomial", "poisson"], ranges={"binomial": {"n": (1, 10)}, "poisson": {"lam": (0.1, 5)}}
)


# Tail bounds. P(X >= a) and P(|X - mu| >= c) are read from the exact cdf.

stated(
    "probability.markov",
    title="Markov's inequality",
    statement=r"\Pr(X \ge a) \le \frac{\mathbb{E}[X]}{a} \quad (X \ge 0,\ a > 0)",
    variables={"X": NONNEGATIVE, "a": THRESHOLD},
    wrong=[
        wrong("drops_nonnegativity", r"\Pr(X \ge a) \le \frac{\mathbb{E}[X]}{a} \quad (a > 0)",
              variables={"X": SIGNED, "a": THRESHOLD},
              mistake="applied Markov to a variable that takes negative values"),
        wrong("squared_threshold", r"\Pr(X \ge a) \le \frac{\mathbb{E}[X]}{a^2}",
              mistake="mixed Markov up with Chebyshev's 1/a^2"),
    ],
)

stated(
    "probability.chebyshev",
    title="Chebyshev's inequality",
    statement=r"\Pr\bigl(|X - \mu| \ge k\sigma\bigr) \le \frac{1}{k^2}",
    variables={"X": Distribution(), "k": K},
    given=(r"\mu = \mathbb{E}[X]", r"\sigma^2 = \operatorname{Var}(X)", r"k > 0"),
    wrong=[
        wrong("forgets_sigma", r"\Pr\bigl(|X - \mu| \ge k\bigr) \le \frac{1}{k^2}",
              mistake="measured the deviation in absolute units instead of standard deviations"),
        wrong("two_sided_cantelli", r"\Pr\bigl(|X - \mu| \ge k\sigma\bigr) \le \frac{1}{1 + k^2}",
              mistake="used the one-sided Cantelli bound for a two-sided deviation"),
        wrong("gaussian_tail", r"\Pr\bigl(|X - \mu| \ge k\sigma\bigr) \le 2 e^{-k^2/2}",
              mistake="assumed Gaussian (sub-Gaussian) tails for any finite-variance variable"),
    ],
)


# Jensen's inequality.

stated(
    "probability.jensen_convex",
    title="Jensen's inequality for convex functions",
    statement=r"f\bigl(\mathbb{E}[X]\bigr) \le \mathbb{E}\bigl[f(X)\bigr] \quad (f \text{ convex})",
    variables={"X": MGF_ON_TWO},
    wrong=[
        wrong("flipped", r"f\bigl(\mathbb{E}[X]\bigr) \ge \mathbb{E}\bigl[f(X)\bigr] \quad (f \text{ convex})",
              variables={"X": DISCRETE_ON_TWO},
              mistake="inequality direction reversed"),
        wrong("any_function", r"f\bigl(\mathbb{E}[X]\bigr) \le \mathbb{E}\bigl[f(X)\bigr] \quad (f \text{ smooth})",
              variables={"X": DISCRETE_ON_TWO},
              mistake="dropped the convexity assumption"),
    ],
)

stated(
    "probability.jensen_concave",
    title="Jensen's inequality for concave functions",
    statement=r"f\bigl(\mathbb{E}[X]\bigr) \ge \mathbb{E}\bigl[f(X)\bigr] \quad (f \text{ concave})",
    variables={"X": MGF_ON_TWO},
    wrong=[
        wrong("convex_direction", r"f\bigl(\mathbb{E}[X]\bigr) \le \mathbb{E}\bigl[f(X)\bigr] \quad (f \text{ concave})",
              variables={"X": DISCRETE_ON_TWO},
              mistake="kept the convex direction for a concave function"),
        wrong("any_function", r"f\bigl(\mathbb{E}[X]\bigr) \ge \mathbb{E}\bigl[f(X)\bigr] \quad (f \text{ smooth})",
              variables={"X": DISCRETE_ON_TWO},
              mistake="dropped the concavity assumption"),
    ],
)


# Moments.

stated(
    "probability.variance_identity",
    title="Variance as second moment minus squared mean",
    statement=r"\operatorname{Var} X = \mathbb{E}[X^2] - \bigl(\mathbb{E}[X]\bigr)^2",
    variables={"X": MOMENTS},
    wrong=[
        wrong("plus_sign", r"\operatorname{Var} X = \mathbb{E}[X^2] + \bigl(\mathbb{E}[X]\bigr)^2",
              variables={"X": DISCRETE},
              mistake="sign of the squared mean flipped"),
        wrong("reversed_order", r"\operatorname{Var} X = \bigl(\mathbb{E}[X]\bigr)^2 - \mathbb{E}[X^2]",
              variables={"X": DISCRETE},
              mistake="subtracted in the wrong order (the result is never positive)"),
    ],
)


# Moment generating functions in closed form, against E[e^{tX}] integrated or summed.

T_DISCRETE = Real(-2, 2)
RATE = Real(0.2, 5)
SHAPE = Real(0.5, 5)

stated(
    "probability.mgf_bernoulli",
    title="MGF of a Bernoulli variable",
    statement=r"\mathbb{E}\bigl[e^{tX}\bigr] = 1 - p + p e^{t}",
    variables={"p": Probability(margin=0.01), "t": T_DISCRETE},
    given=(r"X \sim \mathrm{Bernoulli}(p)",),
    wrong=[
        wrong("missing_one_minus_p", r"\mathbb{E}\bigl[e^{tX}\bigr] = p e^{t}",
              mistake="forgot the outcome X = 0, which contributes e^0 = 1 with probability 1 - p"),
        wrong("pgf_instead", r"\mathbb{E}\bigl[e^{tX}\bigr] = 1 - p + p t",
              mistake="wrote the probability generating function E[t^X] instead of E[e^{tX}]"),
    ],
)

stated(
    "probability.mgf_normal",
    title="MGF of a normal variable",
    statement=r"\mathbb{E}\bigl[e^{tX}\bigr] = \exp\Bigl(\mu t + \frac{\sigma^2 t^2}{2}\Bigr)",
    variables={"mu": Real(-2, 2), "sigma": Real(0.1, 2), "t": T_NEAR_ZERO},
    given=(r"X \sim \mathcal{N}(\mu, \sigma^2)",),
    wrong=[
        wrong("sigma_not_squared", r"\mathbb{E}\bigl[e^{tX}\bigr] = \exp\Bigl(\mu t + \frac{\sigma t^2}{2}\Bigr)",
              mistake="used the standard deviation where the variance belongs"),
        wrong("missing_half", r"\mathbb{E}\bigl[e^{tX}\bigr] = \exp\bigl(\mu t + \sigma^2 t^2\bigr)",
              mistake="dropped the factor 1/2 from completing the square"),
    ],
)

stated(
    "probability.mgf_binomial",
    title="MGF of a binomial variable",
    statement=r"\mathbb{E}\bigl[e^{tX}\bigr] = \bigl(1 - p + p e^{t}\bigr)^n",
    variables={"n": Integer(1, 20), "p": Probability(margin=0.01), "t": T_DISCRETE},
    given=(r"X \sim \mathrm{Bin}(n, p)",),
    wrong=[
        wrong("n_as_factor", r"\mathbb{E}\bigl[e^{tX}\bigr] = n\bigl(1 - p + p e^{t}\bigr)",
              mistake="multiplied by n, as for the mean, instead of raising to the power n"),
        wrong("pgf_instead", r"\mathbb{E}\bigl[e^{tX}\bigr] = \bigl(1 - p + p t\bigr)^n",
              mistake="wrote the probability generating function E[t^X] instead of E[e^{tX}]"),
    ],
)

stated(
    "probability.mgf_poisson",
    title="MGF of a Poisson variable",
    statement=r"\mathbb{E}\bigl[e^{tX}\bigr] = \exp\bigl(\lambda (e^{t} - 1)\bigr)",
    variables={"lambda": Real(0.1, 10), "t": Real(-1.5, 1.5)},
    given=(r"X \sim \mathrm{Poisson}(\lambda)",),
    wrong=[
        wrong("missing_minus_one", r"\mathbb{E}\bigl[e^{tX}\bigr] = \exp\bigl(\lambda e^{t}\bigr)",
              mistake="forgot the normalising factor e^{-lambda} of the Poisson pmf"),
        wrong("pgf_instead", r"\mathbb{E}\bigl[e^{tX}\bigr] = \exp\bigl(\lambda (t - 1)\bigr)",
              mistake="wrote the probability generating function E[t^X] instead of E[e^{tX}]"),
    ],
)

# t up to half the rate keeps e^{tX} times the density well inside quadrature's reach.
stated(
    "probability.mgf_exponential",
    title="MGF of an exponential variable",
    statement=r"\mathbb{E}\bigl[e^{tX}\bigr] = \frac{\lambda}{\lambda - t} \quad (t < \lambda)",
    variables={"lambda": RATE, "t": Real(-1, Ref("lambda", scale=0.5))},
    given=(r"X \sim \mathrm{Exponential}(\lambda)", r"\mathbb{E}[X] = 1/\lambda"),
    wrong=[
        wrong("swapped", r"\mathbb{E}\bigl[e^{tX}\bigr] = \frac{t}{t - \lambda}",
              mistake="swapped t and lambda"),
        wrong("scale_for_rate", r"\mathbb{E}\bigl[e^{tX}\bigr] = \frac{1}{1 - \lambda t}",
              mistake="used the scale-parameter formula 1/(1 - theta t) with the rate lambda"),
    ],
)

stated(
    "probability.mgf_gamma",
    title="MGF of a gamma variable (shape alpha, rate beta)",
    statement=r"\mathbb{E}\bigl[e^{tX}\bigr] = \Bigl(1 - \frac{t}{\beta}\Bigr)^{-\alpha} \quad (t < \beta)",
    variables={"alpha": SHAPE, "beta": RATE, "t": Real(-1, Ref("beta", scale=0.5))},
    given=(r"X \sim \mathrm{Gamma}(\alpha, \beta)", r"\mathbb{E}[X] = \alpha/\beta"),
    wrong=[
        # rate < 1 keeps 1 - beta t > 0 on the whole range, so the wrong formula stays real
        wrong("scale_for_rate", r"\mathbb{E}\bigl[e^{tX}\bigr] = (1 - \beta t)^{-\alpha}",
              variables={"beta": Real(0.2, 0.9)},
              mistake="mixed up the rate and scale parameterisations"),
        wrong("positive_exponent", r"\mathbb{E}\bigl[e^{tX}\bigr] = \Bigl(1 - \frac{t}{\beta}\Bigr)^{\alpha}",
              mistake="lost the minus sign of the exponent"),
    ],
)


# Sums of independent variables.

def _joint_mgf_of_weighted_sum(X: DistributionCase, Y: DistributionCase, a: float, b: float, t: float) -> float:
    """E[e^{t(aX + bY)}] as the iterated expectation E_X[E_Y[...]] (Fubini), never factorised."""

    def inner(x: float) -> float:
        return Y.expect(lambda y: np.exp(t * (a * x + b * y)))

    return X.expect(np.vectorize(inner, otypes=[float]))


@claim(
    "probability.mgf_weighted_sum",
    title="MGF of a weighted sum of independent variables",
    statement=r"M_{aX + bY}(t) = M_X(a t)\, M_Y(b t) \quad (X \perp Y)",
    variables={"X": FINITE_SUPPORT, "Y": SMALL_DISCRETE, "a": Real(-2, 2), "b": Real(-2, 2), "t": T_NEAR_ZERO},
    accuracy=Accuracy.QUADRATURE,
    assumptions=(r"X, Y \text{ independent}", r"M_X, M_Y \text{ finite at } at, bt"),
    wrong=[
        wrong("sum_of_mgfs", r"M_{aX + bY}(t) = a M_X(t) + b M_Y(t)",
              lambda X, Y, a, b, t: equal(_joint_mgf_of_weighted_sum(X, Y, a, b, t),
                                          a * _mgf(X, t) + b * _mgf(Y, t)),
              mistake="treated the MGF as linear, like the expectation"),
        wrong("weights_ignored", r"M_{aX + bY}(t) = M_X(t)\, M_Y(t)",
              lambda X, Y, a, b, t: equal(_joint_mgf_of_weighted_sum(X, Y, a, b, t), _mgf(X, t) * _mgf(Y, t)),
              mistake="forgot to scale the arguments by the weights"),
    ],
)
def mgf_weighted_sum(X: DistributionCase, Y: DistributionCase, a: float, b: float, t: float) -> Evidence:
    """e^{t(aX + bY)} = e^{(at)X} e^{(bt)Y}, and the expectation of a product of independent factors factorises."""
    return equal(_joint_mgf_of_weighted_sum(X, Y, a, b, t), _mgf(X, a * t) * _mgf(Y, b * t))


# Moments from the MGF's derivatives at 0, the MGF itself computed by summation or quadrature.

MGF = r"M_X(t) = \mathbb{E}\bigl[e^{tX}\bigr]"

stated(
    "probability.mgf_first_derivative",
    title="The MGF's derivative at 0 is the mean",
    statement=r"M_X'(0) = \mathbb{E}[X], \quad M_X(t) = \mathbb{E}\bigl[e^{tX}\bigr]",
    variables={"X": DISCRETE_MGF},
    given=(MGF,),
    wrong=[
        wrong("second_moment", r"M_X'(0) = \mathbb{E}[X^2]", mistake="off by one in the order of the moment"),
        wrong("pgf_evaluation_point", r"M_X'(1) = \mathbb{E}[X]", variables={"X": MGF_EVERYWHERE},
              mistake="evaluated at 1, as for the probability generating function, whose G'(1) is E[X]"),
    ],
)

stated(
    "probability.mgf_second_derivative",
    title="The MGF's second derivative at 0 is the second moment",
    statement=r"M_X''(0) = \mathbb{E}[X^2]",
    variables={"X": LIGHT_TAILED_MGF},
    given=(MGF,),
    wrong=[
        wrong("variance", r"M_X''(0) = \operatorname{Var} X",
              mistake="confused the MGF with the cumulant generating function log M_X, whose K''(0) is the variance"),
        wrong("squared_mean", r"M_X''(0) = \bigl(\mathbb{E}[X]\bigr)^2",
              mistake="squared the first moment instead of taking the second"),
    ],
)

stated(
    "probability.cgf_second_derivative",
    title="The cumulant generating function's second derivative at 0 is the variance",
    statement=r"K_X''(0) = \operatorname{Var} X, \quad K_X(t) = \log \mathbb{E}\bigl[e^{tX}\bigr]",
    variables={"X": LIGHT_TAILED_MGF},
    given=(r"K_X(t) = \log \mathbb{E}\bigl[e^{tX}\bigr]",),
    wrong=[
        wrong("second_moment", r"K_X''(0) = \mathbb{E}[X^2]",
              mistake="confused the cumulant generating function with the MGF, whose M''(0) is E[X^2]"),
    ],
)
