"""Gaussians: normalisation, moments, tails, entropy, KL divergence, affine maps, conditioning, products, Bayes, ridge.

The Gaussian integral and the facts about one normal variable whose left side the notation layer reads from the law
(``X \\sim \\mathcal{N}(\\mu, \\sigma^2)``: scipy's cdf, quadrature against the density) are stated in LaTeX and
compiled, as are the MAP/ridge condition and the score. The others are Python properties whose left side is computed
independently of the closed form on the right: expectations under N(mu, Sigma) by tensor Gauss-Hermite quadrature on
x = mu + L z (L the Cholesky factor; four nodes per axis are exact up to degree 7, and the integrands here are
quadratics), densities by scipy's ``norm`` and ``multivariate_normal``, integrals over the line and the density of a
sum (a convolution) by adaptive quadrature. A density identity up to a constant (a conditional, a product, a
posterior) is checked as a log-ratio that takes the same value at two points.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy import integrate, stats

from mlverify.claims import Accuracy, Evidence, Reference, all_of, claim, equal, stated, wrong
from mlverify.domains import Dim, Matrix, Real, SPDMatrix, Vector

Array = Any
BISHOP = "Bishop, Pattern Recognition and Machine Learning (2006)"
MURPHY = "Murphy, Probabilistic Machine Learning: An Introduction (2022)"
COVER = "Cover & Thomas, Elements of Information Theory, 2nd ed. (2006)"

NORMAL = r"X \sim \mathcal{N}(\mu, \sigma^2)"
MU = Real(-3, 3)
SIGMA = Real(0.3, 3)  # quadrature over the real line resolves the peak of a density this wide

n = Dim("n", 1, 3)
d = Dim("d", 2, 4)  # a joint dimension that splits into two non-empty blocks
p = Dim("p", 1, 3)
SPD = SPDMatrix(n, min_eigenvalue=0.5, min=-1.5, max=1.5)
SPD_B = SPDMatrix(n, min_eigenvalue=0.5, min=-1.5, max=1.5)
MEAN = Vector(n, min=-2, max=2)
POINT = Vector(n, min=-3, max=3)


# --- helpers: expectations under N(mu, Sigma) and Gaussian log-densities ----------------------------


def _expect(mu: Array, cov: Array, f: Callable[[Array], Array], points: int = 4) -> Any:
    """E[f(X)] for X ~ N(mu, cov) by tensor Gauss-Hermite quadrature on X = mu + L Z, exact for polynomials of degree
    up to 2 points - 1. ``f`` maps the grid, an (N, n) array of points, to N values (or N arrays)."""
    nodes, weights = hermegauss(points)
    grid = np.array(list(itertools.product(nodes, repeat=len(mu))))
    weight = np.prod(np.array(list(itertools.product(weights, repeat=len(mu)))), axis=1) / np.sqrt(2 * np.pi) ** len(mu)
    xs = mu + grid @ np.linalg.cholesky(cov).T
    return np.tensordot(weight, np.asarray(f(xs)), axes=1)


def _logpdf(x: Array, mean: Array, cov: Array) -> Any:
    """scipy's log-density of N(mean, cov) at a point or at each row of an array of points."""
    return stats.multivariate_normal(mean=mean, cov=cov).logpdf(x)


def _cov_of_affine(A: Array, b: Array, mu: Array, Sigma: Array) -> tuple[Any, Any]:
    """Mean and covariance of AX + b for X ~ N(mu, Sigma), both by quadrature."""
    mean = _expect(mu, Sigma, lambda xs: xs @ A.T + b)
    cov = _expect(mu, Sigma, lambda xs: np.einsum("ki,kj->kij", xs @ A.T + b - mean, xs @ A.T + b - mean))
    return mean, cov


# --- the univariate density -----------------------------------------------------------------------


def _integral(f: Callable[[float], float], mu: float, sigma: float) -> float:
    """The integral of f over the real line, split at the peak mu so that quadrature finds a narrow density."""
    left, _ = integrate.quad(f, -math.inf, mu, epsabs=1e-12, epsrel=1e-10)
    right, _ = integrate.quad(f, mu, math.inf, epsabs=1e-12, epsrel=1e-10)
    return float(left + right)


def _bell(mu: float, sigma: float) -> Callable[[float], float]:
    return lambda x: math.exp(-((x - mu) ** 2) / (2 * sigma**2))


_NORMALISED = r"\int_{-\infty}^{\infty} "
_BELL = r"\, e^{-(x - \mu)^2 / (2\sigma^2)}\, dx = 1"


@claim(
    "gaussians.density_normalisation",
    title="The normal density integrates to one",
    statement=_NORMALISED + r"\frac{1}{\sqrt{2\pi\sigma^2}}" + _BELL,
    variables={"mu": MU, "sigma": SIGMA},
    accuracy=Accuracy.QUADRATURE,
    assumptions=(r"\sigma > 0",),
    references=(Reference(BISHOP, "Section 1.2.4, (1.48)"),),
    wrong=[
        wrong("variance_outside_root", _NORMALISED + r"\frac{1}{\sqrt{2\pi}\,\sigma^2}" + _BELL,
              lambda mu, sigma: equal(_integral(_bell(mu, sigma), mu, sigma) / (math.sqrt(2 * math.pi) * sigma**2), 1.0),
              variables={"mu": MU, "sigma": Real(1.5, 3)},
              mistake="normalised by sqrt(2 pi) sigma^2: the constant is the square root of 2 pi sigma^2"),
        wrong("no_root", _NORMALISED + r"\frac{1}{2\pi\sigma^2}" + _BELL,
              lambda mu, sigma: equal(_integral(_bell(mu, sigma), mu, sigma) / (2 * math.pi * sigma**2), 1.0),
              mistake="dropped the square root of the normalising constant"),
    ],
)
def density_normalisation(mu: float, sigma: float) -> Evidence:
    """The Gaussian integral of e^{-u^2 / (2 sigma^2)} is sqrt(2 pi sigma^2), whatever the shift mu."""
    return equal(_integral(_bell(mu, sigma), mu, sigma) / math.sqrt(2 * math.pi * sigma**2), 1.0)


