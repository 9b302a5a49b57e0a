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

from mlverify.claims import Accuracy, Evidence, Reference, claim, equal, stated, wrong
from mlverify.domains import (
    Dim,
    Distribution,
    DistributionCase,
    Integer,
    JointTable,
    Probability,
    Real,
    Ref,
    Vector,
)

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


# Joint laws, conditioning and Bayes. The notation layer reads a joint law only of independent variables, so
# a dependent pair is an explicit joint table P_{ij} = P(X = x_i, Y = y_j) (a JointTable: positive entries
# summing to one), and marginals, conditionals and moments are sums over it, written out by their definitions.
# Marginals and conditionals are functions of the index (pi(i), l(i, j)): the notation reads a vector defined
# entry by entry only when its body indexes another vector the same way.

WASSERMAN = "Wasserman, All of Statistics (2004)"
BISHOP = "Bishop, Pattern Recognition and Machine Learning (2006)"

rows = Dim("k", 2, 3)
cols = Dim("m", 2, 3)
# every cell has probability at least e^{-4} times the largest, so no marginal is near 0
JOINT = JointTable(rows, cols, smallest=float(np.exp(-4.0)))
X_VALUES = Vector(rows, min=-3.0, max=3.0)
Y_VALUES = Vector(cols, min=-3.0, max=3.0)
TABLE = {"P": JOINT, "x": X_VALUES, "y": Y_VALUES}
WEIGHT = Real(-3, 3, min_abs=0.25)

# The partition A_1, ..., A_k is the rows and the events B = {Y = y_j} the columns: the prior P(A_i) is the row
# marginal pi(i) and the likelihood P(B | A_i) is l(i, j) = P_{ij} / pi(i). The posterior P(A_i | B) is read off
# the joint by its definition, P(A_i, B) / P(B), with P(B) the column sum; every i and j is checked.
PARTITION = (r"\pi(i) = \sum_{j=1}^{m} P_{ij}", r"\ell(i, j) = \frac{P_{ij}}{\pi(i)}")
POSTERIOR = r"\frac{P_{ij}}{\sum_{r=1}^{k} P_{rj}}"

stated(
    "probability.bayes_rule",
    title="Bayes' rule over a partition, with the evidence by total probability",
    statement=POSTERIOR + r" = \frac{\ell(i, j)\, \pi(i)}{\sum_{r=1}^{k} \ell(r, j)\, \pi(r)}",
    variables={"P": JOINT},
    given=PARTITION,
    references=(Reference(WASSERMAN, "Section 1.7"), Reference(BISHOP, "Section 1.2, (1.12)-(1.13)")),
    wrong=[
        wrong("inverse_confusion", POSTERIOR + r" = \ell(i, j)",
              mistake="confused P(A | B) with P(B | A) (the prosecutor's fallacy)"),
        wrong("no_evidence", POSTERIOR + r" = \ell(i, j)\, \pi(i)",
              mistake="forgot to divide by the evidence P(B): the result is the joint P(A_i, B), not a posterior"),
        wrong("unweighted_evidence", POSTERIOR + r" = \frac{\ell(i, j)\, \pi(i)}{\sum_{r=1}^{k} \ell(r, j)}",
              mistake="summed the likelihoods without weighting them by the priors in the normaliser"),
    ],
)

# P(B) by its definition: the column sum of the joint table.
EVIDENCE = r"\sum_{i=1}^{k} P_{ij}"

stated(
    "probability.total_probability",
    title="Law of total probability over a partition",
    statement=EVIDENCE + r" = \sum_{i=1}^{k} \ell(i, j)\, \pi(i)",
    variables={"P": JOINT},
    given=PARTITION,
    references=(Reference(WASSERMAN, "Section 1.7"),),
    wrong=[
        wrong("unweighted_sum", EVIDENCE + r" = \sum_{i=1}^{k} \ell(i, j)",
              mistake="added the conditional probabilities without weighting them by P(A_i)"),
        wrong("uniform_average", EVIDENCE + r" = \frac{1}{k} \sum_{i=1}^{k} \ell(i, j)",
              mistake="averaged the conditional probabilities, as if the partition's cells were equally likely"),
    ],
)