stated(
    "gaussians.gaussian_integral",
    title="The Gaussian integral",
    statement=r"\int_{-\infty}^{\infty} e^{-a x^2}\, dx = \sqrt{\frac{\pi}{a}}",
    variables={"a": Real(0.2, 5)},
    wrong=[
        wrong("a_in_numerator", r"\int_{-\infty}^{\infty} e^{-a x^2}\, dx = \sqrt{\pi a}",
              variables={"a": Real(1.5, 5)}, mistake="put the coefficient a in the numerator"),
        wrong("root_dropped", r"\int_{-\infty}^{\infty} e^{-a x^2}\, dx = \frac{\pi}{a}",
              mistake="forgot the square root (pi/a is the integral over the plane of e^{-a(x^2 + y^2)})"),
    ],
)

stated(
    "gaussians.standardised_tail",
    title="Two-sided tail of a normal variable in standard deviations",
    statement=r"\Pr\bigl(|X - \mu| \ge k\sigma\bigr) = 2 - 2\Phi(k)",
    variables={"mu": MU, "sigma": SIGMA, "k": Real(0.1, 4)},
    given=(NORMAL, r"\Phi(z) = \tfrac{1}{2}\bigl(1 + \operatorname{erf}(z / \sqrt{2})\bigr)", r"k > 0"),
    wrong=[
        wrong("one_sided", r"\Pr\bigl(|X - \mu| \ge k\sigma\bigr) = 1 - \Phi(k)",
              mistake="counted one tail only for a two-sided deviation"),
        wrong("not_standardised", r"\Pr\bigl(|X - \mu| \ge k\sigma\bigr) = 2 - 2\Phi(k\sigma)",
              variables={"sigma": Real(1.5, 3)},
              mistake="evaluated Phi at the deviation k sigma in original units, not in standard deviations"),
    ],
)

stated(
    "gaussians.tail_bound",
    title="Gaussian tail bound",
    statement=r"\Pr\bigl(|X - \mu| \ge t\bigr) \le 2 e^{-t^2 / (2\sigma^2)}",
    variables={"mu": MU, "sigma": SIGMA, "t": Real(0.05, 6)},
    given=(NORMAL, r"t > 0"),
    wrong=[
        wrong("no_half", r"\Pr\bigl(|X - \mu| \ge t\bigr) \le 2 e^{-t^2 / \sigma^2}",
              mistake="dropped the 2 of the exponent's denominator, a bound that fails in the tails"),
        wrong("sigma_not_squared", r"\Pr\bigl(|X - \mu| \ge t\bigr) \le 2 e^{-t^2 / (2\sigma)}",
              variables={"sigma": Real(2, 3)},
              mistake="used the standard deviation where the variance belongs"),
    ],
)


# --- moments --------------------------------------------------------------------------------------


stated(
    "gaussians.third_moment",
    title="Third moment of a normal variable",
    statement=r"\mathbb{E}[X^3] = \mu^3 + 3\mu\sigma^2",
    variables={"mu": MU, "sigma": SIGMA},
    given=(NORMAL,),
    wrong=[
        wrong("cube_of_mean", r"\mathbb{E}[X^3] = \mu^3", variables={"mu": Real(0.5, 3)},
              mistake="took E[X^3] = (E[X])^3, forgetting the spread"),
        wrong("factor_one", r"\mathbb{E}[X^3] = \mu^3 + \mu\sigma^2", variables={"mu": Real(0.5, 3)},
              mistake="lost the binomial coefficient 3 of the cross term 3 mu (X - mu)^2"),
    ],
)

stated(
    "gaussians.fourth_central_moment",
    title="Fourth central moment of a normal variable",
    statement=r"\mathbb{E}\bigl[(X - \mu)^4\bigr] = 3\sigma^4",
    variables={"mu": MU, "sigma": SIGMA},
    given=(NORMAL,),
    wrong=[
        wrong("square_of_variance", r"\mathbb{E}\bigl[(X - \mu)^4\bigr] = \sigma^4",
              mistake="took E[Y^4] = (E[Y^2])^2: the kurtosis of a normal variable is 3, not 1"),
        wrong("variance_squared_times_three", r"\mathbb{E}\bigl[(X - \mu)^4\bigr] = 3\sigma^2",
              variables={"sigma": Real(1.5, 3)}, mistake="raised sigma to the power 2 instead of 4"),
    ],
)

stated(
    "gaussians.mean_absolute_deviation",
    title="Mean absolute deviation of a normal variable",
    statement=r"\mathbb{E}\bigl[|X - \mu|\bigr] = \sigma \sqrt{2 / \pi}",
    variables={"mu": MU, "sigma": SIGMA},
    given=(NORMAL,),
    wrong=[
        wrong("standard_deviation", r"\mathbb{E}\bigl[|X - \mu|\bigr] = \sigma",
              mistake="took the mean absolute deviation for the standard deviation (Jensen: it is smaller)"),
        wrong("one_over_root_pi", r"\mathbb{E}\bigl[|X - \mu|\bigr] = \sigma / \sqrt{2\pi}",
              mistake="kept the density's constant 1/sqrt(2 pi) but not the factor 2 of the two halves"),
    ],
)

stated(
    "gaussians.lognormal_mean",
    title="Mean of the exponential of a normal variable",
    statement=r"\mathbb{E}\bigl[e^{X}\bigr] = e^{\mu + \sigma^2 / 2}",
    variables={"mu": Real(-2, 2), "sigma": Real(0.3, 1.5)},
    given=(NORMAL,),
    wrong=[
        wrong("exponential_of_mean", r"\mathbb{E}\bigl[e^{X}\bigr] = e^{\mu}",
              mistake="swapped expectation and exponential; Jensen makes E[e^X] larger"),
        wrong("no_half", r"\mathbb{E}\bigl[e^{X}\bigr] = e^{\mu + \sigma^2}",
              mistake="dropped the 1/2 from completing the square"),
    ],
)


# --- entropy and KL divergence --------------------------------------------------------------------


_ENTROPY = r"\mathbb{E}\bigl[-\log \mathcal{N}(X; \mu, \sigma^2)\bigr] = \tfrac{1}{2}\log"


def _entropy_1d(mu: float, sigma: float) -> float:
    """E[-log p(X)] with scipy's log-density, by Gauss-Hermite quadrature (exact: -log p is quadratic)."""
    return float(_expect(np.array([mu]), np.array([[sigma**2]]), lambda xs: -stats.norm(mu, sigma).logpdf(xs[:, 0])))


@claim(
    "gaussians.entropy",
    title="Differential entropy of a normal variable",
    statement=_ENTROPY + r"\bigl(2\pi e \sigma^2\bigr), \quad X \sim \mathcal{N}(\mu, \sigma^2)",
    variables={"mu": MU, "sigma": SIGMA},
    accuracy=Accuracy.QUADRATURE,
    references=(Reference(COVER, "Example 8.1.2"),),
    wrong=[
        wrong("e_dropped", _ENTROPY + r"\bigl(2\pi \sigma^2\bigr)",
              lambda mu, sigma: equal(_entropy_1d(mu, sigma), 0.5 * math.log(2 * math.pi * sigma**2)),
              mistake="kept only the normalising constant, forgetting E[(X - mu)^2 / (2 sigma^2)] = 1/2"),
        wrong("sigma_not_squared", _ENTROPY + r"\bigl(2\pi e \sigma\bigr)",
              lambda mu, sigma: equal(_entropy_1d(mu, sigma), 0.5 * math.log(2 * math.pi * math.e * sigma)),
              variables={"mu": MU, "sigma": Real(1.5, 3)},
              mistake="used the standard deviation where the variance belongs"),
    ],
)
def entropy(mu: float, sigma: float) -> Evidence:
    """-log p(x) = (1/2) log(2 pi sigma^2) + (x - mu)^2 / (2 sigma^2), whose second term has mean 1/2 = (1/2) log e."""
    return equal(_entropy_1d(mu, sigma), 0.5 * math.log(2 * math.pi * math.e * sigma**2))


_KL = (r"D_{\mathrm{KL}}\bigl(\mathcal{N}(\mu_1, \sigma_1^2) \,\|\, \mathcal{N}(\mu_2, \sigma_2^2)\bigr)"
       r" = \log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - \frac{1}{2}")
_KL_VARIABLES = {"mu_1": MU, "sigma_1": SIGMA, "mu_2": MU, "sigma_2": SIGMA}


def _kl_1d(mu_1: float, sigma_1: float, mu_2: float, sigma_2: float) -> float:
    """E_p[log p(X) - log q(X)] with scipy's log-densities, by Gauss-Hermite quadrature (exact: a quadratic)."""
    p, q = stats.norm(mu_1, sigma_1), stats.norm(mu_2, sigma_2)
    return float(_expect(np.array([mu_1]), np.array([[sigma_1**2]]),
                         lambda xs: p.logpdf(xs[:, 0]) - q.logpdf(xs[:, 0])))


@claim(
    "gaussians.kl_univariate",
    title="KL divergence between two univariate normal distributions",
    statement=_KL,
    variables=_KL_VARIABLES,
    accuracy=Accuracy.QUADRATURE,
    wrong=[
        wrong("half_dropped", _KL.removesuffix(r" - \frac{1}{2}"),
              lambda mu_1, sigma_1, mu_2, sigma_2: equal(
                  _kl_1d(mu_1, sigma_1, mu_2, sigma_2),
                  math.log(sigma_2 / sigma_1) + (sigma_1**2 + (mu_1 - mu_2) ** 2) / (2 * sigma_2**2)),
              mistake="dropped the -1/2, so the divergence of a law from itself is 1/2"),
        wrong("sigmas_swapped", r"D_{\mathrm{KL}}\bigl(\mathcal{N}(\mu_1, \sigma_1^2) \,\|\, \mathcal{N}(\mu_2, \sigma_2^2)"
              r"\bigr) = \log\frac{\sigma_1}{\sigma_2} + \frac{\sigma_2^2 + (\mu_1 - \mu_2)^2}{2\sigma_1^2} - \frac{1}{2}",
              lambda mu_1, sigma_1, mu_2, sigma_2: equal(
                  _kl_1d(mu_1, sigma_1, mu_2, sigma_2),
                  math.log(sigma_1 / sigma_2) + (sigma_2**2 + (mu_1 - mu_2) ** 2) / (2 * sigma_1**2) - 0.5),
              mistake="swapped the roles of the two standard deviations"),
        wrong("log_of_variances", _KL.replace(r"\log\frac{\sigma_2}{\sigma_1}", r"\log\frac{\sigma_2^2}{\sigma_1^2}"),
              lambda mu_1, sigma_1, mu_2, sigma_2: equal(
                  _kl_1d(mu_1, sigma_1, mu_2, sigma_2),
                  math.log(sigma_2**2 / sigma_1**2) + (sigma_1**2 + (mu_1 - mu_2) ** 2) / (2 * sigma_2**2) - 0.5),
              mistake="took the log ratio of the variances without its factor 1/2"),
    ],
)
def kl_univariate(mu_1: float, sigma_1: float, mu_2: float, sigma_2: float) -> Evidence:
    """log p - log q = log(sigma_2 / sigma_1) - (x - mu_1)^2 / (2 sigma_1^2) + (x - mu_2)^2 / (2 sigma_2^2), whose
    expectation under p gives the three terms."""
    return equal(_kl_1d(mu_1, sigma_1, mu_2, sigma_2),
                 math.log(sigma_2 / sigma_1) + (sigma_1**2 + (mu_1 - mu_2) ** 2) / (2 * sigma_2**2) - 0.5)