# Cov(X, Y) by its definition, E[(X - EX)(Y - EY)], summed over the table, against the raw moments. P_{ij} comes
# last in each term: P_{ij}(...) would read as a function applied. The means are the sums over the table in matrix
# form, 1^T P^T x = sum_ij P_ij x_i: a scalar defined by a double sum is evaluated again at every term of the sum
# that uses it (ten times slower).
MEANS = (r"\bar x = \mathbf{1}^\top P^\top x", r"\bar y = \mathbf{1}^\top P y")
COVARIANCE = r"\sum_{i=1}^{k} \sum_{j=1}^{m} (x_i - \bar x)(y_j - \bar y)\, P_{ij}"
PRODUCT_MEAN = r"\sum_{i=1}^{k} \sum_{j=1}^{m} x_i y_j P_{ij}"

stated(
    "probability.covariance_identity",
    title="Covariance as the mean of the product minus the product of the means",
    statement=COVARIANCE + " = " + PRODUCT_MEAN + r" - \bar x \bar y",
    variables=TABLE,
    given=MEANS,
    references=(Reference(WASSERMAN, "Section 3.3"),),
    wrong=[
        wrong("means_dropped", COVARIANCE + " = " + PRODUCT_MEAN,
              mistake="forgot to subtract the product of the means (right only when one of them is 0)"),
        wrong("reversed", COVARIANCE + r" = \bar x \bar y - " + PRODUCT_MEAN,
              mistake="subtracted in the wrong order, flipping the covariance's sign"),
    ],
)

# Var(aX + bY) by its definition over the table, against sigma^2 = Var X, tau^2 = Var Y and gamma = Cov(X, Y),
# each summed over the table by its own definition.
MOMENTS_OF_PAIR = (
    *MEANS,
    r"\sigma^2 = \sum_{i=1}^{k} \sum_{j=1}^{m} (x_i - \bar x)^2 P_{ij}",
    r"\tau^2 = \sum_{i=1}^{k} \sum_{j=1}^{m} (y_j - \bar y)^2 P_{ij}",
    r"\gamma = " + COVARIANCE,
    r"\bar s = a \bar x + b \bar y",
)
SUM_VARIANCE = r"\sum_{i=1}^{k} \sum_{j=1}^{m} (a x_i + b y_j - \bar s)^2 P_{ij}"

stated(
    "probability.weighted_sum_variance",
    title="Variance of a weighted sum of correlated variables",
    statement=SUM_VARIANCE + r" = a^2 \sigma^2 + b^2 \tau^2 + 2ab\, \gamma",
    variables={**TABLE, "a": WEIGHT, "b": WEIGHT},
    given=MOMENTS_OF_PAIR,
    references=(Reference(WASSERMAN, "Section 3.3"),),
    wrong=[
        wrong("covariance_dropped", SUM_VARIANCE + r" = a^2 \sigma^2 + b^2 \tau^2",
              mistake="added the variances as if X and Y were uncorrelated"),
        wrong("single_cross_term", SUM_VARIANCE + r" = a^2 \sigma^2 + b^2 \tau^2 + ab\, \gamma",
              mistake="kept one cross term of (aX + bY)^2 instead of the two, 2ab XY"),
    ],
)

# Var(Y) from Y's marginal q(j) against the conditional laws P(Y = y_j | X = x_i) = P_{ij} / p(i): the
# conditional means eta(i) = E[Y | X = x_i], the conditional variances v(i) = Var(Y | X = x_i) and their
# averages over X's marginal p(i).
CONDITIONAL_MOMENTS = (
    r"p(i) = \sum_{j=1}^{m} P_{ij}", r"q(j) = \sum_{i=1}^{k} P_{ij}", r"\mu = \mathbf{1}^\top P y",
    r"\eta(i) = \frac{1}{p(i)} \sum_{j=1}^{m} y_j P_{ij}",
    r"v(i) = \frac{1}{p(i)} \sum_{j=1}^{m} (y_j - \eta(i))^2 P_{ij}",
    r"\bar\eta = \sum_{i=1}^{k} \eta(i)\, p(i)",
)
VARIANCE_OF_Y = r"\sum_{j=1}^{m} (y_j - \mu)^2\, q(j)"
WITHIN = r"\sum_{i=1}^{k} v(i)\, p(i)"