_KL_MVN = (r"D_{\mathrm{KL}}\bigl(\mathcal{N}(a, A) \,\|\, \mathcal{N}(b, B)\bigr) = \tfrac{1}{2}\Bigl("
           r"\operatorname{tr}(B^{-1} A) + (b - a)^\top B^{-1} (b - a) - n + \log\frac{\det B}{\det A}\Bigr)")


def _kl_by_quadrature(a: Array, A: Array, b: Array, B: Array) -> float:
    """E_{x ~ N(a, A)}[log N(x; a, A) - log N(x; b, B)], the log-densities from scipy."""
    return float(_expect(a, A, lambda xs: _logpdf(xs, a, A) - _logpdf(xs, b, B)))


def _kl_formula(a: Array, A: Array, b: Array, B: Array, *, minus_n: bool = True, det_ratio: int = 1,
                trace_swapped: bool = False) -> float:
    B_inv = np.linalg.inv(B)
    trace = np.trace(np.linalg.inv(A) @ B) if trace_swapped else np.trace(B_inv @ A)
    log_dets = det_ratio * (np.linalg.slogdet(B)[1] - np.linalg.slogdet(A)[1])
    return float(0.5 * (trace + (b - a) @ B_inv @ (b - a) - (len(a) if minus_n else 0) + log_dets))


_KL_MVN_VARIABLES = {"a": MEAN, "A": SPD, "b": MEAN, "B": SPD_B}


@claim(
    "gaussians.kl_multivariate",
    title="KL divergence between two multivariate normal distributions",
    statement=_KL_MVN,
    variables=_KL_MVN_VARIABLES,
    accuracy=Accuracy.QUADRATURE,
    assumptions=(r"A, B \text{ symmetric positive definite}",),
    wrong=[
        wrong("n_dropped", _KL_MVN.replace(" - n", ""),
              lambda a, A, b, B: equal(_kl_by_quadrature(a, A, b, B), _kl_formula(a, A, b, B, minus_n=False)),
              mistake="dropped the -n, so the divergence of a law from itself is n/2"),
        wrong("determinants_inverted", _KL_MVN.replace(r"\frac{\det B}{\det A}", r"\frac{\det A}{\det B}"),
              lambda a, A, b, B: equal(_kl_by_quadrature(a, A, b, B), _kl_formula(a, A, b, B, det_ratio=-1)),
              mistake="inverted the ratio of determinants"),
        wrong("trace_swapped", _KL_MVN.replace(r"\operatorname{tr}(B^{-1} A)", r"\operatorname{tr}(A^{-1} B)"),
              lambda a, A, b, B: equal(_kl_by_quadrature(a, A, b, B), _kl_formula(a, A, b, B, trace_swapped=True)),
              mistake="took the trace term of the reverse divergence"),
    ],
)
def kl_multivariate(a: Array, A: Array, b: Array, B: Array) -> Evidence:
    """log p - log q is a quadratic in x whose expectation under p is tr(B^{-1}A) + (b-a)^T B^{-1}(b-a) and the log
    determinants."""
    return equal(_kl_by_quadrature(a, A, b, B), _kl_formula(a, A, b, B))


_ENTROPY_MVN = r"\mathbb{E}\bigl[-\log \mathcal{N}(X; \mu, \Sigma)\bigr] = \tfrac{1}{2}\log\det(2\pi e\, \Sigma)"


def _entropy_by_quadrature(mu: Array, Sigma: Array) -> float:
    return float(_expect(mu, Sigma, lambda xs: -_logpdf(xs, mu, Sigma)))


@claim(
    "gaussians.entropy_multivariate",
    title="Differential entropy of a multivariate normal vector",
    statement=_ENTROPY_MVN,
    variables={"mu": MEAN, "Sigma": SPD},
    accuracy=Accuracy.QUADRATURE,
    assumptions=(r"X \sim \mathcal{N}(\mu, \Sigma),\ \Sigma \succ 0",),
    references=(Reference(COVER, "Theorem 8.4.1"),),
    wrong=[
        wrong("e_dropped", r"\mathbb{E}\bigl[-\log \mathcal{N}(X; \mu, \Sigma)\bigr] = \tfrac{1}{2}\log\det(2\pi \Sigma)",
              lambda mu, Sigma: equal(_entropy_by_quadrature(mu, Sigma),
                                      0.5 * np.linalg.slogdet(2 * np.pi * Sigma)[1]),
              mistake="kept only the normalising constant, forgetting E[(x - mu)^T Sigma^{-1} (x - mu)] / 2 = n/2"),
        wrong("scalar_constant", r"\mathbb{E}\bigl[-\log \mathcal{N}(X; \mu, \Sigma)\bigr]"
              r" = \tfrac{1}{2}\log\bigl(2\pi e \det \Sigma\bigr)",
              lambda mu, Sigma: equal(_entropy_by_quadrature(mu, Sigma),
                                      0.5 * np.log(2 * np.pi * np.e * np.linalg.det(Sigma))),
              variables={"mu": Vector(Dim("n", 2, 3), min=-2, max=2),
                         "Sigma": SPDMatrix(Dim("n", 2, 3), min_eigenvalue=0.5, min=-1.5, max=1.5)},
              mistake="took the constant 2 pi e once instead of once per dimension: det(c Sigma) = c^n det Sigma"),
    ],
)
def entropy_multivariate(mu: Array, Sigma: Array) -> Evidence:
    """-log N(x) = (1/2) log det(2 pi Sigma) + (1/2)(x - mu)^T Sigma^{-1} (x - mu), whose quadratic has mean n."""
    return equal(_entropy_by_quadrature(mu, Sigma), 0.5 * np.linalg.slogdet(2 * np.pi * np.e * Sigma)[1])


def _mahalanobis_mean(mu: Array, Sigma: Array) -> float:
    inv = np.linalg.inv(Sigma)
    return float(_expect(mu, Sigma, lambda xs: np.einsum("ki,ij,kj->k", xs - mu, inv, xs - mu)))


@claim(
    "gaussians.mahalanobis_mean",
    title="The expected squared Mahalanobis distance of a normal vector is its dimension",
    statement=r"\mathbb{E}\bigl[(X - \mu)^\top \Sigma^{-1} (X - \mu)\bigr] = n, \quad X \sim \mathcal{N}(\mu, \Sigma)",
    variables={"mu": MEAN, "Sigma": SPD},
    accuracy=Accuracy.QUADRATURE,
    assumptions=(r"\Sigma \succ 0", r"X \in \mathbb{R}^n"),
    wrong=[
        wrong("one", r"\mathbb{E}\bigl[(X - \mu)^\top \Sigma^{-1} (X - \mu)\bigr] = 1",
              lambda mu, Sigma: equal(_mahalanobis_mean(mu, Sigma), 1.0),
              variables={"mu": Vector(Dim("n", 2, 3), min=-2, max=2),
                         "Sigma": SPDMatrix(Dim("n", 2, 3), min_eigenvalue=0.5, min=-1.5, max=1.5)},
              mistake="standardised as in one dimension: the squared distance is chi-squared with n degrees of freedom"),
        wrong("trace_of_covariance", r"\mathbb{E}\bigl[(X - \mu)^\top \Sigma^{-1} (X - \mu)\bigr]"
              r" = \operatorname{tr} \Sigma",
              lambda mu, Sigma: equal(_mahalanobis_mean(mu, Sigma), float(np.trace(Sigma))),
              mistake="gave E[||X - mu||^2] = tr Sigma, the unweighted squared distance"),
    ],
)
def mahalanobis_mean(mu: Array, Sigma: Array) -> Evidence:
    """E[(X - mu)^T S^{-1} (X - mu)] = tr(S^{-1} E[(X - mu)(X - mu)^T]) = tr(S^{-1} S) = n."""
    return equal(_mahalanobis_mean(mu, Sigma), float(len(mu)))


# --- linear maps and sums -------------------------------------------------------------------------


def _sum_density(mu_1: float, sigma_1: float, mu_2: float, sigma_2: float, a: float, b: float, z: float) -> float:
    """The density of aX + bY at z by the convolution of the densities of aX and bY."""
    def pdf(u: float, mean: float, sd: float) -> float:
        return math.exp(-((u - mean) ** 2) / (2 * sd**2)) / (sd * math.sqrt(2 * math.pi))

    centre, spread = a * mu_1, abs(a) * sigma_1
    value, _ = integrate.quad(lambda u: pdf(u, centre, spread) * pdf(z - u, b * mu_2, abs(b) * sigma_2),
                              centre - 12 * spread, centre + 12 * spread, epsabs=1e-13, epsrel=1e-11, limit=200)
    return float(value)


_SUM_VARIABLES = {"mu_1": Real(-2, 2), "sigma_1": Real(0.3, 2), "mu_2": Real(-2, 2), "sigma_2": Real(0.3, 2),
                  "a": Real(-2, 2, min_abs=0.25), "b": Real(-2, 2, min_abs=0.25), "z": Real(-3, 3)}
_SUM = r"aX + bY \sim \mathcal{N}\bigl(a\mu_1 + b\mu_2,\ "


@claim(
    "gaussians.weighted_sum_independent",
    title="A weighted sum of independent normal variables is normal; the variances add",
    statement=_SUM + r"a^2\sigma_1^2 + b^2\sigma_2^2\bigr)",
    variables=_SUM_VARIABLES,
    accuracy=Accuracy.QUADRATURE,
    assumptions=(r"X \sim \mathcal{N}(\mu_1, \sigma_1^2)", r"Y \sim \mathcal{N}(\mu_2, \sigma_2^2)", r"X \perp Y"),
    wrong=[
        wrong("standard_deviations_add", _SUM + r"(|a|\sigma_1 + |b|\sigma_2)^2\bigr)",
              lambda mu_1, sigma_1, mu_2, sigma_2, a, b, z: equal(
                  _sum_density(mu_1, sigma_1, mu_2, sigma_2, a, b, z),
                  stats.norm(a * mu_1 + b * mu_2, abs(a) * sigma_1 + abs(b) * sigma_2).pdf(z)),
              mistake="added the standard deviations instead of the variances"),
        wrong("weights_not_squared", _SUM + r"|a|\sigma_1^2 + |b|\sigma_2^2\bigr)",
              lambda mu_1, sigma_1, mu_2, sigma_2, a, b, z: equal(
                  _sum_density(mu_1, sigma_1, mu_2, sigma_2, a, b, z),
                  stats.norm(a * mu_1 + b * mu_2, np.sqrt(abs(a) * sigma_1**2 + abs(b) * sigma_2**2)).pdf(z)),
              variables={**_SUM_VARIABLES, "a": Real(1.5, 2), "b": Real(1.5, 2)},
              mistake="scaled the variances by the weights without squaring them"),
    ],
)
def weighted_sum_independent(mu_1: float, sigma_1: float, mu_2: float, sigma_2: float, a: float, b: float,
                             z: float) -> Evidence:
    """The convolution of two normal densities is normal; the MGFs multiply, so the cumulants (mean, variance) add."""
    return equal(_sum_density(mu_1, sigma_1, mu_2, sigma_2, a, b, z),
                 stats.norm(a * mu_1 + b * mu_2, np.sqrt(a**2 * sigma_1**2 + b**2 * sigma_2**2)).pdf(z))