stated(
    "probability.total_variance",
    title="Law of total variance",
    statement=VARIANCE_OF_Y + " = " + WITHIN + r" + \sum_{i=1}^{k} (\eta(i) - \bar\eta)^2\, p(i)",
    variables={"P": JOINT, "y": Y_VALUES},
    given=CONDITIONAL_MOMENTS,
    references=(Reference(WASSERMAN, "Section 3.5"),),
    wrong=[
        wrong("within_only", VARIANCE_OF_Y + " = " + WITHIN,
              mistake="kept only the average conditional variance, dropping the spread of the conditional means"),
        wrong("between_uncentred", VARIANCE_OF_Y + " = " + WITHIN + r" + \sum_{i=1}^{k} \eta(i)^2\, p(i)",
              mistake="took the second moment of E[Y | X] instead of its variance (forgot to subtract E[Y]^2)"),
    ],
)


# Densities of affine maps: the density of Y = aX + b is the derivative of its cdf, P(aX + b <= y), which
# scipy's cdf of X gives exactly; the derivative is a central difference.

# Smooth densities (the difference quotient is exact to ~1e-8 of f's scale): no kinks (laplace), no jumps
# (uniform, exponential), no singularities (gamma with shape < 1).
SMOOTH = Distribution(["normal", "student_t", "gamma"], ranges={"gamma": {"shape": (1.5, 5)}})
QUANTILE = Real(0.05, 0.95)
AFFINE = {"X": SMOOTH, "a": WEIGHT, "b": Real(-3, 3), "u": QUANTILE}


def _affine_density(X: DistributionCase, a: float, b: float, u: float, density: Any) -> Evidence:
    """At y = a x + b, x the u-quantile of X: the derivative of F_Y(y) = P(aX + b <= y) against
    ``density(f_X, y)``."""
    x = float(X.frozen.ppf(u))
    y = a * x + b

    def cdf(t: float) -> float:
        z = (t - b) / a
        return float(X.frozen.cdf(z)) if a > 0 else float(X.frozen.sf(z))

    h = 1e-4 * abs(a) * float(X.frozen.std())
    derivative = (cdf(y + h) - cdf(y - h)) / (2 * h)
    return equal(derivative, density(lambda t: float(X.frozen.pdf(t)), y))


@claim(
    "probability.affine_density",
    title="Density of an affine function of a continuous variable",
    statement=r"f_{aX + b}(y) = \frac{1}{|a|} f_X\Bigl(\frac{y - b}{a}\Bigr) \quad (a \neq 0)",
    variables=AFFINE,
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"X \text{ continuous with density } f_X", r"a \neq 0"),
    references=(Reference(WASSERMAN, "Section 2.11"),),
    wrong=[
        wrong("jacobian_dropped", r"f_{aX + b}(y) = f_X\Bigl(\frac{y - b}{a}\Bigr)",
              lambda X, a, b, u: _affine_density(X, a, b, u, lambda f, y: f((y - b) / a)),
              variables={**AFFINE, "a": Real(-3, 3, min_abs=1.5)},
              mistake="substituted x = (y - b)/a into the density but forgot the Jacobian factor 1/|a|"),
        wrong("signed_jacobian", r"f_{aX + b}(y) = \frac{1}{a} f_X\Bigl(\frac{y - b}{a}\Bigr)",
              lambda X, a, b, u: _affine_density(X, a, b, u, lambda f, y: f((y - b) / a) / a),
              mistake="divided by a instead of |a|: for a < 0 the 'density' is negative"),
        wrong("forward_map", r"f_{aX + b}(y) = \frac{1}{|a|} f_X(a y + b)",
              lambda X, a, b, u: _affine_density(X, a, b, u, lambda f, y: f(a * y + b) / abs(a)),
              mistake="evaluated f_X at the forward map a y + b instead of its inverse (y - b)/a"),
    ],
)
def affine_density(X: DistributionCase, a: float, b: float, u: float) -> Evidence:
    """F_Y(y) = F_X((y - b)/a) for a > 0 and 1 - F_X((y - b)/a) for a < 0; differentiating gives f_X(.)/|a|."""
    return _affine_density(X, a, b, u, lambda f, y: f((y - b) / a) / abs(a))


# Estimators, the score and the exponential family, stated in LaTeX.

# An estimator's law: discrete, so E[(theta hat - theta)^2] is a sum over the support, not a quadrature.
ESTIMATOR = DISCRETE

stated(
    "probability.bias_variance",
    title="The mean squared error of an estimator is its squared bias plus its variance",
    statement=r"\mathbb{E}\bigl[(\hat\theta - \theta)^2\bigr] = \bigl(\mathbb{E}[\hat\theta] - \theta\bigr)^2"
    r" + \operatorname{Var}(\hat\theta)",
    variables={"hat(theta)": ESTIMATOR, "theta": Real(-5, 5)},
    references=(Reference(WASSERMAN, "Theorem 6.9"),),
    wrong=[
        wrong("bias_not_squared", r"\mathbb{E}\bigl[(\hat\theta - \theta)^2\bigr] = \bigl(\mathbb{E}[\hat\theta]"
              r" - \theta\bigr) + \operatorname{Var}(\hat\theta)", variables={"hat(theta)": DISCRETE},
              mistake="added the bias itself instead of its square"),
        wrong("bias_dropped", r"\mathbb{E}\bigl[(\hat\theta - \theta)^2\bigr] = \operatorname{Var}(\hat\theta)",
              variables={"hat(theta)": DISCRETE},
              mistake="took the mean squared error for the variance, right only for an unbiased estimator"),
    ],
)

stated(
    "probability.bernoulli_fisher_information",
    title="Fisher information of a Bernoulli parameter",
    statement=r"\mathbb{E}\Bigl[\Bigl(\frac{\partial}{\partial p} \log f(X; p)\Bigr)^2\Bigr] = \frac{1}{p(1-p)}",
    variables={"p": Probability(margin=0.02)},
    given=(r"f(x; p) = p^x (1-p)^{1-x}", r"X \sim \mathrm{Bernoulli}(p)"),
    references=(Reference(WASSERMAN, "Section 9.7"),),
    wrong=[
        wrong("variance_instead", r"\mathbb{E}\Bigl[\Bigl(\frac{\partial}{\partial p} \log f(X; p)\Bigr)^2\Bigr]"
              r" = p(1-p)",
              mistake="gave the variance of X, whose reciprocal is the information"),
        wrong("expectation_skipped", r"\mathbb{E}\Bigl[\Bigl(\frac{\partial}{\partial p} \log f(X; p)\Bigr)^2\Bigr]"
              r" = \frac{1}{p^2 (1-p)^2}",
              mistake="squared the score (x - p)/(p(1-p)) but dropped E[(X - p)^2] = p(1-p) from the numerator"),
    ],
)

stated(
    "probability.log_partition_variance",
    title="The log-partition function's second derivative is the variance (Bernoulli in natural form)",
    statement=r"\psi''(\eta) = \operatorname{Var}(X), \quad \psi(\eta) = \log(1 + e^{\eta})",
    variables={"eta": Real(-4, 4)},
    given=(r"\psi(\eta) = \log(1 + e^{\eta})", r"X \sim \mathrm{Bernoulli}(\sigma(\eta))"),
    references=(Reference(BISHOP, "Section 2.4"),),
    wrong=[
        wrong("mean_instead", r"\psi''(\eta) = \mathbb{E}[X]",
              mistake="took the second derivative for the mean, which is the first derivative sigma(eta)"),
        wrong("first_derivative", r"\psi'(\eta) = \operatorname{Var}(X)",
              mistake="off by one in the order: psi' is the mean, psi'' the variance"),
    ],
)