_AFFINE = r"AX + b \sim \mathcal{N}"
_AFFINE_VARIABLES = {"A": Matrix(p, n, min=-2, max=2), "b": Vector(p, min=-2, max=2), "mu": MEAN, "Sigma": SPD}
_SQUARE = {"A": Matrix(n, n, min=-2, max=2), "b": Vector(n, min=-2, max=2), "mu": MEAN, "Sigma": SPD}


def _affine_check(A: Array, b: Array, mu: Array, Sigma: Array, mean: Array, cov: Array) -> Evidence:
    got_mean, got_cov = _cov_of_affine(A, b, mu, Sigma)
    return all_of(equal(got_mean, mean, "mean"), equal(got_cov, cov, "covariance"))


@claim(
    "gaussians.affine_transform",
    title="Mean and covariance of an affine map of a normal vector",
    statement=_AFFINE + r"\bigl(A\mu + b,\ A \Sigma A^\top\bigr), \quad X \sim \mathcal{N}(\mu, \Sigma)",
    variables=_AFFINE_VARIABLES,
    accuracy=Accuracy.QUADRATURE,
    assumptions=(r"A \in \mathbb{R}^{p \times n}", r"\Sigma \succ 0"),
    wrong=[
        wrong("transposes_swapped", _AFFINE + r"\bigl(A\mu + b,\ A^\top \Sigma A\bigr)",
              lambda A, b, mu, Sigma: _affine_check(A, b, mu, Sigma, A @ mu + b, A.T @ Sigma @ A),
              variables=_SQUARE, mistake="put the transpose on the wrong side (type-checks only for square A)"),
        wrong("one_sided", _AFFINE + r"\bigl(A\mu + b,\ A \Sigma\bigr)",
              lambda A, b, mu, Sigma: _affine_check(A, b, mu, Sigma, A @ mu + b, A @ Sigma),
              variables=_SQUARE, mistake="multiplied the covariance by A once, as the mean is"),
        wrong("shift_in_covariance", _AFFINE + r"\bigl(A\mu + b,\ A \Sigma A^\top + b b^\top\bigr)",
              lambda A, b, mu, Sigma: _affine_check(A, b, mu, Sigma, A @ mu + b, A @ Sigma @ A.T + np.outer(b, b)),
              variables={**_AFFINE_VARIABLES, "b": Vector(p, min=-2, max=2, min_norm=0.5)},
              mistake="let the constant shift b contribute to the covariance"),
    ],
)
def affine_transform(A: Array, b: Array, mu: Array, Sigma: Array) -> Evidence:
    """E[AX + b] = A E[X] + b by linearity; AX + b - E[AX + b] = A(X - mu), so Cov = A Cov(X) A^T."""
    return _affine_check(A, b, mu, Sigma, A @ mu + b, A @ Sigma @ A.T)


# --- conditioning, products, Bayes ----------------------------------------------------------------


_JOINT = SPDMatrix(d, min_eigenvalue=0.5, min=-1.5, max=1.5)
_COND_VARIABLES = {"mu": Vector(d, min=-2, max=2), "Sigma": _JOINT, "x": Vector(d, min=-3, max=3)}
_COND = r"X_1 \mid X_2 = x_2 \sim \mathcal{N}\bigl("
_COND_MEAN = r"\mu_1 + \Sigma_{12} \Sigma_{22}^{-1} (x_2 - \mu_2)"
_COND_COV = r"\Sigma_{11} - \Sigma_{12} \Sigma_{22}^{-1} \Sigma_{21}"


def _conditional_check(mu: Array, Sigma: Array, x: Array, law: Callable[..., tuple[Array, Array]]) -> Evidence:
    """log p(x_1, x_2) - log p(x_2) (scipy's joint and marginal densities) against log N(x_1; m, C) of the stated law."""
    k = len(mu) // 2
    x1, x2, mu1, mu2 = x[:k], x[k:], mu[:k], mu[k:]
    S11, S12, S22 = Sigma[:k, :k], Sigma[:k, k:], Sigma[k:, k:]
    mean, cov = law(x2, mu1, mu2, S11, S12, S22)
    return equal(float(_logpdf(x, mu, Sigma) - _logpdf(x2, mu2, S22)), float(_logpdf(x1, mean, cov)))


def _cond_law(x2: Array, mu1: Array, mu2: Array, S11: Array, S12: Array, S22: Array) -> tuple[Array, Array]:
    gain = S12 @ np.linalg.inv(S22)
    return mu1 + gain @ (x2 - mu2), S11 - gain @ S12.T


@claim(
    "gaussians.conditional",
    title="Conditional distribution of a block of a normal vector",
    statement=_COND + _COND_MEAN + r",\ " + _COND_COV + r"\bigr)",
    variables=_COND_VARIABLES,
    assumptions=(r"\begin{pmatrix} X_1 \\ X_2 \end{pmatrix} \sim \mathcal{N}\Bigl(\begin{pmatrix} \mu_1 \\ \mu_2"
                 r" \end{pmatrix}, \begin{pmatrix} \Sigma_{11} & \Sigma_{12} \\ \Sigma_{21} & \Sigma_{22}"
                 r" \end{pmatrix}\Bigr)", r"\Sigma \succ 0"),
    references=(Reference(BISHOP, "Section 2.3.1, (2.81)-(2.82)"), Reference(MURPHY, "Section 3.2.3")),
    wrong=[
        wrong("covariance_plus_sign", _COND + _COND_MEAN + r",\ "
              + _COND_COV.replace(" - ", " + ") + r"\bigr)",
              lambda mu, Sigma, x: _conditional_check(
                  mu, Sigma, x, lambda x2, mu1, mu2, S11, S12, S22: (
                      _cond_law(x2, mu1, mu2, S11, S12, S22)[0],
                      S11 + S12 @ np.linalg.inv(S22) @ S12.T)),
              mistake="added the explained covariance: conditioning can only shrink the covariance"),
        wrong("mean_minus_sign", _COND + _COND_MEAN.replace("+", "-") + r",\ " + _COND_COV + r"\bigr)",
              lambda mu, Sigma, x: _conditional_check(
                  mu, Sigma, x, lambda x2, mu1, mu2, S11, S12, S22: (
                      mu1 - S12 @ np.linalg.inv(S22) @ (x2 - mu2),
                      _cond_law(x2, mu1, mu2, S11, S12, S22)[1])),
              mistake="moved the mean against the observed deviation"),
        wrong("inverse_dropped", _COND + _COND_MEAN.replace(r"\Sigma_{22}^{-1}", r"\Sigma_{22}") + r",\ "
              + _COND_COV + r"\bigr)",
              lambda mu, Sigma, x: _conditional_check(
                  mu, Sigma, x, lambda x2, mu1, mu2, S11, S12, S22: (
                      mu1 + S12 @ S22 @ (x2 - mu2), _cond_law(x2, mu1, mu2, S11, S12, S22)[1])),
              mistake="multiplied by Sigma_22 instead of its inverse (the regression coefficient is Sigma_12 Sigma_22^{-1})"),
    ],
)
def conditional(mu: Array, Sigma: Array, x: Array) -> Evidence:
    """Completing the square in x_1 of the joint exponent, with the blocks of Sigma^{-1} by the Schur complement."""
    return _conditional_check(mu, Sigma, x, _cond_law)


_PRODUCT = (r"\mathcal{N}(x; a, A)\, \mathcal{N}(x; b, B) \propto \mathcal{N}(x; c, C), \quad ")
_PRODUCT_VARIABLES = {"a": MEAN, "A": SPD, "b": MEAN, "B": SPD_B, "x": POINT, "y": POINT}


def _product_check(a: Array, A: Array, b: Array, B: Array, x: Array, y: Array, c: Array, C: Array) -> Evidence:
    """The log of the ratio of the product to N(x; c, C) is the same at two points x and y (scipy log-densities)."""

    def log_ratio(point: Array) -> float:
        return float(_logpdf(point, a, A) + _logpdf(point, b, B) - _logpdf(point, c, C))

    return equal(log_ratio(x), log_ratio(y))


def _precisions_add(A: Array, B: Array, a: Array, b: Array) -> tuple[Array, Array]:
    C = np.linalg.inv(np.linalg.inv(A) + np.linalg.inv(B))
    return C @ (np.linalg.solve(A, a) + np.linalg.solve(B, b)), C


@claim(
    "gaussians.product_of_densities",
    title="A product of normal densities is proportional to a normal density; precisions add",
    statement=_PRODUCT + r"C = \bigl(A^{-1} + B^{-1}\bigr)^{-1},\ c = C\bigl(A^{-1} a + B^{-1} b\bigr)",
    variables=_PRODUCT_VARIABLES,
    assumptions=(r"A, B \succ 0",),
    wrong=[
        wrong("covariances_add", _PRODUCT + r"C = A + B,\ c = a + b",
              lambda a, A, b, B, x, y: _product_check(a, A, b, B, x, y, a + b, A + B),
              mistake="took the law of the sum X + Y (covariances add) for the product of the densities"),
        wrong("mean_unweighted", _PRODUCT + r"C = \bigl(A^{-1} + B^{-1}\bigr)^{-1},\ c = \tfrac{1}{2}(a + b)",
              lambda a, A, b, B, x, y: _product_check(a, A, b, B, x, y, (a + b) / 2, _precisions_add(A, B, a, b)[1]),
              mistake="averaged the means without weighting each by its precision"),
    ],
)
def product_of_densities(a: Array, A: Array, b: Array, B: Array, x: Array, y: Array) -> Evidence:
    """The sum of two quadratics in x is a quadratic whose Hessian is A^{-1} + B^{-1}; completing the square gives c."""
    c, C = _precisions_add(A, B, a, b)
    return _product_check(a, A, b, B, x, y, c, C)


m = Dim("m", 1, 5)  # observations
_POSTERIOR = (r"\theta \mid x_{1:m} \sim \mathcal{N}(\mu_m, \tau_m^2), \quad ")
_BAYES_VARIABLES = {"x": Vector(m, min=-4, max=4), "mu_0": Real(-2, 2), "tau": Real(0.3, 3), "sigma": Real(0.3, 3),
                    "theta": Real(-3, 3), "theta_2": Real(-3, 3)}


def _posterior_check(x: Array, mu_0: float, tau: float, sigma: float, theta: float, theta_2: float,
                     mean: float, variance: float) -> Evidence:
    """log prior + log likelihood - log posterior (scipy's normal log-densities) is the same at two values of theta."""

    def log_ratio(t: float) -> float:
        return float(stats.norm(mu_0, tau).logpdf(t) + np.sum(stats.norm(t, sigma).logpdf(x))
                     - stats.norm(mean, np.sqrt(variance)).logpdf(t))

    return equal(log_ratio(theta), log_ratio(theta_2))


def _posterior(x: Array, mu_0: float, tau: float, sigma: float) -> tuple[float, float]:
    variance = 1 / (1 / tau**2 + len(x) / sigma**2)
    return variance * (mu_0 / tau**2 + x.sum() / sigma**2), variance


@claim(
    "gaussians.posterior_mean_known_variance",
    title="Posterior of a normal mean with a normal prior: precisions add",
    statement=_POSTERIOR + r"\frac{1}{\tau_m^2} = \frac{1}{\tau^2} + \frac{m}{\sigma^2},\ "
    r"\mu_m = \tau_m^2\Bigl(\frac{\mu_0}{\tau^2} + \frac{1}{\sigma^2}\sum_{i=1}^m x_i\Bigr)",
    variables=_BAYES_VARIABLES,
    assumptions=(r"\theta \sim \mathcal{N}(\mu_0, \tau^2)", r"x_i \mid \theta \overset{iid}{\sim} \mathcal{N}(\theta, \sigma^2)"),
    references=(Reference(BISHOP, "Section 2.3.6, (2.141)-(2.142)"),),
    wrong=[
        wrong("one_observation", _POSTERIOR + r"\frac{1}{\tau_m^2} = \frac{1}{\tau^2} + \frac{1}{\sigma^2},\ "
              r"\mu_m = \tau_m^2\Bigl(\frac{\mu_0}{\tau^2} + \frac{\bar x}{\sigma^2}\Bigr)",
              lambda x, mu_0, tau, sigma, theta, theta_2: _posterior_check(
                  x, mu_0, tau, sigma, theta, theta_2,
                  *_posterior(np.array([x.mean()]), mu_0, tau, sigma)),
              variables={**_BAYES_VARIABLES, "x": Vector(Dim("m", 2, 5), min=-4, max=4)},
              mistake="counted the data as one observation: the likelihood's precision is m / sigma^2"),
        wrong("variances_add", _POSTERIOR + r"\tau_m^2 = \tau^2 + \frac{\sigma^2}{m},\ "
              r"\mu_m = \frac{\mu_0 + \bar x}{2}",
              lambda x, mu_0, tau, sigma, theta, theta_2: _posterior_check(
                  x, mu_0, tau, sigma, theta, theta_2, (mu_0 + x.mean()) / 2, tau**2 + sigma**2 / len(x)),
              mistake="added the variances (the law of a sum) instead of the precisions, and averaged the means "
                      "without weights"),
    ],
)
def posterior_mean_known_variance(x: Array, mu_0: float, tau: float, sigma: float, theta: float,
                                  theta_2: float) -> Evidence:
    """The log posterior is -(theta - mu_0)^2 / (2 tau^2) - sum (x_i - theta)^2 / (2 sigma^2) + const, a quadratic
    in theta whose curvature is 1/tau^2 + m/sigma^2."""
    return _posterior_check(x, mu_0, tau, sigma, theta, theta_2, *_posterior(x, mu_0, tau, sigma))


stated(
    "gaussians.map_is_ridge",
    title="The MAP estimate of linear regression with a normal prior is ridge with lambda = sigma^2 / tau^2",
    # the stationarity of the negative log posterior (1/(2 sigma^2))||Xw - y||^2 + (1/(2 tau^2))||w||^2, with
    # the data term on the right so the comparison is relative
    statement=r"\frac{1}{\sigma^2} X^\top X w + \frac{1}{\tau^2} w = \frac{1}{\sigma^2} X^\top y, \quad"
    r" w = \Bigl(X^\top X + \frac{\sigma^2}{\tau^2} I\Bigr)^{-1} X^\top y",
    variables={"X": Matrix(Dim("m", 1, 4), n, min=-3, max=3), "y": Vector(Dim("m", 1, 4), min=-5, max=5),
               "sigma": Real(0.3, 3), "tau": Real(0.3, 3)},
    given=(r"X \in \mathbb{R}^{m \times n}", r"\sigma > 0", r"\tau > 0"),
    references=(Reference(MURPHY, "Section 11.3"), Reference(BISHOP, "Section 3.3.1, (3.55)")),
    wrong=[
        wrong("ratio_inverted", r"\frac{1}{\sigma^2} X^\top X w + \frac{1}{\tau^2} w = \frac{1}{\sigma^2} X^\top y,"
              r" \quad w = \Bigl(X^\top X + \frac{\tau^2}{\sigma^2} I\Bigr)^{-1} X^\top y",
              mistake="inverted the ratio: a vaguer prior (larger tau) must mean less shrinkage"),
        wrong("standard_deviations", r"\frac{1}{\sigma^2} X^\top X w + \frac{1}{\tau^2} w = \frac{1}{\sigma^2} X^\top y,"
              r" \quad w = \Bigl(X^\top X + \frac{\sigma}{\tau} I\Bigr)^{-1} X^\top y",
              mistake="took the ratio of the standard deviations instead of the variances"),
    ],
)


# --- the score ------------------------------------------------------------------------------------


_LOG_DENSITY = (r"\nabla_x \Bigl(-\tfrac{1}{2}(x - \mu)^\top \Sigma^{-1} (x - \mu)"
                r" - \tfrac{1}{2}\log\det(2\pi\Sigma)\Bigr)")

stated(
    "gaussians.score",
    title="Gradient of the log-density of a normal vector (its score)",
    statement=_LOG_DENSITY + r" = -\Sigma^{-1}(x - \mu)",
    variables={"x": POINT, "mu": MEAN, "Sigma": SPD},
    given=(r"x, \mu \in \mathbb{R}^n", r"\Sigma \succ 0"),
    wrong=[
        wrong("sign_flipped", _LOG_DENSITY + r" = \Sigma^{-1}(x - \mu)",
              mistake="lost the minus sign: the score points towards the mean"),
        wrong("covariance_not_inverted", _LOG_DENSITY + r" = -\Sigma(x - \mu)",
              mistake="multiplied by the covariance instead of the precision"),
        wrong("reversed_difference", _LOG_DENSITY + r" = -\Sigma^{-1}(\mu - x)",
              mistake="reversed the difference, which also flips the sign"),
    ],
)
